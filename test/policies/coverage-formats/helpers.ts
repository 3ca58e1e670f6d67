import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileTotals, mergeFileCoverage, type Totals } from '../../../policies/coverage-formats/combine.js';
import type { CoverageFormat, FileCoverage } from '../../../policies/coverage-formats/types.js';
import { repoRoot } from '../../support/paths.js';
export { repoRoot } from '../../support/paths.js';

export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'coverage');

/** A fresh copy of a fixture directory in a temporary directory. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `coverage-${name.replace(/\W/g, '-')}-`));
  cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

/** Runs a command and returns stdout; the command's own stderr is shown when it fails. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function readFixture(...parts: string[]): string {
  return readFileSync(path.join(fixtures, ...parts), 'utf8');
}

/** Parses several reports of one format and merges them by file, as the check does. */
export function parseAndMerge(format: CoverageFormat, reports: { text: string; path: string }[]): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  for (const report of reports) {
    for (const file of format.parse(report.text, report.path)) {
      const existing = files.get(file.path);
      if (existing) mergeFileCoverage(existing, file);
      else files.set(file.path, file);
    }
  }
  return files;
}

export function sumTotals(files: Iterable<FileCoverage>): Totals {
  const sum = { found: 0, hit: 0 };
  for (const file of files) {
    const { found, hit } = fileTotals(file);
    sum.found += found;
    sum.hit += hit;
  }
  return sum;
}

export function percentOf({ found, hit }: Totals): number {
  return (hit * 100) / found;
}
