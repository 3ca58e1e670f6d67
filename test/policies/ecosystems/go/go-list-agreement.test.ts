/**
 * Agreement with the go command on real modules: small modules importing
 * gin and golang.org/x/net (one with replacements, one local) are tidied with
 * the machine's Go (through the module proxy), then our dependencies are
 * compared with `go list -m -json all`, `go list -deps all` and
 * `go mod edit -json`.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGoModManifest } from '../../../../policies/ecosystems/go/index.js';
import type { Dependency } from '../../../../policies/ecosystems/types.js';
import { repoRoot, run } from '../support.js';

interface GoListModule {
  Path: string;
  Version?: string;
  Main?: boolean;
  Indirect?: boolean;
  Replace?: { Path: string; Version?: string };
}

const workspace = mkdtempSync(path.join(tmpdir(), 'goldenpath-golist-'));
afterAll(() => { rmSync(workspace, { recursive: true, force: true }); });

const modules: Record<string, Record<string, string>> = {
  'gin-and-net': {
    'go.mod': 'module example.com/ginandnet\n\ngo 1.24\n',
    'main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/gin-gonic/gin"\n\t"golang.org/x/net/html"\n)\n\nfunc main() { fmt.Println(gin.Version, html.ElementNode) }\n',
  },
  'with-replacements': {
    'go.mod': [
      'module example.com/replaced',
      '',
      'go 1.24',
      '',
      'require example.com/localdep v0.0.0',
      '',
      '// An older x/net than gin wants, pinned by replacement.',
      'replace golang.org/x/net => golang.org/x/net v0.58.0',
      '',
      'replace example.com/localdep => ./localdep',
      '',
    ].join('\n'),
    'main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/localdep"\n\t"github.com/gin-gonic/gin"\n\t"golang.org/x/net/html"\n)\n\nfunc main() { fmt.Println(gin.Version, html.ElementNode, localdep.Name) }\n',
    'localdep/go.mod': 'module example.com/localdep\n\ngo 1.24\n',
    'localdep/localdep.go': 'package localdep\n\n// Name identifies the package.\nconst Name = "localdep"\n',
  },
};

function goJsonStream<T>(text: string): T[] {
  // `go list -json` prints concatenated objects; split at top-level closing braces.
  return text
    .split(/\n}\n/)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(chunk.trim().endsWith('}') ? chunk : `${chunk}\n}`) as T);
}

function key(name: string, version: string): string {
  return `${name}@${version}`;
}

describe.each(Object.keys(modules))('module %s agrees with the go command', (name) => {
  const dir = path.join(workspace, name);
  mkdirSync(path.join(dir, 'localdep'), { recursive: true });
  for (const [file, text] of Object.entries(modules[name] ?? {})) writeFileSync(path.join(dir, file), text);
  const tidy = run('go', ['mod', 'tidy'], dir, { GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' });

  const parse = (): Dependency[] => parseGoModManifest({ path: 'go.mod', text: readFileSync(path.join(dir, 'go.mod'), 'utf8') }).dependencies;

  it('tidies with the real toolchain', () => {
    expect(tidy.stderr).not.toMatch(/error|cannot/i);
    expect(tidy.status).toBe(0);
  });

  it('lists every dependency exactly as `go list -m -json all` resolves it (replacement applied, same indirect flag)', () => {
    const listed = goJsonStream<GoListModule>(run('go', ['list', '-m', '-json', 'all'], dir).stdout).filter((m) => !m.Main);
    const byPath = new Map(listed.map((m) => [m.Path, m]));
    const ours = parse();
    expect(ours.length).toBeGreaterThan(20);
    for (const dep of ours) {
      const original = dep.replaces?.name ?? dep.name;
      const module = byPath.get(original);
      expect(module, original).toBeDefined();
      const resolved = module?.Replace ?? module;
      const resolvedName = module?.Replace && module.Replace.Path.startsWith('.') ? module.Path : resolved?.Path;
      expect(key(dep.name, dep.version)).toBe(key(resolvedName ?? '', resolved?.Version ?? ''));
      expect(dep.direct).toBe(module?.Indirect !== true);
      expect(dep.local ?? false).toBe(Boolean(module?.Replace?.Path.startsWith('.')));
    }
  });

  it('covers every module that provides a package to the build (`go list -deps all`)', () => {
    const providing = run('go', ['list', '-deps', '-f', '{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}', 'all'], dir)
      .stdout.split('\n')
      .filter(Boolean);
    const ours = new Set(parse().map((dep) => dep.replaces?.name ?? dep.name));
    expect(providing.length).toBeGreaterThan(10);
    for (const module of new Set(providing)) expect(ours.has(module), module).toBe(true);
  });

  it('reads the same requires as `go mod edit -json`', () => {
    const edit = JSON.parse(run('go', ['mod', 'edit', '-json'], dir).stdout) as { Require: { Path: string; Version: string; Indirect?: boolean }[] };
    const ours = parse().map((dep) => ({ Path: dep.replaces?.name ?? dep.name, Version: dep.replaces?.version ?? dep.version, direct: dep.direct }));
    expect(ours).toEqual(edit.Require.map((r) => ({ Path: r.Path, Version: r.Version, direct: r.Indirect !== true })));
  });
});

describe('excluded versions agree with the go command', () => {
  // The go command names each requirement it ignores before it needs the network, so GOPROXY=off is enough.
  const fixture = path.join(repoRoot, 'test', 'fixtures', 'deps', 'go-exclude');

  it('marks exactly the requirements `go list -m all` says it ignores', () => {
    const listed = run('go', ['list', '-m', 'all'], fixture, { GOPROXY: 'off', GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', GOWORK: 'off' });
    const ignored = [...listed.stderr.matchAll(/ignoring requirement on excluded version (\S+) (\S+)/g)].map((m) => key(m[1] ?? '', m[2] ?? '')).sort();
    expect(ignored).toEqual(['github.com/gin-gonic/gin@v1.9.0', 'golang.org/x/text@v0.14.0']);
    const ours = parseGoModManifest({ path: 'go.mod', text: readFileSync(path.join(fixture, 'go.mod'), 'utf8') })
      .dependencies.filter((dep) => dep.excludedBy !== undefined)
      .map((dep) => key(dep.name, dep.version))
      .sort();
    expect(ours).toEqual(ignored);
  });
});

describe('go and toolchain directives agree with `go mod edit -json`', () => {
  it.each(['go.mod', 'legacy/go.mod'])('%s: the go line, and the toolchain line or (without one) the go line Go falls back to', (manifest) => {
    const dir = path.join(repoRoot, 'test', 'fixtures', 'deps', 'go-toolchain', path.dirname(manifest));
    const edit = JSON.parse(run('go', ['mod', 'edit', '-json'], dir, { GOTOOLCHAIN: 'local', GOWORK: 'off' }).stdout) as { Go?: string; Toolchain?: string };
    const directives = parseGoModManifest({ path: manifest, text: readFileSync(path.join(dir, 'go.mod'), 'utf8') }).toolchain ?? [];
    const toSemver = (release: string | undefined) => (release === undefined ? undefined : `v${release}${/^\d+\.\d+$/.test(release) ? '.0' : ''}`);
    expect(directives.map((d) => [d.name, d.version])).toEqual([
      ['go', toSemver(edit.Go)],
      ['golang.org/toolchain', toSemver((edit.Toolchain ?? `go${edit.Go ?? ''}`).replace(/^go/, ''))],
    ]);
  });
});
