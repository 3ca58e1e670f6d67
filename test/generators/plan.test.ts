import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InvalidAnswersError, type Answers } from '../../generators/answers-model.js';
import { outputPath, planService, RECORD_FILE } from '../../generators/plan.js';
import { loadTemplate, TEMPLATES, templatesRoot } from '../../generators/templates.js';
import { InputError } from '../../policies/model/errors.js';
import { fixtures, fixtureTemplates, repoRoot, tempDir } from './helpers.js';

const answers: Answers = {
  name: 'billing',
  template: 'go-gin',
  owner: 'payments',
  module: 'example.com/payments/billing',
  description: 'Bills & invoices <v2>',
};

function text(plan: Awaited<ReturnType<typeof planService>>, file: string): string {
  const found = plan.files.find((f) => f.path === file);
  if (!found) throw new Error(`${file} not planned; have ${plan.files.map((f) => f.path).join(', ')}`);
  return found.bytes.toString('utf8');
}

describe('template registry', () => {
  it('is sorted by id and has the default template', () => {
    const ids = TEMPLATES.map((t) => t.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain('go-gin');
  });

  it('reads templates from CREATE_SERVICE_TEMPLATES_DIR when set', () => {
    expect(templatesRoot({ CREATE_SERVICE_TEMPLATES_DIR: fixtureTemplates })).toBe(fixtureTemplates);
    expect(templatesRoot({})).toMatch(/templates$/);
  });

  it('validates the manifest and names the line of a problem', async () => {
    const template = await loadTemplate('go-gin', fixtureTemplates);
    expect(template.manifest).toMatchObject({ id: 'go-gin', version: '0.0.1-fixture', language: 'go', requires: { go: '>=1.25' } });
    const error = (await loadTemplate('go-gin', path.join(fixtures, 'bad-manifest')).catch((e: unknown) => e)) as InvalidAnswersError;
    expect(error).toBeInstanceOf(InvalidAnswersError);
    expect(error.problems.map((p) => [p.location?.line, p.message])).toEqual([
      [2, 'template manifest field "version" must match format "semver"'],
      [8, 'unknown key "variables" in template manifest'],
    ]);
    expect(error.problems[0]!.where).toMatch(/bad-manifest\/go-gin\/template\.yaml:2:10$/);
  });

  it('refuses an unknown template id, listing the known ones', async () => {
    await expect(loadTemplate('rails', fixtureTemplates)).rejects.toThrow('unknown template "rails"');
  });
});

describe('output paths', () => {
  it.each([
    ['go.mod.hbs', 'go.mod'],
    ['cmd/__name__/main.go.hbs', 'cmd/billing/main.go'],
    ['internal/__name__/__name__.go', 'internal/billing/billing.go'],
    ['_gitignore', '.gitignore'],
    ['_gitignore.hbs', '.gitignore'],
    ['sub/_gitignore', 'sub/.gitignore'],
    ['.editorconfig', '.editorconfig'],
    ['x__name__y.txt', 'xbillingy.txt'],
    ['docs/_gitignore.md', 'docs/_gitignore.md'],
  ])('%s becomes %s', (from, to) => {
    expect(outputPath(from, 'billing')).toBe(to);
  });
});

describe('planning', () => {
  it('plans every template file, renamed and sorted, plus the generation record', async () => {
    const plan = await planService(await loadTemplate('go-gin', fixtureTemplates), answers, '9.9.9');
    expect(plan.files.map((f) => f.path)).toEqual([
      '.create-service.json',
      '.editorconfig',
      '.gitignore',
      'Makefile',
      'README.md',
      'assets/logo.png',
      'cmd/billing/main.go',
      'go.mod',
      'internal/billing/billing.go',
      'scripts/check.sh',
    ]);
  });

  it('renders .hbs files without HTML escaping and copies the rest byte for byte', async () => {
    const template = await loadTemplate('go-gin', fixtureTemplates);
    const plan = await planService(template, answers, '9.9.9');
    expect(text(plan, 'go.mod')).toBe('module example.com/payments/billing\n\ngo 1.25\n');
    expect(text(plan, 'README.md')).toContain('Bills & invoices <v2>');
    expect(text(plan, 'README.md')).toContain('literal braces: {{notAVariable}}');
    expect(text(plan, 'cmd/billing/main.go')).toContain('"billing from go-gin 0.0.1-fixture"');
    expect(text(plan, 'Makefile')).toContain('{{name}} stays literal');
    const logo = plan.files.find((f) => f.path === 'assets/logo.png')!;
    expect(logo.bytes.equals(await readFile(path.join(template.filesDir, 'assets', 'logo.png')))).toBe(true);
  });

  it('keeps the executable bit', async () => {
    const plan = await planService(await loadTemplate('go-gin', fixtureTemplates), answers, '9.9.9');
    expect(plan.files.find((f) => f.path === 'scripts/check.sh')!.mode).toBe(0o755);
    expect(plan.files.find((f) => f.path === 'go.mod')!.mode).toBe(0o644);
  });

  it('records template, version, answers and generator version without a timestamp', async () => {
    const plan = await planService(await loadTemplate('go-gin', fixtureTemplates), answers, '9.9.9');
    expect(JSON.parse(text(plan, RECORD_FILE))).toEqual({
      schemaVersion: 1,
      generator: { name: 'create-service', version: '9.9.9' },
      template: { id: 'go-gin', version: '0.0.1-fixture' },
      answers: {
        description: 'Bills & invoices <v2>',
        module: 'example.com/payments/billing',
        name: 'billing',
        owner: 'payments',
        template: 'go-gin',
      },
    });
    const again = await planService(await loadTemplate('go-gin', fixtureTemplates), answers, '9.9.9');
    expect(again.files.map((f) => f.bytes.toString('base64'))).toEqual(plan.files.map((f) => f.bytes.toString('base64')));
  });

  it('fails on a misspelt variable with the template file and line instead of rendering an empty string', async () => {
    const template = await loadTemplate('go-gin', path.join(fixtures, 'typo-template'));
    const error = (await planService(template, answers, '9.9.9').catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('unknown template variable "modul"');
    expect(error.location).toMatchObject({ line: 2, column: 10 });
    expect(error.location?.file).toMatch(/typo-template\/go-gin\/files\/go\.mod\.hbs$/);
    expect(error.fix).toContain('name, module, owner, catalogOwner, description, templateId, templateVersion, generatorVersion');
  });
});

describe('go-gin template: ownership and CI wiring', () => {
  const goGin = async () => loadTemplate('go-gin', path.join(repoRoot, 'templates'));
  const teamAnswers: Answers = { ...answers, owner: 'acme/platform-team', module: 'github.com/acme/billing' };

  it('pins the CI policy step to the generating create-service version, after setup-node, with Node 24 actions only', async () => {
    const plan = await planService(await goGin(), answers, '9.8.7');
    const workflow = text(plan, '.github/workflows/ci.yml');
    const steps = (parse(workflow) as { jobs: { test: { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] } } }).jobs.test.steps;
    const policy = steps.findIndex((step) => step.run?.includes('goldenpath check'));
    const setupNode = steps.findIndex((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(steps[policy]?.run).toBe('npx --yes --package create-service@9.8.7 goldenpath check');
    expect(setupNode).toBeGreaterThanOrEqual(0);
    expect(setupNode).toBeLessThan(policy);
    expect(steps[setupNode]).toMatchObject({ uses: 'actions/setup-node@v5', with: { 'node-version': 24 } });
    // Each of these majors is the first to run on Node 24.
    expect(steps.flatMap((step) => (step.uses ? [step.uses] : [])).sort()).toEqual([
      'actions/checkout@v5',
      'actions/setup-go@v6',
      'actions/setup-node@v5',
      'golangci/golangci-lint-action@v9',
    ]);
    expect(text(plan, 'README.md')).toContain('`create-service` package from the npm\nregistry at exactly version 9.8.7');
  });

  it('names a team owner in CODEOWNERS and as a Backstage group, a user owner as a Backstage user', async () => {
    const team = await planService(await goGin(), teamAnswers, '9.8.7');
    expect(text(team, 'CODEOWNERS')).toMatch(/^\* @acme\/platform-team$/m);
    expect(parse(text(team, 'catalog-info.yaml'))).toMatchObject({ spec: { owner: 'group:platform-team' } });
    const user = await planService(await goGin(), { ...answers, owner: 'alice' }, '9.8.7');
    expect(text(user, 'CODEOWNERS')).toMatch(/^\* @alice$/m);
    expect(parse(text(user, 'catalog-info.yaml'))).toMatchObject({ spec: { owner: 'user:alice' } });
  });

  it('still fails on a misspelt generatorVersion', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'go-gin', 'files'), { recursive: true });
    await writeFile(path.join(root, 'go-gin', 'template.yaml'), await readFile(path.join(fixtures, 'typo-template', 'go-gin', 'template.yaml')));
    await writeFile(path.join(root, 'go-gin', 'files', 'ci.yml.hbs'), 'run: npx --package create-service@{{generatorVerison}} goldenpath check\n');
    const error = (await planService(await loadTemplate('go-gin', root), answers, '9.8.7').catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('unknown template variable "generatorVerison"');
    expect(error.location).toMatchObject({ line: 1 });
  });
});
