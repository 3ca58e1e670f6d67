/**
 * The check registry: every check `goldenpath check` knows, in one explicit,
 * sorted list. It feeds `--help`, `--only` validation, schema composition and
 * the generated policy reference. Checks load lazily so a run pays only for
 * the checks it selects.
 */
import type { Check } from '../model/check.js';

/** Ids of the registered checks, sorted; also the order checks run and are reported in. */
export const checkIds = ['config', 'coverage', 'deps', 'vulns'] as const;

export type RegisteredCheckId = (typeof checkIds)[number];

const loaders: Record<RegisteredCheckId, () => Promise<Check>> = {
  config: async () => (await import('./config/index.js')).check,
  coverage: async () => (await import('./coverage/index.js')).check,
  deps: async () => (await import('./deps/index.js')).check,
  vulns: async () => (await import('./vulns/index.js')).check,
};

export function isCheckId(id: string): id is RegisteredCheckId {
  return (checkIds as readonly string[]).includes(id);
}

/** Loads one check by id. */
export function loadCheck(id: RegisteredCheckId): Promise<Check> {
  return loaders[id]();
}

/** Loads every registered check, in registry order. */
export function loadAllChecks(): Promise<Check[]> {
  return Promise.all(checkIds.map((id) => loaders[id]()));
}
