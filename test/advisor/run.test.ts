/**
 * `runAdvise` with the real client against the GitHub fake: the workflow_run
 * half of the fork-safe setup (a saved report, the pull request found by head
 * SHA), and a run outside Actions that reads the pull request by number.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportToJson } from '../../advisor/report-file.js';
import { exitCodeFor, runAdvise, withDefaults } from '../../advisor/run.js';
import { InputError } from '../../policies/model/errors.js';
import { change, report, vulnerability } from './factories.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { createTestRepo } from './git-fixture.js';
import { osvDb, toolPath } from '../support/paths.js';

const head = 'b'.repeat(40);

let gh: FakeGitHub;
let work: string;
let out: string[];
let logs: string[];

beforeEach(async () => {
  gh = await startFakeGitHub();
  gh.tokens.set('t', 'github-actions[bot]');
  work = mkdtempSync(path.join(tmpdir(), 'goldenpath-advisor-run-'));
  out = [];
  logs = [];
});

afterEach(async () => {
  await gh.close();
  rmSync(work, { recursive: true, force: true });
});

function environment(env: Record<string, string>) {
  return {
    env: { GITHUB_API_URL: gh.url, GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'octo/svc', ...env },
    stdout: (t: string) => {
      out.push(t);
    },
    log: (m: string) => {
      logs.push(m);
    },
    now: new Date('2026-06-01T00:00:00Z'),
  };
}

function workflowRunEvent(sha: string): string {
  const file = path.join(work, 'event.json');
  writeFileSync(file, JSON.stringify({ workflow_run: { head_sha: sha, pull_requests: [] } }));
  return file;
}

describe('runAdvise', () => {
  it('workflow_run: posts a saved report to the pull request found by head SHA', async () => {
    gh.pulls.push({ number: 12, baseSha: 'a'.repeat(40), headSha: head, state: 'open' });
    const saved = report([change({ policy: { status: 'denied', message: 'denied', rule: 'deps/denied' } })]);
    writeFileSync(path.join(work, 'report.json'), reportToJson(saved));
    const summary = path.join(work, 'summary.md');
    const result = await runAdvise(
      withDefaults({ root: work, fromReport: 'report.json', comment: true, failOn: 'never' }),
      environment({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'workflow_run', GITHUB_EVENT_PATH: workflowRunEvent(head), GITHUB_STEP_SUMMARY: summary }),
    );
    expect(result.exitCode).toBe(0);
    expect(result.comment).toMatchObject({ action: 'created' });
    expect(gh.comments.map((c) => c.issue)).toEqual([12]);
    expect(gh.requests.map((r) => `${r.method} ${r.path.split('?')[0] ?? ''}`)).toEqual([
      `GET /repos/octo/svc/commits/${head}/pulls`,
      'GET /user',
      'GET /repos/octo/svc/issues/12/comments',
      'POST /repos/octo/svc/issues/12/comments',
    ]);
    expect(readFileSync(summary, 'utf8')).toContain('1 policy violation');
  });

  it('refuses a saved report about another commit than the triggering run', async () => {
    writeFileSync(path.join(work, 'report.json'), reportToJson(report([change()])));
    await expect(
      runAdvise(
        withDefaults({ root: work, fromReport: 'report.json', comment: true }),
        environment({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: workflowRunEvent('c'.repeat(40)) }),
      ),
    ).rejects.toThrow(/saved report is for b+, but this run is for c+/);
    expect(gh.comments).toHaveLength(0);
  });

  it('refuses a tampered report before rendering anything', async () => {
    const tampered = { ...report([change()]), counts: { changes: -1, majors: 0, violations: 0, vulnsFixed: 0, vulnsIntroduced: 0 } };
    writeFileSync(path.join(work, 'report.json'), JSON.stringify(tampered));
    const error = await runAdvise(withDefaults({ root: work, fromReport: 'report.json' }), environment({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('the saved report is invalid');
    expect(out).toEqual([]);
  });

  it('exit status follows --fail-on', () => {
    const counts = (violations: number, vulnsIntroduced: number) => ({ changes: 1, majors: 0, vulnsFixed: 0, violations, vulnsIntroduced });
    expect(exitCodeFor(counts(1, 0), 'violation')).toBe(1);
    expect(exitCodeFor(counts(0, 1), 'violation')).toBe(1);
    expect(exitCodeFor(counts(1, 0), 'new-vuln')).toBe(0);
    expect(exitCodeFor(counts(0, 1), 'new-vuln')).toBe(1);
    expect(exitCodeFor(counts(3, 3), 'never')).toBe(0);
    expect(exitCodeFor(report([change({ vulnerabilitiesIntroduced: [vulnerability()] })]).counts, 'new-vuln')).toBe(1);
  });

  const osvScanner = toolPath('osv-scanner');
  it.skipIf(!existsSync(osvScanner) && process.env.CI !== 'true')(
    'outside Actions: reads base and head of --pr from the API, then comments and updates when the result turns green',
    async () => {
      const repo = createTestRepo();
      try {
        const base = repo.commit({ 'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.9.0\n' }, 'base');
        const bad = repo.commit(
          {
            'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
            'goldenpath.yaml': 'version: 1\ndependencies:\n  go:\n    allow:\n      - name: github.com/gin-gonic/gin\n        versions: ">=1.10.0"\n',
          },
          'bump',
        );
        gh.pulls.push({ number: 5, baseSha: base, headSha: bad, state: 'open' });
        const options = withDefaults({
          root: repo.dir,
          pr: 5,
          repo: 'octo/svc',
          comment: true,
          offlineDb: osvDb,
          osvScanner,
        });
        const red = await runAdvise(options, environment({}));
        expect(red.exitCode).toBe(1);
        expect(red.report.counts).toMatchObject({ changes: 1, violations: 1, vulnsFixed: 1 });
        expect(gh.requests[0]).toMatchObject({ method: 'GET', path: '/repos/octo/svc/pulls/5' });

        const good = repo.commit({ 'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.10.0\n' }, 'fix');
        gh.pulls[0]!.headSha = good;
        const green = await runAdvise(options, environment({}));
        expect(green.exitCode).toBe(0);
        expect(gh.comments).toHaveLength(1);
        expect(gh.comments[0]!.body).toContain('0 policy violations');
        expect(gh.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
      } finally {
        repo.remove();
      }
    },
  );

  it.skipIf(!existsSync(osvScanner) && process.env.CI !== 'true')(
    'names a manifest it cannot read instead of failing the whole report, and ignores untouched and vendored manifests',
    async () => {
      const repo = createTestRepo();
      try {
        const base = repo.commit(
          {
            'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.9.0\n',
            'tools/go.mod': 'module example.com/tools\n\ngo 1.25.0\n\nrequire golang.org/x/net v0.7.0\n',
          },
          'base',
        );
        const head = repo.commit(
          {
            'go.mod': 'module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
            'web/package.json': '{ "name": "web", "dependencies": { "lodash": "4.17.21" } }\n',
            'vendor/example.com/x/go.mod': 'module example.com/x\n\nrequire example.com/y v9.9.9\n',
          },
          'head',
        );
        const result = await runAdvise(
          withDefaults({ root: repo.dir, base, head, offlineDb: osvDb, osvScanner }),
          environment({}),
        );
        expect(result.report.changes.map((c) => `${c.manifest} ${c.name} ${c.from ?? ''}->${c.to ?? ''}`)).toEqual([
          'go.mod github.com/gin-gonic/gin v1.9.0->v1.9.1',
        ]);
        expect(result.report.notes.join('\n')).toMatch(/skipped web\/package\.json: .*no package-lock\.json beside it.* Fix: /);
        expect(result.exitCode).toBe(0);
      } finally {
        repo.remove();
      }
    },
  );
});
