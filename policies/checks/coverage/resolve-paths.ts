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
 * - Absolute paths inside the repository become relative when the file exists.
 * - Other relative paths are tried against the repository root, then against
 *   the report's directory and each parent up to the root (a web app's
 *   `web/coverage/lcov.info` names `src/a.ts`, meaning `web/src/a.ts`), then
 *   the format's other candidates; the first that exists wins.
 * - A path written on another machine (an absolute path of a CI workspace, a
 *   path relative to another directory) maps to its longest trailing part
 *   that is a file of the repository: `/home/runner/work/shop/shop/src/a.ts`
 *   becomes `src/a.ts` when that file exists.
 * - Anything else cannot be mapped: `resolve` returns undefined and the caller
 *   fails closed, because a file no glob can match would still count towards
 *   the total and make a gate pass or fail for code the repository does not hold.
 *   Go import paths no module claims are not suffix-mapped: their first segments
 *   are a module path, not directories, so only `coverage.modules` can place them.
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

  /** The repository-relative path of a report's file, or undefined when it names no file of the repository. */
  resolve(file: FileCoverage, format: FormatId, reportPath: string): string | undefined {
    const written = file.path.replace(/\\/g, '/');
    if (format === 'go') {
      const mapped = goPathToRepository(written, this.goModules);
      if (mapped !== undefined) return mapped;
      // `go test` outside a module or GOPATH names files `_/<absolute directory>/<file>`.
      if (!written.startsWith('_/')) return undefined;
    }
    const spellings = [written, ...(file.candidates ?? []).map((candidate) => candidate.replace(/\\/g, '/'))].map((spelling) =>
      format === 'go' && spelling.startsWith('_/') ? spelling.slice(1) : spelling,
    );
    for (const spelling of spellings) {
      const found = this.find(spelling, reportPath);
      if (found !== undefined) return found;
    }
    for (const spelling of spellings) {
      const found = this.longestExistingSuffix(spelling);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private find(spelling: string, reportPath: string): string | undefined {
    if (isAbsolute(spelling)) {
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

  /**
   * The longest trailing run of path segments that names a file of the
   * repository. Longest first, so `a/src/x.ts` prefers `src/x.ts` over a
   * root-level `x.ts`.
   */
  private longestExistingSuffix(spelling: string): string | undefined {
    const segments = path.posix
      .normalize(spelling.replace(/^[A-Za-z]:\//, '/'))
      .split('/')
      .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
    for (let start = 0; start < segments.length; start++) {
      const candidate = segments.slice(start).join('/');
      if (this.fileExists(candidate)) return candidate;
    }
    return undefined;
  }

  /** The repository-relative form of an absolute path inside the root. */
  private inside(absolute: string): string | undefined {
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

/** POSIX absolute, or a Windows drive path (`C:/…`) as reports written on Windows spell it. */
function isAbsolute(spelling: string): boolean {
  return path.posix.isAbsolute(spelling) || /^[A-Za-z]:\//.test(spelling);
}
