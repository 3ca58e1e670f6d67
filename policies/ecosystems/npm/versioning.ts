/** npm versions: plain semver, with npm's own range semantics (prereleases only match ranges that name them). */
import semver from 'semver';
import { classifySemverChange } from '../semver-change.js';
import type { Versioning } from '../types.js';

export const npmVersioning: Versioning = {
  isValid: (version) => semver.valid(version) !== null,
  compare(a, b) {
    const left = semver.valid(a);
    const right = semver.valid(b);
    if (left !== null && right !== null) return semver.compare(left, right);
    if (left === null && right !== null) return -1;
    if (left !== null && right === null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  },
  satisfies: (version, range) => semver.valid(version) !== null && semver.satisfies(version, range),
  diff(from, to) {
    if (semver.valid(from) === null || semver.valid(to) === null) return null;
    return classifySemverChange(from, to);
  },
  lowestInRange(range) {
    if (semver.validRange(range) === null) return null;
    return semver.minVersion(range)?.version ?? null;
  },
};
