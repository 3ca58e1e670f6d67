import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bins, repoRoot } from '../support/paths.js';

const bin = bins.goldenpath;
const fixture = path.join(repoRoot, 'test/fixtures/engine/cli');

/** Runs the built `goldenpath` bin the way CI does, outside GitHub Actions unless `env` says otherwise. */
function goldenpath(args: string[], env: Record<string, string> = {}) {
  const { GITHUB_ACTIONS: _actions, GITHUB_STEP_SUMMARY: _summary, FORCE_COLOR: _force, ...base } = process.env;
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...base, NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('goldenpath check exit codes', () => {
  it('exits 0 when the configured checks find nothing, naming the checks that ran', () => {
    const { code, stdout } = goldenpath(['check', fixture]);
    expect(code).toBe(0);
    expect(stdout).toContain('0 errors, 0 warnings (checks: config)');
    expect(stdout).toContain('note: checks not run: coverage (no "coverage" section), deps (no "dependencies" section), vulns (no "vulnerabilities" section)');
  });

  it('exits 2 when the policy configures no check, naming the file and the sections it can set', () => {
    const { code, stdout, stderr } = goldenpath(['check', fixture, '--policy', path.join(fixture, 'no-checks.yaml')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: no-checks.yaml:1:1: no-checks.yaml configures no checks: nothing to gate\n' +
        '  fix: add at least one of the sections config, coverage, dependencies, vulnerabilities (docs/policy-reference.md), extend a policy that has them, or pass --only <check>\n',
    );
  });

  it('runs the shipped default policy when the repository has none', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'goldenpath-nopolicy-'));
    const { code, stdout } = goldenpath(['check', empty]);
    expect(stdout).toContain('using the default policy shipped with goldenpath');
    expect(stdout).toContain('(checks: deps)');
    expect(code).toBe(0);
  });

  it('names a policy outside the repository relative to the root, never by an absolute path, in text and SARIF', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'goldenpath-outside-'));
    const policy = path.join(outside, 'policy.yaml');
    writeFileSync(policy, readFileSync(path.join(fixture, 'relaxes-locked.yaml'), 'utf8').replace(/^extends: .*$/m, `extends: [${path.join(fixture, 'org.yaml')}]`));
    const display = path.relative(fixture, policy).split(path.sep).join('/');
    expect(display).toMatch(/^\.\.\//);

    const text = goldenpath(['check', fixture, '--policy', policy]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${display}:5:5`);
    expect(text.stdout.replaceAll(display, '<policy>')).not.toContain(outside);

    const sarif = goldenpath(['check', fixture, '--policy', policy, '--format', 'sarif']);
    const uris: string[] = JSON.parse(sarif.stdout).runs[0].results.map(
      (result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toContain(display);
    for (const uri of uris) expect(uri.startsWith('/')).toBe(false);
    expect(sarif.stdout.replaceAll(display, '<policy>')).not.toContain(outside);
  });

  it('exits 1 on an error-level finding', () => {
    const { code, stdout } = goldenpath(['check', fixture, '--policy', path.join(fixture, 'inconsistent.yaml')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error config\//);
  });

  it('exits 1 when a repository relaxes a locked rule, pointing at its own line', () => {
    const { code, stdout } = goldenpath(['check', fixture, '--policy', path.join(fixture, 'relaxes-locked.yaml'), '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'policy/locked-rule', location: { file: 'relaxes-locked.yaml', line: 5, column: 5 } }),
    );
  });

  it('exits 2 on an invalid policy with file, line, column and the fix', () => {
    const { code, stderr } = goldenpath(['check', path.join(fixture, 'invalid')]);
    expect(code).toBe(2);
    expect(stderr).toContain('goldenpath.yaml:5:1: unknown top-level key "covrage"; expected one of: version, extends, config, coverage, dependencies, vulnerabilities');
    expect(stderr).toContain('fix: ');
  });

  it('exits 2 when a configured input is missing', () => {
    const { code, stderr } = goldenpath(['check', fixture, '--policy', path.join(fixture, 'missing-input.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).toContain('does-not-exist.yaml');
  });

  it('exits 2 on an unknown --only id, listing the valid ones', () => {
    const { code, stderr } = goldenpath(['check', fixture, '--only', 'deps,licences']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: unknown check in --only: licences\n  fix: use any of: config, coverage, deps, vulns\n');
  });

  it('exits 2 on an unknown --format, listing the formats', () => {
    const { code, stderr } = goldenpath(['check', fixture, '--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('Allowed choices are github, json, markdown, sarif, text');
  });

  it('exits 2 when --policy names a missing file', () => {
    const { code, stderr } = goldenpath(['check', fixture, '--policy', path.join(fixture, 'nope.yaml')]);
    expect(code).toBe(2);
    expect(stderr).toContain('policy file not found');
  });

  it('exits 2 when the repository root does not exist', () => {
    const { code, stderr } = goldenpath(['check', path.join(fixture, 'no-such-dir')]);
    expect(code).toBe(2);
    expect(stderr).toContain('repository root not found');
  });

  it('writes the report to --output instead of stdout', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'goldenpath-out-')), 'report.sarif');
    const { code, stdout } = goldenpath(['check', fixture, '--format', 'sarif', '--output', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('exits 2 when --output cannot be written', () => {
    const { code, stderr } = goldenpath(['check', fixture, '--output', path.join(fixture, 'no-such-dir', 'report.txt')]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot write the report to');
  });

  it('colours text only when asked: FORCE_COLOR wins, NO_COLOR and pipes stay plain', () => {
    const policy = ['--policy', path.join(fixture, 'inconsistent.yaml')];
    expect(goldenpath(['check', fixture, ...policy]).stdout).not.toContain('\u001b[');
    expect(goldenpath(['check', fixture, ...policy], { FORCE_COLOR: '1' }).stdout).toContain('\u001b[31merror\u001b[0m');
  });

  it('lists formats and checks in --help', () => {
    const { code, stdout: wrapped } = goldenpath(['check', '--help']);
    const stdout = wrapped.replace(/\s+/g, ' ');
    expect(code).toBe(0);
    expect(stdout).toContain('(choices: "github", "json", "markdown", "sarif", "text"');
    expect(stdout).toContain('(config, coverage, deps, vulns)');
  });
});

describe('goldenpath check inside GitHub Actions', () => {
  function actions(args: string[]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'goldenpath-gha-'));
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const result = goldenpath(args, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    return { ...result, summary: readFileSync(summary, 'utf8') };
  }

  it('adds annotations to stdout and appends a Markdown summary, besides the chosen format', () => {
    const { code, stdout, summary } = actions(['check', fixture, '--policy', path.join(fixture, 'inconsistent.yaml'), '--format', 'text']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error config\//);
    expect(stdout).toMatch(/^::error file=config\/[^\n]+title=config\//m);
    expect(summary).toMatch(/^# earlier step\n## goldenpath check\n\n:x: \*\*\d+ errors?, \d+ warnings?\*\* \(checks: `config`\)/);
  });

  it('keeps a JSON report on stdout parseable, annotating on stderr', () => {
    const { code, stdout, stderr } = actions(['check', fixture, '--policy', path.join(fixture, 'inconsistent.yaml'), '--format', 'json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).summary.errors).toBeGreaterThan(0);
    expect(stderr).toMatch(/^::error file=config\//m);
  });

  it('annotates an invalid policy too', () => {
    const { code, stdout } = actions(['check', path.join(fixture, 'invalid')]);
    expect(code).toBe(2);
    expect(stdout).toBe(
      '::error file=goldenpath.yaml,line=5,col=1,title=goldenpath input error::unknown top-level key "covrage"; expected one of: version, extends, config, coverage, dependencies, vulnerabilities%0Afix: correct the values above; docs/policy-reference.md lists every key\n',
    );
  });
});
