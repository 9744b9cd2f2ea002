// MSNP13 (Messenger for Mac 6/7 and WLM 8.0): the contact list lives in the SOAP address book;
// the client announces it with ADL, and SYN and the list-editing commands are gone. Policies are
// pushed with GCF after USR I.
import { Msnp12 } from './msnp12';

const MSNP13_COMMANDS = [
  'VER', 'CVR', 'USR', 'OUT', 'PNG', 'CHG', 'PRP', 'BLP', 'ADL', 'RML', 'UUX', 'UUN', 'URL', 'XFR', 'GCF', 'SDC', 'FQY',
  'UUM', 'SBP', 'QRY',
];

export class Msnp13 extends Msnp12 {
  override readonly version: number = 13;
  override readonly commands: ReadonlySet<string> = new Set(MSNP13_COMMANDS);

  override get pushesPolicies(): boolean {
    return true;
  }
}
