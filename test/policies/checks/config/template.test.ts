/**
 * The go-gin template's own config files must pass the template's own
 * `config` policy, and breaking any one invariant, constraint or parity rule
 * in a copy must fail with the right file and line.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Handlebars from 'handlebars';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { check } from '../../../../policies/checks/config/index.js';
import { parseConfig } from '../../../../policies/config-formats/index.js';
import type { Finding } from '../../../../policies/model/finding.js';
import { repoRoot, runCheck } from './helpers.js';

const templateFiles = path.join(repoRoot, 'templates/go-gin/files');
const policyFile = ['goldenpath.yaml.hbs', 'goldenpath.yaml'].find((name) => existsSync(path.join(templateFiles, name)));
const answers = { name: 'orders', module: 'example.com/orders' };

/** Renders the template's policy and config files (only `{{variable}}` substitutions) into a fresh directory. */
async function renderTemplate(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'goldenpath-template-config-'));
  const render = async (relative: string): Promise<void> => {
    const text = await readFile(path.join(templateFiles, relative), 'utf8');
    const target = path.join(root, relative.replace(/\.hbs$/, ''));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, relative.endsWith('.hbs') ? Handlebars.compile(text, { noEscape: true })(answers) : text);
  };
  await render(policyFile ?? 'goldenpath.yaml');
  for (const name of await readdir(path.join(templateFiles, 'config'))) await render(`config/${name}`);
  return root;
}

/** Rewrites the value of `key` on its own line, found with the same loader the check uses. */
async function setValue(root: string, file: string, key: string, value: string): Promise<number> {
  const target = path.join(root, file);
  const text = await readFile(target, 'utf8');
  const line = lineOf(text, file, key);
  const lines = text.split('\n');
  lines[line - 1] = (lines[line - 1] ?? '').replace(/:(\s*)[^#]*?(\s+#.*)?$/, (_, space: string, comment?: string) => `:${space || ' '}${value}${comment ?? ''}`);
  await writeFile(target, lines.join('\n'));
  return line;
}

async function deleteKey(root: string, file: string, key: string): Promise<void> {
  const target = path.join(root, file);
  const text = await readFile(target, 'utf8');
  const line = lineOf(text, file, key);
  await writeFile(target, text.split('\n').filter((_, index) => index !== line - 1).join('\n'));
}

function lineOf(text: string, file: string, key: string): number {
  const entry = parseConfig(text, file).entries.get(key);
  if (!entry) throw new Error(`${file} has no ${key}`);
  return entry.line;
}

const at = (f: Finding): string => `${f.location.file}:${f.location.line ?? ''}`;

describe('the go-gin template config', () => {
  let slice: { environments: Record<string, string> };
  let environments: Record<string, string>;
  beforeAll(async () => {
    const root = await renderTemplate();
    slice = (parse(await readFile(path.join(root, 'goldenpath.yaml'), 'utf8')) as { config: typeof slice }).config;
    environments = slice.environments;
  });

  test('the template ships a policy whose config slice matches the option schema', () => {
    expect(policyFile).toBeDefined();
    expect(Object.keys(environments).sort()).toEqual(['dev', 'prod', 'staging']);
    const validate = new Ajv2020({ strict: false }).compile(check.meta.schema);
    expect(validate(slice), JSON.stringify(validate.errors)).toBe(true);
  });

  test('passes its own config policy with zero findings', async () => {
    expect(await runCheck(await renderTemplate())).toEqual([]);
  });

  test('a prod handler timeout above the write timeout breaks the invariant, at the prod lines', async () => {
    const root = await renderTemplate();
    const prod = environments.prod ?? '';
    const handlerLine = await setValue(root, prod, 'http.handler_timeout', '1h');
    const writeLine = lineOf(await readFile(path.join(root, prod), 'utf8'), prod, 'http.write_timeout');
    const findings = await runCheck(root);
    const violation = findings.find((f) => f.rule === 'config/invariant' && f.message.startsWith('prod: http.write_timeout'));
    expect(violation && at(violation)).toBe(`${prod}:${String(writeLine)}`);
    expect(violation?.message).toMatch(new RegExp(`must be > http\\.handler_timeout \\(1h, ${prod.replace('.', '\\.')}:${String(handlerLine)}\\)$`));
    expect(findings.every((f) => f.location.file === prod || f.location.file === 'goldenpath.yaml')).toBe(true);
  });

  test('prod log level debug breaks a constraint, at the prod line', async () => {
    const root = await renderTemplate();
    const prod = environments.prod ?? '';
    const line = await setValue(root, prod, 'log.level', 'debug');
    const findings = await runCheck(root);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.rule === 'config/constraint').map(at)).toContain(`${prod}:${String(line)}`);
  });

  test('a key deleted from staging is reported missing there, pointing at dev and prod', async () => {
    const root = await renderTemplate();
    const { dev = '', staging = '', prod = '' } = environments;
    const line = async (file: string, key: string): Promise<string> => `${file}:${String(lineOf(await readFile(path.join(root, file), 'utf8'), file, key))}`;
    const devLine = await line(dev, 'ratelimit.burst');
    const prodLine = await line(prod, 'ratelimit.burst');
    await deleteKey(root, staging, 'ratelimit.burst');
    const findings = await runCheck(root);
    expect(findings.map((f) => ({ rule: f.rule, at: at(f), message: f.message }))).toEqual([
      {
        rule: 'config/missing-key',
        at: await line(staging, 'ratelimit'),
        message: `staging: ratelimit.burst is missing from ${staging} but set in dev (${devLine}) and prod (${prodLine})`,
      },
    ]);
    expect(findings[0]?.related?.map((r) => `${r.location.file}:${String(r.location.line)}`)).toEqual([devLine, prodLine]);
  });

  test('a required key deleted from staging is reported as required, at its enclosing mapping', async () => {
    const root = await renderTemplate();
    const staging = environments.staging ?? '';
    await deleteKey(root, staging, 'http.idle_timeout');
    const findings = await runCheck(root);
    expect(findings.map((f) => `${f.rule} ${at(f)} ${f.message}`)).toEqual([
      `config/required-key ${staging}:${String(lineOf(await readFile(path.join(root, staging), 'utf8'), staging, 'http'))} staging: required key http.idle_timeout is missing in ${staging}`,
    ]);
  });

  test('a duration written as a number in prod is a type mismatch at that line', async () => {
    const root = await renderTemplate();
    const prod = environments.prod ?? '';
    const line = await setValue(root, prod, 'http.read_timeout', '10');
    const findings = await runCheck(root);
    expect(findings.filter((f) => f.rule === 'config/type-mismatch').map(at)).toEqual([`${prod}:${String(line)}`]);
  });
});
