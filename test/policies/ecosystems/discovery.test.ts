import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SkippedManifest } from '../../../policies/ecosystems/index.js';
import { discoverManifests, ecosystemIds, ecosystems, isSkippedDirectory, isSkippedDirectoryFor, loadManifests } from '../../../policies/ecosystems/index.js';
import { fixtures } from './support.js';

const depsFixtures = path.join(fixtures, '..', 'deps');

describe('ecosystem registry', () => {
  it('lists every ecosystem once, sorted, each with versioning and manifest patterns', () => {
    expect(ecosystemIds).toEqual(['go', 'npm']);
    for (const id of ecosystemIds) {
      expect(ecosystems[id].id).toBe(id);
      expect(ecosystems[id].manifestPatterns.length).toBeGreaterThan(0);
      expect(ecosystems[id].versioning.isValid('not a version')).toBe(false);
    }
  });
});

describe('discoverManifests', () => {
  it('finds nested modules and skips vendor, testdata, node_modules, dot and underscore folders', async () => {
    const found = await discoverManifests(path.join(depsFixtures, 'go-repo'));
    expect(found).toEqual([
      { ecosystem: 'go', manifest: 'go.mod' },
      { ecosystem: 'go', manifest: 'services/api/go.mod' },
      { ecosystem: 'go', manifest: 'shared/go.mod' },
    ]);
  });

  it('finds npm manifests in dot-folders such as .github/actions (where JavaScript actions live), which Go skips', async () => {
    const found = await discoverManifests(path.join(depsFixtures, 'js-action'));
    expect(found).toEqual([{ ecosystem: 'npm', manifest: '.github/actions/greet/package.json', lockfile: '.github/actions/greet/package-lock.json' }]);
  });

  it('names the go.mod files the Go folder rule left out, when another ecosystem walks those folders', async () => {
    const skipped: SkippedManifest[] = [];
    const found = await discoverManifests(path.join(depsFixtures, 'go-repo'), { onSkipped: (item) => skipped.push(item) });
    expect(found.map((c) => c.manifest)).toEqual(['go.mod', 'services/api/go.mod', 'shared/go.mod']);
    expect(skipped).toEqual([
      { ecosystem: 'go', manifest: '.cache/go.mod', folder: '.cache' },
      { ecosystem: 'go', manifest: '_examples/demo/go.mod', folder: '_examples' },
    ]);
  });

  it('does not report manifests left out by ignore globs as skipped', async () => {
    const skipped: SkippedManifest[] = [];
    await discoverManifests(path.join(depsFixtures, 'go-repo'), { ignore: ['_examples/**'], onSkipped: (item) => skipped.push(item) });
    expect(skipped.map((s) => s.manifest)).toEqual(['.cache/go.mod']);
  });

  it('keeps the folder rules per ecosystem, and the ecosystem-less rule as it was (Go\'s, plus node_modules)', () => {
    for (const name of ['.git', 'node_modules', 'vendor', 'testdata']) {
      expect(isSkippedDirectoryFor('go', name)).toBe(true);
      expect(isSkippedDirectoryFor('npm', name)).toBe(true);
    }
    for (const name of ['.github', '_examples']) {
      expect(isSkippedDirectoryFor('go', name)).toBe(true);
      expect(isSkippedDirectoryFor('npm', name)).toBe(false);
    }
    expect(['.github', '_examples', 'vendor', 'testdata', 'node_modules'].every(isSkippedDirectory)).toBe(true);
    expect(['src', 'services', 'packages'].some(isSkippedDirectory)).toBe(false);
  });

  it('pairs package.json with the lockfile beside it and honours ignore globs', async () => {
    const found = await discoverManifests(path.join(depsFixtures, 'npm-workspace'), { ecosystems: ['npm'], ignore: ['local-lib/**'] });
    expect(found).toEqual([
      { ecosystem: 'npm', manifest: 'package.json', lockfile: 'package-lock.json' },
      { ecosystem: 'npm', manifest: 'packages/api/package.json' },
      { ecosystem: 'npm', manifest: 'packages/web/package.json' },
    ]);
  });
});

describe('loadManifests', () => {
  it('parses workspace members with their root lockfile, not on their own', async () => {
    const manifests = await loadManifests(path.join(depsFixtures, 'npm-workspace'));
    expect(manifests.map((m) => m.manifest)).toEqual(['package.json']);
    expect(new Set(manifests[0]?.dependencies.map((d) => d.manifest))).toEqual(new Set(['package.json', 'packages/api/package.json', 'packages/web/package.json']));
  });
});

describe('ecosystem contract', () => {
  const samples: Record<string, { manifest: { path: string; text: string }; lockfile?: { path: string; text: string } }> = {
    go: { manifest: { path: 'svc/go.mod', text: 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/a/b v1.2.3 // indirect\n' } },
    npm: {
      manifest: { path: 'web/package.json', text: '{\n  "dependencies": {\n    "a": "^1.0.0"\n  }\n}\n' },
      lockfile: { path: 'web/package-lock.json', text: JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '^1.0.0' } }, 'node_modules/a': { version: '1.2.3' } } }, null, 2) },
    },
  };

  it.each(ecosystemIds)('%s parses into dependencies of its own ecosystem, located in the repository, with valid versions', (id) => {
    const sample = samples[id];
    if (!sample) throw new Error(`no sample for ${id}`);
    const parsed = ecosystems[id].parse(sample.manifest, sample.lockfile);
    expect(parsed.ecosystem).toBe(id);
    expect(parsed.manifest).toBe(sample.manifest.path);
    expect(parsed.dependencies.length).toBeGreaterThan(0);
    for (const dep of parsed.dependencies) {
      expect(dep.ecosystem).toBe(id);
      expect([sample.manifest.path, sample.lockfile?.path]).toContain(dep.location.file);
      expect(dep.location.line).toBeGreaterThan(0);
      expect(ecosystems[id].versioning.isValid(dep.version)).toBe(true);
      expect(ecosystems[id].versioning.satisfies(dep.version, '>=1.2.3 <2')).toBe(true);
    }
  });
});
