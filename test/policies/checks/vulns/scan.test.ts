/**
 * The gate against the real osv-scanner and the offline database: the
 * vulnerabilities it reports are exactly what osv-scanner itself reports for
 * the same input, and what the database's EXPECTED.md lists.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanVulnerabilities, type VulnerabilityReport } from '../../../../policies/checks/vulns/scan.js';
import { copyFixture, fakeScanner, idsByPackage, osvDb, osvFixtures, rawScan, readJson, realScanner, tempDir, type RawOutput } from './helpers.js';

interface Expected {
  results: { package: string; version: string; ids: string[] }[];
}

/** `name@version → ids` of our report, spelled as osv-scanner spells versions (no `v`; stdlib as reported). */
function ourIds(report: VulnerabilityReport, raw: RawOutput): Map<string, string[]> {
  const rawVersions = new Map<string, string>();
  for (const pkg of raw.results.flatMap((r) => r.packages ?? [])) rawVersions.set(pkg.package.name, pkg.package.version);
  const map = new Map<string, string[]>();
  for (const v of report.vulnerabilities) {
    const { packageName, packageVersion, ecosystem } = v.details;
    const version = ecosystem === 'Go' ? (packageName === 'stdlib' ? (rawVersions.get('stdlib') ?? packageVersion) : packageVersion.replace(/^v/, '')) : packageVersion;
    const key = `${packageName}@${version}`;
    map.set(key, [...(map.get(key) ?? []), ...v.ids].sort());
  }
  return map;
}

/** osv-scanner run by hand, the documented way: layout.sh, --offline, --local-db-path, ScanGoModVersion. */
function rawOffline(target: string): { code: number; json: RawOutput } {
  const db = tempDir('raw-db-');
  execFileSync('bash', [path.join(osvDb, 'layout.sh'), '--symlink', db], { stdio: 'ignore' });
  const config = path.join(tempDir('raw-config-'), 'osv-scanner.toml');
  writeFileSync(config, 'ScanGoModVersion = true\n');
  return rawScan(target, ['scan', 'source', '-r', '--format', 'json', '--offline', '--local-db-path', db, '--config', config], {
    ...process.env,
    OSV_SCALIBR_LOCAL_DB_CACHE_DIRECTORY: db,
    OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY: db,
  });
}

function total(map: Map<string, string[]>): number {
  return [...map.values()].reduce((n, ids) => n + ids.length, 0);
}

describe.each([
  { fixture: 'go-vulnerable', packages: 11, ids: 161 },
  { fixture: 'npm-vulnerable', packages: 29, ids: 51 },
])('scanVulnerabilities on $fixture', ({ fixture, packages, ids }) => {
  let dir: string;
  let report: VulnerabilityReport;
  let raw: { code: number; json: RawOutput };
  beforeAll(async () => {
    dir = copyFixture(path.join(osvFixtures, fixture));
    report = await scanVulnerabilities(dir, { scanner: realScanner, offlineDb: osvDb });
    raw = rawOffline(dir);
  });

  it('reports the same ids per package as osv-scanner itself', () => {
    expect(raw.code).toBe(1);
    const theirs = idsByPackage(raw.json);
    const ours = ourIds(report, raw.json);
    expect(ours).toEqual(theirs);
    expect(ours.size).toBe(packages);
    expect(total(ours)).toBe(ids);
  });

  it('reports the ids the database README expects (EXPECTED.md / expected-osv.json)', () => {
    const expected = readJson(path.join(osvFixtures, fixture, 'expected-osv.json')) as Expected;
    const wanted = new Map<string, string[]>();
    for (const r of expected.results) {
      const key = `${r.package}@${r.version}`;
      wanted.set(key, [...(wanted.get(key) ?? []), ...r.ids].sort());
    }
    const ours = new Map<string, string[]>();
    for (const v of report.vulnerabilities) {
      const key = `${v.details.packageName}@${v.details.packageVersion.replace(/^v/, '')}`;
      ours.set(key, [...(ours.get(key) ?? []), ...v.ids].sort());
    }
    expect(ours).toEqual(wanted);
  });

  it.runIf(fixture === 'go-vulnerable')('rates a Go advisory by its GHSA alias from the database when osv-scanner leaves it out', () => {
    const stdlib = (id: string) => report.vulnerabilities.find((v) => v.details.packageName === 'stdlib' && v.ids.includes(id));
    expect(stdlib('GO-2023-1571')).toMatchObject({ details: { severity: 'high', score: 7.5 }, severityAlias: 'GHSA-vvpx-j8f3-3w6h' });
    expect(stdlib('GO-2023-2102')).toMatchObject({ details: { severity: 'high', score: 7.5 }, severityAlias: 'GHSA-4374-p667-p6c8' });
    expect(stdlib('GO-2024-2687')).toMatchObject({ details: { severity: 'medium', score: 5.3 }, severityAlias: 'GHSA-4v7x-pqxf-cx7m' });
  });

  it('says which scanner ran and what it read', () => {
    expect(report.scanner.version).toBe('2.5.1');
    expect(report.offline).toBe(true);
    expect(report.sources).toEqual([fixture === 'go-vulnerable' ? 'go.mod' : 'package-lock.json']);
    expect(report.notes).toEqual([]);
  });
});

describe('scanVulnerabilities on other inputs', () => {
  it('passes with a note when there is nothing to scan', async () => {
    const report = await scanVulnerabilities(tempDir(), { scanner: realScanner, offlineDb: osvDb });
    expect(report.vulnerabilities).toEqual([]);
    expect(report.notes).toEqual(['osv-scanner found no manifest or lockfile to scan in .; no dependency was checked for vulnerabilities']);
  });

  it('accepts a database already laid out for osv-scanner', async () => {
    const db = tempDir('laid-out-db-');
    execFileSync('bash', [path.join(osvDb, 'layout.sh'), '--symlink', db], { stdio: 'ignore' });
    const dir = copyFixture(path.join(osvFixtures, 'npm-vulnerable'));
    const report = await scanVulnerabilities(dir, { scanner: realScanner, offlineDb: db });
    expect(report.vulnerabilities).toHaveLength(51);
  });

  it('lays the database out again for a release that reads the older layout', async () => {
    const db = tempDir('scalibr-only-db-');
    execFileSync('bash', [path.join(osvDb, 'layout.sh'), '--symlink', db], { stdio: 'ignore' });
    execFileSync('rm', ['-r', path.join(db, 'osv-scanner')]);
    // Reports v2.4.0, so the gate must provide osv-scanner/<Ecosystem>/all.zip; it scans with the real binary.
    const olderRelease = fakeScanner(`exec ${realScanner} "$@"`, { versionLine: 'osv-scanner version: 2.4.0' });
    const dir = copyFixture(path.join(osvFixtures, 'npm-vulnerable'));
    const report = await scanVulnerabilities(dir, { scanner: olderRelease, offlineDb: db });
    expect(report.scanner.version).toBe('2.4.0');
    expect(report.vulnerabilities).toHaveLength(51);
  });

  it('takes the standard-library version from the toolchain directive when there is one', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'go.mod'), 'module example.com/tc\n\ngo 1.20\n\ntoolchain go1.22.3\n');
    const report = await scanVulnerabilities(dir, { scanner: realScanner, offlineDb: osvDb });
    expect(report.vulnerabilities.length).toBeGreaterThan(0);
    for (const v of report.vulnerabilities) {
      expect(v).toMatchObject({ location: { file: 'go.mod', line: 5 }, goDirective: 'toolchain go1.22.3' });
      expect(v.details).toMatchObject({ packageName: 'stdlib', packageVersion: '1.22.3' });
    }
  });

  it('rejects scan paths outside the repository or missing from it, at their policy line', async () => {
    const dir = tempDir();
    const declaredAt = { file: 'goldenpath.yaml', line: 7 };
    await expect(scanVulnerabilities(dir, { scanner: realScanner, paths: ['../elsewhere'], pathsDeclaredAt: declaredAt })).rejects.toMatchObject({
      name: 'InputError',
      message: 'scan path ../elsewhere is outside the repository',
      location: declaredAt,
    });
    await expect(scanVulnerabilities(dir, { scanner: realScanner, paths: ['services'], pathsDeclaredAt: declaredAt })).rejects.toMatchObject({
      message: 'scan path services is not a directory in the repository',
      fix: 'fix or remove the entry in vulnerabilities.paths',
    });
  });

  it('skips excluded directories', async () => {
    const dir = tempDir();
    execFileSync('mkdir', ['-p', path.join(dir, 'test', 'fixtures')]);
    execFileSync('cp', ['-r', path.join(osvFixtures, 'go-vulnerable'), path.join(dir, 'api')]);
    execFileSync('cp', ['-r', path.join(osvFixtures, 'npm-vulnerable'), path.join(dir, 'test', 'fixtures', 'web')]);
    for (const exclude of [['test/fixtures'], ['**/fixtures'], ['test/*']]) {
      const report = await scanVulnerabilities(dir, { scanner: realScanner, offlineDb: osvDb, exclude });
      expect(report.sources, exclude.join()).toEqual(['api/go.mod']);
    }
    await expect(scanVulnerabilities(dir, { scanner: realScanner, offlineDb: osvDb, exclude: ['../x'] })).rejects.toMatchObject({
      message: 'exclude pattern ../x must be relative to the repository root and stay inside it',
    });
  });

  it('scans only the configured paths', async () => {
    const dir = tempDir();
    execFileSync('cp', ['-r', path.join(osvFixtures, 'go-vulnerable'), path.join(dir, 'api')]);
    execFileSync('cp', ['-r', path.join(osvFixtures, 'npm-vulnerable'), path.join(dir, 'web')]);
    const both = await scanVulnerabilities(dir, { scanner: realScanner, offlineDb: osvDb });
    expect(both.sources).toEqual(['api/go.mod', 'web/package-lock.json']);
    const web = await scanVulnerabilities(dir, { scanner: realScanner, offlineDb: osvDb, paths: ['web'] });
    expect(web.sources).toEqual(['web/package-lock.json']);
    expect(web.vulnerabilities.every((v) => v.location.file.startsWith('web/'))).toBe(true);
  });
});
