import type { SourceLocation } from '../model/finding.js';

/** Ecosystem ids as they appear in policy files (`dependencies.go`, `dependencies.npm`). */
export type EcosystemId = 'go' | 'npm';

/** One resolved dependency, as the ecosystem's own toolchain would resolve it. */
export interface Dependency {
  ecosystem: EcosystemId;
  /** Module path or package name after `replace` (Go) / alias resolution (npm). */
  name: string;
  /** Version as the toolchain spells it (`v1.9.1`, `v0.0.0-2022…-abc`, `1.2.3`). Empty for local replacements. */
  version: string;
  /** Listed in the manifest itself (go.mod without `// indirect`, package.json dependencies), not only pulled in. */
  direct: boolean;
  /** Manifest the dependency belongs to (repository-relative): the go.mod or package.json. */
  manifest: string;
  /** Where the dependency is declared: go.mod require line, package.json line, or the lockfile entry for transitive ones. */
  location: SourceLocation;
  /**
   * For Go `replace`: the module and version that were required before
   * replacement, and where the `replace` directive is (the line to edit to
   * change what is used).
   */
  replaces?: { name: string; version: string; location?: SourceLocation };
  /**
   * For Go: an `exclude` directive names the required version, so the go
   * command ignores this requirement (and `go build` stops until `go mod tidy`
   * moves it to the next version). Where the `exclude` is.
   */
  excludedBy?: SourceLocation;
  /** Dev-only (npm devDependencies); Go has none. */
  dev?: boolean;
  /** Installed only as an optional dependency (npm `optional: true`). */
  optional?: boolean;
  /** Installed to satisfy a peer dependency (npm `peer: true`). */
  peer?: boolean;
  /** The name the dependency is installed under when it differs from `name` (npm `npm:` aliases). */
  alias?: string;
  /** Local code rather than a published package: a Go `replace` to a directory, an npm `file:`/`link:` dependency. `version` is empty. */
  local?: boolean;
}

/** The dependencies of one manifest (with its lockfile, where the ecosystem has one). */
export interface ParsedManifest {
  ecosystem: EcosystemId;
  /** Repository-relative path of the manifest. */
  manifest: string;
  dependencies: Dependency[];
  /**
   * The language and toolchain versions the manifest asks for (Go's `go` and
   * `toolchain` directives, named `go` and `golang.org/toolchain`). Kept apart
   * from `dependencies`: they are not packages the build uses, and only
   * policy rules that name them apply.
   */
  toolchain?: Dependency[];
}

/** A file handed to a parser: repository-relative path and contents. */
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * Version semantics of an ecosystem (Renovate's VersioningApi, reduced to what
 * policy evaluation needs). Ranges are npm-style semver ranges in the policy
 * file for both ecosystems; Go versions are mapped onto semver by each
 * implementation (leading `v`, pseudo-versions by their base, `+incompatible`).
 */
export interface Versioning {
  isValid(version: string): boolean;
  /** Negative, zero or positive, as the toolchain orders versions. */
  compare(a: string, b: string): number;
  /** Whether `version` satisfies the policy range (`>=1.10.0 <2`, `*`). */
  satisfies(version: string, range: string): boolean;
  /** `major`, `minor`, `patch`, `prerelease` or null when equal (used by the advisor). */
  diff(from: string, to: string): 'major' | 'minor' | 'patch' | 'prerelease' | null;
  /**
   * The lowest version, spelt as the ecosystem spells it (`v1.10.0`, `1.10.0`),
   * that satisfies `range`, or null when the range admits none. Used to tell
   * a developer which version to move to.
   */
  lowestInRange?(range: string): string | null;
}

/**
 * One ecosystem behind one interface, so a new ecosystem plugs in without
 * touching checks. `parse` is pure: the caller reads files (from disk for
 * `check`, from git objects for `advise`).
 */
export interface Ecosystem {
  id: EcosystemId;
  displayName: string;
  /** Globs (repository-relative) of the manifests this ecosystem owns, e.g. `**\/go.mod`. */
  manifestPatterns: string[];
  /** Lockfiles that sit beside a manifest and complete it (npm: package-lock.json). */
  lockfileNames: string[];
  versioning: Versioning;
  /**
   * Parses one manifest and its lockfile (when present) into dependencies.
   * Throws InputError with file, line and a fix for input it cannot parse.
   */
  parse(manifest: SourceFile, lockfile: SourceFile | undefined, related?: readonly SourceFile[]): ParsedManifest;
  /**
   * Further manifests (repository-relative) that a lockfile covers, such as
   * npm workspace members' package.json files. The caller reads them and
   * passes them to `parse` as `related`, and does not parse them on their own.
   */
  relatedManifests?(manifest: SourceFile, lockfile: SourceFile | undefined): string[];
}
