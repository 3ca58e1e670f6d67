/**
 * The `vulns` check: a fail-closed vulnerability gate around osv-scanner.
 *
 * scan.ts runs the scanner and describes what it found; findings.ts applies
 * the `vulnerabilities` policy (threshold, unknown severities, ignores). This
 * file only wires the two to the check contract: flags, policy locations and
 * the dependency allowlist used for recommended versions.
 */
import path from 'node:path';
import type { Check, CheckContext } from '../../model/check.js';
import { allowlistAcceptor } from './allowlist.js';
import { evaluate, messages } from './findings.js';
import { resolvePolicy, vulnerabilityPolicySchema } from './policy.js';
import { scanVulnerabilities } from './scan.js';

export { scanVulnerabilities, describeOutput, databaseAliasRecords } from './scan.js';
export type { ScanOptions, VulnerabilityReport, VulnerableDependency } from './scan.js';
export { evaluate, identityOf, levelOf, vulnerabilityFinding } from './findings.js';
export { resolvePolicy } from './policy.js';
export type { VulnerabilityPolicy, IgnoreRule } from './policy.js';

const policyKey = 'vulnerabilities';

async function run(ctx: CheckContext) {
  const policy = resolvePolicy(ctx.options);
  const flagDb = ctx.flags['offline-db'];
  // A flag path is relative to where the command runs; a policy path to the repository.
  const offlineDb = flagDb !== undefined && flagDb !== '' ? path.resolve(flagDb) : policy.offlineDb === undefined ? undefined : path.resolve(ctx.root, policy.offlineDb);
  const report = await scanVulnerabilities(ctx.root, {
    scanner: ctx.flags['osv-scanner'],
    offlineDb,
    offlineDbDeclaredAt: flagDb !== undefined && flagDb !== '' ? undefined : ctx.policy.locate([policyKey, 'offline_db']),
    timeoutMs: policy.timeoutSeconds * 1000,
    paths: policy.paths,
    pathsDeclaredAt: ctx.policy.locate([policyKey, 'paths']),
    exclude: policy.exclude,
    excludeDeclaredAt: ctx.policy.locate([policyKey, 'exclude']),
    accepts: allowlistAcceptor(ctx.policy),
  });
  for (const note of report.notes) ctx.note?.(note);
  return evaluate(report.vulnerabilities, policy, { now: ctx.now, policy: ctx.policy });
}

/** The `vulns` check. */
export const check: Check = {
  meta: {
    id: 'vulns',
    description:
      'Runs osv-scanner on the repository and fails on known vulnerabilities at or above a severity, with expiring, reasoned ignores.',
    docsUrl: 'docs/checks/vulns.md',
    policyKey,
    schema: vulnerabilityPolicySchema,
    messages: { ...messages },
  },
  run,
};
