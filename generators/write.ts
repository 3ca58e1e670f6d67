/**
 * Atomic writing: the planned service is written into a hidden temporary
 * sibling of the target and renamed into place in one step, so a failure, a
 * Ctrl-C or a kill never leaves a half-written service and never touches an
 * existing file.
 */
import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../policies/model/errors.js';
import type { PlannedFile } from './plan.js';

/** The file-system calls writing needs. Tests inject one that fails midway to prove nothing is left behind. */
export interface WriteFs {
  mkdir(dir: string, options?: { recursive?: boolean }): Promise<unknown>;
  writeFile(file: string, data: Uint8Array, options: { mode: number; flag: string }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rmdir(dir: string): Promise<void>;
  rm(target: string, options: { recursive: boolean; force: boolean }): Promise<void>;
  readdir(dir: string): Promise<string[]>;
}

export const nodeWriteFs: WriteFs = {
  mkdir: (dir, options) => fsPromises.mkdir(dir, options),
  writeFile: (file, data, options) => fsPromises.writeFile(file, data, options),
  rename: (from, to) => fsPromises.rename(from, to),
  rmdir: (dir) => fsPromises.rmdir(dir),
  rm: (target, options) => fsPromises.rm(target, options),
  readdir: (dir) => fsPromises.readdir(dir),
};

export interface WriteOptions {
  fs?: WriteFs;
  /** Aborting (on SIGINT/SIGTERM) stops between files and removes the temporary directory. */
  signal?: AbortSignal;
}

/** The prefix of temporary siblings, `.<name>.create-service-<random>`, so a leftover one (after SIGKILL) is recognisable. */
export function tempSiblingPrefix(target: string): string {
  return `.${path.basename(target)}.create-service-`;
}

/**
 * Writes every planned file under `target`, which must not exist or be an
 * empty directory. On any failure the temporary directory is removed and the
 * error rethrown; the target is then exactly as it was.
 */
export async function writeServiceAtomically(files: readonly PlannedFile[], target: string, options: WriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeWriteFs;
  const temp = await createTempSibling(fs, target);
  try {
    for (const file of files) {
      options.signal?.throwIfAborted();
      const destination = path.join(temp, ...file.path.split('/'));
      await fs.mkdir(path.dirname(destination), { recursive: true });
      // 0o777/0o666 and the umask, as git checkout does; 'wx' because the directory is ours and new.
      await fs.writeFile(destination, file.bytes, { mode: file.mode & 0o111 ? 0o777 : 0o666, flag: 'wx' });
    }
    options.signal?.throwIfAborted();
    await moveIntoPlace(fs, temp, target);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function createTempSibling(fs: WriteFs, target: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const temp = path.join(path.dirname(target), `${tempSiblingPrefix(target)}${randomBytes(6).toString('hex')}`);
    try {
      // Not mkdtemp: it creates 0700 directories, and the service folder should get the usual umask-based mode.
      await fs.mkdir(temp);
      return temp;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
  }
}

const TARGET_TAKEN = new Set(['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR', 'EPERM', 'EACCES']);

/**
 * Renames the finished temporary directory to the target. POSIX rename
 * replaces an empty directory atomically and refuses a non-empty one; where it
 * refuses even an empty one (Windows), the empty directory is removed first.
 * If the target gained content since validation, we fail and leave it alone.
 */
async function moveIntoPlace(fs: WriteFs, temp: string, target: string): Promise<void> {
  try {
    await fs.rename(temp, target);
    return;
  } catch (error) {
    if (!TARGET_TAKEN.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  const entries = await fs.readdir(target).catch(() => undefined);
  if (entries?.length !== 0) throw targetChanged(target);
  try {
    await fs.rmdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      // Gone already: the rename below decides.
    } else {
      throw targetChanged(target, error);
    }
  }
  try {
    await fs.rename(temp, target);
  } catch (error) {
    throw targetChanged(target, error);
  }
}

function targetChanged(target: string, cause?: unknown): InputError {
  return new InputError(`${target} appeared or gained content while the service was being generated; it was left untouched`, {
    fix: 'choose another name or --dir, or move the existing folder away, then run again',
    ...(cause === undefined ? {} : { cause }),
  });
}
