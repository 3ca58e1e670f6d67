/**
 * Where osv-scanner runs: its config file and the offline database laid out
 * for it are kept in the user cache and reused, so a scan makes and removes
 * no folders; when the cache cannot be written, temporary ones are used and
 * removed. A stand-in scanner records what it was given.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScanner } from '../../../../policies/checks/vulns/osv-scanner.js';
import { fakeScanner, osvDb, tempDir } from './helpers.js';

interface Recorded {
  cwd: string;
  configFile: string;
  config: string;
  databaseBase: string;
  ecosystems: string[];
}

/** A scanner that writes its working directory, config and database layout to `record`, then finds nothing. */
function recordingScanner(record: string): string {
  return fakeScanner(
    [
      'while [ $# -gt 0 ]; do',
      '  case "$1" in --config) cfg="$2" ;; --local-db-path) db="$2" ;; esac',
      '  shift',
      'done',
      `{ echo "$PWD"; echo "$cfg"; echo "$db"; ls "$db/osv-scalibr" | tr '\\n' ' '; echo; cat "$cfg"; } > '${record}'`,
      `echo '{"results":[]}'`,
      'exit 0',
    ].join('\n'),
  );
}

function readRecord(record: string): Recorded {
  const [cwd = '', configFile = '', databaseBase = '', ecosystems = '', ...config] = readFileSync(record, 'utf8').split('\n');
  return { cwd, configFile, databaseBase, ecosystems: ecosystems.trim().split(' '), config: config.join('\n') };
}

function setup(): { env: NodeJS.ProcessEnv; cache: string; record: string; scan: () => ReturnType<typeof runScanner> } {
  const record = path.join(tempDir('scan-record-'), 'record');
  const scanner = recordingScanner(record);
  const xdg = tempDir('goldenpath-cache-');
  const env = { ...process.env, XDG_CACHE_HOME: xdg };
  const target = tempDir('scan-target-');
  return { env, cache: path.join(xdg, 'goldenpath'), record, scan: () => runScanner({ targets: [target], scanner: { flag: scanner, env }, offlineDb: osvDb }) };
}

describe('the scan workspace', () => {
  it('runs osv-scanner in the user cache with a kept config file and database layout', async () => {
    const { cache, record, scan } = setup();
    await scan();
    const first = readRecord(record);
    expect(first.cwd).toBe(path.join(cache, 'osv-scanner'));
    expect(first.configFile).toBe(path.join(cache, 'osv-scanner', 'osv-scanner.toml'));
    expect(first.config).toBe('ScanGoModVersion = true\n');
    expect(path.dirname(first.databaseBase)).toBe(path.join(cache, 'osv-db-layouts'));
    expect(first.ecosystems).toEqual(['Go', 'npm']);
    // Kept for the next scan, which reuses both.
    expect(existsSync(first.configFile)).toBe(true);
    expect(existsSync(first.databaseBase)).toBe(true);
    await scan();
    expect(readRecord(record)).toEqual(first);
  });

  it('rewrites a config file that was edited, so every scan runs with the gate\'s settings', async () => {
    const { cache, record, scan } = setup();
    const configFile = path.join(cache, 'osv-scanner', 'osv-scanner.toml');
    mkdirSync(path.dirname(configFile), { recursive: true });
    writeFileSync(configFile, '[[IgnoredVulns]]\nid = "GO-2023-1737"\n');
    await scan();
    expect(readRecord(record).config).toBe('ScanGoModVersion = true\n');
    expect(readFileSync(configFile, 'utf8')).toBe('ScanGoModVersion = true\n');
  });

  it('uses temporary folders, removed afterwards, when the cache cannot be written', async () => {
    const { env, record, scan } = setup();
    // A file where the cache directory would go.
    writeFileSync(path.join(env.XDG_CACHE_HOME ?? '', 'goldenpath'), 'not a directory');
    const run = await scan();
    expect(run.noPackages).toBe(false);
    const recorded = readRecord(record);
    expect(recorded.config).toBe('ScanGoModVersion = true\n');
    expect(recorded.ecosystems).toEqual(['Go', 'npm']);
    expect(recorded.cwd.startsWith(env.XDG_CACHE_HOME ?? '')).toBe(false);
    expect(existsSync(recorded.cwd)).toBe(false);
    expect(existsSync(recorded.databaseBase)).toBe(false);
  });
});
