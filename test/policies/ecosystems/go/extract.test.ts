import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { goReleaseVersion, parseGoMod, parseGoModManifest } from '../../../../policies/ecosystems/go/index.js';
import { InputError } from '../../../../policies/model/errors.js';
import { fixtures } from '../support.js';

const everything = { path: 'services/api/go.mod', text: readFileSync(path.join(fixtures, 'go', 'synthetic', 'everything.mod'), 'utf8') };

describe('go.mod dependencies', () => {
  const deps = parseGoModManifest(everything).dependencies;
  const byRequired = (name: string) => deps.find((d) => (d.replaces?.name ?? d.name) === name);

  it('points each dependency at its require line and module path column', () => {
    expect(byRequired('github.com/gin-gonic/gin')?.location).toEqual({ file: 'services/api/go.mod', line: 15, column: 9 });
    expect(byRequired('golang.org/x/net')?.location).toEqual({ file: 'services/api/go.mod', line: 20, column: 2 });
  });

  it('marks `// indirect` requires (also with a trailing explanation) as not direct', () => {
    expect(byRequired('golang.org/x/net')?.direct).toBe(false);
    expect(byRequired('golang.org/x/text')?.direct).toBe(false);
    expect(byRequired('github.com/gin-gonic/gin')?.direct).toBe(true);
  });

  it('evaluates the replacement: path-wide and version-specific, with what it replaced', () => {
    expect(byRequired('github.com/foo/bar')).toMatchObject({ name: 'github.com/fork/bar', version: 'v1.2.4', replaces: { name: 'github.com/foo/bar', version: 'v1.2.3' } });
    expect(byRequired('github.com/foo/baz')).toMatchObject({ name: 'github.com/fork/baz', version: 'v0.4.1-0.20240102030405-0123456789ab' });
    expect(byRequired('golang.org/x/sync')).toMatchObject({ name: 'golang.org/x/sync', version: 'v0.8.0' });
  });

  it('says where the replace that chose the module is (the line to edit), for path-wide and version-specific replaces', () => {
    expect(byRequired('github.com/foo/bar')?.replaces?.location).toEqual({ file: 'services/api/go.mod', line: 41, column: 9 });
    expect(byRequired('github.com/foo/baz')?.replaces?.location).toEqual({ file: 'services/api/go.mod', line: 44, column: 2 });
    expect(byRequired('github.com/foo/local')?.replaces?.location).toEqual({ file: 'services/api/go.mod', line: 45, column: 2 });
    expect(byRequired('github.com/gin-gonic/gin')?.replaces).toBeUndefined();
  });

  it('leaves requires alone when an exclude names a different version', () => {
    // gin v1.10.0 is required, v1.9.0 excluded; x/net's excludes name other versions too.
    expect(deps.filter((d) => d.excludedBy !== undefined)).toEqual([]);
  });

  it('marks a require of an excluded version with the exclude line, as go ignores such a requirement', () => {
    const text = [
      'module example.com/m',
      '',
      'go 1.22',
      '',
      'require (',
      '\tgithub.com/gin-gonic/gin v1.9.0',
      '\tgolang.org/x/net v0.25.0',
      ')',
      '',
      'exclude (',
      '\tgolang.org/x/net v0.24.0',
      '\tgithub.com/gin-gonic/gin v1.9.0',
      ')',
      '',
    ].join('\n');
    const parsed = parseGoModManifest({ path: 'go.mod', text }).dependencies;
    expect(parsed.find((d) => d.name === 'github.com/gin-gonic/gin')).toMatchObject({
      version: 'v1.9.0',
      location: { file: 'go.mod', line: 6, column: 2 },
      excludedBy: { file: 'go.mod', line: 12, column: 2 },
    });
    expect(parsed.find((d) => d.name === 'golang.org/x/net')?.excludedBy).toBeUndefined();
  });

  it('exposes the go and toolchain directives apart from the modules, named go and golang.org/toolchain', () => {
    expect(parseGoModManifest(everything).toolchain).toEqual([
      { ecosystem: 'go', name: 'go', version: 'v1.23.0', direct: true, manifest: 'services/api/go.mod', location: { file: 'services/api/go.mod', line: 4, column: 1 } },
      { ecosystem: 'go', name: 'golang.org/toolchain', version: 'v1.24.2', direct: true, manifest: 'services/api/go.mod', location: { file: 'services/api/go.mod', line: 6, column: 1 } },
    ]);
    expect(deps.some((d) => d.name === 'go' || d.name === 'golang.org/toolchain')).toBe(false);
  });

  it('orders Go releases as Go does: language version, then release candidates, then the release', () => {
    expect(['1.22', '1.21.3', '1.23rc1', '1.23rc10', 'go1.2', '1'].map(goReleaseVersion)).toEqual(['v1.22.0', 'v1.21.3', 'v1.23.0-rc.1', 'v1.23.0-rc.10', null, null]);
    const toolchainOf = (text: string) => parseGoModManifest({ path: 'go.mod', text: `module m\n\n${text}\n` }).toolchain?.map((d) => `${d.name}@${d.version}`);
    expect(toolchainOf('go 1.22\ntoolchain default')).toEqual(['go@v1.22.0']);
    expect(toolchainOf('go 1.22\ntoolchain go1.22.3-bigcorp')).toEqual(['go@v1.22.0', 'golang.org/toolchain@v1.22.3']);
    expect(toolchainOf('')).toEqual([]);
  });

  it('keeps the module path of a directory replacement, with an empty version, marked local', () => {
    expect(byRequired('github.com/foo/local')).toMatchObject({ name: 'github.com/foo/local', version: '', local: true });
  });

  it('ignores a version-specific replace that does not match the required version', () => {
    // `github.com/foo/parent v1.0.0 => ../parent` matches no require.
    expect(deps.some((d) => d.name === 'github.com/foo/parent')).toBe(false);
  });

  it('canonicalises versions as go does (v1.2 → v1.2.0) and keeps +incompatible and major suffixes', () => {
    expect(byRequired('github.com/foo/shorthand')?.version).toBe('v1.2.0');
    expect(byRequired('github.com/docker/docker')?.version).toBe('v24.0.7+incompatible');
    expect(byRequired('github.com/go-chi/chi/v5')?.version).toBe('v5.0.12');
    expect(byRequired('gopkg.in/yaml.v3')?.version).toBe('v3.0.1');
  });

  it('reads retractions, exclusions and the deprecation notice', () => {
    const file = parseGoMod(everything.text, everything.path);
    expect(file.module).toMatchObject({ path: 'example.com/service', deprecated: 'use example.com/service/v2 instead.' });
    expect(file.retract.map((r) => [r.low, r.high, r.rationale])).toEqual([
      ['v1.0.1', 'v1.0.1', 'Published with a broken build.'],
      ['v1.1.0', 'v1.1.9', 'race in the cache'],
      ['v0.9.0', 'v0.9.0', 'Accidentally tagged.'],
      ['v1.0.0-rc.1', 'v1.0.0-rc.1', ''],
    ]);
    expect(file.exclude).toHaveLength(3);
    expect(file.toolchain?.name).toBe('go1.24.2');
  });

  it('reports CRLF files at the right lines', () => {
    const crlf = readFileSync(path.join(fixtures, 'go', 'synthetic', 'crlf.mod'), 'utf8');
    expect(parseGoModManifest({ path: 'go.mod', text: crlf }).dependencies.map((d) => [d.name, d.location.line, d.direct])).toEqual([
      ['github.com/a/b', 6, false],
      ['github.com/c/d/v3', 7, true],
    ]);
  });

  it('rejects a go.mod without a module directive, with a fix', () => {
    expect(() => parseGoModManifest({ path: 'go.mod', text: 'go 1.22\n' })).toThrow(InputError);
    try {
      parseGoModManifest({ path: 'go.mod', text: 'go 1.22\n' });
    } catch (error) {
      expect((error as InputError).fix).toMatch(/module/);
    }
  });

  it('names file, line and column for a syntax error', () => {
    try {
      parseGoMod('module m\n\nrequire (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d/v2 v1.0.0\n)\n', 'svc/go.mod');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).format()).toMatch(/^svc\/go\.mod:5:2: .*should be v2, not v1/);
    }
  });
});

describe('conflicting replacements', () => {
  it('are an input error, as `go list` reports them', () => {
    const text = 'module m\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\n\nreplace github.com/a/b => github.com/c/b v1.0.0\nreplace github.com/a/b => github.com/d/b v1.0.0\n';
    expect(() => parseGoModManifest({ path: 'go.mod', text })).toThrow(/conflicting replacements for github.com\/a\/b/);
  });
});
