/**
 * Reads files of a commit from git objects. Nothing from the pull request is
 * checked out, installed or executed: manifests are read with `git show` and
 * listed with `git ls-tree`, always through execFile (no shell).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError } from '../policies/model/errors.js';

const run = promisify(execFile);

/** Commit objects and file contents of one repository. */
export interface GitRepository {
  /** The full commit id `ref` resolves to; InputError when it does not resolve. */
  resolve(ref: string): Promise<string>;
  /** Every file at `commit`: repository-relative path to blob id (equal ids mean equal contents). */
  listFiles(commit: string): Promise<Map<string, string>>;
  /** Contents of `file` at `commit`, or undefined when the file does not exist there. */
  readFile(commit: string, file: string): Promise<string | undefined>;
}

// Large lockfiles exceed execFile's default 1 MiB buffer.
const maxBuffer = 256 * 1024 * 1024;

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer, encoding: 'utf8' });
  return stdout;
}

/** A GitRepository over the working repository at `root`. */
export function gitRepository(root: string): GitRepository {
  return {
    async resolve(ref) {
      if (ref.startsWith('-')) throw new InputError(`not a git revision: ${ref}`, { fix: 'pass a commit, branch or tag' });
      try {
        return (await git(root, ['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`])).trim();
      } catch {
        throw new InputError(`git revision not found: ${ref}`, {
          fix: 'fetch enough history for both commits (actions/checkout with fetch-depth: 0) or pass --base/--head',
        });
      }
    },
    async listFiles(commit) {
      // `<mode> <type> <object>\t<path>` per entry, NUL-terminated so any file name survives.
      const out = await git(root, ['ls-tree', '-r', '-z', '--full-tree', commit]);
      const files = new Map<string, string>();
      for (const entry of out.split('\0')) {
        const tab = entry.indexOf('\t');
        if (tab === -1) continue;
        const [, type, object] = entry.slice(0, tab).split(' ');
        if (type === 'blob' && object !== undefined) files.set(entry.slice(tab + 1), object);
      }
      return files;
    },
    async readFile(commit, file) {
      try {
        return await git(root, ['show', `${commit}:${file}`]);
      } catch {
        return undefined;
      }
    },
  };
}
