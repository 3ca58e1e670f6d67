/**
 * Extra output inside GitHub Actions, written whatever `--format` says:
 * workflow annotations on stdout and a Markdown job summary.
 */
import { appendFileSync, statSync } from 'node:fs';
import type { Report } from '../model/finding.js';
import { github } from '../reporters/github.js';
import { markdown } from '../reporters/markdown.js';
import type { ReporterOptions } from '../reporters/types.js';

/** GitHub rejects a step summary larger than 1 MiB and then shows none at all. */
export const stepSummaryLimit = 1024 * 1024;

export function isGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export function annotations(report: Report, options: ReporterOptions): string {
  return github(report, options);
}

/**
 * Appends the Markdown report to `$GITHUB_STEP_SUMMARY`, cut at a line
 * boundary with a note when it would exceed what is left of the 1 MiB limit.
 */
export function appendStepSummary(report: Report, options: ReporterOptions, file: string): void {
  let used = 0;
  try {
    used = statSync(file).size;
  } catch {
    // A missing summary file is created by the append below.
  }
  appendFileSync(file, truncateSummary(markdown(report, options), stepSummaryLimit - used));
}

/** Cuts `text` to at most `limit` bytes (UTF-8) at a line boundary, ending with a note saying so. */
export function truncateSummary(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const note = '\n\n> **Summary truncated** to fit the 1 MiB job summary limit; run `goldenpath check --format json` for the full report.\n';
  const budget = Math.max(0, limit - Buffer.byteLength(note));
  const bytes = Buffer.from(text).subarray(0, budget).toString('utf8');
  // A multi-byte character cut in half decodes as U+FFFD; the cut at the last newline drops it anyway.
  const cut = bytes.lastIndexOf('\n');
  const kept = cut > 0 ? bytes.slice(0, cut) : '';
  return Buffer.byteLength(kept + note) <= limit ? `${kept}${note}` : '';
}
