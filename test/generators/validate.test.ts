import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedAnswers } from '../../generators/answers-model.js';
import {
  catalogOwner,
  checkDescription,
  checkModulePath,
  checkOwner,
  checkServiceName,
  checkTarget,
  ownerAccount,
  validateAnswers,
} from '../../generators/validate.js';
import { tempDir } from './helpers.js';

describe('service names (DNS-1123 labels starting with a letter)', () => {
  it.each(['a', 'demo', 'payments-api', 'a1', 'x-1-y', 'a'.repeat(63)])('accepts %j', (name) => {
    expect(checkServiceName(name)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['a'.repeat(64), 'at most 63'],
    ['1demo', 'start with a lower-case letter'],
    ['-demo', 'start with a lower-case letter'],
    ['Demo', 'start with a lower-case letter'],
    ['demo-', 'end with a letter or digit'],
    ['my_service', 'only lower-case letters'],
    ['my.service', 'only lower-case letters'],
    ['myService', 'only lower-case letters'],
    ['dé', 'only lower-case letters'],
  ])('rejects %j', (name, message) => {
    expect(checkServiceName(name)).toContain(message);
  });
});

describe('Go module paths (golang.org/x/mod module.CheckPath rules)', () => {
  // Verdicts recorded from golang.org/x/mod v0.42.0 module.CheckPath for these exact inputs.
  const verdicts: [string, boolean][] = [
    ['example.com/demo', true],
    ['example.com', true],
    ['github.com/platform/demo', true],
    ['github.com/Platform/Demo', true],
    ['Example.com/demo', false],
    ['example/demo', false],
    ['/example.com/demo', false],
    ['example.com/demo/', false],
    ['example.com//demo', false],
    ['-example.com/demo', false],
    ['example.com/-demo', true],
    ['example.com/.demo', false],
    ['example.com/demo.', false],
    ['example.com/..', false],
    ['example.com/a..b', true],
    ['example.com/demo/v1', false],
    ['example.com/demo/v2', true],
    ['example.com/demo/v0', false],
    ['example.com/demo/v02', false],
    ['example.com/demo/v2.1', false],
    ['example.com/demo/v10', true],
    ['example.com/demo/v', true],
    ['example.com/demo/vx', true],
    ['example.com/demo.v2', true],
    ['gopkg.in/yaml.v3', true],
    ['gopkg.in/yaml.v0', true],
    ['gopkg.in/yaml.v01', false],
    ['gopkg.in/yaml.v0-unstable', false],
    ['gopkg.in/yaml.v2-unstable', true],
    ['gopkg.in/yaml', false],
    ['example.com/a+b', false],
    ['example.com/a b', false],
    ['example.com/a~b', true],
    ['example.com/abc~1', false],
    ['example.com/abc~x', true],
    ['example.com/con', false],
    ['example.com/CON.txt', false],
    ['example.com/com1x', true],
    ['ex_ample.com/demo', false],
    ['exa~mple.com/demo', false],
    ['example.com/d€mo', false],
    ['example.com/a_b-c.d~e', true],
    ['my.example.com', true],
    ['1.2/x', true],
    ['a.b/c/v3', true],
    ['', false],
  ];

  it.each(verdicts)('%j valid: %s', (modulePath, valid) => {
    expect(checkModulePath(modulePath) === undefined).toBe(valid);
  });

  it('explains what is wrong', () => {
    expect(checkModulePath('example/demo')).toContain('must be a domain name containing a dot');
    expect(checkModulePath('example.com/demo/v1')).toContain('/v2 or higher');
    expect(checkModulePath('Example.com/demo')).toContain('lower-case');
  });
});

describe('owners (a GitHub user or an organisation team)', () => {
  it.each([
    'platform',
    'payments-team',
    'a',
    'team42',
    'x'.repeat(39),
    'acme/platform-team',
    'acme/platform_team',
    'acme-corp/sre',
    'a/b',
    `${'x'.repeat(39)}/team`,
  ])('accepts %j', (owner) => {
    expect(checkOwner(owner)).toBeUndefined();
  });
  it.each([
    ['', 'must not be empty'],
    ['Payments', 'lower-case'],
    ['pay_ments', 'lower-case'],
    ['-team', 'start or end'],
    ['team-', 'start or end'],
    ['a--b', '"--"'],
    ['x'.repeat(40), 'at most 39'],
    ['@acme/platform', 'without the leading "@"'],
    ['@alice', 'without the leading "@"'],
    ['acme/', 'team "" must not be empty'],
    ['/platform', 'organisation "" must not be empty'],
    ['acme/platform/team', 'at most one "/"'],
    ['Acme/platform', 'organisation "Acme"'],
    ['acme_corp/platform', 'organisation "acme_corp"'],
    [`${'x'.repeat(40)}/team`, 'at most 39'],
    ['acme/Platform Team', 'use the team slug, not its display name'],
    ['acme/-platform', 'start and end with a letter or digit'],
    ['acme/platform_', 'start and end with a letter or digit'],
  ])('rejects %j (%s)', (owner, reason) => {
    expect(checkOwner(owner)).toContain(reason);
  });

  it.each([
    ['alice', 'alice', 'user:alice'],
    ['acme/platform-team', 'acme', 'group:platform-team'],
  ])('%j: organisation or user %j, catalog owner %j', (owner, account, catalog) => {
    expect(ownerAccount(owner)).toBe(account);
    expect(catalogOwner(owner)).toBe(catalog);
  });
});

describe('descriptions (one line that YAML and Go source can hold)', () => {
  it.each(['demo service', 'Bills & invoices <v2>', 'Ünïcode is fine: 請求'])('accepts %j', (description) => {
    expect(checkDescription(description)).toBeUndefined();
  });
  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['two\nlines', 'single line'],
    ['tab\there', 'control characters'],
    [' padded ', 'start or end with spaces'],
    ['x'.repeat(201), 'at most 200'],
  ])('rejects %j', (description, message) => {
    expect(checkDescription(description)).toContain(message);
  });
});

describe('target directory', () => {
  it('accepts a missing folder and an empty one, refuses a non-empty one, a file and a missing parent', async () => {
    const dir = await tempDir();
    expect(await checkTarget(path.join(dir, 'new'))).toBeUndefined();
    await mkdir(path.join(dir, 'empty'));
    expect(await checkTarget(path.join(dir, 'empty'))).toBeUndefined();
    await mkdir(path.join(dir, 'full'));
    await writeFile(path.join(dir, 'full', 'keep.txt'), 'x');
    expect(await checkTarget(path.join(dir, 'full'))).toContain('exists and is not empty');
    await writeFile(path.join(dir, 'file'), 'x');
    expect(await checkTarget(path.join(dir, 'file'))).toContain('is not a directory');
    expect(await checkTarget(path.join(dir, 'missing', 'svc'))).toContain('does not exist');
  });
});

describe('validateAnswers', () => {
  const flag = (value: string) => ({ value, origin: { kind: 'flag' as const } });

  it('reports every problem at once, each naming its flag or file line and a fix', async () => {
    const dir = await tempDir();
    const answers: ResolvedAnswers = {
      name: flag('Bad_Name'),
      template: flag('rails'),
      owner: { value: 'Team X', origin: { kind: 'file', location: { file: 'answers.yaml', line: 3, column: 1 } } },
      module: { value: 'github.com/Team X/Bad_Name', origin: { kind: 'default', rule: 'github.com/<owner>/<name>' } },
      description: flag('two\nlines'),
    };
    const problems = await validateAnswers(answers, dir, false);
    expect(problems.map((p) => p.where)).toEqual(['<name> argument', '--template', 'answers.yaml:3:1', '--description']);
    expect(problems[1]!.fix).toContain('go-gin');
    expect(problems[2]!.fix).toContain('set owner: in answers.yaml');
    // The module default is derived from the invalid owner and name; fixing those fixes it, so it is not reported.
    expect(problems.some((p) => p.message.startsWith('module'))).toBe(false);
  });

  it('reports a non-empty target with the --dir flag', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'demo'));
    await writeFile(path.join(dir, 'demo', 'main.go'), 'package main\n');
    const answers: ResolvedAnswers = {
      name: flag('demo'),
      template: flag('go-gin'),
      owner: flag('platform'),
      module: flag('example.com/demo'),
      description: flag('demo service'),
    };
    const problems = await validateAnswers(answers, dir, true);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe('--dir');
    expect(problems[0]!.message).toContain('exists and is not empty');
  });
});
