import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../../../../policies/checks/deps/index.js';
import { runChecks } from '../../../../policies/engine/run.js';
import type { Finding, Report } from '../../../../policies/model/finding.js';

export const depsFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'deps');

/** The day the tests run "on": exceptions expiring before it are expired. */
export const today = new Date('2026-11-21T12:00:00Z');

/** Runs the deps check through the real policy engine (schema composition, defaults, locations) on a fixture repository. */
export async function runDeps(fixture: string, policyText: string, now = today): Promise<Finding[]> {
  return (await runDepsReport(fixture, policyText, now)).findings;
}

/**
 * Like runDeps, but the whole report (findings and notes). Without
 * `policyText` the fixture's own goldenpath.yaml is used, or, when it has
 * none, the default policy shipped with the package.
 */
export async function runDepsReport(fixture: string, policyText?: string, now = today): Promise<Report> {
  // Policies in the tests start with an empty line, which becomes the header line.
  const text = policyText === undefined ? undefined : policyText.startsWith('\n') ? `version: 1${policyText}` : `version: 1\n${policyText}`;
  return runChecks({ root: path.join(depsFixtures, fixture), ...(text === undefined ? {} : { policyText: text }), checks: [check], only: ['deps'], now });
}

/** A compact, readable form of a finding for expectations. */
export function brief(finding: Finding): string {
  const where = [finding.location.file, finding.location.line].filter((p) => p !== undefined).join(':');
  return `${finding.level} ${finding.rule} ${where} ${finding.message}`;
}
