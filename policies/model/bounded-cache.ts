/**
 * A memory of pure computations by key, for values asked for over and over
 * in one run (parsed versions, CVSS scores). When it reaches its capacity it
 * is emptied and refilled: simpler than an LRU, and the capacities are set
 * far above what one run meets, so in practice it never empties.
 */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The value remembered for `key`, else `compute()`'s, remembered (undefined and null included). */
  get(key: string, compute: () => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key) as V;
    const value = compute();
    if (this.#entries.size >= this.#capacity) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
