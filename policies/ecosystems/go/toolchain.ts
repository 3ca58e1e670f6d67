/**
 * The `go` and `toolchain` directives of a go.mod as dependencies policy
 * rules can name: `go` (the Go version the module needs at least) and
 * `golang.org/toolchain` (the toolchain it builds with; Go downloads
 * toolchains as that module). They are not modules the build uses (`go list
 * -m all` lists neither), so they are kept apart from a manifest's
 * dependencies and only rules that name them apply.
 */
import type { Dependency } from '../types.js';
import type { GoModFile } from './gomod.js';

/** The name a rule uses for the `go` directive (as in `go get go@1.23.0`). */
export const goDirectiveName = 'go';
/** The name a rule uses for the `toolchain` directive: the module path Go downloads toolchains from. */
export const toolchainName = 'golang.org/toolchain';

const releasePattern = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:([a-z]+)([0-9]+))?$/;

/**
 * A Go release (`1.22`, `1.22.3`, `1.23rc1`) as a module-style version the
 * Go versioning compares (`v1.22.0`, `v1.22.3`, `v1.23.0-rc.1`), or null.
 * A language version without a patch (`1.22`) counts as its `.0` release,
 * the first toolchain that implements it.
 */
export function goReleaseVersion(release: string): string | null {
  const match = releasePattern.exec(release);
  if (!match) return null;
  const [, major, minor, patch, kind, number] = match;
  const base = `v${major ?? ''}.${minor ?? ''}.${patch ?? '0'}`;
  return kind !== undefined && number !== undefined ? `${base}-${kind}.${number}` : base;
}

/**
 * The `go` and `toolchain` directives of `file` as dependencies. Without a
 * toolchain line Go uses the go line's release (`toolchain go<version>` is
 * implied), so `golang.org/toolchain` then points at the go line;
 * `toolchain default` names no version and gives no entry.
 */
export function goDirectiveDependencies(file: GoModFile, manifest: string): Dependency[] {
  const entries: Dependency[] = [];
  const at = (position: { line: number; column: number }) => ({ file: manifest, line: position.line, column: position.column });
  const goVersion = file.go ? goReleaseVersion(file.go.version) : null;
  if (file.go && goVersion !== null) {
    entries.push({ ecosystem: 'go', name: goDirectiveName, version: goVersion, direct: true, manifest, location: at(file.go.position) });
  }
  if (file.toolchain) {
    // A custom toolchain (`go1.22.3-bigcorp`) is ordered by its Go release.
    const release = /^go([^-]+)/.exec(file.toolchain.name)?.[1];
    const version = release !== undefined ? goReleaseVersion(release) : null;
    if (version !== null) {
      entries.push({ ecosystem: 'go', name: toolchainName, version, direct: true, manifest, location: at(file.toolchain.position) });
    }
  } else if (file.go && goVersion !== null) {
    entries.push({ ecosystem: 'go', name: toolchainName, version: goVersion, direct: true, manifest, location: at(file.go.position) });
  }
  return entries;
}
