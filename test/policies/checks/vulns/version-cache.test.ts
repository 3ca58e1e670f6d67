/**
 * The remembered osv-scanner version: the binary is asked for its version
 * once, asked again when it is replaced, and never remembered when its
 * version is unsupported. A stand-in script counts how often it is asked.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScanner } from '../../../../policies/checks/vulns/osv-scanner.js';
import { versionCachePath } from '../../../../policies/checks/vulns/version-cache.js';

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes an osv-scanner stand-in that reports `version`, appends a line to its counter per `--version`, and finds nothing. */
function writeScanner(file: string, version: string): void {
  const counter = `${file}.asked`;
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo x >> '${counter}'; echo 'osv-scanner version: ${version}'; exit 0; fi\necho '{"results":[]}'\nexit 0\n`,
  );
  chmodSync(file, 0o755);
}

function timesAsked(file: string): number {
  const counter = `${file}.asked`;
  return existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** A scanner in its own folder and a cache directory of its own, so runs share nothing with the user's cache. */
function setup(version: string): { scanner: string; env: NodeJS.ProcessEnv; scan: () => ReturnType<typeof runScanner> } {
  const scanner = path.join(tempDir('cached-osv-'), 'osv-scanner');
  writeScanner(scanner, version);
  const env = { ...process.env, XDG_CACHE_HOME: tempDir('goldenpath-cache-') };
  const target = tempDir('cached-osv-target-');
  return { scanner, env, scan: () => runScanner({ targets: [target], scanner: { flag: scanner, env } }) };
}

describe('the osv-scanner version check', () => {
  it('asks the binary once and remembers a supported version under XDG_CACHE_HOME', async () => {
    const { scanner, env, scan } = setup('2.5.1');
    expect((await scan()).scanner.version).toBe('2.5.1');
    expect((await scan()).scanner.version).toBe('2.5.1');
    expect(timesAsked(scanner)).toBe(1);
    expect(versionCachePath(env)).toBe(path.join(env.XDG_CACHE_HOME ?? '', 'goldenpath', 'osv-scanner-versions.json'));
    expect(readFileSync(versionCachePath(env), 'utf8')).toContain('"version": "2.5.1"');
  });

  it('asks again when the binary is replaced', async () => {
    const { scanner, scan } = setup('2.5.1');
    await scan();
    writeScanner(scanner, '2.4.0');
    expect((await scan()).scanner.version).toBe('2.4.0');
    expect(timesAsked(scanner)).toBe(2);
  });

  it('never remembers an unsupported version', async () => {
    const { scanner, scan } = setup('1.9.2');
    await expect(scan()).rejects.toThrow('osv-scanner 1.9.2 at');
    await expect(scan()).rejects.toThrow('is not supported (supported: >=2.4.0 <3.0.0)');
    expect(timesAsked(scanner)).toBe(2);
  });

  it('asks the binary when the cache file is corrupt or cannot be written', async () => {
    const corrupt = setup('2.5.1');
    mkdirSync(path.dirname(versionCachePath(corrupt.env)), { recursive: true });
    writeFileSync(versionCachePath(corrupt.env), '{"format": 1, "entries": nonsense');
    expect((await corrupt.scan()).scanner.version).toBe('2.5.1');
    expect((await corrupt.scan()).scanner.version).toBe('2.5.1');
    expect(timesAsked(corrupt.scanner)).toBe(1);

    const unwritable = setup('2.5.1');
    // A file where the cache directory would go: nothing can be remembered, every check still runs.
    writeFileSync(path.join(unwritable.env.XDG_CACHE_HOME ?? '', 'goldenpath'), 'not a directory');
    expect((await unwritable.scan()).scanner.version).toBe('2.5.1');
    expect((await unwritable.scan()).scanner.version).toBe('2.5.1');
    expect(timesAsked(unwritable.scanner)).toBe(2);
  });
});
