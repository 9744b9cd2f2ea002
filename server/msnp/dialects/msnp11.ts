// MSNP11 (MSN Messenger 7.0): personal messages (UUX/UBX), "SBS 0 null" after USR OK, GCF policy
// pulls, and the new CHL/QRY challenge algorithm.
//   C: UUX 11 53 <Data><PSM>hi</PSM><CurrentMedia></CurrentMedia></Data>    S: UBX bob@x 55 …
import { Msnp10, MSNP10_COMMANDS } from './msnp10';
import { answerMsnp11 } from '../challenge';
import { xmlText, type Line } from './dialect';
import type { PresenceView } from '../../core/model';
import type { Place } from '../../core/endpoints';

export const MSNP11_COMMANDS = [...MSNP10_COMMANDS, 'UUX', 'GCF'];

export class Msnp11 extends Msnp10 {
  override readonly version: number = 11;
  override readonly commands: ReadonlySet<string> = new Set(MSNP11_COMMANDS);

  override get sendsSbs(): boolean {
    return true;
  }

  override challengeAnswer(challenge: string, productId: string, privateKey: string): string {
    return answerMsnp11(challenge, productId, privateKey);
  }

  /** "UBX bob@x 89" + <Data><PSM>…</PSM><CurrentMedia>…</CurrentMedia></Data> */
  override extendedPresence(view: PresenceView): Line {
    return this.ubx(view.email, this.ubxData(view));
  }

  protected ubx(email: string, payload: string): Line {
    return { line: `UBX ${this.handle(email)} ${Buffer.byteLength(payload)}`, payload };
  }

  /** The UBX document; MSNP16 adds the machine, endpoints and profile extras. */
  protected ubxData(view: PresenceView, ownPlaces?: readonly Place[]): string {
    void ownPlaces;
    return `<Data><PSM>${xmlText(view.psm)}</PSM><CurrentMedia>${xmlText(view.currentMedia)}</CurrentMedia></Data>`;
  }

  /** How a contact is named in UBX/FLN: MSNP14 adds the network id (1 = Messenger). */
  protected handle(email: string): string {
    return email;
  }
}
