import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedLinesSince } from '../../../../policies/checks/coverage/git-diff.js';
import { check } from '../../../../policies/checks/coverage/index.js';
import { InputError } from '../../../../policies/model/errors.js';
import { run } from '../../coverage-formats/helpers.js';
import { contextFor } from './helpers.js';

// A real git repository and a real Go cover profile: main has calc.go with an
// untested Add; the feature branch adds Sign (tested for one branch only) and
// an untracked extra.go (untested); after the branch point main rewrites Add,
// which must not count as a change of the branch (merge-base, not main's tip).
const gitEnv = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const goEnv = { GOTOOLCHAIN: 'local', GOFLAGS: '', GOWORK: 'off' };

const add = 'package calc\n\n// Add adds.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n';
const sign = '\n// Sign names the sign of n.\nfunc Sign(n int) string {\n\tif n < 0 {\n\t\treturn "negative"\n\t}\n\treturn "non-negative"\n}\n';

let repo: string;

function write(file: string, content: string): void {
  writeFileSync(path.join(repo, file), content);
}

function git(...args: string[]): string {
  return run('git', args, repo, gitEnv);
}

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'coverage-patch-'));
  git('init', '-q', '-b', 'main');
  run('mkdir', ['calc'], repo);
  write('go.mod', 'module example.com/p\n\ngo 1.22\n');
  write('calc/calc.go', add);
  write('README.md', '# p\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');

  git('checkout', '-q', '-b', 'feature');
  write('calc/calc.go', add + sign);
  write('calc/calc_test.go', 'package calc\n\nimport "testing"\n\nfunc TestSign(t *testing.T) {\n\tif Sign(1) != "non-negative" {\n\t\tt.Fatal()\n\t}\n}\n');
  git('add', '.');
  git('commit', '-q', '-m', 'add Sign');

  git('checkout', '-q', 'main');
  write('calc/calc.go', add.replace('a + b', 'b + a'));
  git('commit', '-q', '-am', 'rewrite Add on main');
  git('checkout', '-q', 'feature');

  // Uncommitted and untracked work counts too.
  write('README.md', '# p\n\nNow with Sign.\n');
  write('calc/extra.go', 'package calc\n\n// Double doubles.\nfunc Double(n int) int {\n\treturn n * 2\n}\n');
  run('go', ['test', '-covermode=set', '-coverprofile=coverage.out', './...'], repo, goEnv);
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('changed lines since the merge base', () => {
  it('lists added lines of committed and uncommitted changes, and untracked files as new in full', async () => {
    const changed = await changedLinesSince(repo, 'main');
    expect(Object.fromEntries(changed)).toEqual({
      'README.md': [2, 3],
      'calc/calc.go': [7, 8, 9, 10, 11, 12, 13, 14],
      'calc/calc_test.go': [1, 2, 3, 4, 5, 6, 7, 8, 9],
      'calc/extra.go': 'all',
      'coverage.out': 'all',
    });
  });

  it('keeps to the root directory when it is a subdirectory of the repository', async () => {
    const changed = await changedLinesSince(path.join(repo, 'calc'), 'main');
    expect(Object.fromEntries(changed)).toEqual({
      'calc.go': [7, 8, 9, 10, 11, 12, 13, 14],
      'calc_test.go': [1, 2, 3, 4, 5, 6, 7, 8, 9],
      'extra.go': 'all',
    });
  });

  it('turns an unknown base into an InputError that explains how to fetch it', async () => {
    const error: unknown = await changedLinesSince(repo, 'origin/nope').catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^git merge-base failed: /);
    expect((error as InputError).fix).toContain('fetch-depth: 0');
  });

  it('says the root is not a git repository instead of asking to fetch history', async () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'coverage-nogit-'));
    try {
      const error: unknown = await changedLinesSince(plain, 'main').catch((rejection: unknown) => rejection);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe('patch coverage needs git history, but the repository root is not inside a git work tree');
      expect((error as InputError).fix).toContain('run goldenpath check in a git clone of the repository');
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('refuses a base that git would read as an option, writing nothing', async () => {
    const error: unknown = await changedLinesSince(repo, '--output=injected.txt').catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('--base --output=injected.txt is not a git ref: refs cannot start with "-"');
    expect(existsSync(path.join(repo, 'injected.txt'))).toBe(false);
  });
});

describe('patch coverage', () => {
  const policy = '  reports: [coverage.out]\n  patch: 90\n';

  it('fails with a summary at the policy line and the uncovered changed lines per file', async () => {
    const findings = await check.run(contextFor(repo, `version: 1\ncoverage:\n${policy}`, 'main'));
    expect(findings.map(({ rule, message, location }) => ({ rule, message, location }))).toEqual([
      {
        rule: 'coverage/patch',
        message: 'patch coverage 37.5% is below 90% (3 of 8 changed lines covered since main)',
        location: { file: 'goldenpath.yaml', line: 4, column: 3 },
      },
      { rule: 'coverage/patch-lines', message: '2 changed lines not covered by tests: 11-12', location: { file: 'calc/calc.go', line: 11 } },
      { rule: 'coverage/patch-lines', message: '3 changed lines not covered by tests: 4-6', location: { file: 'calc/extra.go', line: 4 } },
    ]);
  });

  it('passes at or above the threshold', async () => {
    expect(await check.run(contextFor(repo, 'version: 1\ncoverage:\n  patch: 37.5\n', 'main'))).toEqual([]);
  });

  it('fails closed when git cannot find the base', async () => {
    const error: unknown = await check.run(contextFor(repo, `version: 1\ncoverage:\n${policy}`, 'no-such-branch')).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(InputError);
  });
});
