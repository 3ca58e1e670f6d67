import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { layoutFor, prepareOfflineDatabase } from '../../../../policies/checks/vulns/offline-db.js';
import { osvDb, repoRoot, tempDir } from './helpers.js';

const execFileAsync = promisify(execFile);

/** A database folder of its own in the flat shape, linking the shared zips of `ecosystem`. */
function flatDatabase(ecosystem: string): string {
  const dir = tempDir('db-');
  mkdirSync(path.join(dir, ecosystem));
  symlinkSync(path.join(osvDb, ecosystem, 'all.zip'), path.join(dir, ecosystem, 'all.zip'));
  return dir;
}

describe('prepareOfflineDatabase', () => {
  it('lays a flat <Ecosystem>/all.zip directory out for the scanner in a temporary directory', async () => {
    const db = await prepareOfflineDatabase(osvDb, '2.5.1');
    try {
      expect(db.base).not.toBe(osvDb);
      expect(db.ecosystems).toEqual(['Go', 'npm']);
      for (const layout of ['osv-scalibr', 'osv-scanner']) {
        expect(readlinkSync(path.join(db.base, layout, 'Go', 'all.zip'))).toBe(path.join(osvDb, 'Go', 'all.zip'));
      }
    } finally {
      await db.cleanup();
    }
    expect(existsSync(db.base)).toBe(false);
  });

  it('uses a directory already in the layout the scanner reads as it is', async () => {
    const dir = tempDir('db-');
    mkdirSync(path.join(dir, 'osv-scalibr', 'npm'), { recursive: true });
    symlinkSync(path.join(osvDb, 'npm', 'all.zip'), path.join(dir, 'osv-scalibr', 'npm', 'all.zip'));
    const db = await prepareOfflineDatabase(dir, '2.5.1');
    expect(db).toMatchObject({ base: dir, ecosystems: ['npm'] });
    await db.cleanup();
    expect(existsSync(dir)).toBe(true);
  });

  it('re-lays a database in the layout of older releases for v2.5 and later', async () => {
    const dir = tempDir('db-');
    mkdirSync(path.join(dir, 'osv-scanner', 'Go'), { recursive: true });
    symlinkSync(path.join(osvDb, 'Go', 'all.zip'), path.join(dir, 'osv-scanner', 'Go', 'all.zip'));
    expect((await prepareOfflineDatabase(dir, '2.4.0')).base).toBe(dir);
    const db = await prepareOfflineDatabase(dir, '2.5.1');
    expect(db.base).not.toBe(dir);
    expect(existsSync(path.join(db.base, 'osv-scalibr', 'Go', 'all.zip'))).toBe(true);
    await db.cleanup();
  });

  it('knows which layout each release reads', () => {
    expect(layoutFor('2.4.0')).toBe('osv-scanner');
    expect(layoutFor('2.5.0')).toBe('osv-scalibr');
    expect(layoutFor('2.6.0')).toBe('osv-scalibr');
  });

  describe('with a cache directory', () => {
    const layoutsIn = (cache: string) => readdirSync(path.join(cache, 'osv-db-layouts'));

    it('lays the database out once in the cache and reuses that layout, which cleanup keeps', async () => {
      const cache = tempDir('db-cache-');
      const first = await prepareOfflineDatabase(osvDb, '2.5.1', undefined, cache);
      expect(path.dirname(first.base)).toBe(path.join(cache, 'osv-db-layouts'));
      expect(readlinkSync(path.join(first.base, 'osv-scalibr', 'npm', 'all.zip'))).toBe(path.join(osvDb, 'npm', 'all.zip'));
      await first.cleanup();
      const second = await prepareOfflineDatabase(osvDb, '2.4.0', undefined, cache);
      expect(second).toMatchObject({ base: first.base, ecosystems: ['Go', 'npm'], layouts: ['osv-scalibr', 'osv-scanner'] });
      expect(layoutsIn(cache)).toEqual([path.basename(first.base)]);
    });

    it('gives checks racing in separate processes the same whole layout', async () => {
      const cache = tempDir('db-cache-');
      const module = pathToFileURL(path.join(repoRoot, 'dist', 'policies', 'checks', 'vulns', 'offline-db.js')).href;
      // Each process prepares the database and lists what it sees under the base it was given.
      const script = `
        import { readdirSync } from 'node:fs';
        const { prepareOfflineDatabase } = await import(${JSON.stringify(module)});
        const db = await prepareOfflineDatabase(process.argv[1], '2.5.1', undefined, process.argv[2]);
        const seen = ['osv-scalibr', 'osv-scanner'].map((l) => readdirSync(db.base + '/' + l).sort().join(','));
        process.stdout.write(JSON.stringify({ base: db.base, seen }));`;
      const racers = Array.from({ length: 6 }, () =>
        execFileAsync(process.execPath, ['--input-type=module', '-e', script, osvDb, cache]).then(({ stdout }) => JSON.parse(stdout) as { base: string; seen: string[] }),
      );
      const answers = await Promise.all(racers);
      expect(new Set(answers.map((a) => a.base)).size).toBe(1);
      for (const answer of answers) expect(answer.seen).toEqual(['Go,npm', 'Go,npm']);
      expect(layoutsIn(cache)).toEqual([path.basename(answers[0]?.base ?? '')]);
    });

    it('keeps one layout per database', async () => {
      const cache = tempDir('db-cache-');
      const goOnly = flatDatabase('Go');
      const shared = await prepareOfflineDatabase(osvDb, '2.5.1', undefined, cache);
      const own = await prepareOfflineDatabase(goOnly, '2.5.1', undefined, cache);
      expect(own.base).not.toBe(shared.base);
      expect(readdirSync(path.join(own.base, 'osv-scalibr'))).toEqual(['Go']);
      expect(readlinkSync(path.join(own.base, 'osv-scalibr', 'Go', 'all.zip'))).toBe(path.join(goOnly, 'Go', 'all.zip'));
    });

    it('replaces a cached layout that was edited: a link missing, redirected or an ecosystem added', async () => {
      const cache = tempDir('db-cache-');
      const { base } = await prepareOfflineDatabase(osvDb, '2.5.1', undefined, cache);
      const npmLink = path.join(base, 'osv-scalibr', 'npm', 'all.zip');
      const edits = [
        () => {
          unlinkSync(npmLink);
        },
        () => {
          unlinkSync(npmLink);
          symlinkSync(path.join(osvDb, 'Go', 'all.zip'), npmLink);
        },
        () => {
          mkdirSync(path.join(base, 'osv-scanner', 'PyPI'));
        },
      ];
      for (const edit of edits) {
        edit();
        const repaired = await prepareOfflineDatabase(osvDb, '2.5.1', undefined, cache);
        expect(repaired.base).toBe(base);
        expect(readlinkSync(npmLink)).toBe(path.join(osvDb, 'npm', 'all.zip'));
        expect(readdirSync(path.join(base, 'osv-scanner'))).toEqual(['Go', 'npm']);
        expect(layoutsIn(cache)).toEqual([path.basename(base)]);
      }
    });

    it('prunes layouts of deleted databases and staging folders abandoned by killed checks when it publishes one', async () => {
      const cache = tempDir('db-cache-');
      const doomed = flatDatabase('npm');
      const old = await prepareOfflineDatabase(doomed, '2.5.1', undefined, cache);
      rmSync(doomed, { recursive: true });
      const layouts = path.join(cache, 'osv-db-layouts');
      const abandoned = path.join(layouts, 'abc.123.deadbeef.tmp');
      const staging = path.join(layouts, 'def.456.cafebabe.tmp');
      mkdirSync(abandoned);
      mkdirSync(staging);
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      utimesSync(abandoned, twoHoursAgo, twoHoursAgo);
      const kept = await prepareOfflineDatabase(osvDb, '2.5.1', undefined, cache);
      expect(layoutsIn(cache).sort()).toEqual([path.basename(kept.base), path.basename(staging)].sort());
      expect(existsSync(old.base)).toBe(false);
    });

    it('falls back to a temporary layout when the cache cannot be written', async () => {
      const cache = tempDir('db-cache-');
      rmSync(cache, { recursive: true });
      // A file where the cache directory would go.
      writeFileSync(cache, 'not a directory');
      const db = await prepareOfflineDatabase(osvDb, '2.5.1', undefined, cache);
      expect(db.base.startsWith(cache)).toBe(false);
      expect(existsSync(path.join(db.base, 'osv-scalibr', 'Go', 'all.zip'))).toBe(true);
      await db.cleanup();
      expect(existsSync(db.base)).toBe(false);
    });
  });
});
