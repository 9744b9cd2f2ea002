// MSNP5 (MSN Messenger 3.x): phone numbers. The client sets its own with PRP, SYN lists them
// (PRP with TrID and version) and each contact's after its FL entry (BPR with version and address).
//   C: PRP 12 PHH 555%200123      S: PRP 12 16 PHH 555%200123      S: BPR 16 bob@x PHH 555%200190
import { Msnp4 } from './msnp4';
import { MSNP2_COMMANDS } from './msnp2';

export const MSNP5_COMMANDS = [...MSNP2_COMMANDS, 'PRP'];

export class Msnp5 extends Msnp4 {
  override readonly version: number = 5;
  override readonly commands: ReadonlySet<string> = new Set(MSNP5_COMMANDS);

  protected override get listsPhones(): boolean {
    return true;
  }
}
