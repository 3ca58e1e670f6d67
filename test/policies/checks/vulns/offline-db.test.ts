import { existsSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutFor, prepareOfflineDatabase } from '../../../../policies/checks/vulns/offline-db.js';
import { osvDb, tempDir } from './helpers.js';

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
});
