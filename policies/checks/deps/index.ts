import type { Check } from '../../model/check.js';
import { InputError } from '../../model/errors.js';

/** The `deps` check. Placeholder entry point: the implementation replaces this file. */
export const check: Check = {
  meta: {
    id: 'deps',
    description: 'Not implemented yet.',
    docsUrl: 'docs/checks/deps.md',
    policyKey: 'dependencies',
    schema: { type: 'object' },
    messages: {},
  },
  run() {
    return Promise.reject(new InputError('the deps check is not implemented yet'));
  },
};
