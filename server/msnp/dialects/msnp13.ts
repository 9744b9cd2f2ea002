// MSNP13 (Messenger for Mac 6/7 and WLM 8.0): the contact list lives in the SOAP address book;
// the client announces it with ADL, and SYN is gone. Policies are pushed with GCF after USR I.
import { Dialect, xmlText, type Line } from './dialect';
import type { PresenceView } from '../../core/model';

const MSNP13_COMMANDS = [
  'VER', 'CVR', 'USR', 'OUT', 'PNG', 'CHG', 'PRP', 'BLP', 'ADL', 'RML', 'UUX', 'UUN', 'URL', 'XFR', 'GCF', 'SDC', 'FQY',
  'UUM', 'SBP', 'QRY',
];

export class Msnp13 extends Dialect {
  readonly version: number = 13;
  readonly commands: ReadonlySet<string> = new Set(MSNP13_COMMANDS);

  override get pushesPolicies(): boolean {
    return true;
  }

  override get sendsSbs(): boolean {
    return true;
  }

  override get abchMigrated(): boolean {
    return true;
  }

  /** "UBX bob@x 89" + <Data><PSM>…</PSM><CurrentMedia>…</CurrentMedia></Data> */
  override extendedPresence(view: PresenceView): Line {
    const payload = `<Data><PSM>${xmlText(view.psm)}</PSM><CurrentMedia>${xmlText(view.currentMedia)}</CurrentMedia></Data>`;
    return { line: `UBX ${this.handle(view.email)} ${Buffer.byteLength(payload)}`, payload };
  }

  /** How a contact is named in UBX/FLN: MSNP14 adds the network id (1 = Messenger). */
  protected handle(email: string): string {
    return email;
  }
}
