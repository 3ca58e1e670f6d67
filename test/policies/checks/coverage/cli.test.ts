import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtures, repoRoot } from '../../coverage-formats/helpers.js';

// The shipped bin (dist/, built by the global setup) on the fixture repository.
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function goldenpath(policy: string, args: string[] = [], prepare?: (dir: string) => void) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coverage-cli-'));
  dirs.push(dir);
  cpSync(path.join(fixtures, 'repo'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'goldenpath.yaml'), policy);
  prepare?.(dir);
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'generators', 'cli', 'goldenpath.js'), 'check', dir, '--only', 'coverage', ...args], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('goldenpath check --only coverage', () => {
  it('exits 1 with the failing thresholds at their policy lines', () => {
    const { status, output } = goldenpath('version: 1\ncoverage:\n  reports: [coverage.out, web/reports/lcov.info]\n  total: 80\n  paths:\n    "internal/**": 85\n');
    expect(status).toBe(1);
    expect(output).toContain('goldenpath.yaml:4:3');
    expect(output).toContain('total coverage 50.0% is below 80%');
    expect(output).toContain('goldenpath.yaml:6:5');
    expect(output).toContain('coverage of internal/** is 40.0%, below 85%');
  });

  it('exits 0 when every threshold is met', () => {
    expect(goldenpath('version: 1\ncoverage:\n  reports: [coverage.out, web/reports/lcov.info]\n  total: 50\n').status).toBe(0);
  });

  it('exits 1 listing uncovered changed lines with --base', () => {
    const git = (dir: string, ...args: string[]) =>
      spawnSync('git', args, {
        cwd: dir,
        env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_GLOBAL: '/dev/null' },
      });
    const { status, output } = goldenpath('version: 1\ncoverage:\n  reports: [coverage.out]\n  patch: 90\n', ['--base', 'main'], (dir) => {
      mkdirSync(path.join(dir, 'internal', 'orders'), { recursive: true });
      writeFileSync(path.join(dir, 'internal', 'orders', 'orders.go'), 'package orders\n\n');
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'add', '.');
      git(dir, 'commit', '-q', '-m', 'base');
      // The profile's blocks cover lines 3-5 (run) and 6-8 (not run).
      writeFileSync(path.join(dir, 'internal', 'orders', 'orders.go'), 'package orders\n\nfunc A() {\n\ta()\n}\nfunc B() {\n\tb()\n}\n');
    });
    expect(status).toBe(1);
    expect(output).toContain('patch coverage 50.0% is below 90% (3 of 6 changed lines covered since main)');
    expect(output).toContain('internal/orders/orders.go:6');
    expect(output).toContain('3 changed lines not covered by tests: 6-8');
  });

  it('exits 2 with the fix when a patch threshold has no --base', () => {
    const { status, output } = goldenpath('version: 1\ncoverage:\n  patch: 80\n');
    expect(status).toBe(2);
    expect(output).toContain('coverage.patch is set but no base to compare with was given');
    expect(output).toContain('pass --base origin/main');
  });

  it('exits 2 when the coverage section gates nothing, and when --only coverage finds no section', () => {
    const { status, output } = goldenpath('version: 1\ncoverage:\n  reports: [coverage.out]\n');
    expect(status).toBe(2);
    expect(output).toContain('goldenpath.yaml:2:1: coverage sets no total, paths or patch: nothing to gate');
    const absent = goldenpath('version: 1\n');
    expect(absent.output).toContain('coverage sets no total, paths or patch: nothing to gate');
    expect(absent.status).toBe(2);
  });

  it('exits 2 naming the report line when a report names code outside the repository', () => {
    const { status, output } = goldenpath('version: 1\ncoverage:\n  reports: [foreign.out]\n  total: 10\n', [], (dir) => {
      writeFileSync(path.join(dir, 'foreign.out'), 'mode: set\nexample.com/shop/cmd/api/main.go:1.1,2.2 2 0\nother.org/zzz/a.go:1.1,2.2 9 1\n');
    });
    expect(status).toBe(2);
    expect(output).toContain('foreign.out:3: coverage report foreign.out names other.org/zzz/a.go, which no Go module of the repository contains');
  });

  it('exits 2 saying so when --base is used outside a git repository', () => {
    const { status, output } = goldenpath('version: 1\ncoverage:\n  reports: [coverage.out]\n  patch: 80\n', ['--base', 'HEAD']);
    expect(status).toBe(2);
    expect(output).toContain('the repository root is not inside a git work tree');
    expect(output).not.toContain('its history available');
  });

  it('exits 2 naming the report line when a report is malformed', () => {
    const { status, output } = goldenpath('version: 1\ncoverage:\n  reports: [{ path: web/reports/lcov.info, format: go }]\n  total: 80\n');
    expect(status).toBe(2);
    expect(output).toContain('web/reports/lcov.info:1');
    expect(output).toContain('Go cover profile must start with a "mode:" line');
  });
});
