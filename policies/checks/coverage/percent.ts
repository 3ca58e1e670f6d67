/**
 * Percent arithmetic for thresholds. Comparisons are exact on rationals so
 * that 4 of 5 lines is 80% and passes `80`, and 7999 of 10000 never rounds up
 * to pass it. Displayed percentages have one decimal, rounded as
 * `go tool cover` and `lcov` print them, and more decimals only when one
 * would show a failing value as reaching the threshold (79.99%, not 80.0%).
 */

/** Whether hit/found reaches `threshold` percent. An empty measure (found 0) always does. */
export function meetsThreshold(hit: number, found: number, threshold: number): boolean {
  if (found === 0) return true;
  const [numerator, denominator] = toRational(threshold);
  return BigInt(hit) * 100n * denominator >= numerator * BigInt(found);
}

/** hit/found as a percentage with one decimal (`76.3`), or as many as it takes to stay below a threshold it fails. */
export function formatPercent(hit: number, found: number, threshold?: number): string {
  if (found === 0) return '100.0';
  const percent = (hit * 100) / found;
  const fails = threshold !== undefined && !meetsThreshold(hit, found, threshold);
  for (let decimals = 1; decimals < 6; decimals++) {
    const shown = percent.toFixed(decimals);
    if (!fails || Number(shown) < threshold) return shown;
  }
  return (Math.floor(percent * 1e6) / 1e6).toFixed(6);
}

/** The threshold as the user wrote it: `80`, `82.5`. */
export function formatThreshold(threshold: number): string {
  return String(threshold);
}

/** A decimal number (0–100, at most 10 decimals as written) as an exact fraction. */
function toRational(value: number): [bigint, bigint] {
  const [whole = '0', fraction = ''] = value.toFixed(10).split('.');
  const digits = fraction.replace(/0+$/, '');
  return [BigInt(whole + digits), 10n ** BigInt(digits.length)];
}
