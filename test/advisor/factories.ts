/** Builders for advisor reports in tests (dependency-review-action's create-test-change pattern). */
import type { AdvisorReport, DependencyChange, VulnerabilityRef } from '../../advisor/model.js';

export function change(overrides: Partial<DependencyChange> = {}): DependencyChange {
  return {
    ecosystem: 'npm',
    name: 'left-pad',
    manifest: 'package.json',
    location: { file: 'package.json', line: 3 },
    kind: 'upgraded',
    from: '1.0.0',
    to: '1.1.0',
    direct: true,
    dev: false,
    semver: 'minor',
    policy: { status: 'allowed', message: 'on the allowlist' },
    notes: [],
    vulnerabilitiesFixed: [],
    vulnerabilitiesIntroduced: [],
    ...overrides,
  };
}

export function vulnerability(overrides: Partial<VulnerabilityRef> = {}): VulnerabilityRef {
  return {
    id: 'GHSA-aaaa-bbbb-cccc',
    aliases: ['CVE-2026-0001'],
    summary: 'Prototype pollution',
    severity: 'high',
    ecosystem: 'npm',
    packageName: 'left-pad',
    packageVersion: '1.1.0',
    fixedVersions: ['1.1.1'],
    ...overrides,
  };
}

/** A report over the given changes, with counts computed the way computeReport does. */
export function report(changes: DependencyChange[], overrides: Partial<AdvisorReport> = {}): AdvisorReport {
  return {
    schemaVersion: 1,
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    changes,
    vulnerabilitiesFixed: [],
    vulnerabilitiesIntroduced: [],
    counts: {
      changes: changes.length,
      majors: changes.filter((c) => c.semver === 'major').length,
      violations: changes.filter((c) => c.policy.status === 'denied').length,
      vulnsFixed: changes.reduce((n, c) => n + c.vulnerabilitiesFixed.length, 0),
      vulnsIntroduced: changes.reduce((n, c) => n + c.vulnerabilitiesIntroduced.length, 0),
    },
    notes: [],
    ...overrides,
  };
}
