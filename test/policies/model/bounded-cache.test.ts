/** The memory behind remembered version parses and CVSS scores. */
import { describe, expect, it, vi } from 'vitest';
import { BoundedCache } from '../../../policies/model/bounded-cache.js';

describe('BoundedCache', () => {
  it('computes a key once, remembering undefined too', () => {
    const cache = new BoundedCache<number | undefined>(10);
    const compute = vi.fn(() => undefined);
    expect(cache.get('k', compute)).toBeUndefined();
    expect(cache.get('k', compute)).toBeUndefined();
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('empties itself at capacity and computes again, still answering right', () => {
    const cache = new BoundedCache<string>(2);
    const compute = vi.fn((key: string) => key.toUpperCase());
    for (const key of ['a', 'b', 'c', 'a']) expect(cache.get(key, () => compute(key))).toBe(key.toUpperCase());
    // 'c' emptied the memory holding a and b, so 'a' was computed a second time.
    expect(compute).toHaveBeenCalledTimes(4);
  });
});
