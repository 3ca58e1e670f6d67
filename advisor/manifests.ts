/**
 * Finds the manifests of a commit and parses the ones a pull request touched.
 *
 * A manifest "group" is a manifest with its lockfile and the further manifests
 * the lockfile covers (npm workspaces). Groups whose files have the same blob
 * ids at base and head cannot contribute a change and are not parsed at all.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { isSkippedDirectory } from '../policies/ecosystems/index.js';
import type { Ecosystem, ParsedManifest, SourceFile } from '../policies/ecosystems/types.js';
import { isInputError, type InputError } from '../policies/model/errors.js';
import type { GitRepository } from './git.js';
import { compareText } from '../policies/model/text-order.js';

/**
 * Manifests in folders `goldenpath check` never searches (installed packages,
 * vendored code, testdata, dot- and underscore-folders) are not the project's own.
 */
function inSkippedFolder(file: string): boolean {
  return file.split('/').slice(0, -1).some((segment) => isSkippedDirectory(segment));
}

/** One manifest with the files that complete it, at one commit. */
export interface ManifestGroup {
  ecosystem: Ecosystem;
  manifest: string;
  lockfile?: string;
  related: string[];
}

/** The files of a group, for change detection and for materialising a scan directory. */
export function groupFiles(group: ManifestGroup): string[] {
  return [group.manifest, ...(group.lockfile ? [group.lockfile] : []), ...group.related];
}

/** Lists the manifest groups at a commit, sorted by manifest path. */
export async function findManifestGroups(
  git: GitRepository,
  commit: string,
  files: Map<string, string>,
  ecosystems: readonly Ecosystem[],
): Promise<ManifestGroup[]> {
  const groups: ManifestGroup[] = [];
  for (const ecosystem of ecosystems) {
    const isManifest = picomatch(ecosystem.manifestPatterns, { dot: true });
    const manifests = [...files.keys()].filter((f) => isManifest(f) && !inSkippedFolder(f)).sort();
    const covered = new Set<string>();
    const candidates: ManifestGroup[] = [];
    for (const manifest of manifests) {
      const dir = path.posix.dirname(manifest);
      const lockfile = ecosystem.lockfileNames.map((n) => (dir === '.' ? n : `${dir}/${n}`)).find((p) => files.has(p));
      let related: string[] = [];
      if (lockfile && ecosystem.relatedManifests) {
        const manifestText = (await git.readFile(commit, manifest)) ?? '';
        const lockText = (await git.readFile(commit, lockfile)) ?? '';
        related = ecosystem
          .relatedManifests({ path: manifest, text: manifestText }, { path: lockfile, text: lockText })
          .filter((p) => files.has(p));
        for (const r of related) covered.add(r);
      }
      candidates.push({ ecosystem, manifest, ...(lockfile ? { lockfile } : {}), related });
    }
    // Workspace members are parsed through their lockfile's root manifest, never on their own.
    groups.push(...candidates.filter((g) => !covered.has(g.manifest)));
  }
  return groups.sort((a, b) => compareText(a.manifest, b.manifest) || compareText(a.ecosystem.id, b.ecosystem.id));
}

/** Whether any file of the group differs between the two listings (added, removed or edited). */
export function groupChanged(group: ManifestGroup, base: Map<string, string>, head: Map<string, string>): boolean {
  return groupFiles(group).some((f) => base.get(f) !== head.get(f));
}

/** Result of parsing one group at one commit: its dependencies, or why it could not be read. */
export type ParseOutcome = { ok: true; parsed: ParsedManifest } | { ok: false; error: InputError };

async function read(git: GitRepository, commit: string, file: string): Promise<SourceFile | undefined> {
  const text = await git.readFile(commit, file);
  return text === undefined ? undefined : { path: file, text };
}

/**
 * Parses a group at a commit. A parse error does not abort the run: the
 * advisor reports what it could read and names what it could not, and the
 * caller fails the run (exit 2) after the comment is written.
 */
export async function parseGroup(git: GitRepository, commit: string, group: ManifestGroup): Promise<ParseOutcome> {
  const manifest = await read(git, commit, group.manifest);
  if (!manifest) return { ok: true, parsed: { ecosystem: group.ecosystem.id, manifest: group.manifest, dependencies: [] } };
  const lockfile = group.lockfile ? await read(git, commit, group.lockfile) : undefined;
  const related: SourceFile[] = [];
  for (const r of group.related) {
    const file = await read(git, commit, r);
    if (file) related.push(file);
  }
  try {
    return { ok: true, parsed: group.ecosystem.parse(manifest, lockfile, related) };
  } catch (error) {
    if (!isInputError(error)) throw error;
    return { ok: false, error };
  }
}
