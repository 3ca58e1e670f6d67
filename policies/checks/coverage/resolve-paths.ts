import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FileCoverage, FormatId } from '../../coverage-formats/types.js';
import { goPathToRepository, indexModules, type GoModule, type ModuleIndex } from './go-modules.js';

/**
 * Turns the paths reports use into repository-relative paths, so reports from
 * different tools name the same file the same way and globs can match them.
 *
 * - Go import paths lose their module prefix (the longest module whose path
 *   prefixes them) and gain the module's directory.
 * - Absolute paths inside the repository become relative.
 * - Other relative paths are tried against the repository root, then against
 *   the report's directory and each parent up to the root (a web app's
 *   `web/coverage/lcov.info` names `src/a.ts`, meaning `web/src/a.ts`), then
 *   the format's other candidates; the first that exists wins.
 * - Anything else is kept as written (it still counts towards the total).
 */
export class PathResolver {
  private readonly exists = new Map<string, boolean>();
  private readonly goModules: ModuleIndex;

  constructor(
    private readonly root: string,
    goModules: readonly GoModule[],
  ) {
    this.goModules = indexModules(goModules);
  }

  resolve(file: FileCoverage, format: FormatId, reportPath: string): string {
    const written = file.path.replace(/\\/g, '/');
    if (format === 'go') {
      const mapped = goPathToRepository(written, this.goModules);
      if (mapped !== undefined) return mapped;
    }
    const spellings = [written, ...(file.candidates ?? []).map((candidate) => candidate.replace(/\\/g, '/'))];
    for (const spelling of spellings) {
      const found = this.find(spelling, reportPath);
      if (found !== undefined) return found;
    }
    return this.inside(written) ?? path.posix.normalize(written).replace(/^\.\//, '');
  }

  private find(spelling: string, reportPath: string): string | undefined {
    if (path.posix.isAbsolute(spelling)) {
      const relative = this.inside(spelling);
      return relative !== undefined && this.fileExists(relative) ? relative : undefined;
    }
    const clean = path.posix.normalize(spelling);
    if (clean.startsWith('../')) return undefined;
    if (this.fileExists(clean)) return clean;
    for (let dir = path.posix.dirname(reportPath); dir !== '.' && dir !== '/' && dir !== ''; dir = path.posix.dirname(dir)) {
      const candidate = path.posix.join(dir, clean);
      if (this.fileExists(candidate)) return candidate;
    }
    return undefined;
  }

  /** The repository-relative form of an absolute path inside the root. */
  private inside(absolute: string): string | undefined {
    if (!path.posix.isAbsolute(absolute)) return undefined;
    const relative = path.relative(this.root, absolute).split(path.sep).join('/');
    return relative === '' || relative.startsWith('../') || path.isAbsolute(relative) ? undefined : relative;
  }

  private fileExists(relative: string): boolean {
    let known = this.exists.get(relative);
    if (known === undefined) {
      known = existsSync(path.join(this.root, relative));
      this.exists.set(relative, known);
    }
    return known;
  }
}
