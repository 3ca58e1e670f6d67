/**
 * Where a vulnerable package is declared, including npm aliases: a package
 * installed under another name (`"old-qs": "npm:qs@6.5.2"`) is found under
 * its real name and version, at the line that declares the alias.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocationIndex } from '../../../../policies/checks/vulns/locations.js';
import { defaultEcosystemLookup } from '../../../../policies/checks/vulns/scan.js';
import { tempDir } from './helpers.js';

function aliasedProject(): string {
  const root = tempDir('locations-');
  const manifest = { name: 'app', version: '1.0.0', dependencies: { 'old-qs': 'npm:qs@6.5.2', qs: '6.11.0' } };
  const lockfile = {
    name: 'app',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': manifest,
      'node_modules/old-qs': { name: 'qs', version: '6.5.2' },
      'node_modules/qs': { version: '6.11.0' },
    },
  };
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(root, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
  return root;
}

describe('LocationIndex', () => {
  it('finds an aliased npm package by its real name and version, at the alias declaration', () => {
    const locations = new LocationIndex(aliasedProject(), defaultEcosystemLookup);
    expect(locations.locate('package-lock.json', 'npm', 'qs', '6.5.2')).toEqual({ location: { file: 'package.json', line: 5, column: 5 }, direct: true });
    expect(locations.locate('package-lock.json', 'npm', 'qs', '6.11.0')).toEqual({ location: { file: 'package.json', line: 6, column: 5 }, direct: true });
    // By the name it is installed under, too.
    expect(locations.locate('package-lock.json', 'npm', 'old-qs', '6.5.2').location.line).toBe(5);
  });

  it('falls back to the file when the package is not declared there', () => {
    const locations = new LocationIndex(aliasedProject(), defaultEcosystemLookup);
    expect(locations.locate('package-lock.json', 'npm', 'lodash', '4.17.20')).toEqual({ location: { file: 'package-lock.json' } });
  });
});
