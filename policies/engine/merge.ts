/**
 * Merges the layers of an extends chain into one policy document, keeping
 * where every value came from and enforcing `locked`.
 *
 * Merge semantics (documented in docs/policy-reference.md):
 * - mappings merge key by key, deeply;
 * - scalars and ordinary lists are replaced by the later layer;
 * - rule lists (keys in `ruleListKeys`) are concatenated, earlier layers first,
 *   so a rule of the central policy stays unless the central policy itself changes it.
 *
 * Locking: a mapping with `locked: true` cannot be changed by a later layer at
 * all (restating an identical value is allowed); a rule-list entry with
 * `locked: true` cannot be contradicted (see `contradiction`). An attempt is a
 * `policy/locked-rule` error finding at the later file's line and the locked
 * value stays in force.
 */
import picomatch from 'picomatch';
import semver from 'semver';
import type { Finding, SourceLocation } from '../model/finding.js';
import { isPlainObject, positionIn, type PolicyLayer, type PolicyPath } from './load-policy.js';

/** List keys whose entries accumulate across layers instead of being replaced. */
export const ruleListKeys: ReadonlySet<string> = new Set(['allow', 'constraints', 'deny', 'exceptions', 'ignore', 'invariants']);

/** Lists whose entries waive another rule; an entry there may not waive a locked rule. */
const waiverListKeys: ReadonlySet<string> = new Set(['exceptions', 'ignore']);

/** Keys that name what a rule-list entry is about, in order of preference. */
const subjectKeys = ['name', 'package', 'module', 'id', 'key', 'path'] as const;
/** Keys that hold a version range of a rule-list entry. */
const rangeKeys = ['versions', 'version', 'range'] as const;

/** Keys of the policy file that describe the file itself, not policy. */
const layerOnlyKeys: ReadonlySet<string> = new Set(['extends']);

interface Origin {
  layer: PolicyLayer;
  localPath: PolicyPath;
}

/** A locked mapping or rule: where it was written and its path in the merged document. */
interface Lock extends Origin {
  path: PolicyPath;
}

export interface MergedPolicy {
  /** The merged document, still carrying `locked` markers. */
  document: Record<string, unknown>;
  /** `policy/locked-rule` findings: attempts to relax a locked rule. */
  findings: Finding[];
  /** Where a key path of the merged document was last defined. */
  locate(path: PolicyPath, target?: 'key' | 'value'): SourceLocation;
}

/** Merges layers given base-first (the repository's own file last). */
export function mergeLayers(layers: readonly PolicyLayer[]): MergedPolicy {
  const merger = new Merger();
  const document: Record<string, unknown> = {};
  for (const layer of layers) {
    const own = Object.fromEntries(Object.entries(layer.value).filter(([key]) => !layerOnlyKeys.has(key)));
    merger.mergeMapping(document, own, [], layer, [], undefined);
  }
  const last = layers[layers.length - 1];
  return {
    document,
    findings: merger.findings,
    locate: (path, target = 'key') => merger.locate(path, target, last),
  };
}

class Merger {
  readonly findings: Finding[] = [];
  private readonly origins = new Map<string, Origin>();

  locate(path: PolicyPath, target: 'key' | 'value', fallback: PolicyLayer | undefined): SourceLocation {
    for (let length = path.length; length >= 0; length--) {
      const origin = this.origins.get(pathKey(path.slice(0, length)));
      if (origin) return positionIn(origin.layer, [...origin.localPath, ...path.slice(length)], target);
    }
    return fallback ? positionIn(fallback, path, target) : { file: 'goldenpath.yaml' };
  }

  /**
   * Merges `incoming` (from `layer` at `localPath`) into `target` (the merged
   * mapping at `path`). `lock` is set when `target` or an ancestor is locked.
   */
  mergeMapping(
    target: Record<string, unknown>,
    incoming: Record<string, unknown>,
    path: PolicyPath,
    layer: PolicyLayer,
    localPath: PolicyPath,
    lock: Lock | undefined,
  ): void {
    for (const [key, value] of Object.entries(incoming)) {
      const childPath = [...path, key];
      const childLocal = [...localPath, key];
      const current = target[key];
      if (lock) {
        // Inside a locked mapping: descend to name the exact key that differs; identical restatements pass.
        if (isPlainObject(current) && isPlainObject(value)) {
          this.mergeMapping(current, value, childPath, layer, childLocal, lock);
        } else if (!(key in target) || !deepEqual(current, value)) {
          this.lockedFinding(layer, childLocal, lock, `${dotted(childPath)} cannot be changed: ${dotted(lock.path)} is locked in ${describeOrigin(lock)}`);
        }
        continue;
      }
      if (isPlainObject(current) && current.locked === true) {
        const origin = this.origins.get(pathKey(childPath)) ?? { layer, localPath: childLocal };
        const currentLock: Lock = { ...origin, path: childPath };
        if (isPlainObject(value)) {
          this.mergeMapping(current, value, childPath, layer, childLocal, currentLock);
        } else if (!deepEqual(current, value)) {
          this.lockedFinding(layer, childLocal, currentLock, `${dotted(childPath)} cannot be replaced: it is locked in ${describeOrigin(currentLock)}`);
        }
        continue;
      }
      if (isPlainObject(current) && isPlainObject(value)) {
        this.origins.set(pathKey(childPath), { layer, localPath: childLocal });
        this.mergeMapping(current, value, childPath, layer, childLocal, undefined);
      } else if (ruleListKeys.has(key) && Array.isArray(value) && (current === undefined || Array.isArray(current))) {
        // A rule list seen for the first time still goes through appendRules: it may contradict a locked sibling list.
        const list: unknown[] = Array.isArray(current) ? current : [];
        target[key] = list;
        this.appendRules(target, key, list, value, childPath, layer, childLocal, path);
      } else {
        this.forget(childPath);
        target[key] = structuredClone(value);
        this.record(value, childPath, layer, childLocal);
      }
    }
  }

  private appendRules(
    parent: Record<string, unknown>,
    key: string,
    current: unknown[],
    incoming: readonly unknown[],
    listPath: PolicyPath,
    layer: PolicyLayer,
    localListPath: PolicyPath,
    parentPath: PolicyPath,
  ): void {
    this.origins.set(pathKey(listPath), { layer, localPath: localListPath });
    for (const [index, entry] of incoming.entries()) {
      const localEntryPath = [...localListPath, index];
      // Only locks from earlier layers bind; a central policy may waive its own locked rules.
      const conflict = findContradiction(parent, key, entry, (lockedPath) => this.origins.get(pathKey([...parentPath, ...lockedPath]))?.layer !== layer);
      if (conflict) {
        const lockedPath = [...parentPath, ...conflict.lockedPath];
        const origin = this.origins.get(pathKey(lockedPath)) ?? { layer, localPath: localEntryPath };
        const lock: Lock = { ...origin, path: lockedPath };
        this.lockedFinding(layer, localEntryPath, lock, `${dotted(listPath)}[${index}] ${conflict.reason}, which contradicts the locked ${conflict.listKey} rule in ${describeOrigin(lock)}`);
        continue;
      }
      current.push(structuredClone(entry));
      this.record(entry, [...listPath, current.length - 1], layer, localEntryPath);
    }
  }

  /** Records `layer` as the origin of `value` and of everything inside it. */
  private record(value: unknown, path: PolicyPath, layer: PolicyLayer, localPath: PolicyPath): void {
    this.origins.set(pathKey(path), { layer, localPath });
    if (Array.isArray(value)) {
      value.forEach((item, index) => { this.record(item, [...path, index], layer, [...localPath, index]); });
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) this.record(item, [...path, key], layer, [...localPath, key]);
    }
  }

  /** Drops the origins of a subtree that a later layer replaces. */
  private forget(path: PolicyPath): void {
    const prefix = pathKey(path).slice(0, -1);
    for (const key of [...this.origins.keys()]) if (key === pathKey(path) || key.startsWith(`${prefix},`)) this.origins.delete(key);
  }

  private lockedFinding(layer: PolicyLayer, localPath: PolicyPath, lock: Lock, message: string): void {
    this.findings.push({
      check: 'policy',
      rule: 'policy/locked-rule',
      level: 'error',
      message: `${message}; the locked value stays in force`,
      location: positionIn(layer, localPath),
      related: [{ location: positionIn(lock.layer, lock.localPath), message: `locked here (${dotted(lock.path)})` }],
      fix: `remove this override from ${layer.displayFile}, or change the rule in ${lock.layer.displayFile} where it is locked`,
      identity: ['policy/locked-rule', layer.displayFile, ...localPath.map(String)],
    });
  }
}

interface Contradiction {
  /** Path of the locked entry relative to the mapping holding the new entry's list. */
  lockedPath: PolicyPath;
  listKey: string;
  reason: string;
}

interface LockedRule {
  path: PolicyPath;
  listKey: string;
  rule: Record<string, unknown>;
  /** Mapping keys between the parent mapping and the rule's list (e.g. ['go']). */
  scope: string[];
}

/**
 * Whether adding `entry` to the rule list `listKey` of `parent` would relax a
 * locked entry:
 * - a waiver (`exceptions`, `ignore`) whose subject matches a locked rule of any list in the
 *   same mapping or below it (so `dependencies.exceptions` is weighed against
 *   `dependencies.go.deny`), with overlapping ranges; an `ecosystem` on the waiver limits it
 *   to rules under that key;
 * - an `allow` whose subject matches a locked `deny` of the same mapping and whose range
 *   overlaps the denied range (no range on either side means "all versions");
 * - in the same list as a locked `allow`/`constraints`/`invariants` entry, an entry for the
 *   same subject that is not at least as strict (its range is not a subset of the locked one,
 *   or, without ranges, it differs from the locked entry).
 */
export function findContradiction(
  parent: Record<string, unknown>,
  listKey: string,
  entry: unknown,
  applies: (lockedPath: PolicyPath) => boolean = () => true,
): Contradiction | undefined {
  const subject = typeof entry === 'string' ? entry : isPlainObject(entry) ? subjectOf(entry) : undefined;
  if (subject === undefined) return undefined;
  const fields = isPlainObject(entry) ? entry : {};
  const waiver = waiverListKeys.has(listKey);
  for (const locked of lockedRules(parent, [], waiver)) {
    if (!applies(locked.path)) continue;
    const lockedSubject = subjectOf(locked.rule);
    if (lockedSubject === undefined || !subjectsOverlap(subject, lockedSubject)) continue;
    const found = (reason: string): Contradiction => ({ lockedPath: locked.path, listKey: locked.listKey, reason });
    if (waiver) {
      if (waiverListKeys.has(locked.listKey)) continue;
      const ecosystem = typeof fields.ecosystem === 'string' ? fields.ecosystem : undefined;
      if (ecosystem !== undefined && locked.scope.length > 0 && locked.scope[0] !== ecosystem) continue;
      if (rangesOverlap(rangeOf(fields), rangeOf(locked.rule))) return found(`waives "${subject}"${describeRange(rangeOf(fields))}`);
      continue;
    }
    if (locked.scope.length > 0) continue;
    if (listKey === 'allow' && locked.listKey === 'deny' && rangesOverlap(rangeOf(fields), rangeOf(locked.rule))) {
      return found(`allows "${subject}"${describeRange(rangeOf(fields))}`);
    }
    if (listKey === locked.listKey && listKey !== 'deny' && !isAtLeastAsStrict(fields, locked.rule)) {
      return found(`relaxes "${subject}"${describeRange(rangeOf(fields))}`);
    }
  }
  return undefined;
}

/** Locked entries of the rule lists of `mapping`, and of nested mappings when `deep`. */
function lockedRules(mapping: Record<string, unknown>, scope: string[], deep: boolean): LockedRule[] {
  const found: LockedRule[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    if (ruleListKeys.has(key) && Array.isArray(value)) {
      value.forEach((rule, index) => {
        if (isPlainObject(rule) && rule.locked === true) found.push({ path: [...scope, key, index], listKey: key, rule, scope });
      });
    } else if (deep && isPlainObject(value)) {
      found.push(...lockedRules(value, [...scope, key], deep));
    }
  }
  return found;
}

function subjectOf(entry: Record<string, unknown>): string | undefined {
  for (const key of subjectKeys) {
    const value = entry[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function rangeOf(entry: Record<string, unknown>): string | undefined {
  for (const key of rangeKeys) {
    const value = entry[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

function describeRange(range: string | undefined): string {
  return range === undefined ? '' : ` ${range}`;
}

/** Names match exactly or through a glob on either side (`@octokit/*`). */
function subjectsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return picomatch(a)(b) || picomatch(b)(a);
  } catch {
    return false;
  }
}

/** No range means every version; a range semver cannot read is treated as overlapping, to fail closed. */
function rangesOverlap(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  try {
    return semver.intersects(a, b, { loose: true, includePrerelease: true });
  } catch {
    return true;
  }
}

function isAtLeastAsStrict(entry: Record<string, unknown>, locked: Record<string, unknown>): boolean {
  const entryRange = rangeOf(entry);
  const lockedRange = rangeOf(locked);
  if (entryRange !== undefined && lockedRange !== undefined) {
    try {
      return semver.subset(entryRange, lockedRange, { loose: true, includePrerelease: true });
    } catch {
      return false;
    }
  }
  const { locked: _locked, ...lockedRest } = locked;
  const { locked: _entryLocked, ...entryRest } = entry;
  return deepEqual(entryRest, lockedRest);
}

/** Returns a deep copy of a policy value without any `locked` keys: checks never see them. */
export function stripLocked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLocked);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'locked').map(([key, item]) => [key, stripLocked(item)]));
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

function pathKey(path: PolicyPath): string {
  return JSON.stringify(path);
}

/** `dependencies.npm.allow[2].name`, the way messages name a key path. */
export function dotted(path: PolicyPath): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text === '' ? '(top level)' : text;
}

function describeOrigin(origin: Origin): string {
  const position = positionIn(origin.layer, origin.localPath);
  return position.line === undefined ? position.file : `${position.file}:${position.line}`;
}
