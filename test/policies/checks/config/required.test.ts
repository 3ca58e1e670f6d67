import { describe, expect, test } from 'vitest';
import { runFixture, summarize } from './helpers.js';

describe('config/required-key', () => {
  test('reports a required key that is missing or null, once, instead of also as a parity finding', async () => {
    const findings = await runFixture('required');
    expect(summarize(findings)).toEqual([
      { rule: 'config/required-key', at: 'config/prod.yaml:2', message: 'prod: required key http.port is null in config/prod.yaml' },
      { rule: 'config/required-key', at: 'config/staging.yaml:3', message: 'staging: required key db.url is missing in config/staging.yaml' },
    ]);
  });

  test('points back at the policy line that requires the key', async () => {
    const findings = await runFixture('required');
    expect(findings[1]?.related).toEqual([
      { location: { file: 'goldenpath.yaml', line: 5, column: 7 }, message: 'db.url is required by the policy' },
    ]);
  });
});
