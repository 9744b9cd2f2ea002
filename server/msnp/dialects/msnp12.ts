// MSNP12 (MSN Messenger 7.5): LST gains a network id after the list bits
// ("LST N=bob@x F=Bob C=<guid> 11 1 <groups>"), and switchboard JOI/IRO carry capabilities.
import { Msnp11 } from './msnp11';
import type { SbMember } from './dialect';

export class Msnp12 extends Msnp11 {
  override readonly version: number = 12;

  /** 1 = Messenger (2 OCS, 4 phone, 8 MNI, 16 SMTP, 32 Yahoo!). */
  protected override networkId(): string[] {
    return ['1'];
  }

  /** Switchboard members carry their capabilities: "JOI bob@x Bob%20N 1342177280". */
  protected override sbMemberTail(m: SbMember): string {
    return `${super.sbMemberTail(m)} ${this.formatCaps(m.capabilities)}`;
  }
}
