import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder with package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A pinned external tool installed by scripts/install-tools.sh (osv-scanner, golangci-lint, actionlint). */
export function toolPath(name: 'osv-scanner' | 'golangci-lint' | 'actionlint'): string {
  return path.join(repoRoot, '.tools', 'bin', name);
}

/**
 * The offline OSV database and its fixtures, kept beside the repository as
 * ../shared/osv-db (GOLDENPATH_OSV_DB overrides it). Vulnerability tests never
 * use the network.
 */
export const osvDb = process.env.GOLDENPATH_OSV_DB ?? path.resolve(repoRoot, '..', 'shared', 'osv-db');

/** The built bins, as `npx` runs them (dist/ is built by test/global-setup.ts). */
export const bins = {
  goldenpath: path.join(repoRoot, 'dist', 'generators', 'cli', 'goldenpath.js'),
  createService: path.join(repoRoot, 'dist', 'generators', 'cli', 'create-service.js'),
} as const;
