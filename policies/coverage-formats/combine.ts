import { GoBlockSet } from './go-blocks.js';
import type { FileCoverage } from './types.js';

/** Coverable units of a file and how many of them ran: Go statements, or lines for every other format. */
export interface Totals {
  found: number;
  hit: number;
}

/**
 * Merges `source` into `target`, both describing the same file in different
 * reports: a line or Go block takes the highest hit count of the two. Reports
 * from separate test runs (unit and integration, one per package) each see
 * part of the truth, and a line is covered when any of them ran it; the
 * highest count keeps that without double counting a line two reports share.
 * Only istanbul summaries (no line detail) cannot be merged: the one with the
 * higher ratio wins.
 */
export function mergeFileCoverage(target: FileCoverage, source: FileCoverage): void {
  if (source.blocks) {
    (target.blocks ??= new GoBlockSet()).addAll(source.blocks, 'max');
  }
  if (source.lines) {
    const lines = (target.lines ??= new Map<number, number>());
    source.lines.forEach((hits, line) => {
      const existing = lines.get(line);
      if (existing === undefined || hits > existing) lines.set(line, hits);
    });
  }
  if (source.summary) {
    const current = target.summary;
    if (current === undefined || source.summary.hit * current.found > current.hit * source.summary.found) {
      target.summary = { ...source.summary };
    }
  }
}

/**
 * Totals for one file. Go blocks count statements, as `go tool cover -func`
 * does; line data counts lines with at least one hit, as `lcov --summary` and
 * istanbul's lines metric do; a summary is taken as it is.
 */
export function fileTotals(file: FileCoverage): Totals {
  if (file.blocks) return file.blocks.totals();
  let found = 0;
  let hit = 0;
  if (file.lines) {
    for (const hits of file.lines.values()) {
      found++;
      if (hits > 0) hit++;
    }
  } else if (file.summary) {
    ({ found, hit } = file.summary);
  }
  return { found, hit };
}

/**
 * Hits per line, for patch coverage. A Go block covers every line from its
 * start to its end line, and a line takes the highest count of the blocks on
 * it: the line of `if err != nil {` counts as run when the condition ran, even
 * if the body did not (the body's own lines stay uncovered), the same rule
 * gcov and istanbul apply to lines. Undefined for summaries without line data.
 */
export function fileLineHits(file: FileCoverage): Map<number, number> | undefined {
  if (!file.blocks) return file.lines;
  const lines = new Map<number, number>(file.lines);
  file.blocks.spreadOverLines(lines);
  return lines;
}
