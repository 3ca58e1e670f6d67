import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../../policies/engine/resolve-policy.js';
import { runChecks } from '../../../policies/engine/run.js';
import { fakeCoverage, fakeDeps } from './fake-checks.js';
import { fixture } from './helpers.js';

const checks = [fakeCoverage(), fakeDeps()];
const root = fixture('locked');

function summary(policyFile: string) {
  const policy = resolvePolicy({ root, checks, policyFile: `${root}/${policyFile}` });
  return {
    policy,
    findings: policy.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.rule} ${f.message} [${f.related?.map((r) => `${r.location.file}:${r.location.line}`).join(', ')}]`),
  };
}

describe('locked rules', () => {
  const { policy, findings } = summary('relaxes.yaml');

  it('reports every attempt to relax a locked rule at the line of the later file, pointing at the lock', () => {
    expect(findings).toEqual([
      'relaxes.yaml:4:3 policy/locked-rule coverage.total cannot be changed: coverage is locked in org.yaml:2; the locked value stays in force [org.yaml:2]',
      'relaxes.yaml:9:9 policy/locked-rule dependencies.go.allow[0] allows "github.com/gin-gonic/gin" >=1.8.0, which contradicts the locked deny rule in org.yaml:10; the locked value stays in force [org.yaml:10]',
      'relaxes.yaml:14:9 policy/locked-rule dependencies.go.exceptions[0] waives "github.com/dgrijalva/jwt-go", which contradicts the locked deny rule in org.yaml:14; the locked value stays in force [org.yaml:14]',
      'relaxes.yaml:18:9 policy/locked-rule dependencies.go.constraints[0] relaxes "golang.org/x/net" >=0.20.0, which contradicts the locked constraints rule in org.yaml:18; the locked value stays in force [org.yaml:18]',
    ]);
  });

  it('keeps the locked values in force and lets tightening and unlocked keys through', () => {
    expect(policy.document.coverage).toEqual({ total: 80, reports: ['coverage/lcov.info'] });
    expect(policy.document.dependencies).toEqual({
      scope: 'direct',
      go: {
        deny: [
          { name: 'github.com/gin-gonic/gin', versions: '<1.9.1', reason: 'CVE-2023-29401' },
          { name: 'github.com/dgrijalva/jwt-go', reason: 'unmaintained' },
        ],
        constraints: [
          { name: 'golang.org/x/net', versions: '>=0.23.0' },
          { name: 'golang.org/x/net', versions: '>=0.30.0' },
        ],
        // The allow for gin >=1.9.1 does not overlap the locked deny (<1.9.1), so it is not a relaxation.
        allow: [{ name: 'github.com/gin-gonic/gin', versions: '>=1.9.1' }],
        exceptions: [],
      },
    });
  });

  it('strips locked before checks see the policy', () => {
    expect(JSON.stringify(policy.document)).not.toContain('locked');
  });

  it('allows restating a locked value unchanged', () => {
    expect(summary('restates.yaml').findings).toEqual([]);
  });

  it('treats a locked mapping as closed: a new key is a change too', () => {
    const policy = resolvePolicy({
      root,
      checks,
      text: 'version: 1\nextends: [./org.yaml]\ncoverage:\n  reports: [other.info]\n',
    });
    expect(policy.findings.map((f) => f.message)).toEqual([
      'coverage.reports cannot be changed: coverage is locked in org.yaml:2; the locked value stays in force',
    ]);
    expect(policy.document.coverage).toEqual({ total: 80, reports: ['coverage/lcov.info'] });
  });

  it('matches a locked deny through a glob on the later allow', () => {
    const policy = resolvePolicy({
      root,
      checks,
      text: 'version: 1\nextends: [./org.yaml]\ndependencies:\n  go:\n    allow:\n      - name: "github.com/dgrijalva/*"\n',
    });
    expect(policy.findings.map((f) => f.location)).toEqual([{ file: 'goldenpath.yaml', line: 6, column: 9 }]);
  });

  it('weighs exceptions kept beside the ecosystems against the locked denies below them', () => {
    const exceptions = (ecosystem: string) =>
      resolvePolicy({
        root,
        checks,
        text: `version: 1\nextends: [./org.yaml]\ndependencies:\n  exceptions:\n    - ecosystem: ${ecosystem}\n      name: github.com/dgrijalva/jwt-go\n`,
      }).findings.map((f) => `${f.location.line}:${f.location.column} ${f.message}`);
    expect(exceptions('go')).toEqual([
      '5:7 dependencies.exceptions[0] waives "github.com/dgrijalva/jwt-go", which contradicts the locked deny rule in org.yaml:14; the locked value stays in force',
    ]);
    expect(exceptions('npm')).toEqual([]);
  });

  it('lets the central policy waive its own locked rules', () => {
    const policy = resolvePolicy({
      root,
      checks,
      text: 'version: 1\ndependencies:\n  go:\n    deny:\n      - { name: a/b, locked: true }\n    exceptions:\n      - { name: a/b }\n',
    });
    expect(policy.findings).toEqual([]);
  });

  it('makes a run fail with the locked-rule finding', async () => {
    const report = await runChecks({ root, checks, policyFile: `${root}/relaxes.yaml`, now: new Date('2026-01-01T00:00:00Z') });
    expect(report.findings.filter((f) => f.rule === 'policy/locked-rule')).toHaveLength(4);
    expect(report.rules?.map((r) => r.id)).toContain('policy/locked-rule');
  });
});
