import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../../policies/checks/config/index.js';
import { parseConfig } from '../../../../policies/config-formats/index.js';
import { compileInline, runFixture, summarize } from './helpers.js';

describe('config/missing-key and config/type-mismatch', () => {
  test('reports each key missing from an environment, at its enclosing mapping, with where the others set it', async () => {
    const findings = await runFixture('parity');
    expect(summarize(findings.filter((f) => f.rule === 'config/missing-key'))).toEqual([
      {
        rule: 'config/missing-key',
        at: 'config/prod.yaml:1',
        message: 'prod: cache is missing from config/prod.yaml but set in dev (config/dev.yaml:5) and staging (config/staging.yaml:4)',
      },
      {
        rule: 'config/missing-key',
        at: 'config/staging.yaml:1',
        message:
          'staging: http.write_timeout is missing from config/staging.yaml but set in dev (config/dev.yaml:4) and prod (config/prod.yaml:4)',
      },
    ]);
  });

  test('a missing finding points at every environment that has the key', async () => {
    const findings = await runFixture('parity');
    const missing = findings.find((f) => f.message.startsWith('staging: http.write_timeout'));
    expect(missing?.related?.map((r) => `${r.location.file}:${r.location.line ?? ''}`)).toEqual(['config/dev.yaml:4', 'config/prod.yaml:4']);
    expect(missing?.identity).toEqual(['config/staging.yaml', 'staging', 'http.write_timeout']);
  });

  test('reports a type that differs from the other environments, durations as strings included', async () => {
    const findings = await runFixture('parity');
    expect(summarize(findings.filter((f) => f.rule === 'config/type-mismatch'))).toEqual([
      {
        rule: 'config/type-mismatch',
        at: 'config/prod.yaml:3',
        message:
          'prod: http.handler_timeout is a number here (config/prod.yaml:3) but a duration string in dev (config/dev.yaml:3) and a duration string in staging (config/staging.yaml:3)',
      },
      {
        rule: 'config/type-mismatch',
        at: 'config/staging.yaml:7',
        message: 'staging: retries is a string here (config/staging.yaml:7) but a number in dev (config/dev.yaml:10) and a number in prod (config/prod.yaml:5)',
      },
    ]);
  });

  test('env_specific keys and globs (tracing.endpoint, features.*) may be absent anywhere', async () => {
    const findings = await runFixture('parity');
    expect(findings.filter((f) => /tracing|features/.test(f.message))).toEqual([]);
  });

  test('a mapping in one environment and a scalar in another is one type mismatch, not one finding per nested key', () => {
    const policy = compileInline({ environments: { dev: 'dev.yaml', prod: 'prod.yaml' } });
    const findings = evaluate(
      [
        { name: 'dev', document: parseConfig('cache:\n  ttl: 5m\n  size: 1MiB\n', 'dev.yaml') },
        { name: 'prod', document: parseConfig('cache: off\n', 'prod.yaml') },
      ],
      policy,
    );
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/type-mismatch',
        at: 'prod.yaml:1',
        message: 'prod: cache is a string here (prod.yaml:1) but a mapping in dev (dev.yaml:1)',
      },
    ]);
  });
});
