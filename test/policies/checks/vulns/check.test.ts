/**
 * `goldenpath check --only vulns` end to end: the real CLI, the real
 * osv-scanner and the offline database, with the policy in goldenpath.yaml.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../policies/model/finding.js';
import { goldenpathBin, osvDb, osvFixtures, realScanner, tempDir } from './helpers.js';

function repo(fixture: string, policy?: string): string {
  const dir = tempDir();
  cpSync(path.join(osvFixtures, fixture), dir, { recursive: true, filter: (src) => !/(EXPECTED\.md|expected-osv\.json)$/.test(src) });
  if (policy !== undefined) writeFileSync(path.join(dir, 'goldenpath.yaml'), policy);
  return dir;
}

function checkJson(dir: string): { status: number | null; findings: Finding[]; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [goldenpathBin, 'check', '--only', 'vulns', '--osv-scanner', realScanner, '--offline-db', osvDb, '--format', 'json', dir],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0 && result.status !== 1) throw new Error(`goldenpath exited with ${String(result.status)}: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { findings: Finding[] };
  return { status: result.status, findings: parsed.findings, stderr: result.stderr };
}

const vulnerable = (findings: readonly Finding[]) => findings.filter((f) => f.rule === 'vulns/vulnerable-dependency');

describe('goldenpath check --only vulns', () => {
  it('fails a Go module with vulnerable requires and an old go directive', () => {
    const { status, findings } = checkJson(repo('go-vulnerable'));
    expect(status).toBe(1);
    // 57 groups on the ten requires plus 88 standard-library advisories.
    expect(vulnerable(findings)).toHaveLength(145);
    const gin = findings.find((f) => f.vulnerability?.id === 'GHSA-2c4m-59x9-fr2g');
    expect(gin).toMatchObject({ level: 'warning', location: { file: 'go.mod', line: 6 } });
    expect(findings.find((f) => f.vulnerability?.id === 'GHSA-crxj-hrmp-4rwf')).toMatchObject({ level: 'error', location: { file: 'go.mod', line: 10 } });
  });

  it('applies thresholds and ignores from goldenpath.yaml, and reports an expired ignore at its line', () => {
    const policy = [
      'version: 1',
      'vulnerabilities:',
      '  fail_on: critical',
      '  ignore:',
      '    - id: GHSA-xvch-5gv4-984h',
      '      reason: minimist only parses our own argv',
      '      expires: 2999-12-31',
      '    - id: GHSA-f2jv-r9rf-7988',
      '      reason: we compile only our own templates',
      '      expires: 2026-01-31',
      '',
    ].join('\n');
    const { status, findings } = checkJson(repo('npm-vulnerable', policy));
    expect(status).toBe(1);
    // 51 - 2 ignored (minimist 0.0.10 and 1.2.5); the handlebars one is back because its ignore expired.
    expect(vulnerable(findings)).toHaveLength(49);
    expect(vulnerable(findings).filter((f) => f.level === 'error').map((f) => f.vulnerability?.id)).toEqual(['GHSA-f2jv-r9rf-7988']);
    expect(findings.filter((f) => f.rule === 'vulns/expired-ignore')).toEqual([
      expect.objectContaining({ level: 'error', location: { file: 'goldenpath.yaml', line: 8, column: 7 } }),
    ]);
  });

  it('passes with warnings when nothing reaches fail_on', () => {
    const policy = [
      'version: 1',
      'vulnerabilities:',
      '  fail_on: critical',
      '  ignore:',
      '    - id: GHSA-xvch-5gv4-984h',
      '      reason: minimist only parses our own argv',
      '      expires: 2999-12-31',
      '    - id: CVE-2021-23369',
      '      reason: we compile only our own templates',
      '      expires: 2999-12-31',
      '',
    ].join('\n');
    const { status, findings } = checkJson(repo('npm-vulnerable', policy));
    expect(status).toBe(0);
    expect(findings).toHaveLength(48);
    expect(findings.every((f) => f.level === 'warning')).toBe(true);
  });

  it('recommends only fixed versions the dependency allowlist accepts', () => {
    const policy = [
      'version: 1',
      'dependencies:',
      '  npm:',
      '    allow:',
      '      - name: qs',
      '        versions: ">=6.8.0 <7"',
      '      - name: lodash',
      '        versions: "<4.17.19"',
      'vulnerabilities:',
      '  fail_on: any',
      '',
    ].join('\n');
    const { findings } = checkJson(repo('npm-vulnerable', policy));
    const qs = findings.find((f) => f.vulnerability?.packageName === 'qs');
    expect(qs?.vulnerability?.recommendedVersion).toBe('6.8.3');
    expect(qs?.fix).toContain('upgrade qs to 6.8.3 or later');
    const lodash = findings.filter((f) => f.vulnerability?.packageName === 'lodash');
    expect(lodash).toHaveLength(3);
    expect(lodash.every((f) => f.vulnerability?.recommendedVersion === undefined)).toBe(true);
    expect(lodash[0]?.message).toContain('but the dependency allowlist accepts none of those versions');
  });

  it('passes with a note when there is nothing to scan', () => {
    const dir = tempDir();
    const result = spawnSync(
      process.execPath,
      [goldenpathBin, 'check', '--only', 'vulns', '--osv-scanner', realScanner, '--offline-db', osvDb, '--format', 'json', dir],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { findings: Finding[]; notes: string[] };
    expect(report.findings).toEqual([]);
    expect(report.notes).toContain('vulns: osv-scanner found no manifest or lockfile to scan in .; no dependency was checked for vulnerabilities');
  });

  it('rejects an ignore entry without a reason or expiry', () => {
    const dir = repo('npm-vulnerable', 'version: 1\nvulnerabilities:\n  ignore:\n    - id: GHSA-xvch-5gv4-984h\n');
    const result = spawnSync(process.execPath, [goldenpathBin, 'check', '--only', 'vulns', '--osv-scanner', realScanner, '--offline-db', osvDb, dir], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/goldenpath\.yaml:4/);
    expect(result.stderr).toMatch(/reason/);
  });
});
