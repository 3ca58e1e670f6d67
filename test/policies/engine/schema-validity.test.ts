/**
 * The schemas the gate compiles at run time are compiled without checking
 * them against JSON Schema's meta-schema (that check costs a CLI run ~50 ms);
 * it happens here instead, so a broken schema still fails the build.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { osvOutputSchema } from '../../../policies/checks/vulns/osv-output.js';
import { repoRoot } from '../../support/paths.js';

const policySchema = JSON.parse(readFileSync(path.join(repoRoot, 'policies', 'schema', 'goldenpath.schema.json'), 'utf8')) as object;

describe('schemas compiled at run time', () => {
  it.each([
    ['the policy schema', policySchema],
    ["osv-scanner's output schema", osvOutputSchema],
  ])('%s is valid against the draft 2020-12 meta-schema', (_name, schema) => {
    const ajv = new Ajv2020({ strict: true });
    expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
  });
});
