import semver from 'semver';

/** How far apart two versions are, in the advisor's terms. */
export type ChangeKind = 'major' | 'minor' | 'patch' | 'prerelease';

/**
 * Classifies the step between two valid semver versions. A prerelease step
 * counts as the release line it moves (1.2.0 → 2.0.0-rc.1 is major); only a
 * move between prereleases of the same version is `prerelease`. Null when the
 * versions are equal.
 */
export function classifySemverChange(from: string, to: string): ChangeKind | null {
  const kind = semver.diff(from, to);
  if (kind === null) return null;
  if (kind === 'major' || kind === 'premajor') return 'major';
  if (kind === 'minor' || kind === 'preminor') return 'minor';
  if (kind === 'patch' || kind === 'prepatch') return 'patch';
  return 'prerelease';
}
