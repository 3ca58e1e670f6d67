/**
 * The order of names, paths, ids and messages in everything we print.
 *
 * Code-unit order, not `localeCompare`: a report must list findings in the
 * same order on every machine whatever its locale, and the ICU collator
 * behind `localeCompare` costs several milliseconds to set up on first use,
 * paid by every `goldenpath` run.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
