/** Report order does not depend on the machine's locale. */
import { describe, expect, it } from 'vitest';
import { compareText } from '../../../policies/model/text-order.js';

describe('compareText', () => {
  it('sorts by code unit: upper case before lower case, punctuation by its code', () => {
    expect(['b', 'B', 'a', 'go.sum', 'go-mod', 'A'].sort(compareText)).toEqual(['A', 'B', 'a', 'b', 'go-mod', 'go.sum']);
    expect(compareText('x', 'x')).toBe(0);
  });
});
