/**
 * End to end through the shipped `goldenpath` bin: a committed secret is
 * reported in every output format without its value appearing anywhere.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { formatNames } from '../../../../policies/reporters/index.js';
import { repoRoot, tempTree } from './helpers.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'dist/generators/cli/goldenpath.js');

// Assembled at run time so no committed file holds a secret-shaped string.
const token = 'gh' + 'p_' + 'Zx9Yw8Vu7Ts6'.repeat(3);
const password = 'correct-horse-battery-staple-42';

describe('secrets never reach any report', () => {
  test.each(formatNames)('--format %s', async (format) => {
    const root = await tempTree({
      'goldenpath.yaml': 'version: 1\nconfig:\n  environments: { dev: config/dev.yaml, prod: config/prod.yaml }\n  constraints:\n    - { key: db.password, in: [x] }\n',
      'config/dev.yaml': 'github:\n  token: ${GITHUB_TOKEN}\ndb:\n  password: ${DB_PASSWORD}\n',
      'config/prod.yaml': `github:\n  token: ${token}\ndb:\n  password: ${password}\n`,
    });
    const result = await run(process.execPath, [bin, 'check', root, '--only', 'config', '--format', format], { env: { ...process.env, GITHUB_ACTIONS: '' } }).then(
      () => ({ code: 0, stdout: '' }),
      (error: unknown) => {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, stdout: failed.stdout + failed.stderr };
      },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('github.token');
    expect(result.stdout).toContain('db.password');
    expect(result.stdout).not.toContain(token);
    expect(result.stdout).not.toContain(token.slice(-10));
    expect(result.stdout).not.toContain(password);
  });
});
