import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGoMod } from '../../../../policies/ecosystems/go/index.js';
import type { GoModFile } from '../../../../policies/ecosystems/go/index.js';
import { InputError } from '../../../../policies/model/errors.js';
import { fixtures, run } from '../support.js';

// The shape `go mod edit -json` prints, built from our parse.
function asGoModEditJson(file: GoModFile): unknown {
  const list = <T>(items: T[]): T[] | null => (items.length === 0 ? null : items);
  return {
    ...(file.module ? { Module: { Path: file.module.path, ...(file.module.deprecated !== undefined ? { Deprecated: file.module.deprecated } : {}) } } : {}),
    ...(file.go ? { Go: file.go.version } : {}),
    ...(file.toolchain ? { Toolchain: file.toolchain.name } : {}),
    ...(file.godebug.length > 0 ? { GoDebug: file.godebug.map((g) => ({ Key: g.key, Value: g.value })) } : {}),
    Require: list(file.require.map((r) => ({ Path: r.path, Version: r.version, ...(r.indirect ? { Indirect: true } : {}) }))),
    Exclude: list(file.exclude.map((e) => ({ Path: e.path, Version: e.version }))),
    Replace: list(
      file.replace.map((r) => ({
        Old: { Path: r.old.path, ...(r.old.version ? { Version: r.old.version } : {}) },
        New: { Path: r.new.path, ...(r.new.version ? { Version: r.new.version } : {}) },
      })),
    ),
    Retract: list(file.retract.map((r) => ({ Low: r.low, High: r.high, ...(r.rationale ? { Rationale: r.rationale } : {}) }))),
    Tool: list(file.tool.map((t) => ({ Path: t.path }))),
    Ignore: list(file.ignore.map((i) => ({ Path: i.path }))),
  };
}

function modFiles(folder: string): string[] {
  const dir = path.join(fixtures, 'go', folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mod'))
    .sort()
    .map((name) => path.join(dir, name));
}

describe('go.mod parser agrees with `go mod edit -json`', () => {
  const valid = [...modFiles('real-world'), ...modFiles('synthetic')];

  it('has a corpus of real-world and synthetic go.mod files', () => {
    expect(valid.length).toBeGreaterThan(60);
  });

  it.each(valid.map((file) => [path.relative(fixtures, file), file]))('%s', (_name, file) => {
    const go = run('go', ['mod', 'edit', '-json', file], path.dirname(file));
    expect(go.stderr).toBe('');
    const ours = asGoModEditJson(parseGoMod(readFileSync(file, 'utf8'), 'go.mod'));
    expect(ours).toEqual(JSON.parse(go.stdout));
  });
});

describe('go.mod parser rejects what `go` rejects, at the same line', () => {
  it.each(modFiles('invalid').map((file) => [path.basename(file), file]))('%s', (_name, file) => {
    const go = run('go', ['mod', 'edit', '-json', file], path.dirname(file));
    expect(go.status).not.toBe(0);
    const goLine = Number(new RegExp(`${path.basename(file).replace('.', '\\.')}:(\\d+)`).exec(go.stderr)?.[1]);

    let error: unknown;
    try {
      parseGoMod(readFileSync(file, 'utf8'), 'go.mod');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.location?.file).toBe('go.mod');
    expect(inputError.location?.line).toBe(goLine);
    expect(inputError.fix).toBeTruthy();
  });
});
