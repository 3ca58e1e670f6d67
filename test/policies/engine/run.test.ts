import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOnly, runChecks } from '../../../policies/engine/run.js';
import { isInputError } from '../../../policies/model/errors.js';
import { fakeCoverage, fakeDeps } from './fake-checks.js';

const now = new Date('2026-06-01T12:00:00Z');

describe('runChecks', () => {
  it('runs the checks whose section is present and says which ran', async () => {
    const deps = fakeDeps();
    const coverage = fakeCoverage();
    const report = await runChecks({ root: '/repo', checks: [coverage, deps], now, policyText: 'version: 1\ncoverage:\n  total: 80\n' });
    expect(report.checks).toEqual(['coverage']);
    expect(deps.contexts).toHaveLength(0);
    expect(report.notes).toEqual(['checks run: coverage', 'checks not run: deps (no "dependencies" section)']);
    expect(report.findings.map((f) => f.message)).toEqual(['target is 80%']);
  });

  it('hands each check its own slice, the whole policy, the clock, --base and the flags', async () => {
    const deps = fakeDeps();
    await runChecks({
      root: '/repo',
      checks: [deps],
      now,
      base: 'origin/main',
      flags: { 'osv-scanner': '/bin/osv' },
      policyText: 'version: 1\ndependencies:\n  npm:\n    deny:\n      - name: request\n        locked: true\n',
    });
    const context = deps.contexts[0]!;
    expect(context.options).toEqual({ scope: 'direct', npm: { deny: [{ name: 'request' }] } });
    expect(context.policy.document).toEqual({ version: 1, dependencies: context.options });
    expect(context.policy.locate(['dependencies', 'npm', 'deny', 0, 'name'])).toEqual({ file: 'goldenpath.yaml', line: 5, column: 9 });
    expect(context.now).toBe(now);
    expect(context.base).toBe('origin/main');
    expect(context.flags).toEqual({ 'osv-scanner': '/bin/osv' });
  });

  it('with --only runs just those checks, with defaults when their section is absent', async () => {
    const deps = fakeDeps();
    const coverage = fakeCoverage();
    const report = await runChecks({ root: '/repo', checks: [coverage, deps], only: ['deps'], now, policyText: 'version: 1\ncoverage:\n  total: 80\n' });
    expect(report.checks).toEqual(['deps']);
    expect(deps.contexts[0]?.options).toEqual({ scope: 'direct' });
    expect(report.notes).toContain('checks not run: coverage (not in --only)');
  });

  it('propagates a check that cannot read its input as an InputError', async () => {
    const run = runChecks({ root: '/repo', checks: [fakeCoverage('missing-input')], now, policyText: 'version: 1\ncoverage:\n  total: 80\n' });
    await expect(run).rejects.toSatisfy((error) => isInputError(error) && error.format().startsWith('goldenpath.yaml:3:5: coverage report'));
  });

  it('names the check when it fails for any other reason', async () => {
    const broken = fakeDeps(() => {
      throw new TypeError('boom');
    });
    const run = runChecks({ root: '/repo', checks: [broken], now, policyText: 'version: 1\ndependencies: {}\n' });
    await expect(run).rejects.toThrow('the deps check failed: boom');
  });

  it('sorts findings from all checks and the policy by file and line', async () => {
    const deps = fakeDeps(() => [
      { check: 'deps', rule: 'deps/denied', level: 'error', message: 'b', location: { file: 'package.json', line: 9 }, identity: ['b'] },
      { check: 'deps', rule: 'deps/denied', level: 'error', message: 'a', location: { file: 'go.mod', line: 3 }, identity: ['a'] },
    ]);
    const report = await runChecks({ root: '/repo', checks: [fakeCoverage(), deps], now, policyText: 'version: 1\ncoverage:\n  total: 1\ndependencies: {}\n' });
    expect(report.findings.map((f) => `${f.location.file}:${f.location.line ?? ''}`)).toEqual(['coverage/lcov.info:', 'go.mod:3', 'package.json:9']);
    expect(report.rules?.map((r) => r.id)).toEqual(['coverage/total', 'deps/denied']);
  });

  it('falls back to the shipped defaults and says so', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'goldenpath-nopolicy-'));
    const deps = fakeDeps();
    const report = await runChecks({ root, checks: [fakeCoverage(), deps], now });
    expect(report.notes[0]).toBe(
      'no goldenpath.yaml at the repository root: using the default policy shipped with goldenpath (create-service/policies/defaults/goldenpath.yaml)',
    );
    expect(report.checks).toEqual(['deps']);
    expect(JSON.stringify(deps.contexts[0]?.options)).toContain('github.com/dgrijalva/jwt-go');
  });

  it('refuses a policy that configures no check, naming the file and the sections it could set', async () => {
    const deps = fakeDeps();
    const run = runChecks({ root: '/repo', checks: [fakeCoverage(), deps], now, policyText: 'version: 1\n' });
    const error: unknown = await run.catch((rejection: unknown) => rejection);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toBe('goldenpath.yaml configures no checks: nothing to gate');
    expect(isInputError(error) && error.location).toEqual({ file: 'goldenpath.yaml', line: 1, column: 1 });
    expect(isInputError(error) && error.fix).toBe(
      'add at least one of the sections coverage, dependencies (docs/policy-reference.md), extend a policy that has them, or pass --only <check>',
    );
    expect(deps.contexts).toHaveLength(0);
  });

  it('rejects an unknown --only id listing the valid ones', () => {
    expect(() => parseOnly('deps,licence')).toThrow(/unknown check in --only: licence/);
    try {
      parseOnly('licence');
    } catch (error) {
      expect(isInputError(error) && error.fix).toBe('use any of: config, coverage, deps, vulns');
    }
    expect(parseOnly(' deps, vulns ,deps')).toEqual(['deps', 'vulns']);
  });
});
