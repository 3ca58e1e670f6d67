import { describe, expect, test } from 'vitest';
import { InputError } from '../../../../policies/model/errors.js';
import { runCheck, summarize, tempTree } from './helpers.js';

const policy = `config:
  environments:
    dev: services/*/config/dev.yaml
    prod: services/*/config/prod.env
  invariants: ["http.write_timeout > http.handler_timeout"]
`;

describe('environment paths with globs (one policy, many services)', () => {
  test('each service is checked on its own, with findings in its files', async () => {
    const root = await tempTree({
      'goldenpath.yaml': policy,
      'services/billing/config/dev.yaml': 'http:\n  write_timeout: 15s\n  handler_timeout: 10s\n',
      'services/billing/config/prod.env': 'HTTP__WRITE_TIMEOUT=5s\nHTTP__HANDLER_TIMEOUT=10s\n',
      'services/orders/config/dev.yaml': 'http:\n  write_timeout: 15s\n  handler_timeout: 10s\n',
      'services/orders/config/prod.env': 'HTTP__WRITE_TIMEOUT=15s\nHTTP__HANDLER_TIMEOUT=10s\nHTTP__PORT=8080\n',
      'services/orders/config/notes.txt': 'not config',
      'services/.hidden/config/dev.yaml': 'ignored: true\n',
    });
    const findings = await runCheck(root);
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/invariant',
        at: 'services/billing/config/prod.env:1',
        message:
          'prod: http.write_timeout (5s, services/billing/config/prod.env:1) must be > http.handler_timeout (10s, services/billing/config/prod.env:2)',
      },
      {
        rule: 'config/missing-key',
        at: 'services/orders/config/dev.yaml:1',
        message: 'dev: http.port is missing from services/orders/config/dev.yaml but set in prod (services/orders/config/prod.env:3)',
      },
    ]);
    expect(findings[1]?.identity).toEqual(['services/orders/config/dev.yaml', 'dev', 'http.port']);
  });

  test('a service without one of the environments fails closed', async () => {
    const root = await tempTree({
      'goldenpath.yaml': policy,
      'services/a/config/dev.yaml': 'x: 1\n',
      'services/a/config/prod.env': 'X=1\n',
      'services/b/config/dev.yaml': 'x: 1\n',
    });
    const error = await runCheck(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toBe(
      'goldenpath.yaml:4:11: environment "prod" has no config file for b: dev has services/b/config/dev.yaml, but nothing matches services/*/config/prod.env\n' +
        '  fix: add the prod config file for b, or narrow the globs under config.environments',
    );
  });

  test('a glob that matches nothing, or paths with different wildcards, are input errors', async () => {
    const none = await runCheck(await tempTree({ 'goldenpath.yaml': policy })).catch((e: unknown) => e);
    expect((none as InputError).message).toBe('no file matches the config path of environment "dev": services/*/config/dev.yaml');
    const mixed = await runCheck(
      await tempTree({ 'goldenpath.yaml': 'config:\n  environments: { dev: "services/*/dev.yaml", prod: prod.yaml }\n' }),
    ).catch((e: unknown) => e);
    expect((mixed as InputError).message).toBe('the config paths of "dev" (services/*/dev.yaml) and "prod" (prod.yaml) have different wildcards');
  });

  test('** matches any depth', async () => {
    const root = await tempTree({
      'goldenpath.yaml': 'config:\n  environments: { dev: "apps/**/dev.yaml", prod: "apps/**/prod.yaml" }\n',
      'apps/dev.yaml': 'a: 1\n',
      'apps/prod.yaml': 'a: 1\n',
      'apps/team/svc/dev.yaml': 'a: 1\n',
      'apps/team/svc/prod.yaml': 'b: 1\n',
    });
    expect(summarize(await runCheck(root)).map((f) => f.at)).toEqual([
      'apps/team/svc/dev.yaml:1',
      'apps/team/svc/prod.yaml:1',
    ]);
  });
});
