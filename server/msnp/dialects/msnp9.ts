// MSNP9 (MSN Messenger 6.0): presence lines gain the MSN object (display picture descriptor),
// and QNG says when to ping next.
//   S: NLN BSY bob@x Bob%20N 268435500 %3Cmsnobj…%3E      S: QNG 60
import { Msnp8 } from './msnp8';
import { encodeParam } from '../codec';
import type { PresenceView } from '../../core/model';

export class Msnp9 extends Msnp8 {
  override readonly version: number = 9;

  override pingReply(): string {
    return 'QNG 60';
  }

  protected override presenceTail(view: PresenceView): string {
    return `${view.email} ${encodeParam(view.friendlyName)} ${this.formatCaps(view.capabilities)} ${this.msnObjectParam(view)}`;
  }
}
