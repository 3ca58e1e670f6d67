/**
 * Checks the keys every policy file carries about itself (`version`,
 * `extends`) before the file is merged: extends must be readable before the
 * chain can be resolved, and every layer must declare the format it is written in.
 */
import { InputError } from '../model/errors.js';
import { describeValue, positionIn, type PolicyLayer } from './load-policy.js';

export function validateHeader(layer: PolicyLayer): void {
  const { version, extends: bases } = layer.value;
  if (version === undefined) {
    throw new InputError('the policy has no "version"', {
      location: positionIn(layer, [], 'value'),
      fix: 'add "version: 1" at the top of the file',
    });
  }
  if (version !== 1) {
    throw new InputError(`version must be 1, got ${describeValue(version)}`, {
      location: positionIn(layer, ['version'], 'value'),
      fix: 'set "version: 1"; it is the only policy format this goldenpath reads',
    });
  }
  if (bases === undefined) return;
  if (!Array.isArray(bases)) {
    throw new InputError(`extends must be a list of files or npm packages, got ${describeValue(bases)}`, {
      location: positionIn(layer, ['extends'], 'value'),
      fix: 'write extends as a list, e.g. "extends: [\'@acme/goldenpath-policy\']"',
    });
  }
  for (const [index, entry] of bases.entries()) {
    if (typeof entry !== 'string' || entry.trim() === '') {
      throw new InputError(`extends[${index}] must be a file path or npm package name, got ${describeValue(entry)}`, {
        location: positionIn(layer, ['extends', index], 'value'),
        fix: 'write each extends entry as a relative path ("./base.yaml") or a package name ("@acme/policy")',
      });
    }
  }
}
