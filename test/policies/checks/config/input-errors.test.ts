import { describe, expect, test } from 'vitest';
import { InputError } from '../../../../policies/model/errors.js';
import { runCheck, tempTree } from './helpers.js';

const policy = (body: string): string => `config:\n  environments: { dev: dev.yaml, prod: prod.yaml }\n${body}`;

async function inputError(files: Record<string, string>): Promise<InputError> {
  const root = await tempTree(files);
  const error: unknown = await runCheck(root).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('input errors (exit 2): the check fails closed', () => {
  test('a missing environment file names the policy line that declares it', async () => {
    const error = await inputError({ 'goldenpath.yaml': policy(''), 'dev.yaml': 'a: 1\n' });
    expect(error.format()).toBe(
      'goldenpath.yaml:2:40: the config file of environment "prod" does not exist: prod.yaml\n  fix: create prod.yaml, or correct its path under config.environments',
    );
  });

  test('unparsable YAML names the file and line', async () => {
    const error = await inputError({ 'goldenpath.yaml': policy(''), 'dev.yaml': 'a: 1\n', 'prod.yaml': 'a: 1\nb: [1, 2\nc: 3\n' });
    expect(error.location).toMatchObject({ file: 'prod.yaml', line: 3 });
    expect(error.message).toMatch(/^cannot parse prod\.yaml: /);
    expect(error.fix).toBeDefined();
  });

  test('duplicate keys are rejected rather than silently overridden', async () => {
    const error = await inputError({ 'goldenpath.yaml': policy(''), 'dev.yaml': 'a: 1\n', 'prod.yaml': 'a: 1\na: 2\n' });
    expect(error.location).toMatchObject({ file: 'prod.yaml', line: 2 });
  });

  test('invalid JSON names the file and line', async () => {
    const error = await inputError({
      'goldenpath.yaml': 'config:\n  environments: { dev: dev.json }\n',
      'dev.json': '{\n  "a": 1,\n  "b": {\n}\n',
    });
    expect(error.location?.file).toBe('dev.json');
    expect(error.location?.line).toBeGreaterThanOrEqual(3);
  });

  test('a top-level list is not a config file', async () => {
    const error = await inputError({ 'goldenpath.yaml': policy(''), 'dev.yaml': 'a: 1\n', 'prod.yaml': '- a\n- b\n' });
    expect(error.format()).toBe(
      'prod.yaml:1:1: prod.yaml must contain a mapping of keys at the top level\n  fix: write the configuration as `key: value` pairs',
    );
  });

  test('a bad .env line names its line', async () => {
    const error = await inputError({
      'goldenpath.yaml': 'config:\n  environments: { dev: .env }\n',
      '.env': '# ok\nPORT=1\nthis is not an assignment\n',
    });
    expect(error.format()).toBe('.env:3:1: cannot parse .env: expected KEY=value\n  fix: write one KEY=value per line; start comments with #');
  });

  test('an unknown file ending is rejected', async () => {
    const error = await inputError({ 'goldenpath.yaml': 'config:\n  environments: { dev: dev.toml }\n', 'dev.toml': 'a = 1\n' });
    expect(error.message).toBe('cannot tell the format of dev.toml');
    expect(error.fix).toBe('use one of these file endings: .env, .json, .yaml, .yml');
  });

  test('a bad invariant expression names its policy line and column', async () => {
    const error = await inputError({
      'goldenpath.yaml': policy('  invariants:\n    - "a > b"\n    - "http.write_timeout >> 5s"\n'),
      'dev.yaml': 'a: 1\n',
      'prod.yaml': 'a: 1\n',
    });
    expect(error.format()).toBe(
      'goldenpath.yaml:5:7: invalid invariant "http.write_timeout >> 5s": expected a key or value but found ">" (column 21)\n' +
        '  fix: write it as `key op key-or-value`, e.g. "http.write_timeout > http.handler_timeout"; operators: > >= < <= == !=',
    );
  });

  test('a constraint naming an undeclared environment, a bad pattern or a bad bound is rejected at its line', async () => {
    const files = { 'dev.yaml': 'a: 1\n', 'prod.yaml': 'a: 1\n' };
    const unknownEnv = await inputError({ ...files, 'goldenpath.yaml': policy('  constraints:\n    - { key: a, env: [qa], in: [1] }\n') });
    expect(unknownEnv.message).toBe('unknown environment "qa"');
    expect(unknownEnv.location).toMatchObject({ file: 'goldenpath.yaml', line: 4 });
    const badPattern = await inputError({ ...files, 'goldenpath.yaml': policy('  constraints:\n    - { key: a, pattern: "(" }\n') });
    expect(badPattern.message).toMatch(/^constraint pattern is not a valid regular expression/);
    const badBound = await inputError({ ...files, 'goldenpath.yaml': policy('  constraints:\n    - { key: a, min: soon }\n') });
    expect(badBound.message).toBe('constraint min "soon" is not a number, duration or byte size');
  });

  test('a config path outside the repository is rejected', async () => {
    const error = await inputError({ 'goldenpath.yaml': 'config:\n  environments: { dev: ../elsewhere/dev.yaml }\n' });
    expect(error.message).toBe('the config file of environment "dev" (../elsewhere/dev.yaml) is outside the repository');
  });

  test('an unreadable path (a directory) is an input error too', async () => {
    const root = await tempTree({ 'goldenpath.yaml': 'config:\n  environments: { dev: conf.yaml }\n', 'conf.yaml/x': '' });
    await expect(runCheck(root)).rejects.toBeInstanceOf(InputError);
  });
});
