/**
 * Where a vulnerable package is declared: osv-scanner names the file it read
 * (a go.mod, a package-lock.json) and the package, and the ecosystem parsers
 * give the line: the go.mod require, the package.json dependency, or for a
 * transitive npm package its lockfile entry. Go's standard library points at
 * the `toolchain` or `go` directive that osv-scanner took its version from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../../model/finding.js';
import { parseGoMod } from '../../ecosystems/go/index.js';
import type { Dependency, Ecosystem, EcosystemId } from '../../ecosystems/types.js';
import { compareText } from '../../model/text-order.js';

/** Finds an ecosystem implementation by id (the registry, or a subset in tests). */
export type EcosystemLookup = (id: EcosystemId) => Ecosystem | undefined;

/** Our ecosystem id for an OSV ecosystem name, when we have a parser for it. */
export function ecosystemIdOf(osvEcosystem: string): EcosystemId | undefined {
  const lower = osvEcosystem.toLowerCase();
  return lower === 'go' || lower === 'npm' ? lower : undefined;
}

/** Where Go's standard library version comes from in a go.mod. */
export interface GoDirective {
  location: SourceLocation;
  /** `go 1.20` or `toolchain go1.22.3`, as written. */
  text: string;
  version: string;
}

/** Declarations of one scanned file, read once. */
interface FileIndex {
  dependencies: Dependency[];
  goDirective?: GoDirective;
}

/** A read file with its declarations by name and alias, for lookups once per finding. */
interface IndexedFile extends FileIndex {
  byName: Map<string, Dependency[]>;
}

function indexByName(file: FileIndex): IndexedFile {
  const byName = new Map<string, Dependency[]>();
  const add = (name: string, dependency: Dependency) => {
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [dependency]);
    else if (!list.includes(dependency)) list.push(dependency);
  };
  for (const dependency of file.dependencies) {
    add(dependency.name, dependency);
    if (dependency.alias !== undefined) add(dependency.alias, dependency);
  }
  return { ...file, byName };
}

/**
 * Maps (source file, package, version) to a location, reading each source
 * file once. Files it cannot read or parse degrade to a file-level location:
 * the finding itself must never be lost because a line is unknown.
 */
export class LocationIndex {
  private readonly files = new Map<string, IndexedFile>();

  constructor(
    private readonly root: string,
    private readonly ecosystems: EcosystemLookup,
  ) {}

  /**
   * The declaration of `name@version` (osv-scanner's spelling) read from
   * `source` (repository-relative), and whether the manifest lists it itself
   * (undefined when the declaration was not found).
   */
  locate(source: string, osvEcosystem: string, name: string, version: string): { location: SourceLocation; direct?: boolean } {
    const id = ecosystemIdOf(osvEcosystem);
    if (id === undefined) return { location: { file: source } };
    const index = this.index(source, id);
    if (id === 'go' && name === 'stdlib') return { location: index.goDirective?.location ?? { file: source } };
    const sameName = index.byName.get(name) ?? [];
    const sameVersion = sameName.filter((d) => sameVersionAs(id, d.version, version));
    const best = pickDeclaration(sameVersion.length > 0 ? sameVersion : sameName);
    return best === undefined ? { location: { file: source } } : { location: best.location, direct: best.direct };
  }

  /** Reads and indexes a source file ahead of time (see scan.ts: while osv-scanner runs). */
  preload(source: string, id: EcosystemId): void {
    this.index(source, id);
  }

  /** The go/toolchain directive of a go.mod, for standard-library findings. */
  goDirective(source: string): GoDirective | undefined {
    return this.index(source, 'go').goDirective;
  }

  private index(source: string, id: EcosystemId): IndexedFile {
    const key = `${id}:${source}`;
    let index = this.files.get(key);
    if (index === undefined) {
      index = indexByName(this.read(source, id));
      this.files.set(key, index);
    }
    return index;
  }

  private read(source: string, id: EcosystemId): FileIndex {
    const ecosystem = this.ecosystems(id);
    const text = this.readText(source);
    if (ecosystem === undefined || text === undefined) return { dependencies: [] };
    const base = path.posix.basename(source);
    try {
      if (ecosystem.lockfileNames.includes(base)) {
        // A lockfile: its manifest sits beside it (package.json for package-lock.json).
        const manifestName = ecosystem.manifestPatterns.map((p) => path.posix.basename(p)).find((n) => !n.includes('*'));
        const manifestPath = manifestName === undefined ? undefined : path.posix.join(path.posix.dirname(source), manifestName);
        const manifestText = manifestPath === undefined ? undefined : this.readText(manifestPath);
        if (manifestPath === undefined || manifestText === undefined) return { dependencies: [] };
        const manifest = { path: manifestPath, text: manifestText };
        const lockfile = { path: source, text };
        // Workspace members' package.json files complete the lockfile's picture.
        const related = (ecosystem.relatedManifests?.(manifest, lockfile) ?? []).flatMap((p) => {
          const relatedText = this.readText(p);
          return relatedText === undefined ? [] : [{ path: p, text: relatedText }];
        });
        return { dependencies: ecosystem.parse(manifest, lockfile, related).dependencies };
      }
      const dependencies = ecosystem.parse({ path: source, text }, undefined).dependencies;
      const goDirective = id === 'go' ? readGoDirective(source, text) : undefined;
      return { dependencies, ...(goDirective ? { goDirective } : {}) };
    } catch {
      // The deps check reports unparsable manifests with their line; here we only lose precision.
      return { dependencies: [] };
    }
  }

  private readText(file: string): string | undefined {
    try {
      return readFileSync(path.join(this.root, file), 'utf8');
    } catch {
      return undefined;
    }
  }
}

function readGoDirective(source: string, text: string): GoDirective | undefined {
  const file = parseGoMod(text, source);
  // osv-scalibr takes the stdlib version from `toolchain` when present, else from `go`.
  if (file.toolchain && file.toolchain.name !== 'default') {
    const { line, column } = file.toolchain.position;
    return {
      location: { file: source, line, column },
      text: `toolchain ${file.toolchain.name}`,
      version: file.toolchain.name.replace(/^go/, ''),
    };
  }
  if (file.go) {
    const { line, column } = file.go.position;
    return { location: { file: source, line, column }, text: `go ${file.go.version}`, version: file.go.version };
  }
  return undefined;
}

function sameVersionAs(id: EcosystemId, declared: string, osvVersion: string): boolean {
  // osv-scanner drops the `v` of Go versions and any `+incompatible`.
  if (id === 'go') return declared.replace(/^v/, '').replace(/\+incompatible$/, '') === osvVersion.replace(/\+incompatible$/, '');
  return declared === osvVersion;
}

/** Direct declarations first (the line a developer edits), then the earliest line. */
function pickDeclaration(candidates: readonly Dependency[]): Dependency | undefined {
  return [...candidates].sort(
    (a, b) =>
      Number(b.direct) - Number(a.direct) ||
      compareText(a.location.file, b.location.file) ||
      (a.location.line ?? 0) - (b.location.line ?? 0),
  )[0];
}
