// MSNP3 (MSN Messenger 2.0): messages gained the X-MMS-IM-Format header (font and colour), which
// the switchboard relays untouched, and XFR NS an extra "0" (NINA-G msnp-wiki command table).
//   S: XFR 3 NS 10.0.0.5:1863 0
import { Msnp2 } from './msnp2';

export class Msnp3 extends Msnp2 {
  override readonly version: number = 3;

  override xfrNs(trid: string, address: string): string {
    return `XFR ${trid} NS ${address} 0`;
  }
}
