import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlannedFile } from '../../generators/plan.js';
import { nodeWriteFs, writeServiceAtomically, type WriteFs } from '../../generators/write.js';
import { InputError } from '../../policies/model/errors.js';
import { listTree, tempDir } from './helpers.js';

const files: PlannedFile[] = [
  { path: '.gitignore', mode: 0o644, bytes: Buffer.from('bin/\n') },
  { path: 'cmd/demo/main.go', mode: 0o644, bytes: Buffer.from('package main\n') },
  { path: 'go.mod', mode: 0o644, bytes: Buffer.from('module example.com/demo\n') },
  { path: 'scripts/run.sh', mode: 0o755, bytes: Buffer.from('#!/bin/sh\n') },
  { path: 'z/binary.bin', mode: 0o644, bytes: Buffer.from([0x00, 0xff, 0x89, 0x50]) },
];

/** A real file system that throws on the nth file write, as a full disk or a permission error would. */
function failingOnWrite(n: number): WriteFs {
  let writes = 0;
  return {
    ...nodeWriteFs,
    writeFile: async (file, data, options) => {
      if (++writes === n) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC' });
      await nodeWriteFs.writeFile(file, data, options);
    },
  };
}

describe('atomic write', () => {
  it('writes every file with its bytes and executable bit, and leaves no temporary folder', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    await writeServiceAtomically(files, target);
    expect(await listTree(target)).toEqual(files.map((f) => f.path));
    expect(await readFile(path.join(target, 'z/binary.bin'))).toEqual(Buffer.from([0x00, 0xff, 0x89, 0x50]));
    expect((await stat(path.join(target, 'scripts/run.sh'))).mode & 0o111).not.toBe(0);
    expect((await stat(path.join(target, 'go.mod'))).mode & 0o111).toBe(0);
    expect(await readdir(parent)).toEqual(['demo']);
  });

  it('leaves neither the service nor a temporary sibling when a write fails midway', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    await expect(writeServiceAtomically(files, target, { fs: failingOnWrite(3) })).rejects.toThrow('ENOSPC');
    expect(await readdir(parent)).toEqual([]);
  });

  it('replaces an existing empty directory', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    await mkdir(target);
    await writeServiceAtomically(files, target);
    expect(await listTree(target)).toEqual(files.map((f) => f.path));
  });

  it('never touches an existing empty directory when a write fails', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    await mkdir(target);
    await expect(writeServiceAtomically(files, target, { fs: failingOnWrite(1) })).rejects.toThrow('ENOSPC');
    expect(await readdir(parent)).toEqual(['demo']);
    expect(await readdir(target)).toEqual([]);
  });

  it('fails without touching a target that gained content while files were being written', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    await mkdir(target);
    let raced = false;
    const racing: WriteFs = {
      ...nodeWriteFs,
      writeFile: async (file, data, options) => {
        if (!raced) {
          raced = true;
          await writeFile(path.join(target, 'notes.txt'), 'mine');
        }
        await nodeWriteFs.writeFile(file, data, options);
      },
    };
    const error = await writeServiceAtomically(files, target, { fs: racing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('left untouched');
    expect(await readdir(parent)).toEqual(['demo']);
    expect(await readdir(target)).toEqual(['notes.txt']);
    expect(await readFile(path.join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('fails without touching a file that appeared at the target path', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    const racing: WriteFs = {
      ...nodeWriteFs,
      rename: async (from, to) => {
        await writeFile(target, 'a file, not a folder');
        await nodeWriteFs.rename(from, to);
      },
    };
    await expect(writeServiceAtomically(files, target, { fs: racing })).rejects.toBeInstanceOf(InputError);
    expect(await readdir(parent)).toEqual(['demo']);
    expect(await readFile(target, 'utf8')).toBe('a file, not a folder');
  });

  it('stops and cleans up when aborted (SIGINT/SIGTERM) between files', async () => {
    const parent = await tempDir();
    const target = path.join(parent, 'demo');
    const controller = new AbortController();
    let writes = 0;
    const interrupted: WriteFs = {
      ...nodeWriteFs,
      writeFile: async (file, data, options) => {
        await nodeWriteFs.writeFile(file, data, options);
        if (++writes === 2) controller.abort(new Error('cancelled by SIGINT'));
      },
    };
    await expect(writeServiceAtomically(files, target, { fs: interrupted, signal: controller.signal })).rejects.toThrow('cancelled by SIGINT');
    expect(writes).toBe(2);
    expect(await readdir(parent)).toEqual([]);
  });
});
