import { describe, expect, test } from 'vitest';
import { runFixture, summarize } from './helpers.js';

const constraintRules = new Set(['config/constraint', 'config/incomparable', 'config/unresolved-key', 'config/wildcard-unmatched']);

describe('config/constraint', () => {
  test('checks in, not, pattern, min and max per environment, with units, in YAML and JSON files', async () => {
    const findings = (await runFixture('constraints')).filter((f) => constraintRules.has(f.rule));
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/unresolved-key',
        at: 'config/prod.json:1',
        message: 'prod: cache.ttl is absent from config/prod.json, so `cache.ttl <= 1h` cannot be checked',
      },
      {
        rule: 'config/wildcard-unmatched',
        at: 'config/prod.json:1',
        message: 'prod: queues.*.size matches no key in config/prod.json, so `queues.*.size <= 100` cannot be checked',
      },
      { rule: 'config/constraint', at: 'config/prod.json:3', message: 'prod: http.port (70000, config/prod.json:3) must be <= 65535' },
      { rule: 'config/constraint', at: 'config/prod.json:4', message: 'prod: http.max_body (20MiB, config/prod.json:4) must be <= 10MiB' },
      {
        rule: 'config/incomparable',
        at: 'config/prod.json:5',
        message:
          'prod: cannot compare http.read_timeout (2, config/prod.json:5) with 1s in `http.read_timeout >= 1s`: http.read_timeout is a number and 1s is a duration',
      },
      {
        rule: 'config/constraint',
        at: 'config/prod.json:7',
        message: 'prod: log.level (debug, config/prod.json:7) must be one of info, warn, error',
      },
      { rule: 'config/constraint', at: 'config/prod.json:7', message: 'prod: log.level (debug, config/prod.json:7) must not be debug' },
      {
        rule: 'config/constraint',
        at: 'config/prod.json:8',
        message: 'prod: tracing.endpoint (http://otel.example.com, config/prod.json:8) must match ^https://',
      },
      { rule: 'config/constraint', at: 'config/prod.json:9', message: 'prod: clients.a.timeout (10s, config/prod.json:9) must be <= 5s' },
      {
        rule: 'config/wildcard-unmatched',
        at: 'config/staging.yaml:1',
        message: 'staging: queues.*.size matches no key in config/staging.yaml, so `queues.*.size <= 100` cannot be checked',
      },
      {
        rule: 'config/constraint',
        at: 'config/staging.yaml:4',
        message: 'staging: http.read_timeout (500ms, config/staging.yaml:4) must be >= 1s',
      },
    ]);
  });

  test('a plain byte count satisfies a byte-size bound (1048576 <= 10MiB)', async () => {
    const findings = await runFixture('constraints');
    expect(findings.filter((f) => f.rule === 'config/constraint' && f.message.startsWith('staging: http.max_body'))).toEqual([]);
  });

  test('each constraint finding points at the policy line that declares it', async () => {
    const findings = await runFixture('constraints');
    const port = findings.find((f) => f.message.startsWith('prod: http.port'));
    expect(port?.related).toEqual([
      { location: { file: 'goldenpath.yaml', line: 6, column: 7 }, message: '`http.port >= 1 and http.port <= 65535` is declared here' },
    ]);
    expect(port?.identity).toEqual(['config/prod.json', 'prod', 'http.port', 'max']);
  });
});
