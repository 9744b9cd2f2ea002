// MSNP18 (WLM 2009, 14.0): contacts are named with their network id in front ("1:" = Messenger)
// in NLN, FLN and UBX; the initial presence list is plain NLN lines (MSNPSharp 3.0 has no ILN
// handler at all); UBX gains DDP, scene and colour scheme; circles bring "USR t SHA A".
//   S: NLN NLN 1:bob@x Bob%20N 2789003324:48 %3Cmsnobj%2F%3E      S: FLN 1:bob@x 0:0
//   S: UBX 1:bob@x 118                                              S: UBX 1:me@x 0   (right after sign-in)
// The switchboard keeps plain addresses ("JOI bob@x;{guid} …"): MSNPSharp 3.0 reads the part before
// ";" as the address there, and libpurple's MSNP18 switchboard code does the same.
// A panel-driven contact is announced as a WLM 2009 peer that speaks P2P v2: ext caps with 0x20 and
// a machine GUID in UBX (MachineGuid, EndpointData) and on the switchboard, because MSNPSharp 3.0
// (P2PHandler.CreateSessionFromLocal, MSNSLPHandler) only uses P2P v2 with a contact whose ext caps
// have CanP2PV2 and whose UBX named a machine; its JOI handler resets the ext caps from the JOI line.
//   S: NLN NLN 1:online@local Online%20User 1073741856:32 %3Cmsnobj…%3E
//   S: JOI online@local;{5D1C…} Online%20User 1073741856:32     S: JOI online@local Online%20User 1073741856:32
import { Msnp17 } from './msnp17';
import { encodeParam } from '../codec';
import { xmlText, type Line, type SbMember } from './dialect';
import type { PresenceView } from '../../core/model';
import type { Place } from '../../core/endpoints';

/** Extended capability bit: the client speaks P2P version 2 (MSNPSharp 3.0 enums.cs ClientCapacitiesEx.CanP2PV2). */
export const P2P_V2_EXT_CAP = 0x20;

export class Msnp18 extends Msnp17 {
  override readonly version: number = 18;

  /** "1:bob@x Bob%20N 2789003324:48 %3Cmsnobj%2F%3E" (MSNPSharp 3.0 OnNLNReceived; fact sheet §8.3) */
  protected override presenceTail(view: PresenceView): string {
    return `1:${view.email} ${encodeParam(view.friendlyName)} ${this.formatCaps(this.peerCaps(view.capabilities, view.panelPeerGuid))} ${this.msnObjectParam(view)}`;
  }

  /** A panel-driven contact: one place, the server's peer GUID, with the P2P v2 capability. */
  protected override ubxData(view: PresenceView, ownPlaces?: readonly Place[]): string {
    if (!ownPlaces && view.panelPeerGuid && view.places.length === 0) {
      const place = { machineGuid: view.panelPeerGuid, capabilities: this.peerCaps(view.capabilities, view.panelPeerGuid) };
      return super.ubxData({ ...view, places: [place] });
    }
    return super.ubxData(view, ownPlaces);
  }

  /** "JOI online@local;{G} … 1073741856:32" then "JOI online@local … 1073741856:32", as a WLM 2009 peer appears. */
  override sbHandles(m: SbMember, wholeAccount = true): string[] {
    return super.sbHandles(m.panelPeerGuid && !m.guid ? this.asPeer(m) : m, wholeAccount);
  }

  protected override sbMemberTail(m: SbMember): string {
    return super.sbMemberTail(m.panelPeerGuid ? this.asPeer(m) : m);
  }

  /** A panel-driven member as a WLM 2009 peer (members are classes with getters: copied field by field). */
  private asPeer(m: SbMember): SbMember {
    return {
      email: m.email,
      guid: m.guid ?? m.panelPeerGuid!.toUpperCase(),
      friendlyName: m.friendlyName,
      capabilities: this.peerCaps(m.capabilities, m.panelPeerGuid),
      panelPeerGuid: m.panelPeerGuid,
    };
  }

  /** "1073741856:0" -> "1073741856:32" for a contact the server answers P2P v2 for (MSNPSharp 3.0 ClientCapacitiesEx.CanP2PV2). */
  private peerCaps(caps: string, peerGuid: string | undefined): string {
    if (!peerGuid) return caps;
    const [base, ext] = caps.split(':');
    return `${base || '0'}:${(Number(ext) || 0) | P2P_V2_EXT_CAP}`;
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
