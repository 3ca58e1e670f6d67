import { execFile } from 'node:child_process';
import { InputError } from '../../model/errors.js';

/** Lines added or changed per repository-relative file; `all` for untracked files, which are new in full. */
export type ChangedLines = Map<string, number[] | 'all'>;

/**
 * The lines changed since the merge base of `base` and HEAD: the working tree
 * against the merge base (so commits on the branch, staged and unstaged edits
 * all count, the three-dot view a pull request shows), plus every untracked,
 * not ignored file. Paths are relative to `root`, which may be a subdirectory
 * of the repository; changes outside it are left out.
 */
export async function changedLinesSince(root: string, base: string): Promise<ChangedLines> {
  if (base.startsWith('-')) {
    // git would read it as an option (`--output=…` writes files), never as the ref it stands for.
    throw new InputError(`--base ${base} is not a git ref: refs cannot start with "-"`, { fix: 'pass the branch the change will merge into, e.g. --base origin/main' });
  }
  await requireWorkTree(root);
  const mergeBase = (
    await git(
      root,
      // --end-of-options: whatever --base holds is a revision, never an option.
      ['merge-base', '--end-of-options', base, 'HEAD'],
      `make ${base} and its history available (git fetch origin, and actions/checkout with fetch-depth: 0), or pass another --base`,
    )
  ).trim();
  const diff = await git(
    root,
    [
      '-c', 'core.quotePath=false',
      'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--relative',
      '--src-prefix=a/', '--dst-prefix=b/', mergeBase, '--',
    ],
    'check that the directory is a git work tree',
  );
  const changed: ChangedLines = parseUnifiedDiff(diff);
  const untracked = await git(root, ['ls-files', '-z', '--others', '--exclude-standard'], 'check that the directory is a git work tree');
  for (const file of untracked.split('\0')) if (file !== '') changed.set(file, 'all');
  return changed;
}

/**
 * Added line numbers per file from `git diff --unified=0` output. Hunk bodies
 * are skipped by their line counts, so an added line that itself starts with
 * `++ ` is never mistaken for a file header.
 */
export function parseUnifiedDiff(diff: string): Map<string, number[]> {
  const files = new Map<string, number[]>();
  const lines = diff.split('\n');
  let current: number[] | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.startsWith('diff ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const target = unquote(line.slice(4));
      if (target === '/dev/null') current = undefined;
      else {
        current = [];
        files.set(target.startsWith('b/') ? target.slice(2) : target, current);
      }
    } else if (line.startsWith('@@ ')) {
      const match = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!match) continue;
      let removed = match[1] === undefined ? 1 : Number(match[1]);
      const start = Number(match[2]);
      let added = match[3] === undefined ? 1 : Number(match[3]);
      for (let lineNumber = start; lineNumber < start + added; lineNumber++) current?.push(lineNumber);
      // Skip the hunk body: `removed` lines starting with '-', `added` with '+', and "\ No newline" markers.
      while ((removed > 0 || added > 0) && index + 1 < lines.length) {
        const body = lines[index + 1] ?? '';
        if (body.startsWith('-')) removed--;
        else if (body.startsWith('+')) added--;
        else if (!body.startsWith('\\')) break;
        index++;
      }
    }
  }
  return files;
}

/** Undoes git's C-style quoting of unusual file names (`"a\tb.go"`, octal escapes for raw bytes). */
function unquote(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"') || name.length < 2) return name;
  const bytes: number[] = [];
  const body = Array.from(name.slice(1, -1));
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let index = 0; index < body.length; index++) {
    const char = body[index] ?? '';
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(body.slice(index + 1, index + 4).join(''));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      index += 3;
    } else {
      const next = body[index + 1] ?? '';
      bytes.push(simple[next] ?? next.charCodeAt(0));
      index++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Patch coverage compares commits, so the root must be inside a git work tree;
 * saying so beats git's own complaint about a missing base, which sends people fetching history.
 */
async function requireWorkTree(root: string): Promise<void> {
  const notARepository = new InputError('patch coverage needs git history, but the repository root is not inside a git work tree', {
    fix: 'run goldenpath check in a git clone of the repository (with actions/checkout, fetch-depth: 0), or remove coverage.patch',
  });
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree'], '').catch(() => {
    throw notARepository;
  });
  if (inside.trim() !== 'true') throw notARepository;
}

function git(cwd: string, args: string[], fix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split('\n')[0] ?? error.message;
        const command = args[0] === '-c' ? args[2] : args[0];
        reject(new InputError(`git ${command ?? ''} failed: ${detail || error.message}`, { fix, cause: error }));
      } else {
        resolve(stdout);
      }
    });
  });
}
