// MSNP7 (MSN Messenger 4.6–4.7, Windows Messenger 4.x): contact groups. SYN lists them (LSG with
// index and total; group 0 "Other Contacts" always exists), FL entries carry their groups, ADD FL
// names one, and ADG/RMG/REG edit them. XFR NS gained "0 <current server>".
//   S: LSG 8 15 1 2 0 Other%20Contacts 0     S: LST 8 FL 15 1 1 bob@x Bob 0
//   C: ADG 9 Friends 0     S: ADG 9 16 Friends 1 0
import { Msnp6, MSNP6_COMMANDS } from './msnp6';

export const MSNP7_COMMANDS = [...MSNP6_COMMANDS, 'ADG', 'RMG', 'REG'];

export class Msnp7 extends Msnp6 {
  override readonly version: number = 7;
  override readonly commands: ReadonlySet<string> = new Set(MSNP7_COMMANDS);

  override xfrNs(trid: string, address: string): string {
    return `XFR ${trid} NS ${address} 0 ${address}`;
  }

  override get hasGroups(): boolean {
    return true;
  }
}
