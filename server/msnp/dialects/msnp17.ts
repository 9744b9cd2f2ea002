// MSNP17 (offered by WLM 2009, 14.0, after MSNP18: "VER 1 MSNP18 MSNP17 CVR0"): no change to any
// line a server sends that the sources record (ESC handles 17 exactly as 16; MSNPSharp and libpurple
// only ever spoke 15, 16 and 18). It is here so that a client offering only MSNP17 signs in.
import { Msnp16 } from './msnp16';

export class Msnp17 extends Msnp16 {
  override readonly version: number = 17;
}
