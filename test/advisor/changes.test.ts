import { describe, expect, it } from 'vitest';
import { diffDependencies, goModuleStem } from '../../advisor/changes.js';
import { ecosystems } from '../../policies/ecosystems/index.js';

const go = ecosystems.go;

function goMod(requires: string): string {
  return `module example.com/m\n\ngo 1.25.0\n\nrequire (\n${requires}\n)\n`;
}

function diffGo(before: string, after: string) {
  const base = go.parse({ path: 'go.mod', text: goMod(before) }, undefined).dependencies;
  const head = go.parse({ path: 'go.mod', text: goMod(after) }, undefined).dependencies;
  return diffDependencies(go, 'go.mod', base, head).map(({ name, previousName, kind, from, to, direct, semver }) => ({
    name,
    ...(previousName ? { previousName } : {}),
    kind,
    from,
    to,
    direct,
    semver,
  }));
}

describe('dependency changes', () => {
  it('classifies upgrades, downgrades, additions and removals', () => {
    const changes = diffGo(
      '\tgithub.com/a/up v1.2.3\n\tgithub.com/b/down v1.5.0\n\tgithub.com/c/gone v0.1.0\n\tgithub.com/d/same v1.0.0\n\tgolang.org/x/net v0.7.0 // indirect',
      '\tgithub.com/a/up v2.0.0+incompatible\n\tgithub.com/b/down v1.4.9\n\tgithub.com/d/same v1.0.0\n\tgithub.com/e/new v0.3.0\n\tgolang.org/x/net v0.7.1-0.20240101000000-abcdefabcdef // indirect',
    );
    expect(changes).toEqual([
      { name: 'github.com/a/up', kind: 'upgraded', from: 'v1.2.3', to: 'v2.0.0+incompatible', direct: true, semver: 'major' },
      { name: 'github.com/b/down', kind: 'downgraded', from: 'v1.5.0', to: 'v1.4.9', direct: true, semver: 'minor' },
      { name: 'github.com/c/gone', kind: 'removed', from: 'v0.1.0', to: undefined, direct: true, semver: undefined },
      { name: 'github.com/e/new', kind: 'added', from: undefined, to: 'v0.3.0', direct: true, semver: undefined },
      // A pseudo-version compares by its base (v0.7.0), so this is a patch-level move.
      { name: 'golang.org/x/net', kind: 'upgraded', from: 'v0.7.0', to: 'v0.7.1-0.20240101000000-abcdefabcdef', direct: false, semver: expect.stringMatching(/patch|prerelease/) },
    ]);
  });

  it('pairs a module moving to a new major path as one major change', () => {
    expect(diffGo('\tgithub.com/labstack/echo/v4 v4.13.3', '\tgithub.com/labstack/echo/v5 v5.0.0')).toEqual([
      { name: 'github.com/labstack/echo/v5', previousName: 'github.com/labstack/echo/v4', kind: 'upgraded', from: 'v4.13.3', to: 'v5.0.0', direct: true, semver: 'major' },
    ]);
    expect(diffGo('\texample.com/lib v1.9.0', '\texample.com/lib/v2 v2.1.0')).toEqual([
      { name: 'example.com/lib/v2', previousName: 'example.com/lib', kind: 'upgraded', from: 'v1.9.0', to: 'v2.1.0', direct: true, semver: 'major' },
    ]);
    expect(diffGo('\tgopkg.in/yaml.v2 v2.4.0', '\tgopkg.in/yaml.v3 v3.0.1')[0]).toMatchObject({ previousName: 'gopkg.in/yaml.v2', semver: 'major' });
  });

  it('knows module stems', () => {
    expect(goModuleStem('github.com/labstack/echo/v5')).toBe('github.com/labstack/echo');
    expect(goModuleStem('gopkg.in/yaml.v3')).toBe('gopkg.in/yaml');
    expect(goModuleStem('github.com/gin-gonic/gin')).toBe('github.com/gin-gonic/gin');
  });

  it('pairs several npm versions of one package lowest with lowest', () => {
    const npm = ecosystems.npm;
    const dep = (version: string, line: number) => ({ ecosystem: 'npm' as const, name: 'ms', version, direct: false, manifest: 'package.json', location: { file: 'package-lock.json', line } });
    const changes = diffDependencies(npm, 'package.json', [dep('2.0.0', 1), dep('2.1.1', 2)], [dep('2.1.3', 1), dep('2.0.0', 2), dep('3.0.0', 3)]);
    expect(changes.map((c) => [c.kind, c.from, c.to, c.semver])).toEqual([
      ['upgraded', '2.1.1', '2.1.3', 'patch'],
      ['added', undefined, '3.0.0', undefined],
    ]);
  });
});
