import type { Check } from '../../model/check.js';
import { InputError } from '../../model/errors.js';

/** The `config` check. Placeholder entry point: the implementation replaces this file. */
export const check: Check = {
  meta: {
    id: 'config',
    description: 'Not implemented yet.',
    docsUrl: 'docs/checks/config.md',
    policyKey: 'config',
    schema: { type: 'object' },
    messages: {},
  },
  run() {
    return Promise.reject(new InputError('the config check is not implemented yet'));
  },
};
