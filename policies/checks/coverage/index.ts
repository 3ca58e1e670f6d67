import picomatch from 'picomatch';
import { fileLineHits, fileTotals, type Totals } from '../../coverage-formats/combine.js';
import type { FileCoverage } from '../../coverage-formats/types.js';
import type { Check, CheckContext } from '../../model/check.js';
import { InputError } from '../../model/errors.js';
import type { Finding, SourceLocation } from '../../model/finding.js';
import { changedLinesSince, type ChangedLines } from './git-diff.js';
import { coverageSchema, defaultReports, type CoverageOptions } from './options.js';
import { formatPercent, formatThreshold, meetsThreshold } from './percent.js';
import { loadCoverage } from './reports.js';
import { compareText } from '../../model/text-order.js';

/** Message templates by rule id; `{name}` placeholders are filled by `message()`. */
const messages = {
  'coverage/total': 'total coverage {actual}% is below {threshold}%',
  'coverage/path': 'coverage of {glob} is {actual}%, below {threshold}%',
  'coverage/path-unmatched': 'no code in the coverage reports matches {glob}, so its {threshold}% threshold cannot be checked',
  'coverage/patch': 'patch coverage {actual}% is below {threshold}% ({hit} of {found} changed lines covered since {base})',
  'coverage/patch-lines': '{count} changed {lines} not covered by tests: {ranges}',
} as const;

type RuleId = keyof typeof messages;

/** The `coverage` check: total, per-path and patch coverage thresholds over combined coverage reports. */
export const check: Check = {
  meta: {
    id: 'coverage',
    description: 'Coverage thresholds over Go, lcov, istanbul and Cobertura reports: the total, per path glob, and the lines changed since --base.',
    docsUrl: 'docs/checks/coverage.md',
    policyKey: 'coverage',
    schema: coverageSchema,
    messages,
  },
  run: runCoverage,
};

async function runCoverage(context: CheckContext): Promise<Finding[]> {
  const options = (context.options ?? {}) as CoverageOptions;
  const locate = (...keys: (string | number)[]): SourceLocation => context.policy.locate(['coverage', ...keys]);
  const paths = Object.entries(options.paths ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  // A coverage section that gates nothing would report success for any coverage at all.
  if (options.total === undefined && paths.length === 0 && options.patch === undefined) {
    throw new InputError('coverage sets no total, paths or patch: nothing to gate', {
      location: locate(),
      fix: 'set coverage.total, coverage.paths or coverage.patch (e.g. total: 80), or remove the coverage section and leave coverage out of --only',
    });
  }

  // Fail before reading anything: a configured patch gate that cannot run must not pass.
  if (options.patch !== undefined && (context.base === undefined || context.base === '')) {
    throw new InputError('coverage.patch is set but no base to compare with was given', {
      location: locate('patch'),
      fix: 'pass --base origin/main (the branch the change will merge into)',
    });
  }

  const coverage = loadCoverage(context.root, options.reports ?? defaultReports, {
    exclude: options.exclude ?? [],
    modules: Object.fromEntries(Object.entries(options.modules ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    locateEntry: (index) => (options.reports === undefined ? locate() : locate('reports', index)),
  });
  const files = [...coverage.files.values()].sort((a, b) => compareText(a.path, b.path));
  const totals = new Map(files.map((file) => [file.path, fileTotals(file)]));
  const findings: Finding[] = [];

  if (options.total !== undefined) {
    const sum = add(totals.values());
    if (sum.found === 0) {
      throw new InputError(`the coverage reports (${coverage.reports.join(', ')}) contain no coverable code`, {
        location: locate('reports'),
        fix: 'check that the tests ran with coverage enabled and that coverage.exclude does not drop every file',
      });
    }
    if (!meetsThreshold(sum.hit, sum.found, options.total)) {
      findings.push(
        finding('coverage/total', locate('total'), { actual: formatPercent(sum.hit, sum.found, options.total), threshold: formatThreshold(options.total) }, ['coverage', 'total'], {
          fix: `add tests for the least covered files (${largestGaps(totals)}) or lower coverage.total`,
        }),
      );
    }
  }

  for (const [glob, threshold] of paths.sort(([a], [b]) => compareText(a, b))) {
    const isMatch = picomatch(glob, { dot: true });
    const matched = new Map([...totals].filter(([file]) => isMatch(file)));
    const sum = add(matched.values());
    const values = { glob, actual: formatPercent(sum.hit, sum.found, threshold), threshold: formatThreshold(threshold) };
    if (sum.found === 0) {
      findings.push(
        finding('coverage/path-unmatched', locate('paths', glob), values, ['coverage', 'path', glob], {
          fix: `correct the glob (paths are repository-relative, e.g. ${files[0]?.path ?? 'internal/x.go'}) or remove it`,
        }),
      );
    } else if (!meetsThreshold(sum.hit, sum.found, threshold)) {
      findings.push(
        finding('coverage/path', locate('paths', glob), values, ['coverage', 'path', glob], {
          fix: `add tests for the least covered files (${largestGaps(matched)}) or lower coverage.paths["${glob}"]`,
        }),
      );
    }
  }

  if (options.patch !== undefined && context.base !== undefined) {
    const changed = await changedLinesSince(context.root, context.base);
    findings.push(...patchFindings(coverage.files, changed, options.patch, context.base, locate('patch')));
  }
  return findings;
}

/**
 * Patch findings: a summary at the policy's `patch` line and, when it fails,
 * one finding per file listing its uncovered changed lines. A changed line
 * counts when a report has data for it; lines no report knows about (tests,
 * docs, comments, files outside the reports) are not coverable. Untracked
 * files are new in full, so all their coverable lines count.
 */
function patchFindings(files: Map<string, FileCoverage>, changed: ChangedLines, threshold: number, base: string, location: SourceLocation): Finding[] {
  let found = 0;
  let hit = 0;
  const uncovered = new Map<string, number[]>();
  for (const [path, changedLines] of [...changed].sort(([a], [b]) => compareText(a, b))) {
    const file = files.get(path);
    const hits = file && fileLineHits(file);
    if (hits === undefined) continue;
    const lines = changedLines === 'all' ? [...hits.keys()].sort((a, b) => a - b) : changedLines;
    const missed: number[] = [];
    for (const line of lines) {
      const count = hits.get(line);
      if (count === undefined) continue;
      found++;
      if (count > 0) hit++;
      else missed.push(line);
    }
    if (missed.length > 0) uncovered.set(path, missed);
  }
  if (meetsThreshold(hit, found, threshold)) return [];

  const values = { actual: formatPercent(hit, found, threshold), threshold: formatThreshold(threshold), hit: String(hit), found: String(found), base };
  const findings = [
    finding('coverage/patch', location, values, ['coverage', 'patch'], {
      fix: 'add tests that run the changed lines listed per file, or lower coverage.patch',
    }),
  ];
  for (const [path, missed] of uncovered) {
    const values = { count: String(missed.length), lines: missed.length === 1 ? 'line' : 'lines', ranges: ranges(missed) };
    findings.push(
      finding('coverage/patch-lines', { file: path, line: missed[0] ?? 1 }, values, ['coverage', 'patch-lines', path], {
        fix: 'add a test that runs these lines',
      }),
    );
  }
  return findings;
}

function finding(rule: RuleId, location: SourceLocation, values: Record<string, string>, identity: string[], extra: { fix: string }): Finding {
  return { check: 'coverage', rule, level: 'error', message: message(rule, values), location, identity, fix: extra.fix };
}

function message(rule: RuleId, values: Record<string, string>): string {
  return messages[rule].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function add(totals: Iterable<Totals>): Totals {
  const sum = { found: 0, hit: 0 };
  for (const { found, hit } of totals) {
    sum.found += found;
    sum.hit += hit;
  }
  return sum;
}

/** The three files with the most uncovered units, e.g. `internal/a.go: 12 of 40 uncovered`. */
function largestGaps(totals: Map<string, Totals>): string {
  return [...totals]
    .filter(([, { found, hit }]) => found > hit)
    .sort(([pathA, a], [pathB, b]) => b.found - b.hit - (a.found - a.hit) || (pathA < pathB ? -1 : 1))
    .slice(0, 3)
    .map(([path, { found, hit }]) => `${path}: ${found - hit} of ${found} uncovered`)
    .join('; ');
}

/** `3, 5-7, 10` from sorted line numbers. */
export function ranges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let index = 0; index < lines.length; ) {
    const first = lines[index] ?? 0;
    let last = first;
    while (index + 1 < lines.length && lines[index + 1] === last + 1) last = lines[++index] ?? last;
    parts.push(first === last ? String(first) : `${first}-${last}`);
    index++;
  }
  return parts.join(', ');
}
