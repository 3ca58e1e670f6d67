import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { check } from '../../../../policies/checks/config/index.js';
import { fixturesDir, repoRoot, runFixture } from './helpers.js';

const validator = () => new Ajv2020({ allErrors: true, strict: false }).compile(check.meta.schema);

describe('config check metadata', () => {
  test('the option schema is valid JSON Schema 2020-12 and accepts the documented example', async () => {
    const validate = validator();
    const example = parse(await readFile(path.join(fixturesDir, 'spec/goldenpath.yaml'), 'utf8')) as { config: unknown };
    expect(validate(example.config), JSON.stringify(validate.errors)).toBe(true);
  });

  test.each<[unknown, string]>([
    [{}, 'environments is required'],
    [{ environments: {} }, 'at least one environment'],
    [{ environments: { dev: 'a.yaml' }, constraints: [{ key: 'a' }] }, 'a constraint needs a rule'],
    [{ environments: { dev: 'a.yaml' }, invariants: [''] }, 'an empty invariant'],
    [{ environments: { dev: 'a.yaml' }, unknown: 1 }, 'unknown keys'],
  ])('the schema rejects %j (%s)', (options) => {
    expect(validator()(options)).toBe(false);
  });

  test('every rule a fixture produces is documented in meta.messages and in docs/checks/config.md', async () => {
    const docs = await readFile(path.join(repoRoot, check.meta.docsUrl), 'utf8');
    const rules = new Set<string>();
    for (const fixture of ['parity', 'required', 'constraints', 'invariants']) for (const f of await runFixture(fixture)) rules.add(f.rule);
    for (const rule of Object.keys(check.meta.messages)) expect(docs).toContain(`\`${rule}\``);
    for (const rule of rules) expect(Object.keys(check.meta.messages)).toContain(rule);
  });

  test('the documented example passes with zero findings', async () => {
    expect(await runFixture('spec')).toEqual([]);
  });
});
