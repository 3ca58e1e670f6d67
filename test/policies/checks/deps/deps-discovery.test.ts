/**
 * Which manifests the deps check reads, and what it says about the ones it
 * does not: npm manifests in dot-folders (JavaScript actions under
 * .github/actions), Go modules in folders `go ./...` skips, and ecosystems
 * the shipped default policy configures but the repository does not use.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bins } from '../../../support/paths.js';
import { brief, depsFixtures, runDeps, runDepsReport } from './support.js';

describe('deps check finds npm manifests in dot-folders', () => {
  it('evaluates a JavaScript action under .github/actions (unlisted: deny fails on its dependency)', async () => {
    const report = await runDepsReport('js-action', '\ndependencies:\n  unlisted: deny\n  npm:\n    allow: []\n');
    expect(report.findings.map(brief)).toEqual([
      'error deps/unlisted .github/actions/greet/package.json:6 ms@2.1.3 is not on the npm allowlist.',
    ]);
    expect(report.notes).toContain('deps: 1 dependencies in 1 manifests evaluated (scope: direct)');
  });

  it('still leaves out npm manifests matched by dependencies.ignore', async () => {
    const findings = await runDeps('js-action', '\ndependencies:\n  unlisted: deny\n  ignore: [".github/actions/**"]\n  npm:\n    allow: []\n');
    expect(findings.map(brief)).toEqual(['warning deps/no-manifests goldenpath.yaml:5 No package.json found, so no npm dependencies were checked.']);
  });
});

describe('deps check names the Go modules that go ./... skips', () => {
  it('lists go.mod files in dot- and underscore-folders in the notes, and reports nothing from them', async () => {
    const report = await runDepsReport('go-repo', '\ndependencies:\n  go:\n    allow: [{ name: "**" }]\n  npm:\n    allow: []\n');
    expect(report.findings.map(brief)).toEqual(['warning deps/no-manifests goldenpath.yaml:5 No package.json found, so no npm dependencies were checked.']);
    expect(report.notes).toContain(
      'deps: not checked (go ./... skips dot- and underscore-folders; list them in dependencies.ignore to silence this): .cache/go.mod, _examples/demo/go.mod',
    );
  });
});

describe('deps check with the shipped default policy (no goldenpath.yaml in the repository)', () => {
  it('does not warn about the Go section the defaults carry when the repository has no go.mod, and says so in the notes', async () => {
    const report = await runDepsReport('js-action');
    expect(report.findings).toEqual([]);
    expect(report.notes).toContain(
      'deps: No go.mod found, so no Go modules dependencies were checked (dependencies.go comes from create-service/policies/defaults/goldenpath.yaml)',
    );
    expect(report.notes).toContain('deps: 1 dependencies in 1 manifests evaluated (scope: direct)');
  });

  it('never points a finding at a file outside the repository', async () => {
    for (const fixture of ['js-action', 'go-repo', 'empty']) {
      const report = await runDepsReport(fixture);
      const files = report.findings.flatMap((f) => [f.location.file, ...(f.related ?? []).map((r) => r.location.file)]);
      expect(files.filter((file) => file.includes('policies/defaults') || path.isAbsolute(file) || file.startsWith('../')), fixture).toEqual([]);
    }
  });

  it('passes `goldenpath check --only deps` on the JavaScript action repository (exit 0, its dependency evaluated)', () => {
    const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, FORCE_COLOR: _force, ...env } = process.env;
    const result = spawnSync(process.execPath, [bins.goldenpath, 'check', path.join(depsFixtures, 'js-action'), '--only', 'deps'], {
      encoding: 'utf8',
      env: { ...env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('deps: 1 dependencies in 1 manifests evaluated (scope: direct)');
    expect(result.stdout).not.toContain('no-manifests');
    expect(result.stdout).not.toContain('policies/defaults/goldenpath.yaml:');
  });
});

describe('deps check with a base policy outside the repository', () => {
  it('reports its sections in the notes and its exceptions at the extends line, naming the base relative to the repository', async () => {
    const report = await runDepsReport(path.join('base-outside', 'repo'));
    expect(report.findings.map(brief)).toEqual([
      'warning deps/unlisted go.mod:5 github.com/google/uuid@v1.6.0 is not on the Go modules allowlist.',
      'warning deps/unused-exception goldenpath.yaml:2 The exception for go github.com/never/used (declared in ../org-policy.yaml) matches no dependency.',
    ]);
    expect(report.notes).toContain('deps: No package.json found, so no npm dependencies were checked (dependencies.npm comes from ../org-policy.yaml)');
  });
});
