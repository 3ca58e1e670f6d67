import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPath } from '../../generators/plan.js';
import { bin, exists, fixtures, fixtureTemplates, isolatedGitEnv, listTree, repoRoot, runCli, tempDir } from './helpers.js';

const packageVersion = (JSON.parse(execFileSync('cat', [path.join(repoRoot, 'package.json')], { encoding: 'utf8' })) as { version: string }).version;

const fixtureTree = [
  '.create-service.json',
  '.editorconfig',
  '.gitignore',
  'Makefile',
  'README.md',
  'assets/logo.png',
  'cmd/demo/main.go',
  'go.mod',
  'internal/demo/demo.go',
  'scripts/check.sh',
];

describe('create-service CLI (built bin, subprocess)', () => {
  it('prints help with every flag, the templates and the authoring variable', async () => {
    const result = await runCli(['--help'], { cwd: await tempDir() });
    expect(result.code).toBe(0);
    for (const flag of ['--template', '--module', '--owner', '--description', '--dir', '--answers', '--yes', '--dry-run', '--no-install', '--no-git', '--json']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toContain('go-gin');
    expect(result.stdout).toContain('CREATE_SERVICE_TEMPLATES_DIR');
  });

  it('prints its version', async () => {
    const result = await runCli(['--version'], { cwd: await tempDir() });
    expect(result).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });
  });

  it('exits 2 on an unknown flag', async () => {
    const result = await runCli(['demo', '--frobnicate'], { cwd: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });

  it('asks nothing without a terminal: defaults apply and the service is written', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--no-install', '--no-git'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('?');
    expect(result.stdout).toContain('Created demo from go-gin 0.0.1-fixture (10 files).');
    expect(result.stdout).toMatch(/Next steps:\n {2}cd demo\n {2}go mod tidy\n {2}make test\n {2}make run\n$/);
    expect(await listTree(path.join(cwd, 'demo'))).toEqual(fixtureTree);
    expect(await readdir(cwd)).toEqual(['demo']);
    expect(JSON.parse(await readFile(path.join(cwd, 'demo', '.create-service.json'), 'utf8'))).toEqual({
      schemaVersion: 1,
      generator: { name: 'create-service', version: packageVersion },
      template: { id: 'go-gin', version: '0.0.1-fixture' },
      answers: { description: 'demo service', module: 'github.com/platform/demo', name: 'demo', owner: 'platform', template: 'go-gin' },
    });
    expect((await stat(path.join(cwd, 'demo', 'scripts', 'check.sh'))).mode & 0o100).toBe(0o100);
  });

  it('without a name and without a terminal, exits 2 and says how to pass one', async () => {
    const cwd = await tempDir();
    const result = await runCli(['--no-install', '--no-git'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('<name> argument');
    expect(result.stderr).toContain('create-service <name>');
    expect(result.stderr).toContain('--answers');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('initialises git on main with a first commit', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--yes', '--module', 'example.com/demo', '--no-install'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('git init + first commit: done');
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: path.join(cwd, 'demo'), env: { ...process.env, ...isolatedGitEnv() }, encoding: 'utf8' }).trim();
    expect(git('branch', '--show-current')).toBe('main');
    expect(git('log', '--format=%s')).toBe('Initial commit from create-service (go-gin 0.0.1-fixture)');
    expect(git('ls-files').split('\n').sort()).toEqual(fixtureTree);
    expect(git('status', '--porcelain')).toBe('');
  });

  it('dry run prints the sorted plan with sizes and writes nothing', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--yes', '--dry-run'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: would create demo from go-gin 0.0.1-fixture (10 files');
    const listed = result.stdout
      .split('\n')
      .filter((line) => /^ {2}0[67][45]{2} /.test(line))
      .map((line) => line.trim().split(/\s+/).slice(2).join(' '));
    expect(listed).toEqual(fixtureTree);
    expect(result.stdout).toMatch(/0755\s+\d+\s+scripts\/check\.sh/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('dry run with --json prints the plan as JSON and writes nothing', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--yes', '--dry-run', '--json', '--no-git'], { cwd });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ ok: true, dryRun: true, path: path.join(cwd, 'demo'), template: { id: 'go-gin', version: '0.0.1-fixture' }, fileCount: 10 });
    expect(plan.files.map((f: { path: string }) => f.path)).toEqual(fixtureTree);
    expect(plan.files.find((f: { path: string }) => f.path === 'go.mod')).toEqual({ path: 'go.mod', size: Buffer.byteLength('module github.com/platform/demo\n\ngo 1.25\n'), mode: '0644' });
    expect(plan.steps).toEqual([
      { id: 'go-mod-tidy', status: 'planned', detail: '' },
      { id: 'git-init', status: 'skipped', detail: '--no-git' },
    ]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('reports every invalid answer at once with its flag and fix, exits 2 and writes nothing', async () => {
    const cwd = await tempDir();
    const result = await runCli(['Demo_1', '--yes', '--module', 'example.com/demo/v1', '--owner', 'Team', '--template', 'rails'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid input (4 problems); nothing was written');
    for (const where of ['<name> argument:', '--template:', '--owner:', '--module:']) expect(result.stderr).toContain(`  ${where}`);
    expect(result.stderr.match(/fix: /g)).toHaveLength(4);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('with --json, reports input problems as JSON too', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--yes', '--json', '--dir', 'missing'], { cwd });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      exitCode: 2,
      problems: [{ where: '--dir', message: 'parent directory missing does not exist', fix: expect.stringContaining('create the directory first') }],
    });
    expect(await readdir(cwd)).toEqual([]);
  });

  it('never overwrites: a non-empty target exits 2 and stays exactly as it was', async () => {
    const cwd = await tempDir();
    await mkdir(path.join(cwd, 'demo'));
    await writeFile(path.join(cwd, 'demo', 'go.mod'), 'module mine\n');
    const result = await runCli(['demo', '--yes', '--no-install', '--no-git'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('demo exists and is not empty');
    expect(await readdir(cwd)).toEqual(['demo']);
    expect(await readdir(path.join(cwd, 'demo'))).toEqual(['go.mod']);
    expect(await readFile(path.join(cwd, 'demo', 'go.mod'), 'utf8')).toBe('module mine\n');
  });

  it('fills an existing empty directory given with --dir', async () => {
    const cwd = await tempDir();
    await mkdir(path.join(cwd, 'services', 'demo'), { recursive: true });
    const result = await runCli(['demo', '--yes', '--dir', 'services', '--no-install', '--no-git'], { cwd });
    expect(result.code).toBe(0);
    expect(await listTree(path.join(cwd, 'services', 'demo'))).toEqual(fixtureTree);
    expect(await readdir(path.join(cwd, 'services'))).toEqual(['demo']);
  });

  it('takes answers from a file, lets flags override it, and points at the line of an unknown key', async () => {
    const cwd = await tempDir();
    const good = await runCli(['--answers', path.join(fixtures, 'answers', 'valid.yaml'), '--owner', 'billing-team', '--no-install', '--no-git'], { cwd });
    expect(good.code).toBe(0);
    const record = JSON.parse(await readFile(path.join(cwd, 'billing', '.create-service.json'), 'utf8'));
    expect(record.answers).toEqual({
      description: 'Bills & invoices <v2>',
      module: 'example.com/payments/billing',
      name: 'billing',
      owner: 'billing-team',
      template: 'go-gin',
    });
    expect(await readFile(path.join(cwd, 'billing', 'README.md'), 'utf8')).toContain('Bills & invoices <v2>');

    const bad = await runCli(['--answers', path.relative(cwd, path.join(fixtures, 'answers', 'unknown-keys.yaml'))], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown-keys\.yaml:3:1: unknown key "modul"/);
    expect(bad.stderr).toMatch(/unknown-keys\.yaml:4:1: unknown key "team"/);

    const invalid = await runCli(['--answers', path.relative(cwd, path.join(fixtures, 'answers', 'invalid-values.yaml'))], { cwd });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/invalid-values\.yaml:1:1: name "Billing_Service"/);
    expect(invalid.stderr).toMatch(/invalid-values\.yaml:3:1: module "Example\.com\/billing\/v1"/);
    expect(await readdir(cwd)).toEqual(['billing']);
  });

  it('reports answers-file key problems and invalid values in the same run, exit 2, nothing written', async () => {
    const cwd = await tempDir();
    const result = await runCli(['--answers', path.relative(cwd, path.join(fixtures, 'answers', 'mixed-problems.yaml'))], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid input (3 problems); nothing was written');
    expect(result.stderr).toMatch(/mixed-problems\.yaml:3:1: owner "Team_A"/);
    expect(result.stderr).toMatch(/mixed-problems\.yaml:4:1: unknown key "modul"/);
    expect(result.stderr).toMatch(/mixed-problems\.yaml:5:1: description must be a string/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('prints a machine-readable result with --json', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--yes', '--json', '--no-install', '--no-git'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      dryRun: false,
      path: path.join(cwd, 'demo'),
      template: { id: 'go-gin', version: '0.0.1-fixture' },
      generatorVersion: packageVersion,
      answers: { description: 'demo service', module: 'github.com/platform/demo', name: 'demo', owner: 'platform', template: 'go-gin' },
      fileCount: 10,
      steps: [
        { id: 'go-mod-tidy', status: 'skipped', detail: '--no-install', manual: 'go mod tidy' },
        { id: 'git-init', status: 'skipped', detail: '--no-git', manual: expect.stringContaining('git init') },
      ],
      nextSteps: ['cd demo', 'go mod tidy', 'make test', 'make run'],
    });
  });

  it('exits 1 when a post-generation step fails, keeps the complete service and says what to run by hand', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--yes', '--no-git'], {
      cwd,
      env: { CREATE_SERVICE_TEMPLATES_DIR: path.join(fixtures, 'unresolvable-template'), GOPROXY: 'off', GOFLAGS: '-mod=mod' },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('go mod tidy: FAILED');
    expect(result.stderr).toContain('the service in demo is complete; finish by hand: cd demo && go mod tidy');
    expect(await listTree(path.join(cwd, 'demo'))).toEqual(['.create-service.json', 'go.mod', 'main.go']);
  });

  it('on SIGTERM after the write, exits 143 and keeps the complete service, saying what is left to run', async () => {
    const cwd = await tempDir();
    // A module proxy on loopback that accepts requests and never answers holds go mod tidy, so the
    // signal reliably arrives after the service is in place.
    const held: ServerResponse[] = [];
    const proxy = createServer((_request, response) => held.push(response));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    try {
      const child = spawn(process.execPath, [bin, 'demo', '--yes', '--no-git'], {
        cwd,
        env: {
          ...process.env,
          ...isolatedGitEnv(),
          CREATE_SERVICE_TEMPLATES_DIR: path.join(fixtures, 'unresolvable-template'),
          GOPROXY: `http://127.0.0.1:${port}`,
          GOFLAGS: '-mod=mod',
          GONOSUMDB: '*',
          GOSUMDB: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      proxy.once('request', () => child.kill('SIGTERM'));
      expect(await closed).toBe(143);
      expect(stderr).toContain('interrupted by SIGTERM; demo is complete, but these may not have run: cd demo && go mod tidy');
      expect(await listTree(path.join(cwd, 'demo'))).toEqual(['.create-service.json', 'go.mod', 'main.go']);
    } finally {
      for (const response of held) response.destroy();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it.skipIf(!existsSync('/usr/bin/script'))('Ctrl-C at a prompt exits cleanly and writes nothing', async () => {
    const cwd = await tempDir();
    // script(1) gives the CLI a real terminal, so it prompts; we type a few letters, then Ctrl-C.
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} --no-install --no-git`, '/dev/null'], {
      cwd,
      env: { ...process.env, CREATE_SERVICE_TEMPLATES_DIR: fixtureTemplates, ...isolatedGitEnv() },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!typed && output.includes('Service name')) {
        typed = true;
        child.stdin.write('dem');
        setImmediate(() => child.stdin.write('\u0003'));
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(output).toContain('cancelled by SIGINT; nothing was written');
    expect(code).toBe(130);
    expect(await readdir(cwd)).toEqual([]);
  });
});

const realTemplate = path.join(repoRoot, 'templates', 'go-gin');

describe.skipIf(!existsSync(path.join(realTemplate, 'template.yaml')))('the real go-gin template', () => {
  it('generates one file per template file (renamed) plus the record, without prompting', async () => {
    const cwd = await tempDir();
    const result = await runCli(['demo', '--module', 'example.com/demo', '--no-install', '--no-git'], {
      cwd,
      env: { CREATE_SERVICE_TEMPLATES_DIR: '' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const expected = [...(await listTree(path.join(realTemplate, 'files'))).map((file) => outputPath(file, 'demo')), '.create-service.json'].sort();
    expect(await listTree(path.join(cwd, 'demo'))).toEqual(expected);
    expect(await readFile(path.join(cwd, 'demo', 'go.mod'), 'utf8')).toMatch(/^module example\.com\/demo\n/);
    expect(await exists(path.join(cwd, 'demo', '.gitignore'))).toBe(true);
  });
});
