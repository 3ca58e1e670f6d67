/**
 * End to end: a real git repository with two commits, the shipped
 * `goldenpath advise` bin in a subprocess with a pull_request event, the real
 * osv-scanner with the offline OSV database, and the GitHub REST fake.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../advisor/report-file.js';
import { createTestRepo, npmLockfile, packageJson, type TestRepo } from './git-fixture.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { bins, osvDb, repoRoot, toolPath } from '../support/paths.js';

const run = promisify(execFile);
const osvScanner = toolPath('osv-scanner');
const bin = bins.goldenpath;
const snapshot = path.join(repoRoot, 'test', 'fixtures', 'advisor', 'e2e-comment.md');
const sampleDoc = path.join(repoRoot, 'docs', 'sample-comment.md');

const integrity = {
  lodash15: 'sha512-8xOcRHvCjnocdS5cpwXQXVzmmh5e5+saE2QGoeQmbKmRS6J3VQppPOIt0MnmE+4xlZoumy0GPG0D0MVIQbNA1A==',
  lodash21: 'sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==',
  minimist: 'sha512-FM9nNUYrRBAELZQT3xeZQ7fmMOBg6nWNmJKTcgsJeaLstP/UODVpGsr5OhXhhXg6f+qtJ8uiZ+PUxkDWcgIXLw==',
};

const goModBase = `module example.com/svc

go 1.25.0

require (
	github.com/gin-gonic/gin v1.9.0
	github.com/labstack/echo/v4 v4.8.0
	golang.org/x/net v0.7.0 // indirect
)
`;

const goModHead = `module example.com/svc

go 1.25.0

require (
	github.com/gin-gonic/gin v1.12.0
	github.com/labstack/echo/v5 v5.0.0
	golang.org/x/net v0.38.0 // indirect
)
`;

const npmBase = { express: { version: '4.17.1' }, lodash: { version: '4.17.15', integrity: integrity.lodash15 } };
const npmHead = {
  express: { version: '5.0.0' },
  lodash: { version: '4.17.21', integrity: integrity.lodash21 },
  minimist: { version: '1.2.5', integrity: integrity.minimist },
};

const policy = `version: 1
dependencies:
  go:
    allow:
      - name: github.com/gin-gonic/gin
        versions: ">=1.10.0"
      - name: github.com/labstack/echo/*
  npm:
    allow:
      - name: express
      - name: lodash
        versions: ">=4.17.21"
    deny:
      - name: minimist
        reason: unmaintained; use node:util parseArgs
`;

const scannerPresent = existsSync(osvScanner);
const required = process.env.CI === 'true';

describe.skipIf(!scannerPresent && !required)('goldenpath advise end to end', () => {
  let repo: TestRepo;
  let gh: FakeGitHub;
  let work: string;
  let base: string;
  let head: string;

  beforeAll(async () => {
    repo = createTestRepo();
    base = repo.commit(
      { 'go.mod': goModBase, 'web/package.json': packageJson('web', npmBase), 'web/package-lock.json': npmLockfile('web', npmBase) },
      'base',
    );
    head = repo.commit(
      {
        'go.mod': goModHead,
        'web/package.json': packageJson('web', npmHead),
        'web/package-lock.json': npmLockfile('web', npmHead),
        'goldenpath.yaml': policy,
      },
      'upgrade dependencies',
    );
    gh = await startFakeGitHub();
    gh.tokens.set('t0ken', 'github-actions[bot]');
    work = mkdtempSync(path.join(tmpdir(), 'goldenpath-advisor-run-'));
  });

  afterAll(async () => {
    await gh.close();
    repo.remove();
    rmSync(work, { recursive: true, force: true });
  });

  async function advise(extraEnv: Record<string, string> = {}, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    const event = path.join(work, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({ pull_request: { number: 42, base: { sha: base }, head: { sha: head } }, repository: { name: 'svc', owner: { login: 'octo' } } }),
    );
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? work,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'octo/svc',
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: 't0ken',
      GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'),
      ...extraEnv,
    };
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [bin, 'advise', '--comment', '--offline-db', osvDb, '--osv-scanner', osvScanner, ...args],
        { cwd: repo.dir, env, maxBuffer: 64 * 1024 * 1024 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  it('posts the expected comment, writes the job summary and fails on the violation and new vulnerabilities', async () => {
    const result = await advise();
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
    const comment = gh.comments[0]!;
    expect(comment.issue).toBe(42);
    await expect(comment.body).toMatchFileSnapshot(snapshot);
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toContain(comment.body);
    // Annotations for the violation and the introduced vulnerabilities, pinned to the manifest.
    expect(result.stdout).toMatch(/^::error file=web\/package\.json,line=\d+,title=Dependency policy%3A deps\/denied::minimist 1\.2\.5/m);
    expect(result.stdout).toMatch(/^::error file=web\/package\.json,line=\d+,title=Vulnerability GHSA-/m);
  });

  it('a second run updates the same comment instead of adding one', async () => {
    const result = await advise();
    expect(result.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('--fail-on never exits 0; --format json prints the report that --report-out saves and --from-report accepts', async () => {
    const saved = path.join(work, 'report.json');
    const result = await advise({}, ['--fail-on', 'never', '--format', 'json', '--report-out', saved]);
    expect(result.code).toBe(0);
    // The whole of stdout is the report: no workflow commands after it, even inside GitHub Actions.
    const report = parseReport(result.stdout, 'stdout');
    expect(report).toEqual(parseReport(readFileSync(saved, 'utf8'), saved));
    expect(report.counts).toEqual({ changes: 6, majors: 2, violations: 1, vulnsFixed: 13, vulnsIntroduced: 2 });
    expect(report.base).toBe(base);
    expect(report.head).toBe(head);
  });

  it('the sample comment in the docs is the rendered comment', () => {
    expect(readFileSync(sampleDoc, 'utf8')).toBe(readFileSync(snapshot, 'utf8'));
  });
});
