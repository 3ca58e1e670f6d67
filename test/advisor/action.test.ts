/**
 * The action as GitHub runs it: action.yml is valid for the node24 runtime
 * and points at the committed bundle, inputs carry no defaults (they live in
 * advisor/defaults.ts), and the bundle starts and reports through workflow
 * commands without any install step.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestRepo } from './git-fixture.js';
import { osvDb, repoRoot, toolPath } from '../support/paths.js';

const run = promisify(execFile);

interface ActionYaml {
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: unknown }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as ActionYaml;

describe('GitHub Action', () => {
  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'action/dist/index.js' });
    expect(existsSync(path.join(repoRoot, action.runs.main))).toBe(true);
  });

  it('the committed bundle is built from the current sources', async () => {
    const result = await run(process.execPath, [path.join(repoRoot, 'action', 'build.mjs'), '--check'], { cwd: repoRoot }).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => {
        const e = error as { code?: number; stderr?: string };
        return { code: e.code ?? -1, stderr: e.stderr ?? '' };
      },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('says the token is required for commenting and app-slug is needed with an installation token', () => {
    expect(action.inputs.token?.description).toMatch(/Required when comment is true/);
    expect(action.inputs.token?.description).toContain('app-slug');
    expect(action.inputs['app-slug']?.description).toContain("cannot identify the token's account");
  });

  it('declares the documented inputs without defaults, and the count outputs', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['policy', 'fail-on', 'comment', 'token']));
    for (const [name, spec] of Object.entries(action.inputs)) expect(spec.default, `input ${name}`).toBeUndefined();
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['changes', 'majors', 'violations', 'vulns-fixed', 'vulns-introduced']));
  });

  it('the bundle fails with a clear message on a bad input', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'goldenpath-action-'));
    try {
      const output = path.join(work, 'output');
      writeFileSync(output, '');
      const result = await run(process.execPath, [path.join(repoRoot, action.runs.main)], {
        cwd: work,
        env: { PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: work, GITHUB_OUTPUT: output, 'INPUT_FAIL-ON': 'sometimes' },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: unknown) => {
        const e = error as { code?: number; stdout?: string };
        return { code: e.code ?? -1, stdout: e.stdout ?? '' };
      },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('::error::input fail-on must be one of new-vuln, never, violation, got "sometimes"');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  const osvScanner = toolPath('osv-scanner');
  it.skipIf(!existsSync(osvScanner) && process.env.CI !== 'true')(
    'a copy of the action without node_modules advises on a pull request and sets the outputs',
    async () => {
      // What `uses: owner/repo@ref` downloads: the repository files, no node_modules.
      const checkout = mkdtempSync(path.join(tmpdir(), 'goldenpath-action-checkout-'));
      const repo = createTestRepo();
      try {
        for (const item of ['package.json', 'action.yml', 'action/dist', 'policies/knowledge', 'policies/defaults']) {
          if (!existsSync(path.join(repoRoot, item))) continue;
          mkdirSync(path.dirname(path.join(checkout, item)), { recursive: true });
          cpSync(path.join(repoRoot, item), path.join(checkout, item), { recursive: true });
        }
        const base = repo.commit({ 'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.9.0\n' }, 'base');
        const head = repo.commit({ 'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.9.1\n' }, 'head');
        const event = path.join(checkout, 'event.json');
        writeFileSync(event, JSON.stringify({ pull_request: { number: 1, base: { sha: base }, head: { sha: head } } }));
        const output = path.join(checkout, 'output');
        const summary = path.join(checkout, 'summary');
        writeFileSync(output, '');
        const { stdout } = await run(process.execPath, [path.join(checkout, action.runs.main)], {
          cwd: repo.dir,
          env: {
            PATH: process.env.PATH ?? '',
            GITHUB_ACTIONS: 'true',
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_EVENT_PATH: event,
            GITHUB_WORKSPACE: repo.dir,
            GITHUB_OUTPUT: output,
            GITHUB_STEP_SUMMARY: summary,
            INPUT_COMMENT: 'false',
            'INPUT_OFFLINE-DB': osvDb,
            'INPUT_OSV-SCANNER': osvScanner,
          },
        });
        expect(stdout).toContain('1 change · 0 majors · fixes 1 vulnerability · introduces 0 · 0 policy violations');
        const outputs = readFileSync(output, 'utf8');
        expect(outputs).toMatch(/^changes<<(\S+)\n1\n\1$/m);
        expect(outputs).toMatch(/^vulns-fixed<<(\S+)\n1\n\1$/m);
        expect(readFileSync(summary, 'utf8')).toContain('GHSA-2c4m-59x9-fr2g');
      } finally {
        repo.remove();
        rmSync(checkout, { recursive: true, force: true });
      }
    },
  );
});
