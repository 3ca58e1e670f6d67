import { describe, expect, test } from 'vitest';
import { evaluate } from '../../../../policies/checks/config/index.js';
import type { LoadedEnvironment } from '../../../../policies/checks/config/index.js';
import { parseConfig } from '../../../../policies/config-formats/index.js';
import { compileInline, runFixture, summarize } from './helpers.js';

describe('config/invariant', () => {
  test('evaluates every invariant in every environment with units, wildcards and chains', async () => {
    const findings = await runFixture('invariants');
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/wildcard-unmatched',
        at: 'config/dev.yaml:1',
        message: 'dev: queues.*.size matches no key in config/dev.yaml, so `queues.*.size >= 1` cannot be checked',
      },
      {
        rule: 'config/incomparable',
        at: 'config/dev.yaml:5',
        message:
          'dev: cannot compare http.max_body (1MiB, config/dev.yaml:5) with http.handler_timeout (10s, config/dev.yaml:2) in `http.max_body > http.handler_timeout`: http.max_body is a byte size and http.handler_timeout is a duration',
      },
      {
        rule: 'config/wildcard-unmatched',
        at: 'config/prod.yaml:1',
        message: 'prod: queues.*.size matches no key in config/prod.yaml, so `queues.*.size >= 1` cannot be checked',
      },
      {
        rule: 'config/invariant',
        at: 'config/prod.yaml:2',
        message: 'prod: http.handler_timeout (15s, config/prod.yaml:2) must be > clients.payments.timeout (20s, config/prod.yaml:8)',
      },
      {
        rule: 'config/invariant',
        at: 'config/prod.yaml:3',
        message: 'prod: http.write_timeout (10s, config/prod.yaml:3) must be > http.handler_timeout (15s, config/prod.yaml:2)',
      },
      {
        rule: 'config/invariant',
        at: 'config/prod.yaml:4',
        message: 'prod: http.read_timeout (1m30s, config/prod.yaml:4) must be <= http.write_timeout (10s, config/prod.yaml:3)',
      },
      {
        rule: 'config/incomparable',
        at: 'config/prod.yaml:5',
        message:
          'prod: cannot compare http.max_body (16MiB, config/prod.yaml:5) with http.handler_timeout (15s, config/prod.yaml:2) in `http.max_body > http.handler_timeout`: http.max_body is a byte size and http.handler_timeout is a duration',
      },
      { rule: 'config/invariant', at: 'config/prod.yaml:5', message: 'prod: http.max_body (16MiB, config/prod.yaml:5) must be <= 10MiB' },
    ]);
  });

  test('a violation links the other key and the invariant in the policy', async () => {
    const findings = await runFixture('invariants');
    const violation = findings.find((f) => f.message.startsWith('prod: http.write_timeout'));
    expect(violation?.related).toEqual([
      { location: { file: 'config/prod.yaml', line: 2, column: 3 }, message: 'http.handler_timeout in prod' },
      { location: { file: 'goldenpath.yaml', line: 4, column: 7 }, message: '`http.write_timeout > http.handler_timeout` is declared here' },
    ]);
  });
});

describe('env_specific keys in rules', () => {
  const load = (name: string, text: string): LoadedEnvironment => ({ name, document: parseConfig(text, `${name}.yaml`) });
  const envs = [load('dev', 'a: 1\n'), load('prod', 'a: 1\ntracing:\n  ratio: 0.5\n')];

  test('an absent env_specific key skips invariants and untargeted constraints in that environment', () => {
    const policy = compileInline({
      environments: { dev: 'dev.yaml', prod: 'prod.yaml' },
      env_specific: ['tracing'],
      invariants: ['tracing.ratio <= 1'],
      constraints: [{ key: 'tracing.ratio', min: 0 }],
    });
    expect(evaluate(envs, policy)).toEqual([]);
  });

  test('a constraint that names the environment still requires the key there', () => {
    const policy = compileInline({
      environments: { dev: 'dev.yaml', prod: 'prod.yaml' },
      env_specific: ['tracing'],
      constraints: [{ key: 'tracing.ratio', env: ['dev', 'prod'], max: 1 }],
    });
    expect(summarize(evaluate(envs, policy))).toEqual([
      {
        rule: 'config/unresolved-key',
        at: 'dev.yaml:1',
        message: 'dev: tracing.ratio is absent from dev.yaml, so `tracing.ratio <= 1` cannot be checked',
      },
    ]);
  });

  test('an absent key that is not env_specific makes an invariant unresolved', () => {
    const policy = compileInline({ environments: { dev: 'dev.yaml', prod: 'prod.yaml' }, invariants: ['tracing.ratio <= 1'] });
    expect(summarize(evaluate(envs, policy)).filter((f) => f.rule === 'config/unresolved-key')).toEqual([
      {
        rule: 'config/unresolved-key',
        at: 'dev.yaml:1',
        message: 'dev: tracing.ratio is absent from dev.yaml, so `tracing.ratio <= 1` cannot be checked',
      },
    ]);
  });

  test('== and != compare strings and booleans; ordering them is incomparable', () => {
    const policy = compileInline({
      environments: { dev: 'dev.yaml' },
      invariants: ['log.format == "json"', 'cors.enabled != true', 'log.format > 1'],
    });
    const findings = evaluate([load('dev', 'log:\n  format: text\ncors:\n  enabled: true\n')], policy);
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/incomparable',
        at: 'dev.yaml:2',
        message: 'dev: cannot compare log.format (text, dev.yaml:2) with 1 in `log.format > 1`: log.format is not a number, duration or byte size',
      },
      { rule: 'config/invariant', at: 'dev.yaml:2', message: 'dev: log.format (text, dev.yaml:2) must be == "json"' },
      { rule: 'config/invariant', at: 'dev.yaml:4', message: 'dev: cors.enabled (true, dev.yaml:4) must be != true' },
    ]);
  });
});
