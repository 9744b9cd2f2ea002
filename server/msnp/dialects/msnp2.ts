// MSNP2 (MSN Messenger 1.0, 1999; the IETF draft "MSN Messenger Service 1.0 Protocol"): MD5
// sign-in, SYN with one LST line per list entry, no groups, no phone numbers, no challenges, and
// presence lines without client capabilities.
//   C: INF 2          S: INF 2 MD5
//   C: USR 3 MD5 I bob@x      S: USR 3 MD5 S 1013928519.693957190
//   C: USR 4 MD5 S <md5(salt+password)>    S: USR 4 OK bob@x Bob%20N
//   S: ILN 9 NLN alice@x Alice%20N         S: NLN AWY alice@x Alice%20N      S: FLN alice@x
import { Dialect } from './dialect';
import { encodeParam } from '../codec';
import { legacySynLines, type SyncSnapshot } from './legacy-syn';
import type { PresenceView } from '../../core/model';

export const MSNP2_COMMANDS = [
  'VER', 'INF', 'USR', 'OUT', 'PNG', 'CVR', 'CHG', 'SYN', 'GTC', 'BLP', 'ADD', 'REM', 'REA', 'XFR', 'URL', 'IMS',
];

export class Msnp2 extends Dialect {
  readonly version: number = 2;
  readonly commands: ReadonlySet<string> = new Set(MSNP2_COMMANDS);

  override get usesMd5SignIn(): boolean {
    return true;
  }

  /** "USR 4 OK bob@x Bob%20N": no verified flag yet (MSNP6 added it). */
  override usrOk(trid: string, email: string, friendlyName: string): string {
    return `USR ${trid} OK ${email} ${encodeParam(friendlyName)}`;
  }

  protected override presenceTail(view: PresenceView): string {
    return `${view.email} ${encodeParam(view.friendlyName)}`;
  }

  /** ClientIP and ClientPort joined the profile in MSNP8. */
  override get reportsClientAddress(): boolean {
    return false;
  }

  /** Challenges (CHL/QRY) came with MSNP6. */
  override get sendsChallenge(): boolean {
    return false;
  }

  /** "XFR 3 NS 10.0.0.5:1863": just the address (MSNP3 added "0", MSNP7 the current server). */
  override xfrNs(trid: string, address: string): string {
    return `XFR ${trid} NS ${address}`;
  }

  override get hasGroups(): boolean {
    return false;
  }

  override get implicitOtherContacts(): boolean {
    return false;
  }

  /** Phone numbers (PRP in SYN, BPR) arrived with MSNP5. */
  protected get listsPhones(): boolean {
    return false;
  }

  override legacySyn(trid: string, snapshot: SyncSnapshot): string[] | undefined {
    return legacySynLines(trid, snapshot, { phones: this.listsPhones, groups: this.hasGroups });
  }
}
