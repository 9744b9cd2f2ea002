// MSNP3 (MSN Messenger 2.0): messages gained the X-MMS-IM-Format header (font and colour), which
// the switchboard relays untouched; the notification lines are those of MSNP2.
import { Msnp2 } from './msnp2';

export class Msnp3 extends Msnp2 {
  override readonly version: number = 3;
}
