// MSNP8 (MSN Messenger 5.0): TWN sign-in, server-side lists fetched with SYN (LST with one combined
// list number), client capabilities in CHG/ILN/NLN but no MSN objects yet, a bare QNG.
//   S: USR 7 OK example@hotmail.com example%20user 1 0      S: ILN 9 NLN bob@x Bob%20N 28
import { Dialect } from './dialect';

// SND/SDC: e-mail invitations to Messenger; IMS: MSN TV's invitation switch (invite-commands.ts).
// SBP (a contact's stored name) only came with MSNP10's GUIDs: ESC closes the connection below 10.
export const MSNP8_COMMANDS = [
  'VER', 'CVR', 'USR', 'OUT', 'PNG', 'CHG', 'SYN', 'GTC', 'BLP', 'ADD', 'REM', 'ADG', 'RMG', 'REG', 'REA', 'PRP',
  'XFR', 'URL', 'QRY', 'SND', 'SDC', 'IMS',
];

export class Msnp8 extends Dialect {
  readonly version: number = 8;
  readonly commands: ReadonlySet<string> = new Set(MSNP8_COMMANDS);
}
