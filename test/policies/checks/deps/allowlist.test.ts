import { describe, expect, it } from 'vitest';
import { acceptsVersion, evaluateDependency, nameMatches, nextAcceptedVersion, readDependencyPolicy } from '../../../../policies/checks/deps/index.js';

const now = new Date('2026-11-21T00:00:00Z');

const policy = readDependencyPolicy({
  unlisted: 'deny',
  go: {
    allow: [
      { name: 'github.com/gin-gonic/gin', versions: '>=1.10.0 <2' },
      { name: 'github.com/gin-gonic/gin', versions: '~1.9.1' },
      { name: 'golang.org/x/*' },
      { name: 'github.com/spf13/cobra', versions: '>=1.8.0' },
    ],
    deny: [{ name: 'github.com/gin-gonic/gin', versions: '<1.9.1', reason: 'CVE-2023-29401' }],
  },
  npm: { allow: [{ name: '@types/*' }, { name: 'lodash', versions: '^4.17.21' }], deny: [{ name: 'left-pad', reason: 'unpublished once', replacement: 'String.prototype.padStart' }] },
  exceptions: [
    { ecosystem: 'go', name: 'github.com/gin-gonic/gin', versions: '1.8.2', reason: 'PLAT-9', expires: '2026-12-01' },
    { ecosystem: 'npm', name: 'lodash', reason: 'PLAT-10', expires: '2026-01-01' },
  ],
});

describe('evaluateDependency', () => {
  const go = (name: string, version: string) => evaluateDependency(policy, { ecosystem: 'go', name, version }, { now });
  const npm = (name: string, version: string) => evaluateDependency(policy, { ecosystem: 'npm', name, version }, { now });

  it('applies a live exception before deny', () => {
    expect(go('github.com/gin-gonic/gin', 'v1.8.2').status).toBe('excepted');
  });

  it('denies before allowing', () => {
    expect(go('github.com/gin-gonic/gin', 'v1.8.1')).toMatchObject({ status: 'denied', rule: { reason: 'CVE-2023-29401' } });
  });

  it('allows a version inside any allow range for the name', () => {
    expect(go('github.com/gin-gonic/gin', 'v1.9.1').status).toBe('allowed');
    expect(go('github.com/gin-gonic/gin', 'v1.12.0').status).toBe('allowed');
    expect(go('github.com/gin-gonic/gin', 'v1.10.1-0.20250101000000-abcdefabcdef').status).toBe('allowed');
  });

  it('names the allowed ranges and the nearest allowed version for a version outside them', () => {
    // A pseudo-version based on v1.7.x is a commit before v1.8.0.
    expect(go('github.com/spf13/cobra', 'v1.8.0-0.20231201000000-abcdefabcdef')).toMatchObject({
      status: 'not-allowed-version',
      allowedRanges: ['>=1.8.0'],
      nearestAllowed: 'v1.8.0',
    });
    const above = go('github.com/gin-gonic/gin', 'v2.0.0+incompatible');
    expect(above).toMatchObject({ status: 'not-allowed-version', allowedRanges: ['>=1.10.0 <2', '~1.9.1'] });
    expect(above).not.toHaveProperty('nearestAllowed');
  });

  it('ignores an expired exception', () => {
    expect(npm('lodash', '4.17.20')).toMatchObject({ status: 'not-allowed-version', nearestAllowed: '4.17.21' });
  });

  it('matches globs within one path segment, and npm scopes', () => {
    expect(go('golang.org/x/net', 'v0.30.0').status).toBe('allowed');
    expect(go('golang.org/x/net/v2', 'v2.0.0').status).toBe('unlisted');
    expect(npm('@types/node', '20.0.0').status).toBe('allowed');
    expect(npm('left-pad', '1.3.0')).toMatchObject({ status: 'denied', rule: { replacement: 'String.prototype.padStart' } });
  });

  it('never evaluates local code', () => {
    expect(evaluateDependency(policy, { ecosystem: 'go', name: 'github.com/dgrijalva/jwt-go', version: '', local: true }, { now }).status).toBe('local');
  });
});

describe('acceptsVersion (what may be recommended)', () => {
  it('accepts allowed versions and refuses denied, out-of-range and (with unlisted: deny) unlisted ones', () => {
    expect(acceptsVersion(policy, 'go', 'github.com/gin-gonic/gin', 'v1.10.0')).toBe(true);
    expect(acceptsVersion(policy, 'go', 'github.com/gin-gonic/gin', 'v1.9.0')).toBe(false);
    expect(acceptsVersion(policy, 'go', 'github.com/gin-gonic/gin', 'v2.0.0+incompatible')).toBe(false);
    expect(acceptsVersion(policy, 'go', 'github.com/other/lib', 'v1.0.0')).toBe(false);
  });

  it('does not let an exception recommend a version', () => {
    expect(acceptsVersion(policy, 'go', 'github.com/gin-gonic/gin', 'v1.8.2')).toBe(false);
  });

  it('accepts unlisted packages unless unlisted is deny', () => {
    const lenient = readDependencyPolicy({ unlisted: 'warn', go: { allow: [] } });
    expect(acceptsVersion(lenient, 'go', 'github.com/other/lib', 'v1.0.0')).toBe(true);
  });
});

describe('nameMatches', () => {
  it('compares plain names exactly and treats ** as crossing segments', () => {
    expect(nameMatches('github.com/gin-gonic/gin', 'github.com/gin-gonic/gin/v2')).toBe(false);
    expect(nameMatches('github.com/gin-gonic/**', 'github.com/gin-gonic/gin/v2')).toBe(true);
    expect(nameMatches('github.com/golang-jwt/jwt{,/v*}', 'github.com/golang-jwt/jwt/v5')).toBe(true);
    expect(nameMatches('gopkg.in/yaml.*', 'gopkg.in/yaml.v3')).toBe(true);
  });
});

describe('readDependencyPolicy', () => {
  it('applies the schema defaults', () => {
    expect(readDependencyPolicy({})).toEqual({ scope: 'direct', unlisted: 'allow', ignore: [], ecosystems: {}, exceptions: [] });
  });

  it('accepts YAML dates for expires and rejects impossible ones', () => {
    const parsed = readDependencyPolicy({ exceptions: [{ ecosystem: 'go', name: 'x', reason: 'r', expires: new Date('2027-01-31T00:00:00Z') }] });
    expect(parsed.exceptions[0]?.expires).toBe('2027-01-31');
    expect(() => readDependencyPolicy({ exceptions: [{ ecosystem: 'go', name: 'x', reason: 'r', expires: '2027-02-30' }] })).toThrow(/date/);
  });
});

describe('nextAcceptedVersion', () => {
  it('finds the lowest boundary above the current version that the whole policy accepts', () => {
    // v1.9.1 leaves the deny range and is inside `~1.9.1`.
    expect(nextAcceptedVersion(policy, { ecosystem: 'go', name: 'github.com/gin-gonic/gin', version: 'v1.8.1' })).toBe('v1.9.1');
    expect(nextAcceptedVersion(policy, { ecosystem: 'npm', name: 'lodash', version: '4.17.0' })).toBe('4.17.21');
  });

  it('uses the end of a deny range when nothing is allowed explicitly', () => {
    const onlyDeny = readDependencyPolicy({ go: { deny: [{ name: 'gopkg.in/yaml.v2', versions: '<2.2.8' }] } });
    expect(nextAcceptedVersion(onlyDeny, { ecosystem: 'go', name: 'gopkg.in/yaml.v2', version: 'v2.2.2' })).toBe('v2.2.8');
  });

  it('names the release a partial deny range ends at (`<4` → v4.0.0), not the prerelease semver spells it with', () => {
    const partial = readDependencyPolicy({ go: { deny: [{ name: 'github.com/golang-jwt/jwt', versions: '<4' }] }, npm: { deny: [{ name: 'request', versions: '<2.88' }] } });
    expect(nextAcceptedVersion(partial, { ecosystem: 'go', name: 'github.com/golang-jwt/jwt', version: 'v3.2.2+incompatible' })).toBe('v4.0.0');
    expect(nextAcceptedVersion(partial, { ecosystem: 'npm', name: 'request', version: '2.80.0' })).toBe('2.88.0');
  });
});
