import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { bins, repoRoot } from '../support/paths.js';
export { repoRoot } from '../support/paths.js';

export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'generators');
export const fixtureTemplates = path.join(fixtures, 'templates');
export const bin = bins.createService;

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh empty directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'create-service-test-'));
  made.push(dir);
  return dir;
}

/**
 * Git reads neither the user's nor the system configuration, so tests see
 * the same identity rules on every machine.
 */
export function isolatedGitEnv(globalConfig = '/dev/null'): NodeJS.ProcessEnv {
  return { GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1' };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin in a subprocess with stdin a pipe (no TTY), closed at once unless `input` is given. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CREATE_SERVICE_TEMPLATES_DIR: fixtureTemplates, ...isolatedGitEnv(), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Every file under `root` as sorted forward-slash paths (directories excluded). */
export async function listTree(root: string, options: { skip?: string[] } = {}): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (options.skip?.includes(relative)) continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relative);
      else out.push(relative);
    }
  };
  await walk(root, '');
  return out.sort();
}

export async function exists(target: string): Promise<boolean> {
  return stat(target).then(
    () => true,
    () => false,
  );
}

export async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
