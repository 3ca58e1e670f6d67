import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadAllChecks } from '../../../policies/checks/index.js';
import { resolvePolicy } from '../../../policies/engine/resolve-policy.js';
import { isInputError } from '../../../policies/model/errors.js';

/** Resolving any text either succeeds or fails with an InputError; nothing else may escape. */
async function assertOnlyInputErrors(arbitrary: fc.Arbitrary<string>): Promise<void> {
  const checks = await loadAllChecks();
  fc.assert(
    fc.property(arbitrary, (text) => {
      try {
        resolvePolicy({ root: '/repo', checks, text });
      } catch (error) {
        if (!isInputError(error)) throw error;
        expect(error.format()).toContain('goldenpath.yaml');
      }
    }),
    { numRuns: 300 },
  );
}

describe('any policy text', () => {
  it('random bytes give an InputError, never a crash', async () => {
    await assertOnlyInputErrors(fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')));
  });

  it('random strings give an InputError, never a crash', async () => {
    await assertOnlyInputErrors(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }));
  });

  it('random YAML structures under the real sections give an InputError, never a crash', async () => {
    const section = fc.constantFrom('config', 'coverage', 'dependencies', 'vulnerabilities', 'other');
    const policy = fc.record({ version: fc.oneof(fc.constant(1), fc.anything()), body: fc.dictionary(section, fc.anything({ maxDepth: 3 })) });
    await assertOnlyInputErrors(policy.map(({ version, body }) => stringify({ version, ...body })));
  });
});
