import { describe, expect, test } from 'vitest';
import { comparable, parseByteSize, parseDuration, toQuantity } from '../../../../policies/checks/config/quantity.js';

describe('durations (Go syntax)', () => {
  test.each([
    ['300ms', 300e6],
    ['1m30s', 90e9],
    ['2h', 7200e9],
    ['1.5s', 1.5e9],
    ['1h2m3s4ms5us6ns', 3723004005006],
    ['250µs', 250e3],
    ['.5m', 30e9],
    ['-2s', -2e9],
    ['0', 0],
  ])('%s is %d ns', (text, nanoseconds) => {
    expect(parseDuration(text)).toBe(nanoseconds);
  });

  test.each(['', 's', '10', '1d', '1S', '1 s', '1m30', 'ms1'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('byte sizes', () => {
  test.each([
    ['512KiB', 512 * 1024],
    ['1MB', 1e6],
    ['10MiB', 10 * 2 ** 20],
    ['1 GiB', 2 ** 30],
    ['64Mi', 64 * 2 ** 20],
    ['1.5KB', 1500],
    ['2kb', 2000],
    ['100B', 100],
    ['4096', 4096],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  test.each(['MiB', '1XB', '1M', '-1MiB', '1 2MB'])('%j is not a byte size', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('quantities', () => {
  test.each([
    [8080, { unit: 'number', value: 8080 }],
    ['8080', { unit: 'number', value: 8080 }],
    ['0.25', { unit: 'number', value: 0.25 }],
    ['15s', { unit: 'duration', value: 15e9 }],
    ['1m', { unit: 'duration', value: 60e9 }],
    ['1MiB', { unit: 'bytes', value: 2 ** 20 }],
  ] as const)('%j reads as %j', (input, quantity) => {
    expect(toQuantity(input)).toEqual(quantity);
  });

  test.each([['info'], [true], [null], [''], ['15 seconds']] as const)('%j is not a quantity', (input) => {
    expect(toQuantity(input)).toBeUndefined();
  });

  test('plain numbers compare with byte sizes but not with durations, except zero', () => {
    const q = (input: string | number) => toQuantity(input)!;
    expect(comparable(q('1MiB'), q(1048576))).toBe(true);
    expect(comparable(q('1s'), q(1))).toBe(false);
    expect(comparable(q('1s'), q(0))).toBe(true);
    expect(comparable(q('1s'), q('1MiB'))).toBe(false);
    expect(comparable(q('1s'), q('1ms'))).toBe(true);
  });
});
