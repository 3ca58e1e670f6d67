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
    const known = this.#entries.get(key);
    // One lookup for what is remembered; a second only to tell a remembered undefined from a miss.
    if (known !== undefined || this.#entries.has(key)) return known as V;
    const value = compute();
    if (this.#entries.size >= this.#capacity) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
