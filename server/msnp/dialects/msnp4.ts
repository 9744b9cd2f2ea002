// MSNP4 (MSN Messenger 2.x–3.0): the same notification lines as MSNP3.
import { Msnp3 } from './msnp3';

export class Msnp4 extends Msnp3 {
  override readonly version: number = 4;
}
