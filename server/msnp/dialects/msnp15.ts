// MSNP15 (WLM 8.1/8.5 with SSO; Messenger for Mac 8 with TWN): the lines of MSNP14.
// What changed is how Windows clients sign in (SSO) and the storage service, not the NS syntax.
import { Msnp14 } from './msnp14';

export class Msnp15 extends Msnp14 {
  override readonly version: number = 15;

  override get acceptsSso(): boolean {
    return true;
  }
}
