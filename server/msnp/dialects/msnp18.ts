// MSNP18 (WLM 2009, 14.0): contacts are named with their network id in front ("1:" = Messenger)
// in NLN, FLN and UBX; the initial presence list is plain NLN lines (MSNPSharp 3.0 has no ILN
// handler at all); UBX gains DDP, scene and colour scheme; circles bring "USR t SHA A".
//   S: NLN NLN 1:bob@x Bob%20N 2789003324:48 %3Cmsnobj%2F%3E      S: FLN 1:bob@x 0:0
//   S: UBX 1:bob@x 118                                              S: UBX 1:me@x 0   (right after sign-in)
// The switchboard keeps plain addresses ("JOI bob@x;{guid} …"): MSNPSharp 3.0 reads the part before
// ";" as the address there, and libpurple's MSNP18 switchboard code does the same.
import { Msnp17 } from './msnp17';
import { encodeParam } from '../codec';
import { xmlText, type Line } from './dialect';
import type { PresenceView } from '../../core/model';
import type { Place } from '../../core/endpoints';

export class Msnp18 extends Msnp17 {
  override readonly version: number = 18;

  /** "1:bob@x Bob%20N 2789003324:48 %3Cmsnobj%2F%3E" (MSNPSharp 3.0 OnNLNReceived; fact sheet §8.3) */
  protected override presenceTail(view: PresenceView): string {
    return `1:${view.email} ${encodeParam(view.friendlyName)} ${this.formatCaps(view.capabilities)} ${this.msnObjectParam(view)}`;
  }

  /** The initial list is NLN too, without the CHG's TrID (ESC build_presence_notif; MSNPSharp knows no ILN). */
  override initialPresence(trid: string, view: PresenceView): string {
    void trid;
    return this.presenceChange(view);
  }

  /** "FLN 1:bob@x 0:0" */
  override offline(email: string): string {
    return `FLN 1:${email} ${this.formatCaps('0')}`;
  }

  /** "UBX 1:bob@x 118" */
  protected override handle(email: string): string {
    return `1:${email}`;
  }

  /** DDP (dynamic display picture), signature sound, scene, colour scheme, in the order WLM 2009 writes them. */
  protected override ubxExtras(view: PresenceView): string {
    const x = view.extras;
    return (
      `<DDP>${xmlText(x.ddp)}</DDP><SignatureSound>${xmlText(x.signatureSound)}</SignatureSound>` +
      `<Scene>${xmlText(x.scene)}</Scene><ColorScheme>${xmlText(x.colorScheme)}</ColorScheme>`
    );
  }

  /**
   * Another place changed the account's status: the others hear it as their own NLN, which
   * MSNPSharp 3.0 and WLM 2009 apply to themselves ("NLN BSY 1:me@x …" -> SetPresenceStatus).
   */
  override ownUpdate(view: PresenceView, places: readonly Place[], statusChanged: boolean): Line[] {
    const nln: Line[] = statusChanged && view.status !== 'FLN' ? [{ line: this.presenceChange(view) }] : [];
    return [...nln, ...super.ownUpdate(view, places, statusChanged)];
  }

  protected override get alwaysFullUbx(): boolean {
    return true;
  }

  override get acceptsCircleTicket(): boolean {
    return true;
  }

  /** "UUM 9 bob@x 1 1 120" + MIME body: an offline message over the NS (fact sheet §10.3; ESC _m_uum). */
  override get sendsOfflineMessagesByUum(): boolean {
    return true;
  }
}
