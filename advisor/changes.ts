/**
 * Dependency changes between two parses of the same manifest: added,
 * removed, upgraded, downgraded, with their semver class. A Go module that
 * moved to a new major-version path (`.../v2` to `.../v3`) is one change, not
 * a removal and an addition.
 */
import type { Dependency, Ecosystem, EcosystemId } from '../policies/ecosystems/types.js';
import type { ChangeKind, SemverClass } from './model.js';
import { compareText } from '../policies/model/text-order.js';

/** A change before policy, knowledge and vulnerability data are attached. */
export interface RawChange {
  ecosystem: EcosystemId;
  manifest: string;
  name: string;
  previousName?: string;
  kind: ChangeKind;
  from?: string;
  to?: string;
  direct: boolean;
  dev: boolean;
  location?: { file: string; line?: number };
  semver?: SemverClass | null;
}

interface Installed {
  version: string;
  direct: boolean;
  dev: boolean;
  location: { file: string; line?: number };
}

/** Installed versions per package name; npm lockfiles can hold several versions of one name. */
function byName(deps: readonly Dependency[]): Map<string, Map<string, Installed>> {
  const out = new Map<string, Map<string, Installed>>();
  for (const dep of deps) {
    if (dep.local) continue;
    const versions = out.get(dep.name) ?? new Map<string, Installed>();
    const seen = versions.get(dep.version);
    versions.set(dep.version, {
      version: dep.version,
      direct: (seen?.direct ?? false) || dep.direct,
      // Dev only when every occurrence is dev-only.
      dev: (seen?.dev ?? true) && dep.dev === true,
      location: seen?.location ?? { file: dep.location.file, ...(dep.location.line === undefined ? {} : { line: dep.location.line }) },
    });
    out.set(dep.name, versions);
  }
  return out;
}

/**
 * The module path without its major-version suffix: `example.com/m/v3` and
 * `example.com/m` share `example.com/m`; `gopkg.in/yaml.v3` becomes `gopkg.in/yaml`.
 */
export function goModuleStem(modulePath: string): string {
  return modulePath.replace(/\/v\d+$/, '').replace(/^(gopkg\.in\/.+)\.v\d+$/, '$1');
}

function moveOf(ecosystem: Ecosystem, name: string, from: Installed, to: Installed, manifest: string): RawChange {
  const cmp = ecosystem.versioning.compare(to.version, from.version);
  return {
    ecosystem: ecosystem.id,
    manifest,
    name,
    kind: cmp < 0 ? 'downgraded' : 'upgraded',
    from: from.version,
    to: to.version,
    direct: to.direct || from.direct,
    dev: to.dev && from.dev,
    location: to.location,
    semver: cmp < 0 ? ecosystem.versioning.diff(to.version, from.version) : ecosystem.versioning.diff(from.version, to.version),
  };
}

/** Every change of one manifest between base and head, sorted by name then version. */
export function diffDependencies(
  ecosystem: Ecosystem,
  manifest: string,
  base: readonly Dependency[],
  head: readonly Dependency[],
): RawChange[] {
  const before = byName(base);
  const after = byName(head);
  const changes: RawChange[] = [];
  const added: { name: string; installed: Installed }[] = [];
  const removed: { name: string; installed: Installed }[] = [];
  const order = (a: Installed, b: Installed): number => ecosystem.versioning.compare(a.version, b.version);

  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const was = [...(before.get(name)?.values() ?? [])].filter((i) => !after.get(name)?.has(i.version)).sort(order);
    const now = [...(after.get(name)?.values() ?? [])].filter((i) => !before.get(name)?.has(i.version)).sort(order);
    // Pair the i-th lowest old version with the i-th lowest new one: the usual shape of a bump.
    const pairs = Math.min(was.length, now.length);
    for (let i = 0; i < pairs; i++) {
      const from = was[i];
      const to = now[i];
      if (from && to) changes.push(moveOf(ecosystem, name, from, to, manifest));
    }
    for (const installed of was.slice(pairs)) removed.push({ name, installed });
    for (const installed of now.slice(pairs)) added.push({ name, installed });
  }

  if (ecosystem.id === 'go') {
    for (const add of [...added]) {
      const match = removed.find((r) => goModuleStem(r.name) === goModuleStem(add.name) && r.name !== add.name);
      if (!match) continue;
      removed.splice(removed.indexOf(match), 1);
      added.splice(added.indexOf(add), 1);
      changes.push({ ...moveOf(ecosystem, add.name, match.installed, add.installed, manifest), previousName: match.name });
    }
  }

  for (const { name, installed } of added) {
    changes.push({
      ecosystem: ecosystem.id,
      manifest,
      name,
      kind: 'added',
      to: installed.version,
      direct: installed.direct,
      dev: installed.dev,
      location: installed.location,
    });
  }
  for (const { name, installed } of removed) {
    changes.push({
      ecosystem: ecosystem.id,
      manifest,
      name,
      kind: 'removed',
      from: installed.version,
      direct: installed.direct,
      dev: installed.dev,
      location: installed.location,
    });
  }
  return changes.sort(
    (a, b) => compareText(a.name, b.name) || compareText(a.to ?? a.from ?? '', b.to ?? b.from ?? '') || compareText(a.kind, b.kind),
  );
}
