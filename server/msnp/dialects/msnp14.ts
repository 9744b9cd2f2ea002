// MSNP14 (Messenger for Mac 6/7, WLM 8.0): presence lines gain a network id after the address
// (1 = Messenger; 32 was Yahoo!):  "ILN 8 NLN online@local 1 Online%20User 1085276192 %3Cmsnobj%2F%3E"
import { Msnp13, MSNP13_COMMANDS } from './msnp13';
import { encodeParam } from '../codec';
import type { PresenceView } from '../../core/model';

export class Msnp14 extends Msnp13 {
  override readonly version: number = 14;
  /**
   * FQY (network query before adding a contact) and UUM (a message to another network; from MSNP18
   * also an offline message) arrived with MSNP14 (fact sheet §1.2, §7.4; ESC closes below 14).
   */
  override readonly commands: ReadonlySet<string> = new Set([...MSNP13_COMMANDS, 'FQY', 'UUM']);

  protected override presenceTail(view: PresenceView): string {
    return `${view.email} 1 ${encodeParam(view.friendlyName)} ${this.formatCaps(view.capabilities)} ${this.msnObjectParam(view)}`;
  }

  /** "FLN bob@x 1 0" */
  override offline(email: string): string {
    return `FLN ${email} 1 ${this.formatCaps('0')}`;
  }

  protected override handle(email: string): string {
    return `${email} 1`;
  }

  /** XFR and RNG end in 1: a direct connection to the switchboard is allowed (0: HTTP gateway only). */
  override xfrSb(trid: string, address: string, cookie: string): string {
    return `${super.xfrSb(trid, address, cookie)} 1`;
  }

  /** "RNG <id> 10.0.0.2:1864 CKI <cookie> alice@x Alice%20N U messenger.hotmail.com 1" */
  override ring(sessionId: string, address: string, cookie: string, email: string, friendlyName: string): string {
    return `${super.ring(sessionId, address, cookie, email, friendlyName)} 1`;
  }
}
