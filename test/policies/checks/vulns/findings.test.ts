/**
 * Policy verdicts on recorded osv-scanner output (real v2.5.1 JSON from the
 * offline database, see test/fixtures/vulns/README.md): thresholds, unknown
 * severities, ignores, locations and fix advice.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../../policies/checks/vulns/findings.js';
import { parseOsvOutput, type OsvOutput, type OsvPackageResult, type OsvRecord } from '../../../../policies/checks/vulns/osv-output.js';
import { resolvePolicy } from '../../../../policies/checks/vulns/policy.js';
import { databaseAliasRecords, defaultEcosystemLookup, describeOutput, type VulnerableDependency } from '../../../../policies/checks/vulns/scan.js';
import type { Finding } from '../../../../policies/model/finding.js';
import { copyFixture, osvDb, policyView, vulnsFixtures } from './helpers.js';

function recordedOutput(name: string): { root: string; output: OsvOutput } {
  const folder = path.join(vulnsFixtures, 'recorded', name);
  const root = copyFixture(folder);
  const text = readFileSync(path.join(folder, 'osv-output.json'), 'utf8').replaceAll('@ROOT@', root);
  return { root, output: parseOsvOutput(text) };
}

function loadRecorded(
  name: string,
  accepts: Parameters<typeof describeOutput>[1]['accepts'] = () => true,
  extraRecords: readonly OsvRecord[] = [],
): VulnerableDependency[] {
  const { root, output } = recordedOutput(name);
  return describeOutput(output, { root, ecosystems: defaultEcosystemLookup, accepts, extraRecords }).vulnerabilities;
}

interface RawOutputWithGroups {
  results: { packages: { package: { name: string }; groups: { ids: string[]; max_severity: string }[] }[] }[];
}

const now = new Date('2026-11-21T12:00:00Z');

function run(vulns: readonly VulnerableDependency[], options: Record<string, unknown> = {}): Finding[] {
  return evaluate(vulns, resolvePolicy(options), { now, policy: policyView() });
}

function byId(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.vulnerability?.id === id);
}

let go: VulnerableDependency[];
let npm: VulnerableDependency[];
beforeAll(() => {
  go = loadRecorded('go-vulnerable');
  npm = loadRecorded('npm-vulnerable');
});

describe('vulnerable dependencies from recorded output', () => {
  it('has one entry per group per package version', () => {
    // 57 module groups + 88 standard-library records (none of which share an alias).
    expect(go).toHaveLength(145);
    expect(npm).toHaveLength(51);
    expect(go.filter((v) => v.details.packageName === 'stdlib')).toHaveLength(88);
  });

  it('prefers the GHSA id and keeps the other ids as aliases', () => {
    const gin = go.find((v) => v.details.packageName === 'github.com/gin-gonic/gin');
    expect(gin?.details).toMatchObject({
      id: 'GHSA-2c4m-59x9-fr2g',
      aliases: ['CVE-2023-29401', 'GO-2023-1737'],
      severity: 'medium',
      score: 4.3,
      packageVersion: 'v1.9.0',
      fixedVersions: ['v1.9.1'],
      recommendedVersion: 'v1.9.1',
    });
    expect(gin?.location).toEqual({ file: 'go.mod', line: 6, column: 2 });
  });

  it('locates npm packages at the package.json line, transitive ones at their lockfile entry', () => {
    const cookies = npm.filter((v) => v.details.packageName === 'cookie').map((v) => [v.details.packageVersion, v.location.file, v.location.line]);
    expect(cookies).toEqual([
      ['0.4.0', 'package-lock.json', 374],
      ['0.4.1', 'package.json', 11],
      ['0.5.0', 'package-lock.json', 768],
    ]);
  });

  it("scores every group as osv-scanner's max_severity does, unless the score comes from an alias", () => {
    for (const name of ['go-vulnerable', 'npm-vulnerable']) {
      const raw = JSON.parse(readFileSync(path.join(vulnsFixtures, 'recorded', name, 'osv-output.json'), 'utf8')) as RawOutputWithGroups;
      const ours = name === 'go-vulnerable' ? go : npm;
      let compared = 0;
      for (const pkg of raw.results.flatMap((r) => r.packages)) {
        for (const group of pkg.groups) {
          const entry = ours.find((v) => v.details.packageName === pkg.package.name && v.ids.join() === [...group.ids].sort().join());
          expect(entry, `${pkg.package.name} ${group.ids.join()}`).toBeDefined();
          if (entry?.severityAlias === undefined) {
            expect(entry?.details.score, group.ids.join()).toBe(group.max_severity === '' ? undefined : Number(group.max_severity));
          } else {
            // osv-scanner scores only the records it put in the group.
            expect(group.max_severity, group.ids.join()).toBe('');
          }
          compared += 1;
        }
      }
      expect(compared).toBe(ours.length);
    }
  });

  it('tells how to move a transitive npm package', () => {
    const nested = npm.find((v) => v.details.packageName === 'cookie' && v.details.packageVersion === '0.4.0')!;
    expect(nested.direct).toBe(false);
    expect(run([nested])[0]?.fix).toBe(
      'upgrade cookie to 0.7.0 or later: it is a transitive dependency, so upgrade the package that requires it or pin it with "overrides" in package.json, or add {id: GHSA-pxg6-pf52-xh8x, reason, expires} to vulnerabilities.ignore',
    );
    const top = npm.find((v) => v.details.packageName === 'cookie' && v.details.packageVersion === '0.4.1')!;
    expect(top.direct).toBe(true);
    expect(run([top])[0]?.fix).toBe('upgrade cookie to 0.7.0 or later, or add {id: GHSA-pxg6-pf52-xh8x, reason, expires} to vulnerabilities.ignore');
  });

  it('uses the GitHub rating when a GHSA record has no CVSS vector', () => {
    const ip = npm.find((v) => v.details.packageName === 'ip');
    expect(ip?.details.severity).toBe('low');
    expect(ip?.details.score).toBeUndefined();
    expect(ip?.severitySource).toBe('github');
  });

  it('places Go standard-library findings on the go directive and recommends a toolchain', () => {
    const stdlib = go.find((v) => v.details.id === 'GO-2023-1568');
    expect(stdlib).toMatchObject({ location: { file: 'go.mod', line: 3 }, goDirective: 'go 1.20' });
    expect(stdlib?.details).toMatchObject({ packageName: 'stdlib', packageVersion: '1.20', recommendedVersion: '1.20.1' });
  });

  it('recommends the lowest fixed release above the current version', () => {
    const qs = npm.find((v) => v.details.packageName === 'qs');
    expect(qs?.details.recommendedVersion).toBe('6.7.3');
    const fiber = go.find((v) => v.details.id === 'GHSA-3q5p-3558-364f');
    // A release is preferred to the lower pseudo-version also listed as fixed.
    expect(fiber?.details.fixedVersions).toEqual(['v2.49.2-0.20230906112033-b8c9ede6efa2', 'v2.49.2']);
    expect(fiber?.details.recommendedVersion).toBe('v2.49.2');
  });

  it('skips fixed versions the dependency allowlist rejects', () => {
    const denied = loadRecorded('npm-vulnerable', (_eco, name, version) => !(name === 'qs' && version === '6.7.3'));
    expect(denied.find((v) => v.details.packageName === 'qs')?.details.recommendedVersion).toBe('6.8.3');

    const none = loadRecorded('go-vulnerable', (_eco, name) => name !== 'github.com/gin-gonic/gin');
    const gin = none.find((v) => v.details.packageName === 'github.com/gin-gonic/gin')!;
    expect(gin.fixStatus).toBe('not-allowed');
    const [finding] = run([gin]);
    expect(finding?.message).toContain('fixed in v1.9.1, but the dependency allowlist accepts none of those versions');
    expect(finding?.fix).toContain('allow a fixed version of github.com/gin-gonic/gin');
  });
});

describe('severity of a Go advisory from its GHSA alias', () => {
  const stdlib = (vulns: readonly VulnerableDependency[], id: string) =>
    vulns.find((v) => v.details.packageName === 'stdlib' && v.ids.includes(id));

  it('takes the alias record embedded under another package of the same output', () => {
    // GHSA-4374-p667-p6c8 is embedded under golang.org/x/net only; the stdlib group GO-2023-2102 names it as an alias.
    const v = stdlib(go, 'GO-2023-2102');
    expect(v?.details).toMatchObject({ id: 'GO-2023-2102', severity: 'high', score: 7.5 });
    expect(v?.severityAlias).toBe('GHSA-4374-p667-p6c8');
    expect(stdlib(go, 'GO-2024-2687')?.details).toMatchObject({ severity: 'medium', score: 5.3 });
    expect(stdlib(go, 'GO-2024-2687')?.severityAlias).toBe('GHSA-4v7x-pqxf-cx7m');
  });

  it('reads an alias record the output lacks from the offline database', async () => {
    const { output } = recordedOutput('go-vulnerable');
    // GHSA-vvpx-j8f3-3w6h affects golang.org/x/net < 0.7.0, so osv-scanner embeds it nowhere in this scan.
    expect(JSON.stringify(output)).not.toContain('"id":"GHSA-vvpx-j8f3-3w6h"');
    const extra = await databaseAliasRecords(output, osvDb);
    expect(extra.map((r) => r.id)).toContain('GHSA-vvpx-j8f3-3w6h');
    // Only aliases of groups without a severity are read, and only those the output lacks.
    expect(extra.map((r) => r.id)).not.toContain('GHSA-4374-p667-p6c8');

    expect(stdlib(go, 'GO-2023-1571')?.details.severity).toBe('unknown');
    const withDb = loadRecorded('go-vulnerable', () => true, extra);
    const v = stdlib(withDb, 'GO-2023-1571');
    expect(v?.details).toMatchObject({ id: 'GO-2023-1571', severity: 'high', score: 7.5 });
    expect(v?.severityAlias).toBe('GHSA-vvpx-j8f3-3w6h');
    const [finding] = byId(run([v!]), 'GO-2023-1571');
    expect(finding?.level).toBe('error');
    expect(finding?.message).toContain('is affected by GO-2023-1571 (high, CVSS 7.5 of GHSA-vvpx-j8f3-3w6h)');
  });

  it('reads the alias record a group needs when only a later manifest lists that group for the package version', async () => {
    const { output } = recordedOutput('go-vulnerable');
    const [result] = output.results;
    // The same stdlib version in two manifests, the first listing it without GO-2023-1571 (as an ignore in one
    // folder's own osv-scanner config would): the second manifest's group still needs its alias record.
    const without = (pkg: OsvPackageResult): OsvPackageResult =>
      pkg.package.name !== 'stdlib'
        ? pkg
        : {
            ...pkg,
            vulnerabilities: (pkg.vulnerabilities ?? []).filter((r) => r.id !== 'GO-2023-1571'),
            groups: (pkg.groups ?? []).filter((g) => !g.ids.includes('GO-2023-1571')),
          };
    const first = { ...result!, packages: (result!.packages ?? []).map(without) };
    const second = { ...result!, source: { ...result!.source, path: `${path.dirname(result!.source.path)}/svc/go.mod` } };
    const extra = await databaseAliasRecords({ results: [first, second] }, osvDb);
    expect(extra.map((r) => r.id)).toContain('GHSA-vvpx-j8f3-3w6h');
  });

  it('keeps a group unknown when the database has no alias record either', async () => {
    const { output } = recordedOutput('go-vulnerable');
    const withDb = loadRecorded('go-vulnerable', () => true, await databaseAliasRecords(output, osvDb));
    // GHSA-68rr-p4fp-j59v was published after the database snapshot.
    const v = withDb.find((x) => x.ids.includes('GO-2026-4471'));
    expect(v?.details.severity).toBe('unknown');
    expect(v?.severityAlias).toBeUndefined();
  });

  it('never overrides a rating the group has itself', () => {
    const gin = go.find((v) => v.details.packageName === 'github.com/gin-gonic/gin');
    expect(gin?.severityAlias).toBeUndefined();
    expect(gin?.severitySource).toBe('cvss');
  });
});

describe('one package version declared in several manifests (a monorepo)', () => {
  it('gives each declaration its own finding and location, with the same verdict', () => {
    const { root, output } = recordedOutput('go-vulnerable');
    mkdirSync(path.join(root, 'svc'));
    copyFileSync(path.join(root, 'go.mod'), path.join(root, 'svc', 'go.mod'));
    const [result] = output.results;
    const twice: OsvOutput = {
      results: [result!, { ...result!, source: { ...result!.source, path: path.join(root, 'svc', 'go.mod') } }],
    };
    const { sources, vulnerabilities } = describeOutput(twice, { root, ecosystems: defaultEcosystemLookup, accepts: () => true });
    expect(sources).toEqual(['go.mod', 'svc/go.mod']);
    const atRoot = vulnerabilities.filter((v) => v.source === 'go.mod');
    const inSvc = vulnerabilities.filter((v) => v.source === 'svc/go.mod');
    expect(inSvc).toHaveLength(atRoot.length);
    expect(inSvc.map((v) => v.location)).toEqual(atRoot.map((v) => ({ ...v.location, file: 'svc/go.mod' })));
    expect(inSvc.map((v) => v.details)).toEqual(atRoot.map((v) => v.details));
    expect(inSvc.map((v) => v.ids)).toEqual(atRoot.map((v) => v.ids));
    expect(inSvc.every((v) => v.ids.join(' ') === [...v.ids].sort().join(' '))).toBe(true);
    // Equal, not shared: changing one finding's details leaves the other's alone.
    inSvc[0]!.details.aliases.push('changed');
    inSvc[0]!.ids.push('changed');
    expect(atRoot[0]!.details.aliases).not.toContain('changed');
    expect(atRoot[0]!.ids).not.toContain('changed');
  });

  it('advises the standard library of each go.mod by its own go directive', () => {
    const { root, output } = recordedOutput('go-vulnerable');
    mkdirSync(path.join(root, 'svc'));
    writeFileSync(path.join(root, 'svc', 'go.mod'), readFileSync(path.join(root, 'go.mod'), 'utf8').replace('go 1.20', 'go 1.22.5'));
    const [result] = output.results;
    const inSvc = { ...result!, source: { ...result!.source, path: path.join(root, 'svc', 'go.mod') } };
    const context = { root, ecosystems: defaultEcosystemLookup, accepts: () => true };
    const stdlibAdvice = (vulnerabilities: VulnerableDependency[], source: string) =>
      vulnerabilities.filter((v) => v.source === source && v.details.packageName === 'stdlib').map((v) => [v.details.packageVersion, v.packageFix?.version]);
    const together = describeOutput({ results: [result!, inSvc] }, context).vulnerabilities;
    const alone = describeOutput({ results: [inSvc] }, context).vulnerabilities;
    expect(stdlibAdvice(together, 'svc/go.mod')).toEqual(stdlibAdvice(alone, 'svc/go.mod'));
    expect(stdlibAdvice(together, 'svc/go.mod')[0]?.[0]).toBe('1.22.5');
    expect(stdlibAdvice(together, 'svc/go.mod')).not.toEqual(stdlibAdvice(together, 'go.mod'));
  });

  it('gives each declaration the same one-upgrade advice for a package version with several vulnerabilities', () => {
    const { root, output } = recordedOutput('npm-vulnerable');
    mkdirSync(path.join(root, 'web'));
    for (const file of ['package.json', 'package-lock.json']) copyFileSync(path.join(root, file), path.join(root, 'web', file));
    const [result] = output.results;
    const twice: OsvOutput = {
      results: [result!, { ...result!, source: { ...result!.source, path: path.join(root, 'web', 'package-lock.json') } }],
    };
    const { vulnerabilities } = describeOutput(twice, { root, ecosystems: defaultEcosystemLookup, accepts: () => true });
    const minimist = vulnerabilities.filter((v) => v.details.packageName === 'minimist' && v.details.packageVersion === '0.0.10');
    expect(minimist.map((v) => [v.source, v.packageFix])).toEqual([
      ['package-lock.json', { version: '0.2.4', vulnerabilities: 2 }],
      ['package-lock.json', { version: '0.2.4', vulnerabilities: 2 }],
      ['web/package-lock.json', { version: '0.2.4', vulnerabilities: 2 }],
      ['web/package-lock.json', { version: '0.2.4', vulnerabilities: 2 }],
    ]);
  });
});

describe('one upgrade for every vulnerability of a package version', () => {
  it('recommends per group, and names the lowest version that fixes all groups', () => {
    const minimist = npm.filter((v) => v.details.packageName === 'minimist' && v.details.packageVersion === '0.0.10');
    expect(minimist.map((v) => [v.details.id, v.details.recommendedVersion])).toEqual([
      ['GHSA-vh95-rmgr-6w4m', '0.2.1'],
      ['GHSA-xvch-5gv4-984h', '0.2.4'],
    ]);
    expect(minimist.map((v) => v.packageFix)).toEqual([
      { version: '0.2.4', vulnerabilities: 2 },
      { version: '0.2.4', vulnerabilities: 2 },
    ]);
    const [first] = run(minimist);
    expect(first?.fix).toBe(
      'upgrade minimist to 0.2.1 or later: it is a transitive dependency, so upgrade the package that requires it or pin it with "overrides" in package.json, upgrade to 0.2.4 to fix all 2 known vulnerabilities in minimist@0.0.10, or add {id: GHSA-vh95-rmgr-6w4m, reason, expires} to vulnerabilities.ignore',
    );
  });

  it('picks a version no group says is affected, above every group\'s lowest fix', () => {
    const lodash = npm.filter((v) => v.details.packageName === 'lodash');
    const recommended = lodash.map((v) => v.details.recommendedVersion);
    expect(new Set(lodash.map((v) => v.packageFix?.version))).toEqual(new Set([recommended.sort().at(-1)]));
    const follow = npm.filter((v) => v.details.packageName === 'follow-redirects');
    expect(follow).toHaveLength(4);
    expect(follow.every((v) => v.packageFix?.version === '1.15.6' && v.packageFix.vulnerabilities === 4)).toBe(true);
  });

  it('stays within the dependency allowlist', () => {
    const denied = loadRecorded('npm-vulnerable', (_eco, name, version) => !(name === 'minimist' && version === '0.2.4'));
    const minimist = denied.filter((v) => v.details.packageName === 'minimist' && v.details.packageVersion === '0.0.10');
    // 0.2.4 is rejected; 1.2.6 (the next version fixing both) is the answer.
    expect(minimist.map((v) => v.packageFix?.version)).toEqual(['1.2.6', '1.2.6']);
  });

  it('says nothing when one group has no fix or the package version has a single group', () => {
    const single = npm.find((v) => v.details.packageName === 'qs');
    expect(single?.packageFix).toBeUndefined();
    expect(run([single!])[0]?.fix).not.toContain('to fix all');
  });
});

describe('policy verdict', () => {
  it('fails at or above fail_on (default high) and on unknown severities, and warns below', () => {
    const findings = run(go);
    const gin = byId(findings, 'GHSA-2c4m-59x9-fr2g')[0];
    expect(gin).toMatchObject({ level: 'warning', rule: 'vulns/vulnerable-dependency', location: { file: 'go.mod', line: 6 } });
    expect(gin?.message).toBe(
      'github.com/gin-gonic/gin@v1.9.0 is affected by GHSA-2c4m-59x9-fr2g (medium, CVSS 4.3): Gin Web Framework does not properly sanitize filename parameter of Context.FileAttachment function; fixed in v1.9.1',
    );
    expect(gin?.fix).toBe('upgrade github.com/gin-gonic/gin to v1.9.1 or later, or add {id: GHSA-2c4m-59x9-fr2g, reason, expires} to vulnerabilities.ignore');
    expect(byId(findings, 'GHSA-crxj-hrmp-4rwf')[0]?.level).toBe('error');
    expect(byId(findings, 'GO-2026-4471')[0]?.level).toBe('error');
    expect(findings.every((f) => f.identity.length === 4)).toBe(true);
  });

  it('counts errors by threshold', () => {
    const levels = (options: Record<string, unknown>) => {
      const f = run(npm, options);
      return { errors: f.filter((x) => x.level === 'error').length, warnings: f.filter((x) => x.level === 'warning').length };
    };
    // npm fixture: 3 critical, 19 high, 20 medium, 9 low (CVSS, else GitHub rating); 10 score 8.0 or more.
    expect(levels({ fail_on: 'critical' })).toEqual({ errors: 3, warnings: 48 });
    expect(levels({ fail_on: 'high' })).toEqual({ errors: 22, warnings: 29 });
    expect(levels({ fail_on: 'medium' })).toEqual({ errors: 42, warnings: 9 });
    expect(levels({ fail_on: 'any' })).toEqual({ errors: 51, warnings: 0 });
    expect(levels({ fail_on: 8.0 })).toEqual({ errors: 10, warnings: 41 });
  });

  it('turns unknown severities into warnings with unknown_severity: warn', () => {
    const findings = run(go, { unknown_severity: 'warn' });
    expect(byId(findings, 'GO-2026-4471')[0]?.level).toBe('warning');
    expect(byId(findings, 'GO-2026-4471')[0]?.message).toContain('(unknown severity)');
  });

  it('ignores a group by any of its ids or aliases until the expiry day', () => {
    for (const id of ['GO-2023-1737', 'GHSA-2c4m-59x9-fr2g', 'CVE-2023-29401', 'ghsa-2c4m-59x9-fr2g']) {
      const findings = run(go, { ignore: [{ id, reason: 'FileAttachment is not used', expires: '2026-11-21' }] });
      expect(byId(findings, 'GHSA-2c4m-59x9-fr2g'), id).toEqual([]);
      expect(findings.filter((f) => f.rule !== 'vulns/vulnerable-dependency'), id).toEqual([]);
    }
  });

  it('reports an expired ignore as an error at its policy line and reports the vulnerability again', () => {
    const findings = run(go, { ignore: [{ id: 'GO-2023-1737', reason: 'FileAttachment is not used', expires: '2026-11-20' }] });
    const expired = findings.filter((f) => f.rule === 'vulns/expired-ignore');
    expect(expired).toEqual([
      expect.objectContaining({
        level: 'error',
        location: { file: 'goldenpath.yaml', line: 10 },
        message: 'the ignore entry for GO-2023-1737 expired on 2026-11-20 (reason: FileAttachment is not used), so it no longer silences the vulnerability',
      }),
    ]);
    expect(byId(findings, 'GHSA-2c4m-59x9-fr2g')).toHaveLength(1);
  });

  it('warns about an ignore entry that matches nothing', () => {
    const findings = run(go, {
      ignore: [
        { id: 'GO-2023-1737', reason: 'not used', expires: '2027-03-31' },
        { id: 'GHSA-0000-0000-0000', reason: 'old', expires: '2027-03-31' },
      ],
    });
    expect(findings.filter((f) => f.rule === 'vulns/unused-ignore')).toEqual([
      expect.objectContaining({ level: 'warning', location: { file: 'goldenpath.yaml', line: 11 } }),
    ]);
  });

  it('gives the Go toolchain as the fix for standard-library findings', () => {
    const [finding] = byId(run(go), 'GO-2023-1568');
    expect(finding?.message).toMatch(/^Go standard library 1\.20 \(from `go 1\.20`\) is affected by GO-2023-1568 \(unknown severity\): .*; fixed in Go 1\.20\.1$/);
    expect(finding?.fix).toMatch(/^upgrade the Go toolchain: raise the go \(or toolchain\) directive in go\.mod to 1\.20\.1 or later/);
  });

  it('is deterministic', () => {
    expect(run(loadRecorded('go-vulnerable'))).toEqual(run(go));
  });
});

describe('parseOsvOutput', () => {
  it('accepts unknown fields and rejects output without the fields the gate reads', () => {
    expect(parseOsvOutput('{"results":[],"experimental_config":{},"future":1}')).toEqual({ results: [], experimental_config: {}, future: 1 });
    expect(() => parseOsvOutput('{"results":[{"packages":[]}]}')).toThrow(/\/results\/0 must have required property 'source'/);
    expect(() => parseOsvOutput('Scanning dir .')).toThrow(/output is not JSON/);
    expect(() => parseOsvOutput('')).toThrow(/it is empty/);
  });
});
