/**
 * Agreement with npm itself: the packages we read from a lockfile are the
 * packages `npm ls --all --json --package-lock-only` reports, for the shared
 * vulnerable fixture (copied, read-only source) and a workspace fixture.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNpmManifest } from '../../../../policies/ecosystems/npm/index.js';
import type { ParsedManifest } from '../../../../policies/ecosystems/types.js';
import { osvDb } from '../../../support/paths.js';
import { fixtures, run } from '../support.js';

interface LsNode {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, LsNode>;
}

const workspace = mkdtempSync(path.join(tmpdir(), 'goldenpath-npmls-'));
afterAll(() => { rmSync(workspace, { recursive: true, force: true }); });

const projects: Record<string, { source: string; members: string[] }> = {
  'npm-vulnerable (shared OSV fixture)': { source: path.join(osvDb, 'fixtures', 'npm-vulnerable'), members: [] },
  'workspace with aliases, nesting and links': { source: path.join(fixtures, 'npm', 'workspace'), members: ['packages/api', 'packages/web', 'local-lib'] },
};

function npmLs(dir: string, all: boolean): LsNode {
  const result = run('npm', ['ls', ...(all ? ['--all'] : []), '--json', '--package-lock-only'], dir);
  return JSON.parse(result.stdout) as LsNode;
}

// Names npm links to folders (workspace members, file: dependencies); deduped mentions deeper down carry no `resolved`.
function linkNames(root: LsNode): Set<string> {
  return new Set(Object.entries(root.dependencies ?? {}).filter(([, child]) => child.resolved?.startsWith('file:')).map(([name]) => name));
}

// Every installed (name-as-installed, version) pair in an `npm ls` tree, links left out.
function lsPairs(node: LsNode, links: Set<string>, into = new Set<string>()): Set<string> {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (!links.has(name) && child.version) into.add(`${name}@${child.version}`);
    lsPairs(child, links, into);
  }
  return into;
}

function parse(dir: string, members: string[]): ParsedManifest {
  const read = (file: string): { path: string; text: string } => ({ path: file, text: readFileSync(path.join(dir, file), 'utf8') });
  return parseNpmManifest(read('package.json'), read('package-lock.json'), members.map((m) => read(`${m}/package.json`)));
}

describe.each(Object.keys(projects))('%s', (name) => {
  const project = projects[name];
  if (!project) throw new Error(name);
  const dir = path.join(workspace, name.replace(/\W+/g, '-'));
  cpSync(project.source, dir, { recursive: true });

  it('has the same packages as `npm ls --all --json --package-lock-only`', () => {
    const ours = parse(dir, project.members).dependencies.filter((d) => !d.local);
    const tree = npmLs(dir, true);
    const fromNpm = lsPairs(tree, linkNames(tree));
    const fromUs = new Set(ours.map((d) => `${d.alias ?? d.name}@${d.version}`));
    expect(fromNpm.size).toBeGreaterThan(3);
    expect([...fromUs].sort()).toEqual([...fromNpm].sort());
  });

  it('marks as direct exactly what the root and the workspace members declare (`npm ls --package-lock-only`)', () => {
    const top = npmLs(dir, false);
    const links = linkNames(top);
    const expected = new Set<string>();
    for (const [depName, child] of Object.entries(top.dependencies ?? {})) {
      if (child.resolved?.startsWith('file:')) {
        // A workspace member: its own declarations are direct too.
        for (const [memberDep, grandchild] of Object.entries(child.dependencies ?? {})) {
          if (!links.has(memberDep) && grandchild.version) expected.add(`${memberDep}@${grandchild.version}`);
        }
        continue;
      }
      if (child.version) expected.add(`${depName}@${child.version}`);
    }
    const direct = parse(dir, project.members).dependencies.filter((d) => d.direct && !d.local);
    expect([...new Set(direct.map((d) => `${d.alias ?? d.name}@${d.version}`))].sort()).toEqual([...expected].sort());
  });
});
