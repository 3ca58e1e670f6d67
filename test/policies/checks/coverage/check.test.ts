import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../../../policies/checks/coverage/index.js';
import { InputError } from '../../../../policies/model/errors.js';
import type { Finding } from '../../../../policies/model/finding.js';
import { fixtures } from '../../coverage-formats/helpers.js';
import { contextFor } from './helpers.js';

// test/fixtures/coverage/repo: a Go module with a nested tools module and a web app
// whose lcov report names files relative to the app. Statement and line counts:
//   cmd/api/main.go 0/2, internal/mock/orders_mock.go 0/5, internal/orders/orders.go 6/10,
//   tools/gen.go 3/3 (module example.com/shop/tools), web/src/app.ts 3/4.
const repo = path.join(fixtures, 'repo');

function run(policy: string, base?: string): Promise<Finding[]> {
  return check.run(contextFor(repo, policy, base));
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

const policy = (coverage: string): string => `version: 1\ncoverage:\n${coverage}`;

describe('coverage check: total', () => {
  it('fails below the threshold, at the policy line, naming the largest gaps', async () => {
    const findings = await run(policy('  reports: [coverage.out, web/reports/lcov.info]\n  total: 80\n'));
    expect(findings).toEqual([
      {
        check: 'coverage',
        rule: 'coverage/total',
        level: 'error',
        message: 'total coverage 50.0% is below 80%',
        location: { file: 'goldenpath.yaml', line: 4, column: 3 },
        identity: ['coverage', 'total'],
        fix: 'add tests for the least covered files (internal/mock/orders_mock.go: 5 of 5 uncovered; internal/orders/orders.go: 4 of 10 uncovered; cmd/api/main.go: 2 of 2 uncovered) or lower coverage.total',
      },
    ]);
  });

  it('leaves excluded files out and passes at exactly the threshold', async () => {
    // 12 of 19 without the mock: 63.157...%
    const failing = await run(policy("  reports: [coverage.out, web/reports/lcov.info]\n  exclude: ['**/*_mock.go']\n  total: 63.2\n"));
    expect(failing.map((finding) => finding.message)).toEqual(['total coverage 63.16% is below 63.2%']);
    expect(await run(policy("  reports: ['*.out', 'web/**/*.info']\n  exclude: ['**/*_mock.go']\n  total: 63.15\n"))).toEqual([]);
  });

  it('reads coverage.out when no reports are listed', async () => {
    const findings = await run(policy('  total: 50\n'));
    expect(findings.map((finding) => finding.message)).toEqual(['total coverage 45.0% is below 50%']);
  });

  it('does nothing, and reads nothing, when no threshold is set', async () => {
    expect(await run(policy('  reports: [missing.out]\n'))).toEqual([]);
  });
});

describe('coverage check: paths', () => {
  it('checks each glob against repository paths of every report and module', async () => {
    const findings = await run(
      policy(
        [
          '  reports: [coverage.out, web/reports/lcov.info]',
          "  exclude: ['**/*_mock.go']",
          '  paths:',
          "    'internal/**': 85",
          "    'tools/**': 100",
          "    'web/src/**': 75",
          "    'docs/**': 10",
          '',
        ].join('\n'),
      ),
    );
    expect(findings.map(({ rule, message, location }) => ({ rule, message, line: location.line }))).toEqual([
      { rule: 'coverage/path-unmatched', message: 'no code in the coverage reports matches docs/**, so its 10% threshold cannot be checked', line: 9 },
      { rule: 'coverage/path', message: 'coverage of internal/** is 60.0%, below 85%', line: 6 },
    ]);
  });

  it('ignores the locked flag the policy engine allows on every mapping', async () => {
    const findings = await run(policy("  paths: { locked: true, 'internal/**': 10 }\n"));
    expect(findings).toEqual([]);
  });

  it('resolves Cobertura file names against the source root where they exist, and merges reports by the highest count', async () => {
    // lcov has lines 1, 3, 4 covered; Cobertura only line 2: together all four lines are covered.
    expect(await run(policy("  reports: [reports/cobertura.xml]\n  paths: { 'web/src/**': 25.1 }\n"))).toMatchObject([
      { rule: 'coverage/path', message: 'coverage of web/src/** is 25.0%, below 25.1%' },
    ]);
    expect(await run(policy("  reports: [reports/cobertura.xml, web/reports/lcov.info]\n  paths: { 'web/src/**': 100 }\n"))).toEqual([]);
  });

  it('maps Go import paths when the root is a directory inside a module', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coverage-inner-'));
    mkdirSync(path.join(dir, 'svc', 'api'), { recursive: true });
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/big\n');
    writeFileSync(path.join(dir, 'svc', 'coverage.out'), 'mode: set\nexample.com/big/svc/api/a.go:1.1,2.2 3 1\nexample.com/big/other/b.go:1.1,2.2 1 0\n');
    const findings = await check.run(contextFor(path.join(dir, 'svc'), policy("  paths: { 'api/**': 100, 'other/**': 1 }\n")));
    rmSync(dir, { recursive: true, force: true });
    expect(findings.map((finding) => finding.message)).toEqual(['no code in the coverage reports matches other/**, so its 1% threshold cannot be checked']);
  });

  it('maps Go import paths with an explicit module mapping', async () => {
    const findings = await run(policy("  modules: { 'example.com/shop/tools': generators }\n  paths: { 'generators/**': 100, 'tools/**': 1 }\n"));
    expect(findings.map((finding) => finding.message)).toEqual(['no code in the coverage reports matches tools/**, so its 1% threshold cannot be checked']);
  });
});

describe('coverage check: input errors', () => {
  it('fails closed on a missing report, pointing at its entry in the policy', async () => {
    const error = await inputError(run(policy('  reports: [coverage.out, build/missing.out]\n  total: 80\n')));
    expect(error.message).toBe('coverage report build/missing.out does not exist');
    expect(error.location).toEqual({ file: 'goldenpath.yaml', line: 3, column: 27 });
    expect(error.fix).toContain('go test -coverprofile=build/missing.out');
    expect((await inputError(run(policy("  reports: ['build/*.out']\n  total: 80\n")))).message).toBe('no coverage report matches build/*.out');
  });

  it('refuses reports outside the repository', async () => {
    expect((await inputError(run(policy('  reports: [../repo/coverage.out]\n  total: 80\n')))).message).toBe('coverage report ../repo/coverage.out is outside the repository');
  });

  it('rejects a report in no known format, naming the formats', async () => {
    const error = await inputError(run(policy('  reports: [notes.txt]\n  total: 80\n')));
    expect(error.message).toBe('cannot tell the format of coverage report notes.txt');
    expect(error.fix).toContain('cobertura, go, istanbul-final, istanbul-summary, lcov');
  });

  it('parses with the declared format instead of detecting it', async () => {
    const error = await inputError(run(policy('  reports: [{ path: coverage.out, format: lcov }]\n  total: 80\n')));
    expect(error.message).toContain('not an lcov record');
    expect(error.location).toEqual({ file: 'coverage.out', line: 1 });
  });

  it('refuses a patch threshold without --base', async () => {
    const error = await inputError(run(policy('  total: 10\n  patch: 90\n')));
    expect(error.message).toBe('coverage.patch is set but no base to compare with was given');
    expect(error.location).toEqual({ file: 'goldenpath.yaml', line: 4, column: 3 });
    expect(error.fix).toBe('pass --base origin/main (the branch the change will merge into)');
  });

  it('refuses a total over reports without coverable code', async () => {
    const error = await inputError(run(policy("  exclude: ['**']\n  total: 10\n")));
    expect(error.message).toContain('contain no coverable code');
  });
});
