// MSNP10 (MSN Messenger 6.1/6.2): the contact list migrates to the address book (ABCHMigrated: 1):
// contacts and groups get GUIDs, ADD becomes ADC, the friendly name leaves USR OK (PRP MFN in SYN).
//   S: USR 7 OK example@hotmail.com 1 0
import { Msnp9 } from './msnp9';
import { MSNP8_COMMANDS } from './msnp8';

export const MSNP10_COMMANDS = [...MSNP8_COMMANDS.filter((c) => c !== 'ADD' && c !== 'REA'), 'ADC'];

export class Msnp10 extends Msnp9 {
  override readonly version: number = 10;
  override readonly commands: ReadonlySet<string> = new Set(MSNP10_COMMANDS);

  override usrOk(trid: string, email: string, friendlyName: string): string {
    void friendlyName;
    return `USR ${trid} OK ${email} 1 0`;
  }

  override get abchMigrated(): boolean {
    return true;
  }
}
