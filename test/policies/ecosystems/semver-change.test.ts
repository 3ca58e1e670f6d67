import { describe, expect, it } from 'vitest';
import { npmVersioning } from '../../../policies/ecosystems/npm/versioning.js';
import { classifySemverChange } from '../../../policies/ecosystems/semver-change.js';

describe('classifySemverChange', () => {
  it.each([
    // A move within one version, prerelease to release or between prereleases.
    ['2.0.0-rc.1', '2.0.0', 'prerelease'],
    ['1.3.0-rc.1', '1.3.0', 'prerelease'],
    ['1.2.3-beta.1', '1.2.3', 'prerelease'],
    ['2.0.0', '2.0.0-rc.1', 'prerelease'],
    ['2.0.0-rc.1', '2.0.0-rc.2', 'prerelease'],
    // A prerelease counts as the release line it moves to or from.
    ['1.2.0', '2.0.0-rc.1', 'major'],
    ['1.2.0', '1.3.0-rc.1', 'minor'],
    ['1.2.0', '1.2.1-rc.1', 'patch'],
    ['1.9.0-rc.1', '2.0.0', 'major'],
    ['1.3.0-rc.1', '1.4.0', 'minor'],
    ['1.2.3', '2.0.0', 'major'],
    ['1.2.3', '1.3.0', 'minor'],
    ['1.2.3', '1.2.4', 'patch'],
    ['1.2.3', '1.2.3', null],
  ])('classifies %s → %s as %s', (from, to, kind) => {
    expect(classifySemverChange(from, to)).toBe(kind);
    expect(npmVersioning.diff(from, to)).toBe(kind);
  });
});
