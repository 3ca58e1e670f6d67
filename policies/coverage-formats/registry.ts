import { cobertura } from './cobertura.js';
import { goCover } from './go-cover.js';
import { istanbulFinal } from './istanbul-final.js';
import { istanbulSummary } from './istanbul-summary.js';
import { lcov } from './lcov.js';
import type { CoverageFormat, FormatId } from './types.js';

/** Every coverage report format, sorted by id. Detection asks them in this order; their signatures do not overlap. */
export const coverageFormats: readonly CoverageFormat[] = [cobertura, goCover, istanbulFinal, istanbulSummary, lcov];

/** How many characters of a report `detect` sees. */
export const detectHeadLength = 4096;

export function formatById(id: FormatId): CoverageFormat {
  const format = coverageFormats.find((candidate) => candidate.id === id);
  if (format === undefined) throw new Error(`unknown coverage format ${id}`);
  return format;
}

/** The format a report is written in, judged from its path and first characters; undefined when none recognises it. */
export function detectFormat(path: string, text: string): CoverageFormat | undefined {
  const head = text.slice(0, detectHeadLength);
  return coverageFormats.find((format) => format.detect(path, head));
}
