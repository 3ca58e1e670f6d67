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
import { osvDb, repoRoot, toolPath } from '../support/paths.js';

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

  it('exit status follows --fail-on, and new vulnerabilities below the policy threshold do not fail', () => {
    const denied = change({ policy: { status: 'denied', message: 'denied', rule: 'deps/denied' } });
    const vulnerable = change({ vulnerabilitiesIntroduced: [vulnerability()] });
    const belowThreshold = change({ vulnerabilitiesIntroduced: [vulnerability({ severity: 'low', belowThreshold: true })] });
    expect(exitCodeFor(report([denied]), 'violation')).toBe(1);
    expect(exitCodeFor(report([vulnerable]), 'violation')).toBe(1);
    expect(exitCodeFor(report([denied]), 'new-vuln')).toBe(0);
    expect(exitCodeFor(report([vulnerable]), 'new-vuln')).toBe(1);
    expect(exitCodeFor(report([denied, vulnerable]), 'never')).toBe(0);
    expect(exitCodeFor(report([belowThreshold]), 'new-vuln')).toBe(0);
    expect(exitCodeFor(report([belowThreshold]), 'violation')).toBe(0);
    expect(exitCodeFor(report([], { vulnerabilitiesIntroduced: [vulnerability()] }), 'new-vuln')).toBe(1);
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
    'fails closed (exit 2) on a manifest it cannot read, after reporting the rest, and ignores untouched and vendored manifests',
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
        const summary = path.join(work, 'summary.md');
        const result = await runAdvise(
          withDefaults({ root: repo.dir, base, head, offlineDb: osvDb, osvScanner, failOn: 'violation' }),
          environment({ GITHUB_STEP_SUMMARY: summary }),
        );
        expect(result.report.changes.map((c) => `${c.manifest} ${c.name} ${c.from ?? ''}->${c.to ?? ''}`)).toEqual([
          'go.mod github.com/gin-gonic/gin v1.9.0->v1.9.1',
        ]);
        expect(result.report.problems?.join('\n')).toMatch(/skipped web\/package\.json: .*no package-lock\.json beside it.* Fix: /);
        expect(result.exitCode).toBe(2);
        expect(logs.join('\n')).toMatch(/^error: skipped web\/package\.json/m);
        // The summary is still written, with the problem on top.
        expect(readFileSync(summary, 'utf8')).toMatch(/\[!CAUTION\][\s\S]*skipped web\/package\.json/);
      } finally {
        repo.remove();
      }
    },
  );

  describe.skipIf(!existsSync(osvScanner) && process.env.CI !== 'true')("the head policy's vulnerabilities section", () => {
    // gin v1.9.1 -> v1.9.0 brings back GHSA-2c4m-59x9-fr2g (CVE-2023-29401, GO-2023-1737), CVSS 4.3 (medium).
    const goMod = (version: string): string => `module example.com/m\n\ngo 1.25.0\n\nrequire github.com/gin-gonic/gin ${version}\n`;

    async function downgrade(vulnerabilities: string | undefined, flags: { offlineDb?: string } = { offlineDb: osvDb }) {
      const repo = createTestRepo();
      try {
        const base = repo.commit({ 'go.mod': goMod('v1.9.1') }, 'base');
        const policy: Record<string, string> =
          vulnerabilities === undefined ? {} : { 'goldenpath.yaml': `version: 1\nvulnerabilities:\n${vulnerabilities}` };
        const head = repo.commit({ 'go.mod': goMod('v1.9.0'), ...policy }, 'downgrade');
        const result = await runAdvise(
          withDefaults({ root: repo.dir, base, head, osvScanner, failOn: 'new-vuln', ...flags }),
          environment({}),
        );
        return { ...result, introduced: result.report.changes.flatMap((c) => c.vulnerabilitiesIntroduced) };
      } finally {
        repo.remove();
      }
    }

    it('a new vulnerability below fail_on (default high) is listed but does not fail --fail-on new-vuln', async () => {
      const result = await downgrade('  unknown_severity: fail\n');
      expect(result.introduced.map((v) => [v.id, v.severity, v.belowThreshold])).toEqual([['GHSA-2c4m-59x9-fr2g', 'medium', true]]);
      expect(result.markdown).toContain('medium (below the policy\u2019s `fail_on`, not failing)');
      expect(result.exitCode).toBe(0);
    });

    it('fail_on: medium makes the same vulnerability fail', async () => {
      const result = await downgrade('  fail_on: medium\n');
      expect(result.introduced.map((v) => v.belowThreshold)).toEqual([undefined]);
      expect(result.exitCode).toBe(1);
    });

    it('an unexpired ignore entry naming an alias drops it', async () => {
      const result = await downgrade('  fail_on: any\n  ignore:\n    - id: CVE-2023-29401\n      reason: FileAttachment is not used\n      expires: 2099-01-01\n');
      expect(result.introduced).toEqual([]);
      expect(result.report.counts.vulnsIntroduced).toBe(0);
      expect(result.exitCode).toBe(0);
    });

    it('an expired ignore entry no longer drops it', async () => {
      const result = await downgrade('  fail_on: any\n  ignore:\n    - id: GO-2023-1737\n      reason: accepted\n      expires: 2026-01-01\n');
      expect(result.introduced.map((v) => v.id)).toEqual(['GHSA-2c4m-59x9-fr2g']);
      expect(result.exitCode).toBe(1);
    });

    it('uses offline_db when --offline-db is not given, and the flag wins over it', async () => {
      const missing = await downgrade('  offline_db: no-such-db\n', {});
      expect(missing.exitCode).toBe(2);
      expect(missing.report.scanFailed).toBe(true);
      expect(missing.report.problems?.join('\n')).toContain('no-such-db');
      expect(missing.markdown).toContain('vulnerability scan failed');
      expect(missing.markdown).not.toContain('introduces 0');

      const flagged = await downgrade('  offline_db: no-such-db\n', { offlineDb: osvDb });
      expect(flagged.report.scanFailed).toBe(false);
      expect(flagged.introduced.map((v) => v.id)).toEqual(['GHSA-2c4m-59x9-fr2g']);
    });

    it('uses the policy timeout for osv-scanner', async () => {
      const result = await downgrade('  timeout: 0.001\n');
      expect(result.exitCode).toBe(2);
      expect(result.report.problems?.join('\n')).toMatch(/vulnerability scan of the base commit failed: .*\b1 ms\b/);
    });
  });

  it('prints valid JSON on stdout inside GitHub Actions with --format json, and annotations with markdown', async () => {
    const saved = report([change({ policy: { status: 'denied', message: 'denied', rule: 'deps/denied' } })]);
    writeFileSync(path.join(work, 'report.json'), reportToJson(saved));
    const env = environment({ GITHUB_ACTIONS: 'true' });
    await runAdvise(withDefaults({ root: work, fromReport: 'report.json', format: 'json' }), env);
    expect(JSON.parse(out.join(''))).toEqual(saved);
    out = [];
    await runAdvise(withDefaults({ root: work, fromReport: 'report.json', format: 'markdown' }), env);
    expect(out.join('')).toMatch(/^::error file=package\.json,line=3,title=Dependency policy%3A deps\/denied::/m);
  });

  it('a wrong --pr (404 on the comments) fails with exit 2 naming owner/repo#pr, after writing the job summary', async () => {
    writeFileSync(path.join(work, 'report.json'), reportToJson(report([change()])));
    gh.faults.push({ method: 'GET', path: /\/issues\/99\/comments$/, status: 404, body: { message: 'Not Found' } });
    const summary = path.join(work, 'summary.md');
    const result = await runAdvise(
      withDefaults({ root: work, fromReport: 'report.json', comment: true, pr: 99 }),
      environment({ GITHUB_STEP_SUMMARY: summary }),
    );
    expect(result.exitCode).toBe(2);
    expect(logs.join('\n')).toMatch(/^error: pull request octo\/svc#99 not found \(HTTP 404\)/m);
    expect(readFileSync(summary, 'utf8')).toContain('1 change');
  });

  it('a broken --knowledge folder fails with exit 2 and its file and line, after writing the comment', async () => {
    const repo = createTestRepo();
    try {
      const base = repo.commit({ 'README.md': 'a\n' }, 'base');
      const head = repo.commit({ 'README.md': 'b\n' }, 'head');
      gh.pulls.push({ number: 6, baseSha: base, headSha: head, state: 'open' });
      const bad = path.join(repoRoot, 'test', 'fixtures', 'advisor', 'knowledge-bad');
      const result = await runAdvise(
        withDefaults({ root: repo.dir, base, head, knowledge: [bad], comment: true, repo: 'octo/svc', pr: 6 }),
        environment({}),
      );
      expect(result.exitCode).toBe(2);
      expect(result.report.problems?.join('\n')).toMatch(/knowledge-bad\/broken\.yaml:4:\d+: the extra knowledge could not be loaded/);
      expect(gh.comments).toHaveLength(1);
      expect(gh.comments[0]?.body).toMatch(/\[!CAUTION\][\s\S]*broken\.yaml/);
    } finally {
      repo.remove();
    }
  });
});
