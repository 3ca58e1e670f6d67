/**
 * Builds real git repositories for advisor tests: commits with fixed author,
 * committer and dates, so commit ids (and the rendered comment) are the same
 * on every machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const fixedIdentity = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.invalid',
  GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export interface TestRepo {
  dir: string;
  /** Writes files (path → content; null deletes), commits them and returns the commit id. */
  commit(files: Record<string, string | null>, message: string): string;
  remove(): void;
}

export function createTestRepo(): TestRepo {
  const dir = mkdtempSync(path.join(tmpdir(), 'goldenpath-advisor-repo-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...fixedIdentity }, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  return {
    dir,
    commit(files, message) {
      for (const [file, content] of Object.entries(files)) {
        const target = path.join(dir, file);
        if (content === null) {
          rmSync(target, { force: true });
          continue;
        }
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
      git('add', '--all');
      git('commit', '--quiet', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A package-lock.json (lockfileVersion 3) for top-level packages only. */
export function npmLockfile(name: string, packages: Record<string, { version: string; integrity?: string; dev?: boolean }>): string {
  const dependencies = Object.fromEntries(Object.entries(packages).filter(([, p]) => !p.dev).map(([n, p]) => [n, p.version]));
  const devDependencies = Object.fromEntries(Object.entries(packages).filter(([, p]) => p.dev).map(([n, p]) => [n, p.version]));
  const lock = {
    name,
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': {
        name,
        version: '1.0.0',
        ...(Object.keys(dependencies).length ? { dependencies } : {}),
        ...(Object.keys(devDependencies).length ? { devDependencies } : {}),
      },
      ...Object.fromEntries(
        Object.entries(packages).map(([n, p]) => [
          `node_modules/${n}`,
          {
            version: p.version,
            resolved: `https://registry.npmjs.org/${n}/-/${n.split('/').at(-1) ?? n}-${p.version}.tgz`,
            ...(p.integrity ? { integrity: p.integrity } : {}),
            ...(p.dev ? { dev: true } : {}),
          },
        ]),
      ),
    },
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** The package.json matching npmLockfile. */
export function packageJson(name: string, packages: Record<string, { version: string; dev?: boolean }>): string {
  const dependencies = Object.fromEntries(Object.entries(packages).filter(([, p]) => !p.dev).map(([n, p]) => [n, p.version]));
  const devDependencies = Object.fromEntries(Object.entries(packages).filter(([, p]) => p.dev).map(([n, p]) => [n, p.version]));
  return `${JSON.stringify(
    {
      name,
      version: '1.0.0',
      private: true,
      ...(Object.keys(dependencies).length ? { dependencies } : {}),
      ...(Object.keys(devDependencies).length ? { devDependencies } : {}),
    },
    null,
    2,
  )}\n`;
}
