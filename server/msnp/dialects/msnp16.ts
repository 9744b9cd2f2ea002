// MSNP16 (Messenger for Mac 8, the WLM 2009 beta): capabilities become "caps:extcaps", FLN carries
// "0:0", the profile says MPOPEnabled, the user gets an empty UBX of themselves on sign-in, and an
// account may be signed in at several places (MPOP), each named by its machine GUID:
//   "UBX me@local 1 0"
//   UBX bob@x 1 <len>  <Data>…<MachineGuid>{G}</MachineGuid><SignatureSound/><EndpointData id="{G}"><Capabilities>c:e</Capabilities></EndpointData></Data>
import { Msnp15 } from './msnp15';
import { xmlText, type Line, type SbMember } from './dialect';
import type { PresenceView } from '../../core/model';
import type { Place } from '../../core/endpoints';

export class Msnp16 extends Msnp15 {
  override readonly version: number = 16;

  override get requiresSsoBlob(): boolean {
    return true;
  }

  override get announcesMpop(): boolean {
    return true;
  }

  override formatCaps(caps: string): string {
    const [base, ext] = caps.split(':');
    return `${base || '0'}:${ext || '0'}`;
  }

  /** MSNP16 clients expect a UBX with every state change, not only when the PSM changed. */
  override liveUpdate(view: PresenceView, basicChanged: boolean, extendedChanged: boolean): Line[] {
    void extendedChanged;
    return super.liveUpdate(view, basicChanged, true);
  }

  override selfUbx(email: string): Line {
    return this.ubx(email, '');
  }

  /**
   * Each place of the account hears about every place: its own UBX lists them all, with the
   * private part (machine name, client type, idle, state) only the account itself may see. WLM
   * 2009 shows these in "signed in at…" and signs the others out from there (UUN … 4).
   */
  override ownUpdate(view: PresenceView, places: readonly Place[], statusChanged: boolean): Line[] {
    void statusChanged;
    return [this.ubx(view.email, this.ubxData(view, places))];
  }

  /**
   * After PSM and media, the machine the newest place signed in from, the profile extras and one
   * EndpointData per place (ESC extend_ubx_payload; real MSNP18 UBX in LOG-MSNP18 #567).
   */
  protected override ubxData(view: PresenceView, ownPlaces?: readonly Place[]): string {
    const places = ownPlaces ? ownPlaces.filter((p) => p.machineGuid) : view.places;
    // A contact signed in without MPOP (Messenger for Mac on TWN, the panel) keeps the MSNP11 form.
    if (places.length === 0 && !this.alwaysFullUbx) return super.ubxData(view);
    const newest = places[places.length - 1];
    const endpoints = places
      .map((p) => `<EndpointData id="${braced(p.machineGuid)}"><Capabilities>${xmlText(this.formatCaps(p.capabilities))}</Capabilities></EndpointData>`)
      .join('');
    const private_ = (ownPlaces ?? [])
      .filter((p) => p.machineGuid)
      .map(
        (p) =>
          `<PrivateEndpointData id="${braced(p.machineGuid)}"><EpName>${xmlText(p.name)}</EpName><Idle>${p.idle}</Idle>` +
          `<ClientType>${xmlText(p.clientType || '1')}</ClientType><State>${p.state}</State></PrivateEndpointData>`,
      )
      .join('');
    return (
      `<Data><PSM>${xmlText(view.psm)}</PSM><CurrentMedia>${xmlText(view.currentMedia)}</CurrentMedia>` +
      `<MachineGuid>${newest ? braced(newest.machineGuid) : ''}</MachineGuid>${this.ubxExtras(view)}${endpoints}${private_}</Data>`
    );
  }

  /** WLM 2009 (MSNP18) always sent the full document; MSNP16 only where there are places to name. */
  protected get alwaysFullUbx(): boolean {
    return false;
  }

  /** MSNP16 carries the signature sound; MSNP18 adds DDP, scene and colour scheme around it. */
  protected ubxExtras(view: PresenceView): string {
    return `<SignatureSound>${xmlText(view.extras.signatureSound)}</SignatureSound>`;
  }

  /** A member that signed in with a machine GUID appears twice: "JOI bob@x;{F5…} Bob 1:0" then "JOI bob@x Bob 1:0". */
  override sbHandles(m: SbMember, wholeAccount = true): string[] {
    const plain = wholeAccount ? [m.email] : [];
    return m.guid ? [`${m.email};{${m.guid}}`, ...plain] : plain;
  }

  /** WLM 2009 opens every session with "CAL 2 me@x" (its own address); it must hear RINGING. */
  override get callsSelf(): boolean {
    return true;
  }

  /** "UBN alice@x;{F5…} 4 14": a notification from one place of an account (ESC msn_on_uun_sent). */
  override ubnSender(email: string, machineGuid: string | undefined): string {
    return machineGuid ? `${email};${braced(machineGuid)}` : email;
  }
}

/** "765e4ffc-…" -> "{765E4FFC-…}", the form WLM writes machine GUIDs in. */
export function braced(guid: string): string {
  return guid ? `{${guid.toUpperCase()}}` : '';
}
