// MSNP12 (MSN Messenger 7.5): LST gains a network id after the list bits
// ("LST N=bob@x F=Bob C=<guid> 11 1 <groups>"), and switchboard JOI/IRO carry capabilities.
import { Msnp11 } from './msnp11';

export class Msnp12 extends Msnp11 {
  override readonly version: number = 12;
}
