// An id -> value map for the lists held in memory (one per signed-in owner, one per watched
// contact). Most hold a few dozen ids: a Map of 40 entries allocates a 64-entry hash table
// (~1.8 KB, measured in a heap snapshot of 1,000 signed-in clients, two per client), while two
// plain arrays of ids and values take ~0.7 KB and a linear scan of a few dozen small integers is
// as fast as hashing. Past SMALL_LIMIT ids (a popular contact's watchers) it becomes a Map, so
// lookups stay O(1) where fan-out reads many of them.

/** Above this many ids the map switches to a Map (and stays one). */
export const SMALL_LIMIT = 64;

export class SmallIdMap<V> implements Iterable<[number, V]> {
  private ids: number[] | undefined = [];
  private vals: V[] | undefined = [];
  private map: Map<number, V> | undefined;

  get size(): number {
    return this.map ? this.map.size : this.ids!.length;
  }

  /** Whether it has outgrown the arrays (tests look). */
  get isLarge(): boolean {
    return this.map !== undefined;
  }

  get(id: number): V | undefined {
    if (this.map) return this.map.get(id);
    const i = this.ids!.indexOf(id);
    return i < 0 ? undefined : this.vals![i];
  }

  has(id: number): boolean {
    return this.map ? this.map.has(id) : this.ids!.includes(id);
  }

  /** Sets the value; a new id goes last (insertion order, as a Map). */
  set(id: number, value: V): this {
    if (this.map) {
      this.map.set(id, value);
      return this;
    }
    const ids = this.ids!;
    const i = ids.indexOf(id);
    if (i >= 0) {
      this.vals![i] = value;
    } else if (ids.length < SMALL_LIMIT) {
      ids.push(id);
      this.vals!.push(value);
    } else {
      this.map = new Map(this);
      this.map.set(id, value);
      this.ids = this.vals = undefined;
    }
    return this;
  }

  delete(id: number): boolean {
    if (this.map) return this.map.delete(id);
    const i = this.ids!.indexOf(id);
    if (i < 0) return false;
    this.ids!.splice(i, 1);
    this.vals!.splice(i, 1);
    return true;
  }

  /**
   * Calls `fn` with each value and id, in insertion order, without the [id, value] array and the
   * generator steps iterating makes per entry (a fan-out reads a popular contact's 1,000 watchers
   * twice per change). `fn` must not set or delete.
   */
  forEach(fn: (value: V, id: number) => void): void {
    if (this.map) {
      this.map.forEach(fn);
      return;
    }
    const ids = this.ids!;
    const vals = this.vals!;
    for (let i = 0; i < ids.length; i++) fn(vals[i]!, ids[i]!);
  }

  *values(): IterableIterator<V> {
    if (this.map) yield* this.map.values();
    else yield* this.vals!.slice();
  }

  *[Symbol.iterator](): IterableIterator<[number, V]> {
    if (this.map) {
      yield* this.map;
      return;
    }
    // A copy: callers may set or delete while they iterate (as a Map allows).
    const ids = this.ids!.slice();
    const vals = this.vals!.slice();
    for (let i = 0; i < ids.length; i++) yield [ids[i]!, vals[i]!];
  }
}
