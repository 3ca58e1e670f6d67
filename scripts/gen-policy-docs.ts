/**
 * Writes policies/schema/goldenpath.schema.json and docs/policy-reference.md
 * from the check registry. Run with `npm run gen:docs` after changing a
 * check's schema, description or messages; a test fails until they match.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAllChecks } from '../policies/checks/index.js';
import { renderPolicyReference, renderPolicySchema } from '../policies/engine/policy-docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checks = await loadAllChecks();
writeFileSync(path.join(root, 'policies/schema/goldenpath.schema.json'), renderPolicySchema(checks));
writeFileSync(path.join(root, 'docs/policy-reference.md'), renderPolicyReference(checks));
console.log('wrote policies/schema/goldenpath.schema.json and docs/policy-reference.md');
