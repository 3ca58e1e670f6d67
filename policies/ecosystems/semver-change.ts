import semver from 'semver';

/** How far apart two versions are, in the advisor's terms. */
export type ChangeKind = 'major' | 'minor' | 'patch' | 'prerelease';

/**
 * Classifies the step between two valid semver versions. A prerelease step
 * counts as the release line it moves (1.2.0 → 2.0.0-rc.1 is major); a move
 * within one version, between its prereleases or between a prerelease and
 * its release (2.0.0-rc.1 → 2.0.0), is `prerelease`. Null when the versions
 * are equal.
 */
export function classifySemverChange(from: string, to: string): ChangeKind | null {
  const kind = semver.diff(from, to);
  if (kind === null) return null;
  const a = semver.parse(from);
  const b = semver.parse(to);
  // semver.diff calls 2.0.0-rc.1 → 2.0.0 "major" (the release of a major line), but nothing in the API moves.
  if (a !== null && b !== null && a.major === b.major && a.minor === b.minor && a.patch === b.patch) return 'prerelease';
  if (kind === 'major' || kind === 'premajor') return 'major';
  if (kind === 'minor' || kind === 'preminor') return 'minor';
  if (kind === 'patch' || kind === 'prepatch') return 'patch';
  return 'prerelease';
}
