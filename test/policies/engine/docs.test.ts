import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllChecks } from '../../../policies/checks/index.js';
import { renderPolicyReference, renderPolicySchema } from '../../../policies/engine/policy-docs.js';
import { defaultPolicyFile, resolvePolicy } from '../../../policies/engine/resolve-policy.js';
import { repoRoot } from './helpers.js';

const stale = 'is out of date: run `npm run gen:docs` and commit the result';

describe('generated policy docs', () => {
  it('policies/schema/goldenpath.schema.json matches the registry', async () => {
    const committed = readFileSync(path.join(repoRoot, 'policies/schema/goldenpath.schema.json'), 'utf8');
    expect(committed, `policies/schema/goldenpath.schema.json ${stale}`).toBe(renderPolicySchema(await loadAllChecks()));
  });

  it('docs/policy-reference.md matches the registry', async () => {
    const committed = readFileSync(path.join(repoRoot, 'docs/policy-reference.md'), 'utf8');
    expect(committed, `docs/policy-reference.md ${stale}`).toBe(renderPolicyReference(await loadAllChecks()));
  });

  it('documents every check and every rule it can report', async () => {
    const checks = await loadAllChecks();
    const reference = renderPolicyReference(checks);
    for (const check of checks) {
      expect(reference).toContain(`## \`${check.meta.policyKey}\`: the ${check.meta.id} check`);
      for (const id of Object.keys(check.meta.messages)) expect(reference).toContain(id);
    }
  });
});

describe('shipped default policy', () => {
  it('is valid against the schema of the registered checks', async () => {
    const policy = resolvePolicy({ root: path.dirname(defaultPolicyFile()), policyFile: defaultPolicyFile(), checks: await loadAllChecks() });
    expect(policy.findings).toEqual([]);
    expect(Object.keys(policy.document).sort()).toEqual(['dependencies', 'version']);
  });
});
