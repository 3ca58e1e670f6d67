/** npm versions: plain semver, with npm's own range semantics (prereleases only match ranges that name them). */
import semver from 'semver';
import { compareParsed, parsedSemver } from '../parsed-semver.js';
import { classifySemverChange } from '../semver-change.js';
import type { Versioning } from '../types.js';

export const npmVersioning: Versioning = {
  isValid: (version) => parsedSemver(version) !== null,
  compare: (a, b) => compareParsed(a, parsedSemver(a), b, parsedSemver(b)),
  satisfies(version, range) {
    const parsed = parsedSemver(version);
    return parsed !== null && semver.satisfies(parsed, range);
  },
  diff(from, to) {
    if (parsedSemver(from) === null || parsedSemver(to) === null) return null;
    return classifySemverChange(from, to);
  },
  lowestInRange(range) {
    if (semver.validRange(range) === null) return null;
    return semver.minVersion(range)?.version ?? null;
  },
};
