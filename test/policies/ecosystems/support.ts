import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../support/paths.js';
export { repoRoot } from '../../support/paths.js';

/** Repository root, computed from this file's location. */

/** Fixture folder of the ecosystems tests. */
export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'ecosystems');

/** Runs a tool and returns its exit status and output (never throws). */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
