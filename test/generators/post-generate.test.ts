import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FALLBACK_GIT_IDENTITY, postGenerate, type PostGenerateOptions } from '../../generators/post-generate.js';
import { exists, isolatedGitEnv, tempDir } from './helpers.js';

async function service(): Promise<string> {
  const dir = path.join(await tempDir(), 'demo');
  await mkdir(dir);
  await writeFile(path.join(dir, 'go.mod'), 'module example.com/demo\n\ngo 1.25\n');
  await writeFile(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  await writeFile(path.join(dir, '.gitignore'), 'bin/\n');
  return dir;
}

function options(serviceDir: string, overrides: Partial<PostGenerateOptions> = {}): PostGenerateOptions {
  return {
    serviceDir,
    install: true,
    git: true,
    requiresGo: '>=1.25',
    templateId: 'go-gin',
    templateVersion: '1.2.3',
    env: { ...process.env, ...isolatedGitEnv() },
    ...overrides,
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...isolatedGitEnv() }, encoding: 'utf8' }).trim();
}

describe('post-generation steps', () => {
  it('runs go mod tidy, then git init on main with one commit of every file under a fallback identity', async () => {
    const dir = await service();
    const steps = await postGenerate(options(dir));
    expect(steps.map((s) => [s.id, s.status])).toEqual([
      ['go-mod-tidy', 'done'],
      ['git-init', 'done'],
    ]);
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(dir, 'log', '--format=%an <%ae>|%s')).toBe(
      `${FALLBACK_GIT_IDENTITY.name} <${FALLBACK_GIT_IDENTITY.email}>|Initial commit from create-service (go-gin 1.2.3)`,
    );
    expect(git(dir, 'ls-files').split('\n')).toEqual(['.gitignore', 'go.mod', 'main.go']);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // The fallback identity is for that commit only; nothing is written to the repository's config.
    expect(() => git(dir, 'config', 'user.name')).toThrow();
  });

  it('commits as the configured identity when there is one', async () => {
    const dir = await service();
    const config = path.join(path.dirname(dir), 'gitconfig');
    await writeFile(config, '[user]\n\tname = Dana Developer\n\temail = dana@example.com\n');
    const steps = await postGenerate(options(dir, { install: false, env: { ...process.env, ...isolatedGitEnv(config) } }));
    expect(steps.find((s) => s.id === 'git-init')?.status).toBe('done');
    expect(execFileSync('git', ['log', '--format=%an <%ae>'], { cwd: dir, encoding: 'utf8' }).trim()).toBe('Dana Developer <dana@example.com>');
  });

  it('skips what the user opted out of, with the command to run by hand', async () => {
    const dir = await service();
    const steps = await postGenerate(options(dir, { install: false, git: false }));
    expect(steps).toEqual([
      { id: 'go-mod-tidy', status: 'skipped', detail: '--no-install', manual: 'go mod tidy' },
      { id: 'git-init', status: 'skipped', detail: '--no-git', manual: expect.stringContaining('git init') },
    ]);
    expect(await exists(path.join(dir, '.git'))).toBe(false);
  });

  it('skips go mod tidy when the installed Go is older than the template needs', async () => {
    const dir = await service();
    const steps = await postGenerate(options(dir, { git: false, requiresGo: '>=99' }));
    expect(steps[0]).toMatchObject({ id: 'go-mod-tidy', status: 'skipped', manual: 'go mod tidy' });
    expect(steps[0]!.detail).toMatch(/^Go \d+\.\d+\.\d+ is installed but go-gin 1\.2\.3 needs Go >=99; upgrade Go/);
  });

  it('skips go mod tidy when Go is not installed, and still initialises git', async () => {
    const dir = await service();
    const bin = path.join(path.dirname(dir), 'bin');
    await mkdir(bin);
    await symlink(execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim(), path.join(bin, 'git'));
    const steps = await postGenerate(options(dir, { env: { ...process.env, ...isolatedGitEnv(), PATH: bin } }));
    expect(steps[0]).toMatchObject({ id: 'go-mod-tidy', status: 'skipped', detail: expect.stringContaining('Go is not installed') });
    expect(steps[1]).toMatchObject({ id: 'git-init', status: 'done' });
  });

  it('does not nest a repository inside an existing one', async () => {
    const dir = await service();
    git(path.dirname(dir), 'init', '--quiet');
    const steps = await postGenerate(options(dir, { install: false }));
    expect(steps[1]).toMatchObject({ id: 'git-init', status: 'skipped', detail: expect.stringContaining('already inside the git repository') });
    expect(await exists(path.join(dir, '.git'))).toBe(false);
  });

  it('reports a failing go mod tidy and does not commit a half-finished module', async () => {
    const dir = await service();
    await writeFile(path.join(dir, 'main.go'), 'package main\n\nimport _ "example.invalid/does/not/exist"\n\nfunc main() {}\n');
    const steps = await postGenerate(options(dir, { env: { ...process.env, ...isolatedGitEnv(), GOFLAGS: '-mod=mod', GOPROXY: 'off' } }));
    expect(steps[0]).toMatchObject({ id: 'go-mod-tidy', status: 'failed', detail: expect.stringContaining('go mod tidy failed') });
    expect(steps[1]).toMatchObject({ id: 'git-init', status: 'skipped', detail: 'an earlier step failed' });
  });
});
