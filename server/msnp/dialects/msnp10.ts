// MSNP10 (MSN Messenger 6.1/6.2): the contact list migrates to the address book (ABCHMigrated: 1):
// contacts and groups get GUIDs, ADD becomes ADC, the friendly name leaves USR OK (PRP MFN in SYN).
//   S: USR 7 OK example@hotmail.com 1 0
import { Msnp9 } from './msnp9';
import { MSNP8_COMMANDS } from './msnp8';
import { encodeParam } from '../codec';
import type { Line, ListedContact } from './dialect';
import { List, type Group, type User } from '../../core/model';

/** ADD and REA gave way to ADC and PRP MFN; SBP names a contact by its new GUID. */
export const MSNP10_COMMANDS = [...MSNP8_COMMANDS.filter((c) => c !== 'ADD' && c !== 'REA'), 'ADC', 'SBP'];

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

  /** List replies lost their version number ("ADC 3 FL N=bob@x F=Bob C=<guid>"). */
  override versioned(trid: string, listVersion: number): string {
    void listVersion;
    return trid;
  }

  /** SYN versions became timestamps, one for the lists and one for settings. */
  override listStamp(user: User): string[] {
    const stamp = msTimestamp(user.listsChangedAt);
    return [stamp, stamp];
  }

  /** "LSG Friends <guid>" */
  override lsg(group: Group): string {
    return `LSG ${encodeParam(group.name)} ${group.id}`;
  }

  override get implicitOtherContacts(): boolean {
    return false;
  }

  /** "LST N=bob@x F=Bob C=<guid> 11 <group-guids>": F= and C= only for FL contacts. */
  override lst(c: ListedContact): string {
    const bits = this.listBits(c.entry.lists);
    const onFl = (bits & List.FL) !== 0;
    const parts = [`N=${c.entry.email}`];
    if (onFl) parts.push(`F=${encodeParam(c.name)}`, `C=${c.entry.guid}`);
    parts.push(String(bits), ...this.networkId());
    if (onFl && c.groups.length) parts.push(c.groups.map((g) => g.id).join(','));
    return `LST ${parts.join(' ')}`;
  }

  /** MSNP10 adds the pending list (16): people who added you and await your answer. */
  override listBits(lists: number): number {
    return lists & (List.FL | List.AL | List.BL | List.RL | List.PL);
  }

  override groupRef(group: Group): string {
    return group.id;
  }

  /** "ADC 0 RL N=alice@x F=Alice" / "REM 0 RL N=alice@x" */
  override reverseListChange(added: boolean, email: string, friendlyName: string): Line[] {
    return [{ line: added ? `ADC 0 RL N=${email} F=${encodeParam(friendlyName)}` : `REM 0 RL N=${email}` }];
  }

  /** MSNP12 puts a network id after the list bits; MSNP10-11 have none. */
  protected networkId(): string[] {
    return [];
  }
}

/** "2024-10-23T14:02:48.5360000-00:00", the timestamp form SYN used from MSNP10. */
function msTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000-00:00`;
}
