import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../../policies/engine/resolve-policy.js';
import { fakeCoverage, fakeDeps } from './fake-checks.js';
import { fixture, inputErrorOf, npmFixtureRepo } from './helpers.js';

const checks = [fakeCoverage(), fakeDeps()];

describe('extends', () => {
  it('applies local bases depth-first, relative to the extending file, the repository file last', () => {
    const root = fixture('extends-local');
    const policy = resolvePolicy({ root, checks });
    expect(policy.layers.map((layer) => layer.displayFile)).toEqual(['org/base.yaml', 'org/security.yaml', 'goldenpath.yaml']);
    expect(policy.document).toEqual({
      version: 1,
      coverage: { total: 85, reports: ['coverage/lcov.info'] },
      dependencies: {
        scope: 'all',
        npm: {
          deny: [
            { name: 'request', reason: 'deprecated' },
            { name: 'event-stream', versions: '3.3.6', reason: 'malicious release' },
            { name: 'moment', reason: 'use Intl' },
          ],
        },
      },
    });
  });

  it('locates each key in the layer that defined it last', () => {
    const policy = resolvePolicy({ root: fixture('extends-local'), checks });
    expect(policy.view.locate(['coverage', 'total'])).toEqual({ file: 'goldenpath.yaml', line: 5, column: 3 });
    expect(policy.view.locate(['dependencies', 'scope'])).toEqual({ file: 'org/security.yaml', line: 4, column: 3 });
    expect(policy.view.locate(['dependencies', 'npm', 'deny', 0, 'name'])).toEqual({ file: 'org/base.yaml', line: 8, column: 9 });
    expect(policy.view.locate(['dependencies', 'npm', 'deny', 2])).toEqual({ file: 'goldenpath.yaml', line: 10, column: 9 });
    // A key nobody wrote points at the closest enclosing key that exists.
    expect(policy.view.locate(['coverage', 'patch'])).toEqual({ file: 'goldenpath.yaml', line: 4, column: 1 });
  });

  it('resolves npm packages from the repository: goldenpath.yaml at the root, or the file named by package.json "goldenpath"', () => {
    const root = npmFixtureRepo();
    const policy = resolvePolicy({ root, checks });
    expect(policy.layers.map((layer) => layer.displayFile)).toEqual([
      'node_modules/@acme/goldenpath-policy/goldenpath.yaml',
      'node_modules/field-policy/policies/strict.yaml',
      'goldenpath.yaml',
    ]);
    expect(policy.document).toEqual({
      version: 1,
      coverage: { total: 90 },
      dependencies: {
        scope: 'direct',
        go: {
          deny: [
            { name: 'github.com/dgrijalva/jwt-go', reason: 'unmaintained' },
            { name: 'github.com/satori/go.uuid', reason: 'insecure randomness' },
          ],
        },
      },
    });
  });

  it('names the chain of a cycle', () => {
    const error = inputErrorOf({ root: fixture('extends-cycle'), checks });
    expect(error.format()).toBe(
      'b.yaml:2:11: extends cycle: a.yaml -> b.yaml -> a.yaml\n  fix: remove one of the extends entries so the policies form a chain, not a loop',
    );
  });

  it('reports a missing local file at the extends entry', () => {
    const error = inputErrorOf({ root: fixture('extends-missing'), checks });
    expect(error.location).toEqual({ file: 'goldenpath.yaml', line: 3, column: 5 });
    expect(error.message).toBe('extends: "./org/missing.yaml" not found (looked for org/missing.yaml)');
  });

  it('reports a package that is not installed, with the install command', () => {
    const error = inputErrorOf({ root: fixture('extends-missing-package'), checks });
    expect(error.location).toEqual({ file: 'goldenpath.yaml', line: 3, column: 5 });
    expect(error.message).toBe('extends: package "@acme/not-installed" is not installed in this repository');
    expect(error.fix).toBe('add it with "npm install --save-dev @acme/not-installed", or correct the name');
  });

  it('rejects extends that is not a list of names', () => {
    expect(inputErrorOf({ root: '/repo', checks, text: 'version: 1\nextends: ./base.yaml\n' }).format()).toMatch(
      /^goldenpath\.yaml:2:10: extends must be a list of files or npm packages, got "\.\/base\.yaml"/,
    );
    expect(inputErrorOf({ root: '/repo', checks, text: 'version: 1\nextends: [42]\n' }).location).toEqual({ file: 'goldenpath.yaml', line: 2, column: 11 });
  });
});
