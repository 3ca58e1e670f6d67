import type { GoBlockSet } from './go-blocks.js';

export type { GoBlock } from './go-blocks.js';

/**
 * The contract every coverage report format implements, and the coverage model
 * they all produce. A format turns report text into per-file coverage; it never
 * touches the file system, so mapping report paths to repository paths is the
 * check's job (see policies/checks/coverage/resolve-paths.ts).
 */

/** Identifiers accepted by `coverage.reports[].format`, sorted. */
export const formatIds = ['cobertura', 'go', 'istanbul-final', 'istanbul-summary', 'lcov'] as const;
export type FormatId = (typeof formatIds)[number];

/** Coverage of one source file, as one report (or several merged reports) describes it. */
export interface FileCoverage {
  /**
   * The file as the report names it: a Go import path (`example.com/m/pkg/a.go`),
   * an absolute path, or a path relative to some root. Forward slashes.
   */
  path: string;
  /** Other spellings of the path to try, in order, when `path` does not exist (Cobertura lists several source roots). */
  candidates?: string[];
  /** Hits per line number. Absent for Go (derived from `blocks`) and for istanbul summaries (no line detail). */
  lines?: Map<number, number>;
  /** Go statement blocks, by exact range, so statement totals are exact. */
  blocks?: GoBlockSet;
  /** Line totals when the report has no line detail (istanbul's json-summary). */
  summary?: { found: number; hit: number };
}

/**
 * One report format: how to recognise it and how to parse it.
 *
 * `parse` throws InputError (with the report file and line, and a fix) for
 * anything it cannot read, and nothing else: a property test feeds every
 * format random bytes to hold it to that.
 */
export interface CoverageFormat {
  id: FormatId;
  /** Human name used in messages and docs. */
  displayName: string;
  /** Whether the report looks like this format, judged from its path and first few kilobytes. */
  detect(path: string, head: string): boolean;
  /** Parses a whole report; `path` is the repository-relative report path used in error locations. */
  parse(text: string, path: string): FileCoverage[];
}
