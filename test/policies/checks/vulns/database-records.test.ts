/**
 * Reading alias records from an offline database's zip: only the wanted
 * `<id>.json` entries, wherever they sit in the archive; a zip read while
 * osv-scanner ran is used as is; a damaged zip fails closed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadDatabase, readDatabaseRecords } from '../../../../policies/checks/vulns/alias-records.js';
import { InputError } from '../../../../policies/model/errors.js';
import { tempDir } from './helpers.js';

const record = (id: string, extra: Record<string, unknown> = {}) =>
  strToU8(JSON.stringify({ id, aliases: ['CVE-2026-0001'], severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }], ...extra }));

/** A flat database (`<dir>/Go/all.zip`) holding the given entries. */
function database(entries: Record<string, Uint8Array>): string {
  const dir = tempDir('osv-db-');
  mkdirSync(path.join(dir, 'Go'));
  writeFileSync(path.join(dir, 'Go', 'all.zip'), zipSync(entries));
  return dir;
}

const wanted = (...ids: string[]) => new Map([['Go', new Set(ids)]]);

describe('readDatabaseRecords', () => {
  it('inflates only the wanted records, also from folders, and skips entries that are not them', async () => {
    const dir = database({
      'GHSA-aaaa-bbbb-cccc.json': record('GHSA-aaaa-bbbb-cccc'),
      'nested/GHSA-dddd-eeee-ffff.json': record('GHSA-dddd-eeee-ffff', { database_specific: { severity: 'HIGH' } }),
      'GHSA-not-wanted.json': record('GHSA-not-wanted'),
      // Named like a wanted record but holding another id, and a broken file: osv-scanner would skip both.
      'GHSA-1111-2222-3333.json': record('GHSA-9999-9999-9999'),
      'GHSA-4444-5555-6666.json': strToU8('{ not json'),
      'GHSA-aaaa-bbbb-cccc.txt': strToU8('not a record'),
    });
    const found = await readDatabaseRecords(dir, wanted('GHSA-dddd-eeee-ffff', 'GHSA-aaaa-bbbb-cccc', 'GHSA-1111-2222-3333', 'GHSA-4444-5555-6666', 'GO-missing'));
    expect(found.map((r) => r.id)).toEqual(['GHSA-aaaa-bbbb-cccc', 'GHSA-dddd-eeee-ffff']);
    expect(found[1]).toMatchObject({ aliases: ['CVE-2026-0001'], database_specific: { severity: 'HIGH' } });
  });

  it('uses the zip read while osv-scanner ran instead of reading the database again', async () => {
    const dir = database({ 'GHSA-aaaa-bbbb-cccc.json': record('GHSA-aaaa-bbbb-cccc') });
    const preloaded = await loadDatabase(dir, ['Go']);
    // The directory no longer holds the zip: only the preloaded copy can answer.
    const found = await readDatabaseRecords(path.join(dir, 'gone'), wanted('GHSA-aaaa-bbbb-cccc'), preloaded);
    expect(found.map((r) => r.id)).toEqual(['GHSA-aaaa-bbbb-cccc']);
  });

  it('fails closed, naming the zip and how to fix it, when the zip is damaged', async () => {
    const dir = tempDir('osv-db-');
    mkdirSync(path.join(dir, 'Go'));
    writeFileSync(path.join(dir, 'Go', 'all.zip'), 'this is not a zip archive');
    const error = await readDatabaseRecords(dir, wanted('GHSA-aaaa-bbbb-cccc')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(`cannot read the offline vulnerability database ${path.join(dir, 'Go', 'all.zip')}`);
    expect((error as InputError).fix).toContain('download the database again');
  });

  it('reads nothing for an ecosystem the database does not hold', async () => {
    const dir = database({ 'GHSA-aaaa-bbbb-cccc.json': record('GHSA-aaaa-bbbb-cccc') });
    expect(await readDatabaseRecords(dir, new Map([['npm', new Set(['GHSA-aaaa-bbbb-cccc'])]]))).toEqual([]);
  });
});
