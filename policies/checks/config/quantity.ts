/**
 * Values with units, so `http.write_timeout > http.handler_timeout` compares
 * `1m30s` with `45s` the way the service will, and `max_body <= 10MiB` works
 * whether the file says `512KiB` or `524288`.
 */
import type { ConfigScalar } from '../../config-formats/index.js';

export type QuantityUnit = 'number' | 'duration' | 'bytes';

/** A comparable value: durations in nanoseconds, byte sizes in bytes, numbers as they are. */
export interface Quantity {
  unit: QuantityUnit;
  value: number;
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
/** Go's time.ParseDuration syntax: a sign, then one or more decimal numbers each with a unit. */
const DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const BYTE_SIZE = /^(\d+(?:\.\d+)?|\.\d+) ?([A-Za-z]+)$/;

const NANOSECONDS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * Byte units, matched case-insensitively except the Kubernetes-style `Ki`/`Mi`
 * forms. `KB`, `MB`… are decimal (SI) and `KiB`, `MiB`… binary, as in Go's
 * go-humanize and Kubernetes quantities.
 */
const BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};
const KUBERNETES_BYTES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };

/** Parses a Go duration (`300ms`, `1m30s`, `1.5h`, `0`) into nanoseconds; undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0' || text === '+0' || text === '-0') return 0;
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) total += Number(amount) * (NANOSECONDS[unit ?? ''] ?? 0);
  return text.startsWith('-') ? -total : total;
}

/** Parses a byte size (`512KiB`, `1MB`, `10 MiB`, `64Mi`, `1024`) into bytes; undefined if it is not one. */
export function parseByteSize(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const match = BYTE_SIZE.exec(text);
  if (!match) return undefined;
  const unit = match[2] ?? '';
  const factor = KUBERNETES_BYTES[unit] ?? BYTES[unit.toLowerCase()];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/**
 * Reads a config value or policy literal as a quantity: a number (also a
 * numeric string, as .env and quoted YAML values are), a duration or a byte
 * size. Durations win over byte sizes (`1m` is a minute). Anything else is undefined.
 */
export function toQuantity(value: ConfigScalar | undefined): Quantity | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? { unit: 'number', value } : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (NUMBER.test(text)) return { unit: 'number', value: Number(text) };
  const duration = parseDuration(text);
  if (duration !== undefined) return { unit: 'duration', value: duration };
  const bytes = parseByteSize(text);
  if (bytes !== undefined) return { unit: 'bytes', value: bytes };
  return undefined;
}

/**
 * Whether two quantities can be ordered. A plain number counts as a byte
 * count (config files often give sizes in bytes), but never as a duration,
 * because a bare `30` is ambiguous between seconds and nanoseconds; zero is
 * comparable with anything.
 */
export function comparable(a: Quantity, b: Quantity): boolean {
  if (a.unit === b.unit) return true;
  if ((a.unit === 'number' && a.value === 0) || (b.unit === 'number' && b.value === 0)) return true;
  const units = new Set([a.unit, b.unit]);
  return units.has('number') && units.has('bytes');
}

export function describeUnit(unit: QuantityUnit): string {
  return { number: 'a number', duration: 'a duration', bytes: 'a byte size' }[unit];
}

export type ComparisonOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';

export function compareNumbers(left: number, operator: ComparisonOperator, right: number): boolean {
  switch (operator) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '==':
      return left === right;
    case '!=':
      return left !== right;
  }
}
