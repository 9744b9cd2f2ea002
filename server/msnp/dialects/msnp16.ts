// MSNP16 (Messenger for Mac 8, WLM 2009 beta): capabilities become "caps:extcaps", FLN carries
// "0:0", the profile has an MPOPEnabled line, and the user gets an empty UBX of themselves on sign-in:
//   "UBX me@local 1 0"
import { Msnp15 } from './msnp15';
import type { Line, SbMember } from './dialect';
import type { PresenceView } from '../../core/model';

export class Msnp16 extends Msnp15 {
  override readonly version: number = 16;

  override get requiresSsoBlob(): boolean {
    return true;
  }

  override get announcesMpop(): boolean {
    return true;
  }

  override formatCaps(caps: string): string {
    const [base, ext] = caps.split(':');
    return `${base || '0'}:${ext || '0'}`;
  }

  /** MSNP16 clients expect a UBX with every state change, not only when the PSM changed. */
  override liveUpdate(view: PresenceView, basicChanged: boolean, extendedChanged: boolean): Line[] {
    void extendedChanged;
    return super.liveUpdate(view, basicChanged, true);
  }

  override selfUbx(email: string): Line {
    return { line: `UBX ${email} 1 0`, payload: '' };
  }

  /** A member that signed in with a machine GUID appears twice: "JOI bob@x;{F5…} Bob 1:0" then "JOI bob@x Bob 1:0". */
  override sbHandles(m: SbMember): string[] {
    return m.guid ? [`${m.email};{${m.guid}}`, m.email] : [m.email];
  }

  /** WLM 2009 opens every session with "CAL 2 me@x" (its own address); it must hear RINGING. */
  override get callsSelf(): boolean {
    return true;
  }
}
