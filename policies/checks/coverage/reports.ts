import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { mergeFileCoverage } from '../../coverage-formats/combine.js';
import { lineAt } from '../../coverage-formats/input-errors.js';
import { coverageFormats, detectFormat, formatById } from '../../coverage-formats/registry.js';
import type { FileCoverage, FormatId } from '../../coverage-formats/types.js';
import type { SourceLocation } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { findGoModules } from './go-modules.js';
import type { ReportEntry } from './options.js';
import { PathResolver } from './resolve-paths.js';

/** Where each `coverage.reports` entry is declared, for errors about it. */
export type LocateEntry = (index: number) => SourceLocation;

/** The combined coverage of every report, keyed by repository-relative path. */
export interface CombinedCoverage {
  /** Repository-relative report paths that were read, sorted. */
  reports: string[];
  files: Map<string, FileCoverage>;
}

const formatList = coverageFormats.map((format) => format.id).join(', ');

/**
 * Reads every report named by `entries` (paths or globs), parses each with its
 * declared or detected format, maps file paths into the repository, drops
 * excluded files and merges files named by several reports. A file that maps
 * to no file of the repository, and is not excluded as written, is an InputError.
 */
export function loadCoverage(
  root: string,
  entries: readonly ReportEntry[],
  options: { exclude: readonly string[]; modules: Record<string, string>; locateEntry: LocateEntry },
): CombinedCoverage {
  const reports: { path: string; entry: ReportEntry }[] = [];
  for (const [index, entry] of entries.entries()) {
    const pattern = typeof entry === 'string' ? entry : entry.path;
    for (const reportPath of expand(root, pattern, options.locateEntry(index))) reports.push({ path: reportPath, entry });
  }

  const isExcluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  const files = new Map<string, FileCoverage>();
  let resolver: PathResolver | undefined;
  let goResolver: PathResolver | undefined;
  const seen = new Set<string>();

  for (const { path: reportPath, entry } of reports) {
    if (seen.has(reportPath)) continue;
    seen.add(reportPath);
    // Synchronous on purpose (as are the directory walks): fs.promises reads in chunks across event-loop
    // turns, which made reading a thousand profiles several times slower than parsing them.
    const text = readFileSync(path.join(root, reportPath), 'utf8');
    const declared = typeof entry === 'string' ? undefined : entry.format;
    const format = declared !== undefined ? formatById(declared) : detectFormat(reportPath, text);
    if (format === undefined) {
      throw new InputError(`cannot tell the format of coverage report ${reportPath}`, {
        location: { file: reportPath, line: 1 },
        fix: `declare it in coverage.reports as { path: ${reportPath}, format: <one of ${formatList}> }`,
      });
    }
    // Module discovery walks the repository, so only Go reports pay for it.
    const pathResolver =
      format.id === 'go'
        ? (goResolver ??= new PathResolver(root, findGoModules(root, options.modules)))
        : (resolver ??= new PathResolver(root, []));
    const unmapped: string[] = [];
    for (const file of format.parse(text, reportPath)) {
      const repositoryPath = pathResolver.resolve(file, format.id, reportPath);
      if (repositoryPath === undefined) {
        // Excluding a path the repository does not hold is how a user says it does not belong in any measure.
        if (!isExcluded(file.path.replace(/\\/g, '/'))) unmapped.push(file.path);
        continue;
      }
      if (isExcluded(repositoryPath)) continue;
      const existing = files.get(repositoryPath);
      if (existing === undefined) files.set(repositoryPath, { ...file, path: repositoryPath });
      else mergeFileCoverage(existing, file);
    }
    if (unmapped.length > 0) throw unmappedPathError(reportPath, text, format.id, unmapped);
  }
  return { reports: [...seen].sort(), files };
}

/**
 * A report names files the repository does not hold (or not where the report
 * says). Counting them would let the total pass or fail on code no `paths`
 * glob or patch can see, so the check refuses to guess.
 */
function unmappedPathError(reportPath: string, text: string, format: FormatId, unmapped: readonly string[]): InputError {
  const [first = ''] = unmapped;
  const others = unmapped.length > 1 ? ` (and ${unmapped.length - 1} other file${unmapped.length > 2 ? 's' : ''})` : '';
  const isGoImportPath = format === 'go' && !first.startsWith('_/') && !path.posix.isAbsolute(first);
  const line = lineNaming(text, first);
  const message = isGoImportPath
    ? `coverage report ${reportPath} names ${first}${others}, which no Go module of the repository contains`
    : `coverage report ${reportPath} names ${first}${others}, which is not a file of the repository`;
  const fix = isGoImportPath
    ? `if the code is in this repository, map its module with coverage.modules (e.g. { "${modulePrefix(first)}": "<directory>" }); ` +
      `otherwise profile only the packages under the checked root, or add "${modulePrefix(first)}/**" to coverage.exclude`
    : 'run the tests from the repository root so the report names files the repository holds (or check out the files it names), ' +
      'or add the path as written to coverage.exclude if it is not code of this repository';
  return new InputError(message, { location: line === undefined ? { file: reportPath } : { file: reportPath, line }, fix });
}

/** The directory part of a Go import path: the module path or a package inside it. */
function modulePrefix(importPath: string): string {
  return path.posix.dirname(importPath);
}

/**
 * The first line of the report that names `file`: formats do not keep line
 * numbers, and Cobertura splits a path between a source root and a file name,
 * so the longest trailing part of the path found in the text wins.
 */
function lineNaming(text: string, file: string): number | undefined {
  const segments = file.replace(/\\/g, '/').split('/');
  for (let start = 0; start < segments.length; start++) {
    const tail = segments.slice(start).join('/');
    if (tail === '') continue;
    for (const spelling of [file.slice(file.length - tail.length), tail, JSON.stringify(tail).slice(1, -1)]) {
      const offset = text.indexOf(spelling);
      if (offset !== -1) return lineAt(text, offset);
    }
  }
  return undefined;
}

/** The repository-relative files a report path or glob names; a name that matches nothing is an InputError. */
function expand(root: string, pattern: string, declaredAt: SourceLocation): string[] {
  const clean = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const fix = `produce it before the check (e.g. go test -coverprofile=${clean.includes('*') ? 'coverage.out' : clean} ./...), or correct coverage.reports`;
  const normal = path.posix.normalize(clean);
  if (path.posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) {
    throw new InputError(`coverage report ${pattern} is outside the repository`, { location: declaredAt, fix: 'name reports relative to the repository root' });
  }
  const scan = picomatch.scan(clean);
  if (!scan.isGlob) {
    const info = statSync(path.join(root, clean), { throwIfNoEntry: false });
    if (!info?.isFile()) throw new InputError(`coverage report ${clean} does not exist`, { location: declaredAt, fix });
    return [path.posix.normalize(clean)];
  }
  const matches: string[] = [];
  const isMatch = picomatch(clean, { dot: true });
  const base = scan.base === '' ? '' : path.posix.normalize(scan.base);
  // Without `**` a match has as many segments as the pattern, so deeper directories need no visit.
  const maxDepth = clean.includes('**') ? Infinity : clean.split('/').length;
  walk(root, base === '.' ? '' : base, maxDepth, (relative) => {
    if (isMatch(relative)) matches.push(relative);
  });
  if (matches.length === 0) throw new InputError(`no coverage report matches ${clean}`, { location: declaredAt, fix });
  return matches.sort();
}

/** Visits files under `relative` up to `maxDepth` path segments (synchronously, like the go.mod walk). */
function walk(root: string, relative: string, maxDepth: number, visit: (relative: string) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch {
    return;
  }
  const depth = relative === '' ? 1 : relative.split('/').length + 1;
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      // Dependency trees and git internals never hold this repository's reports.
      if (depth < maxDepth && entry.name !== 'node_modules' && entry.name !== '.git') walk(root, child, maxDepth, visit);
    } else if (entry.isFile()) {
      visit(child);
    }
  }
}
