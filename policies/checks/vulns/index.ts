import type { Check } from '../../model/check.js';
import { InputError } from '../../model/errors.js';

/** The `vulns` check. Placeholder entry point: the implementation replaces this file. */
export const check: Check = {
  meta: {
    id: 'vulns',
    description: 'Not implemented yet.',
    docsUrl: 'docs/checks/vulns.md',
    policyKey: 'vulnerabilities',
    schema: { type: 'object' },
    messages: {},
  },
  run() {
    return Promise.reject(new InputError('the vulns check is not implemented yet'));
  },
};
