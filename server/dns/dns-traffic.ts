// DNS answers in the traffic tap, one record each, but never more than a hundred a second: a
// query flood must not push every protocol line of the real clients out of the tap's ring
// buffer. What is held back is counted and reported once a second.
import type { TrafficTap } from '../tap/tap';

export const MAX_RECORDS_PER_SECOND = 100;

export class DnsTrafficLog {
  private windowStart = 0;
  private inWindow = 0;
  private held = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tap: TrafficTap,
    private readonly now: () => number = Date.now,
  ) {}

  /** An answer sent (direction out), or something the server noticed (note). */
  record(r: { conn: string; remote: string; direction: 'out' | 'note'; line: string; payload?: string }): void {
    const t = this.now();
    if (t - this.windowStart >= 1000) {
      this.flushHeld();
      this.windowStart = t;
      this.inWindow = 0;
    }
    if (this.inWindow >= MAX_RECORDS_PER_SECOND) {
      this.held++;
      // Reported even if the flood stops dead and nothing else arrives.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flushHeld();
      }, 1000).unref();
      return;
    }
    this.inWindow++;
    this.tap.record({ ...r, service: 'DNS' });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushHeld();
  }

  private flushHeld(): void {
    if (this.held === 0) return;
    const n = this.held;
    this.held = 0;
    this.tap.record({
      conn: 'dns',
      service: 'DNS',
      direction: 'note',
      command: 'NOTE',
      line: `${n} more DNS ${n === 1 ? 'query' : 'queries'} answered but not shown (over ${MAX_RECORDS_PER_SECOND} a second)`,
    });
  }
}
