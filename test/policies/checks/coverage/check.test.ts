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

  it('refuses a section that sets no threshold, at the coverage key, before reading any report', async () => {
    const error = await inputError(run(policy('  reports: [missing.out]\n')));
    expect(error.message).toBe('coverage sets no total, paths or patch: nothing to gate');
    expect(error.location).toEqual({ file: 'goldenpath.yaml', line: 2, column: 1 });
    expect(error.fix).toContain('set coverage.total, coverage.paths or coverage.patch');
    // A paths mapping holding only the engine's `locked` flag gates nothing either.
    expect((await inputError(run(policy('  paths: { locked: true }\n')))).message).toBe('coverage sets no total, paths or patch: nothing to gate');
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
    const svc = path.join(dir, 'svc');
    try {
      // other/b.go lies outside the checked root: counting it would move the total by code no glob can reach.
      const error = await inputError(check.run(contextFor(svc, policy("  paths: { 'api/**': 100, 'other/**': 1 }\n"))));
      expect(error.message).toBe('coverage report coverage.out names example.com/big/other/b.go, which no Go module of the repository contains');
      expect(error.location).toEqual({ file: 'coverage.out', line: 3 });
      expect(error.fix).toContain('add "example.com/big/other/**" to coverage.exclude');
      const findings = await check.run(
        contextFor(svc, policy("  exclude: ['example.com/big/other/**']\n  paths: { 'api/**': 100, 'other/**': 1 }\n")),
      );
      expect(findings.map((finding) => finding.message)).toEqual(['no code in the coverage reports matches other/**, so its 1% threshold cannot be checked']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps Go import paths with an explicit module mapping', async () => {
    const findings = await run(policy("  modules: { 'example.com/shop/tools': generators }\n  paths: { 'generators/**': 100, 'tools/**': 1 }\n"));
    expect(findings.map((finding) => finding.message)).toEqual(['no code in the coverage reports matches tools/**, so its 1% threshold cannot be checked']);
  });
});

describe('coverage check: report paths from another machine or module', () => {
  /** A repository with src/a.ts and src/b.ts, and an lcov report naming a.ts by a CI workspace's absolute path. */
  function workspace(reports: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'coverage-foreign-'));
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'a.ts'), 'a\nb\n');
    writeFileSync(path.join(dir, 'src', 'b.ts'), 'a\nb\n');
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/shop\n');
    writeFileSync(path.join(dir, 'main.go'), 'package main\n');
    for (const [file, text] of Object.entries(reports)) writeFileSync(path.join(dir, file), text);
    return dir;
  }
  const ciLcov = 'TN:\nSF:/home/runner/work/shop/shop/src/a.ts\nDA:1,1\nDA:2,0\nend_of_record\nSF:src/b.ts\nDA:1,1\nDA:2,1\nend_of_record\n';

  async function runIn(dir: string, coverage: string): Promise<Finding[]> {
    try {
      return await check.run(contextFor(dir, policy(coverage)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('maps an absolute CI path to the file it ends with, so path globs see it', async () => {
    // src/a.ts is 1 of 2 covered: src/** is at 75%, not the 100% it would read if a.ts were left out.
    const findings = await runIn(workspace({ 'lcov.info': ciLcov }), "  reports: [lcov.info]\n  paths: { 'src/**': 90, 'src/a.ts': 50 }\n");
    expect(findings.map((finding) => finding.message)).toEqual(['coverage of src/** is 75.0%, below 90%']);
  });

  it('fails closed on an absolute path that names no file of the repository, naming the report line and the fix', async () => {
    const report = 'TN:\nSF:src/b.ts\nDA:1,1\nend_of_record\nSF:/home/runner/work/shop/shop/gen/z.ts\nDA:1,0\nend_of_record\n';
    const error = await inputError(runIn(workspace({ 'lcov.info': report }), '  reports: [lcov.info]\n  total: 40\n'));
    expect(error.message).toBe('coverage report lcov.info names /home/runner/work/shop/shop/gen/z.ts, which is not a file of the repository');
    expect(error.location).toEqual({ file: 'lcov.info', line: 5 });
    expect(error.fix).toContain('run the tests from the repository root');
    expect(error.fix).toContain('coverage.exclude');
  });

  it('fails closed on a Go import path no module of the repository claims, instead of counting it in the total', async () => {
    const profile = 'mode: set\nexample.com/shop/main.go:1.1,2.2 1 0\nother.org/zzz/a.go:1.1,2.2 9 1\n';
    const error = await inputError(runIn(workspace({ 'coverage.out': profile }), '  total: 50\n'));
    expect(error.message).toBe('coverage report coverage.out names other.org/zzz/a.go, which no Go module of the repository contains');
    expect(error.location).toEqual({ file: 'coverage.out', line: 3 });
    expect(error.fix).toContain('coverage.modules (e.g. { "other.org/zzz": "<directory>" })');
  });

  it('maps a Go profile written outside a module (_/<absolute path>) by the same suffix rule', async () => {
    const profile = 'mode: set\n_/home/ci/shop/main.go:1.1,2.2 1 0\n';
    const findings = await runIn(workspace({ 'coverage.out': profile }), "  paths: { 'main.go': 50 }\n");
    expect(findings.map((finding) => finding.message)).toEqual(['coverage of main.go is 0.0%, below 50%']);
  });

  it('leaves out a foreign path the policy excludes, as written', async () => {
    const profile = 'mode: set\nexample.com/shop/main.go:1.1,2.2 1 0\nother.org/zzz/a.go:1.1,2.2 9 1\n';
    const findings = await runIn(workspace({ 'coverage.out': profile }), "  exclude: ['other.org/**']\n  total: 50\n");
    expect(findings.map((finding) => finding.message)).toEqual(['total coverage 0.0% is below 50%']);
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
