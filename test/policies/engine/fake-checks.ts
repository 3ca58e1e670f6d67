/**
 * Test-local checks implementing the Check interface, so engine tests do not
 * depend on how the real checks evolve. Each one records the context it got
 * and reports findings derived from its options.
 */
import type { Check, CheckContext } from '../../../policies/model/check.js';
import { InputError } from '../../../policies/model/errors.js';
import type { Finding } from '../../../policies/model/finding.js';

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    versions: { type: 'string' },
    reason: { type: 'string' },
    expires: { type: 'string', format: 'date' },
  },
};

const ecosystem = {
  type: 'object',
  additionalProperties: false,
  properties: {
    allow: { type: 'array', items: rule },
    deny: { type: 'array', items: rule },
    exceptions: { type: 'array', items: rule },
    constraints: { type: 'array', items: rule },
  },
};

export interface FakeCheck extends Check {
  contexts: CheckContext[];
}

export function fakeDeps(findings: (context: CheckContext) => Finding[] = () => []): FakeCheck {
  const contexts: CheckContext[] = [];
  return {
    contexts,
    meta: {
      id: 'deps',
      description: 'Test deps check.',
      docsUrl: 'docs/checks/deps.md',
      policyKey: 'dependencies',
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          scope: { enum: ['direct', 'all'], default: 'direct' },
          go: ecosystem,
          npm: ecosystem,
          exceptions: {
            type: 'array',
            items: { ...rule, properties: { ...rule.properties, ecosystem: { enum: ['go', 'npm'] } } },
          },
        },
      },
      messages: { 'deps/denied': '{name} {version} is denied: {reason}' },
    },
    run(context) {
      contexts.push(context);
      return Promise.resolve(findings(context));
    },
  };
}

export function fakeCoverage(behaviour: 'ok' | 'missing-input' = 'ok'): FakeCheck {
  const contexts: CheckContext[] = [];
  return {
    contexts,
    meta: {
      id: 'coverage',
      description: 'Test coverage check.',
      docsUrl: 'docs/checks/coverage.md',
      policyKey: 'coverage',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['total'],
        properties: {
          total: { type: 'number', minimum: 0, maximum: 100, description: 'Minimum total line coverage in percent.' },
          reports: { type: 'array', items: { type: 'string' } },
        },
      },
      messages: { 'coverage/total': 'total coverage {actual}% is below {target}%' },
    },
    run(context) {
      contexts.push(context);
      if (behaviour === 'missing-input') {
        return Promise.reject(new InputError('coverage report coverage/lcov.info does not exist', { location: { file: 'goldenpath.yaml', line: 3, column: 5 }, fix: 'produce it first' }));
      }
      const options = context.options as { total: number };
      return Promise.resolve([
        {
          check: 'coverage',
          rule: 'coverage/total',
          level: 'warning',
          message: `target is ${options.total}%`,
          location: { file: 'coverage/lcov.info' },
          identity: ['total'],
        },
      ]);
    },
  };
}
