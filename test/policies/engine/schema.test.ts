import { describe, expect, it } from 'vitest';
import { loadAllChecks } from '../../../policies/checks/index.js';
import { resolvePolicy } from '../../../policies/engine/resolve-policy.js';
import { compileValidator, composePolicySchema } from '../../../policies/engine/schema.js';
import { fakeCoverage, fakeDeps } from './fake-checks.js';
import { fixture, inputErrorOf, problemsOf } from './helpers.js';

const checks = [fakeCoverage(), fakeDeps()];

describe('policy schema validation', () => {
  it('names file, line, column and what was expected for every mistake', () => {
    const root = fixture('schema-errors');
    expect(problemsOf({ root, checks })).toEqual([
      'goldenpath.yaml:3:10: coverage.total must be a number between 0 and 100, got "eighty"',
      'goldenpath.yaml:4:3: unknown key in coverage: "reprots"; expected one of: total, reports, locked',
      'goldenpath.yaml:6:10: dependencies.scope must be one of: "direct", "all", got "everything"',
      'goldenpath.yaml:9:15: dependencies.npm.deny[0].name must be a non-empty string, got ""',
      'goldenpath.yaml:11:9: dependencies.npm.deny[1] is missing the required key "name"',
      'goldenpath.yaml:12:1: unknown top-level key "unknown"; expected one of: version, extends, coverage, dependencies',
    ]);
  });

  it('prints every problem with its position and the fix', () => {
    const error = inputErrorOf({ root: fixture('schema-errors'), checks });
    expect(error.format()).toContain('the policy has 6 problems:\n  goldenpath.yaml:3:10: coverage.total must be');
    expect(error.format()).toContain('fix: ');
  });

  it('rejects a missing or wrong version at its line', () => {
    expect(inputErrorOf({ root: '/repo', checks, text: 'coverage:\n  total: 80\n' }).format()).toBe(
      'goldenpath.yaml:1:1: the policy has no "version"\n  fix: add "version: 1" at the top of the file',
    );
    expect(inputErrorOf({ root: '/repo', checks, text: 'version: 2\n' }).format()).toMatch(/^goldenpath\.yaml:1:10: version must be 1, got 2/);
  });

  it('reports YAML syntax errors with their position', () => {
    const error = inputErrorOf({ root: '/repo', checks, text: 'version: 1\ncoverage:\n  total: [80\n' });
    expect(error.location).toMatchObject({ file: 'goldenpath.yaml', line: 4 });
    expect(error.message).toMatch(/^invalid YAML/);
  });

  it('rejects duplicate keys instead of silently keeping one', () => {
    const error = inputErrorOf({ root: '/repo', checks, text: 'version: 1\ncoverage:\n  total: 80\n  total: 10\n' });
    expect(error.location).toMatchObject({ file: 'goldenpath.yaml', line: 4, column: 3 });
  });

  it('rejects a document that is not a mapping', () => {
    expect(inputErrorOf({ root: '/repo', checks, text: '- version: 1\n' }).message).toBe('the policy must be a mapping with "version: 1" at the top, got a list');
    expect(inputErrorOf({ root: '/repo', checks, text: '' }).message).toBe('the policy must be a mapping with "version: 1" at the top, got nothing');
  });
});

describe('composed schema', () => {
  it('places each registered check under its policy key and compiles', async () => {
    const registered = await loadAllChecks();
    const schema = composePolicySchema(registered);
    const properties = schema.properties as Record<string, unknown>;
    expect(Object.keys(properties).sort()).toEqual(['config', 'coverage', 'dependencies', 'extends', 'version', 'vulnerabilities']);
    expect(() => compileValidator(schema)).not.toThrow();
  });

  it('accepts locked: true on every mapping without the checks declaring it', () => {
    const validate = compileValidator(composePolicySchema(checks));
    expect(validate({ version: 1, coverage: { total: 80, locked: true }, dependencies: { locked: true, npm: { locked: true, deny: [{ name: 'x', locked: true }] } } })).toEqual([]);
    expect(validate({ version: 1, coverage: { total: 80, locked: 'yes' } })).not.toEqual([]);
  });

  it('fills in schema defaults so checks see them', () => {
    const validate = compileValidator(composePolicySchema(checks));
    const document = { version: 1, dependencies: {} };
    validate(document);
    expect(document.dependencies).toEqual({ scope: 'direct' });
  });
});

describe('YAML features', () => {
  it('honours anchors and merge keys', () => {
    const policy = resolvePolicy({
      root: '/repo',
      checks,
      text: 'version: 1\ndependencies:\n  npm:\n    deny:\n      - &moment { name: moment, reason: use Intl }\n      - <<: *moment\n        name: moment-timezone\n',
    });
    expect(policy.document.dependencies).toEqual({
      scope: 'direct',
      npm: { deny: [{ name: 'moment', reason: 'use Intl' }, { name: 'moment-timezone', reason: 'use Intl' }] },
    });
  });
});

describe('errors from the real check schemas', () => {
  it('points a bad mapping key at the key itself', async () => {
    const { loadAllChecks: load } = await import('../../../policies/checks/index.js');
    const error = inputErrorOf({ root: '/repo', checks: await load(), text: 'version: 1\nconfig:\n  environments:\n    "bad env": config/dev.yaml\n' });
    expect(error.format()).toContain('goldenpath.yaml:4:5: config.environments has an invalid key "bad env": keys must be a string matching /');
  });
});
