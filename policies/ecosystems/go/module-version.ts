/**
 * Go's rules for module versions and module paths, transcribed from
 * golang.org/x/mod (semver, module.CanonicalVersion, module.SplitPathVersion,
 * module.CheckPathMajor) so the parser accepts and rejects what `go` does.
 */

// Go's semver grammar: `v` MAJOR [. MINOR [. PATCH [-PRERELEASE] [+BUILD]]].
// The shorthands `v1` and `v1.2` are valid but cannot carry a prerelease or build.
const numeric = '0|[1-9][0-9]*';
const prereleaseId = '(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)';
const buildId = '[0-9A-Za-z-]+';
const goSemverPattern = new RegExp(
  `^v(${numeric})(?:\\.(${numeric})(?:\\.(${numeric})(?:-(${prereleaseId}(?:\\.${prereleaseId})*))?(?:\\+(${buildId}(?:\\.${buildId})*))?)?)?$`,
);

/** The parts of a valid Go semantic version; minor and patch default to `0` as Go's shorthands do. */
export interface GoSemver {
  major: string;
  minor: string;
  patch: string;
  prerelease: string;
  build: string;
}

/** Splits a Go semantic version (`v1.2.3-pre+build`), or returns null when `go` would reject it. */
export function parseGoSemver(version: string): GoSemver | null {
  const match = goSemverPattern.exec(version);
  if (!match) return null;
  const [, major = '', minor, patch, prerelease, build] = match;
  return { major, minor: minor ?? '0', patch: patch ?? '0', prerelease: prerelease ?? '', build: build ?? '' };
}

/**
 * The canonical spelling of a version (`v1.2` → `v1.2.0`, build metadata dropped
 * except `+incompatible`), or `''` when the version is invalid, like
 * module.CanonicalVersion.
 */
export function canonicalVersion(version: string): string {
  const parsed = parseGoSemver(version);
  if (!parsed) return '';
  const base = `v${parsed.major}.${parsed.minor}.${parsed.patch}${parsed.prerelease ? `-${parsed.prerelease}` : ''}`;
  return parsed.build === 'incompatible' ? `${base}+incompatible` : base;
}

/** `v2` for `v2.3.4`, or `''` for an invalid version (semver.Major). */
export function semverMajor(version: string): string {
  const parsed = parseGoSemver(version);
  return parsed ? `v${parsed.major}` : '';
}

// vX.0.0-yyyymmddhhmmss-abcdefabcdef, vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef, vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef
const pseudoVersionPattern = /^v[0-9]+\.(?:0\.0-|\d+\.\d+-(?:[^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Whether `version` is a pseudo-version, in any of its three forms (module.IsPseudoVersion). */
export function isPseudoVersion(version: string): boolean {
  return (version.match(/-/g) ?? []).length >= 2 && parseGoSemver(version) !== null && pseudoVersionPattern.test(version);
}

/**
 * Splits a module path into its prefix and major-version suffix
 * (`github.com/a/b/v2` → `/v2`, `gopkg.in/yaml.v3` → `.v3`); `ok` is false for
 * paths Go rejects, such as a `/v1` or `/v0` suffix.
 */
export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith('gopkg.in/')) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && /[0-9.]/.test(path.charAt(i - 1))) {
    if (path.charAt(i - 1) === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path.charAt(i - 1) !== 'v' || path.charAt(i - 2) !== '/') {
    return { prefix: path, pathMajor: '', ok: true };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor.charAt(2) === '0' || pathMajor === '/v1') {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  let i = path.length;
  if (path.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && /[0-9]/.test(path.charAt(i - 1))) i--;
  if (i <= 1 || path.charAt(i - 1) !== 'v' || path.charAt(i - 2) !== '.') {
    return { prefix: path, pathMajor: '', ok: false };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor.charAt(2) === '0' && pathMajor !== '.v0')) {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/**
 * Why `version` cannot be a version of a module whose path ends in
 * `pathMajor`, or null when it can (module.CheckPathMajor): `/v2` needs v2.x.y,
 * no suffix needs v0/v1 or `+incompatible`.
 */
export function checkPathMajor(version: string, pathMajor: string): string | null {
  let wanted = pathMajor;
  if (wanted.startsWith('.v') && wanted.endsWith('-unstable')) wanted = wanted.slice(0, -'-unstable'.length);
  // Old pseudo-versions of gopkg.in/x.v1 modules were generated as v0.0.0-…; Go still accepts them.
  if (version.startsWith('v0.0.0-') && wanted === '.v1') return null;
  const major = semverMajor(version);
  if (wanted === '') {
    if (major === 'v0' || major === 'v1' || version.endsWith('+incompatible')) return null;
    return `should be v0 or v1, not ${major}`;
  }
  if (major === wanted.slice(1)) return null;
  return `should be ${wanted.slice(1)}, not ${major}`;
}
