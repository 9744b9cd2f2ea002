// MSNP8 (MSN Messenger 5.0): TWN (Passport) sign-in instead of MD5, server-side lists fetched with
// SYN in a compact shape (LST with one combined list number, no TrIDs or versions on inner lines),
// client capabilities in CHG/ILN/NLN but no MSN objects yet, a bare QNG.
//   S: USR 7 OK example@hotmail.com example%20user 1 0      S: ILN 9 NLN bob@x Bob%20N 28
import { Msnp7 } from './msnp7';
import { encodeParam } from '../codec';
import type { PresenceView } from '../../core/model';
import type { SyncSnapshot } from './legacy-syn';

// SND/SDC: e-mail invitations to Messenger; IMS: MSN TV's invitation switch (invite-commands.ts).
// SBP (a contact's stored name) only came with MSNP10's GUIDs: ESC closes the connection below 10.
export const MSNP8_COMMANDS = [
  'VER', 'CVR', 'USR', 'OUT', 'PNG', 'CHG', 'SYN', 'GTC', 'BLP', 'ADD', 'REM', 'ADG', 'RMG', 'REG', 'REA', 'PRP',
  'XFR', 'URL', 'QRY', 'SND', 'SDC', 'IMS',
];

export class Msnp8 extends Msnp7 {
  override readonly version: number = 8;
  override readonly commands: ReadonlySet<string> = new Set(MSNP8_COMMANDS);

  /** TWN replaced MD5 (seed 003: "USR 3 TWN I"). */
  override get usesMd5SignIn(): boolean {
    return false;
  }

  /** USR OK gained the "restricted" flag: "USR 7 OK me@x Me 1 0". */
  override usrOk(trid: string, email: string, friendlyName: string): string {
    return `USR ${trid} OK ${email} ${encodeParam(friendlyName)} 1 0`;
  }

  /** Presence lines gained the client capabilities: "ILN 9 NLN bob@x Bob%20N 28". */
  protected override presenceTail(view: PresenceView): string {
    return `${view.email} ${encodeParam(view.friendlyName)} ${this.formatCaps(view.capabilities)}`;
  }

  /** The profile gained ClientIP and ClientPort (seed 003). */
  override get reportsClientAddress(): boolean {
    return true;
  }

  /** SYN took the compact shape the handler writes; group 0 is listed as an LSG line of its own. */
  override get implicitOtherContacts(): boolean {
    return true;
  }

  override legacySyn(trid: string, snapshot: SyncSnapshot): string[] | undefined {
    void trid;
    void snapshot;
    return undefined;
  }
}
