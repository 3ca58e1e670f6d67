import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { check } from '../../../../policies/checks/coverage/index.js';

// The policy engine validates with ajv (draft 2020-12, strict); the slice must compile there and say what it accepts.
function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, useDefaults: true });
  return ajv.compile(check.meta.schema);
}

describe('coverage check metadata', () => {
  it('declares its id, policy key, docs and a message per rule', () => {
    expect(check.meta).toMatchObject({ id: 'coverage', policyKey: 'coverage', docsUrl: 'docs/checks/coverage.md' });
    expect(Object.keys(check.meta.messages).sort()).toEqual([
      'coverage/patch',
      'coverage/patch-lines',
      'coverage/path',
      'coverage/path-unmatched',
      'coverage/total',
    ]);
  });

  it('accepts the documented policy and fills in the default report', () => {
    const validate = validator();
    const policy: Record<string, unknown> = {
      total: 80,
      paths: { 'internal/**': 85 },
      patch: 90,
      exclude: ['**/*_mock.go'],
      modules: { 'example.com/shop/tools': 'tools' },
    };
    expect(validate(policy), JSON.stringify(validate.errors)).toBe(true);
    expect(policy.reports).toEqual(['coverage.out']);
    expect(validate({ reports: ['coverage.out', { path: 'web/lcov.info', format: 'lcov' }], total: 80 })).toBe(true);
  });

  it('rejects thresholds outside 0–100, unknown formats and unknown keys', () => {
    const validate = validator();
    expect(validate({ total: 101 })).toBe(false);
    expect(validate({ paths: { 'a/**': -1 } })).toBe(false);
    expect(validate({ reports: [{ path: 'x', format: 'jacoco' }] })).toBe(false);
    expect(validate({ treshold: 80 })).toBe(false);
    expect(validate({ reports: [] })).toBe(false);
  });
});
