// "At most N in any window of W ms" per key: CAL floods get 713 instead of ringing everyone.
export class RateWindow {
  private readonly hits = new Map<number, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for `key`; false when it is over the limit (and then it is not counted). */
  take(key: number): boolean {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }

  /** Forgets keys with nothing in the window (called now and then, so the map stays small). */
  prune(): void {
    const now = this.now();
    for (const [key, times] of this.hits) if (!times.some((t) => now - t < this.windowMs)) this.hits.delete(key);
  }
}
