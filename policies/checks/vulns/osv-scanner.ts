/**
 * The one adapter around the osv-scanner binary: where it is, whether its
 * version is supported, how it is invoked, and what its exit codes mean.
 *
 * Every way the scanner can fail (missing, too old, crashed, hung, garbage on
 * stdout, no database) becomes an InputError with a fix, because a
 * vulnerability gate that cannot run must fail closed, never pass silently.
 */
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import type { SourceLocation } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { runProcess, startProcess, stderrTail, type ProcessOutcome, type RunningProcess } from './child-process.js';
import { layoutFor, prepareOfflineDatabase, type PreparedDatabase } from './offline-db.js';
import { OsvOutputError, parseOsvOutput, type OsvOutput } from './osv-output.js';
import { userCacheDirectory, writeFileAtomically } from './user-cache.js';
import { cachedScannerVersion, rememberScannerVersion, scannerIdentity } from './version-cache.js';

/** The release scripts/install-tools.sh pins and the docs recommend. */
export const pinnedScannerVersion = '2.5.1';

/**
 * Versions the adapter is written against: v2.4 added `ScanGoModVersion`
 * (which we set so that Go standard-library advisories are reported) and
 * escapes manifest content in its output (#2807); v3 may change the JSON.
 */
export const supportedScannerRange = '>=2.4.0 <3.0.0';

export const installCommand = `go install github.com/google/osv-scanner/v2/cmd/osv-scanner@v${pinnedScannerVersion}`;

/** Default time budget for one scan, in milliseconds (5 minutes). */
export const defaultTimeoutMs = 5 * 60 * 1000;

/** osv-scanner's exit codes (cmd/osv-scanner/internal/cmd/run.go, docs/output.md "Return Codes"). */
export const scannerExitCodes = {
  clean: 0,
  vulnerabilitiesFound: 1,
  otherError: 127,
  noPackagesFound: 128,
  apiFailure: 129,
  invalidConfig: 130,
} as const;

/** Where the binary comes from, in the order we look. */
export interface ScannerLookup {
  /** `--osv-scanner <path>`. */
  flag?: string | undefined;
  /** Environment to read `OSV_SCANNER` and `PATH` from. */
  env?: NodeJS.ProcessEnv;
  /** Directory a relative flag or env path is resolved against. */
  cwd?: string;
}

export interface LocatedScanner {
  path: string;
  version: string;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const missingFix = `install osv-scanner v${pinnedScannerVersion} with \`${installCommand}\`, then put it on PATH, set OSV_SCANNER=<path> or pass --osv-scanner <path>`;

/**
 * Finds the osv-scanner executable: the `--osv-scanner` flag, else the
 * `OSV_SCANNER` environment variable, else the first match on PATH.
 */
export function findScanner(lookup: ScannerLookup = {}): string {
  const env = lookup.env ?? process.env;
  const cwd = lookup.cwd ?? process.cwd();
  const explicit = lookup.flag ?? env.OSV_SCANNER;
  if (explicit !== undefined && explicit !== '') {
    const where = lookup.flag !== undefined ? '--osv-scanner' : 'OSV_SCANNER';
    const resolved = path.resolve(cwd, explicit);
    if (!isExecutableFile(resolved)) {
      throw new InputError(`osv-scanner not found: ${where} points at ${resolved}, which is not an executable file`, {
        fix: missingFix,
      });
    }
    return resolved;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'osv-scanner');
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new InputError('osv-scanner not found on PATH, and neither --osv-scanner nor OSV_SCANNER is set', {
    fix: missingFix,
  });
}

/**
 * Asks the binary for its version and checks it against
 * `supportedScannerRange`. Throws InputError when the version cannot be read
 * or is outside the range.
 */
export async function readScannerVersion(file: string, options: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  let outcome: ProcessOutcome;
  try {
    outcome = await runProcess(file, ['--version'], { ...options, cwd: process.cwd() });
  } catch (error) {
    throw spawnError(file, error);
  }
  const match = /osv-scanner version:\s*v?(\S+)/.exec(Buffer.concat(outcome.stdout).toString('utf8'));
  const version = match?.[1] === undefined ? null : semver.valid(match[1]);
  if (outcome.timedOut || outcome.code !== 0 || version === null) {
    const why = outcome.timedOut
      ? `did not answer within ${options.timeoutMs} ms`
      : outcome.signal !== null
        ? `was killed by ${outcome.signal}`
        : outcome.code !== 0
          ? `exited with code ${outcome.code ?? 'unknown'}`
          : 'printed no "osv-scanner version: X.Y.Z" line';
    throw new InputError(`could not read the version of ${file}: \`osv-scanner --version\` ${why}${stderrTail(outcome.stderr)}`, {
      fix: `check that ${file} is osv-scanner; reinstall it with \`${installCommand}\``,
    });
  }
  if (!semver.satisfies(version, supportedScannerRange)) {
    throw new InputError(`osv-scanner ${version} at ${file} is not supported (supported: ${supportedScannerRange})`, {
      fix: `install v${pinnedScannerVersion}: \`${installCommand}\``,
    });
  }
  return version;
}

/**
 * The binary's version, checked against `supportedScannerRange`: remembered
 * from an earlier check of the very same file (see version-cache.ts), else
 * read with `readScannerVersion` and remembered when supported.
 */
export async function verifiedScannerVersion(file: string, options: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  const identity = await scannerIdentity(file);
  if (identity === undefined) return readScannerVersion(file, options);
  const cached = await cachedScannerVersion(identity, (version) => semver.satisfies(version, supportedScannerRange), options.env);
  if (cached !== undefined) return cached;
  const version = await readScannerVersion(file, options);
  await rememberScannerVersion(identity, version, options.env);
  return version;
}

function spawnError(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(`could not start osv-scanner at ${file}${code ? ` (${code})` : ''}`, {
    fix: missingFix,
    cause: error,
  });
}

/** Inputs of one osv-scanner run. */
export interface ScannerRunOptions {
  /** Absolute directories to scan recursively. */
  targets: string[];
  scanner?: ScannerLookup;
  /** Offline database directory (any accepted layout); online when absent. */
  offlineDb?: string | undefined;
  /** Where the offline database was configured, for error locations. */
  offlineDbDeclaredAt?: SourceLocation | undefined;
  timeoutMs?: number;
  /** Absolute globs of directories to skip (see excludeGlob). */
  exclude?: readonly string[] | undefined;
  /**
   * Called once osv-scanner is running, so the caller can do its own reading
   * (manifests, for locations) on the other core instead of after the scan.
   */
  whileScanning?: () => Promise<void>;
}

/** osv-scanner's parsed output plus what we learned about the run. */
export interface ScannerRun {
  scanner: LocatedScanner;
  output: OsvOutput;
  /** Exit code 128: osv-scanner found no manifest or lockfile to scan. */
  noPackages: boolean;
  /** Arguments passed after the binary, with the config and database paths as they were (for debugging). */
  args: string[];
}

/**
 * Our own config file for osv-scanner. Passing `--config` makes osv-scanner
 * ignore any `osv-scanner.toml` in the repository, so the policy's
 * `ignore` list (with reasons and expiry dates) is the only way to silence a
 * finding. `ScanGoModVersion` makes it report Go standard-library advisories
 * for the `go`/`toolchain` directive, which it skips by default since v2.4.
 */
const scannerConfig = 'ScanGoModVersion = true\n';

/** The folder osv-scanner runs in, holding its config file. */
interface ScanWorkspace {
  dir: string;
  configFile: string;
  /** Removes the folder if it is a temporary one. */
  cleanup(): void;
}

/**
 * The scan's workspace: `osv-scanner/` in the user cache, written once and
 * kept (so a scan costs no folder to make and remove), else a temporary
 * folder when the cache cannot be written.
 */
function scanWorkspace(cacheDirectory: string): ScanWorkspace {
  const dir = path.join(cacheDirectory, 'osv-scanner');
  const configFile = path.join(dir, 'osv-scanner.toml');
  try {
    if (readTextOrUndefined(configFile) !== scannerConfig) writeFileAtomically(configFile, scannerConfig);
    return { dir, configFile, cleanup: () => undefined };
  } catch {
    const temporary = mkdtempSync(path.join(tmpdir(), 'goldenpath-osv-'));
    const cleanup = () => {
      rmSync(temporary, { recursive: true, force: true });
    };
    try {
      writeFileSync(path.join(temporary, 'osv-scanner.toml'), scannerConfig);
    } catch (error) {
      cleanup();
      throw error;
    }
    return { dir: temporary, configFile: path.join(temporary, 'osv-scanner.toml'), cleanup };
  }
}

function readTextOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The argument list of a scan, in one place so the benchmark and tests run exactly what the gate runs. */
export function scanArguments(options: {
  targets: string[];
  configFile: string;
  databaseBase?: string | undefined;
  /** Absolute globs of directories to skip (see excludeArgument). */
  exclude?: readonly string[] | undefined;
}): string[] {
  return [
    'scan',
    'source',
    '--recursive',
    '--format',
    'json',
    // Exit code 1 for every finding, not only "important" or called ones; the verdict is ours anyway.
    '--all-vulns',
    // Reachability analysis builds the code (toolchain, network, minutes); the gate treats every match as reachable.
    '--no-call-analysis=all',
    '--config',
    options.configFile,
    ...(options.databaseBase === undefined ? [] : ['--offline', '--local-db-path', options.databaseBase]),
    ...(options.exclude ?? []).flatMap((glob) => ['--experimental-exclude', `g:${glob}`]),
    ...options.targets,
  ];
}

/**
 * The glob osv-scanner's `--experimental-exclude g:` matches for a
 * repository-relative directory glob: osv-scanner walks from `/` and matches
 * absolute paths without their leading slash, with `*` inside one segment and
 * `**` across segments.
 */
export function excludeGlob(root: string, relativeGlob: string): string {
  const escapedRoot = root.replace(/^\/+/, '').replace(/[*?[\]{}\\!]/g, (c) => `\\${c}`);
  const pattern = relativeGlob.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return escapedRoot === '' ? pattern : `${escapedRoot}/${pattern}`;
}

/** Environment for a scan: both cache variables point at the database, for every v2 release. */
export function scanEnvironment(base: NodeJS.ProcessEnv, databaseBase: string | undefined): NodeJS.ProcessEnv {
  if (databaseBase === undefined) return { ...base };
  return {
    ...base,
    OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY: databaseBase,
    OSV_SCALIBR_LOCAL_DB_CACHE_DIRECTORY: databaseBase,
  };
}

/**
 * Runs `osv-scanner scan source` on the targets and returns its parsed JSON.
 * Exit codes 0 and 1 yield output; 128 (no packages) yields an empty result
 * flagged `noPackages`; anything else throws InputError.
 */
export async function runScanner(options: ScannerRunOptions): Promise<ScannerRun> {
  const lookup = options.scanner ?? {};
  const env = lookup.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const file = findScanner(lookup);
  // The version is checked while the scan runs (asking the binary costs as much as a small scan, hence
  // also the cache); the scan is discarded if the version turns out unsupported. Settled here so neither can go unhandled.
  const versionCheck = verifiedScannerVersion(file, { env, timeoutMs }).then(
    (version) => ({ version }),
    (error: unknown) => ({ error }),
  );
  // The workspace and database layout are prepared synchronously: tiny operations on the scan's critical path,
  // where a round trip through the thread pool (busy with the version check) costs more than the work.
  const cacheDirectory = userCacheDirectory(env);
  const workspace = scanWorkspace(cacheDirectory);
  const { configFile, dir: cwd } = workspace;
  let database: PreparedDatabase | undefined;
  try {
    // Prepared for the pinned release's layout; laid-out copies serve both layouts.
    database = await prepareDatabase(options, pinnedScannerVersion, versionCheck, cacheDirectory);
    const exclude = options.exclude;
    let scan = startScan(file, { targets: options.targets, exclude, configFile, database, env, timeoutMs, cwd });
    await options.whileScanning?.();
    const checked = await versionCheck;
    if ('error' in checked) {
      scan.kill();
      await scan.done.catch(() => undefined);
      throw checked.error;
    }
    const { version } = checked;
    if (database !== undefined && !database.layouts.includes(layoutFor(version))) {
      // An older release reads the other layout: lay the database out for it and scan again.
      scan.kill();
      await scan.done.catch(() => undefined);
      await database.cleanup();
      database = await prepareDatabase(options, version, versionCheck, cacheDirectory);
      scan = startScan(file, { targets: options.targets, exclude, configFile, database, env, timeoutMs, cwd });
    }
    let outcome: ProcessOutcome;
    try {
      outcome = await scan.done;
    } catch (error) {
      throw spawnError(file, error);
    }
    const scanner = { path: file, version };
    const args = scanArguments({ targets: options.targets, exclude, configFile, databaseBase: database?.base });
    return { scanner, args, ...interpretOutcome(outcome, { file, timeoutMs, offline: database !== undefined }) };
  } finally {
    workspace.cleanup();
    await database?.cleanup();
  }
}

/** Prepares the offline database, reporting a bad version first when both are wrong. */
async function prepareDatabase(
  options: ScannerRunOptions,
  version: string,
  versionCheck: Promise<{ version: string } | { error: unknown }>,
  cacheDirectory: string,
): Promise<PreparedDatabase | undefined> {
  if (options.offlineDb === undefined) return undefined;
  try {
    return await prepareOfflineDatabase(options.offlineDb, version, options.offlineDbDeclaredAt, cacheDirectory);
  } catch (error) {
    const checked = await versionCheck;
    throw 'error' in checked ? checked.error : error;
  }
}

function startScan(
  file: string,
  run: {
    targets: string[];
    exclude: readonly string[] | undefined;
    configFile: string;
    database: PreparedDatabase | undefined;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    cwd: string;
  },
): RunningProcess {
  const base = run.database?.base;
  const args = scanArguments({ targets: run.targets, exclude: run.exclude, configFile: run.configFile, databaseBase: base });
  try {
    return startProcess(file, args, { env: scanEnvironment(run.env, base), timeoutMs: run.timeoutMs, cwd: run.cwd });
  } catch (error) {
    throw spawnError(file, error);
  }
}

/** Maps a finished scan to output or to the InputError that explains it. */
function interpretOutcome(
  outcome: ProcessOutcome,
  context: { file: string; timeoutMs: number; offline: boolean },
): { output: OsvOutput; noPackages: boolean } {
  const tail = stderrTail(outcome.stderr);
  if (outcome.timedOut) {
    throw new InputError(`osv-scanner did not finish within ${formatDuration(context.timeoutMs)} and was stopped`, {
      fix: 'raise `vulnerabilities.timeout` (seconds) in the policy, or scan fewer paths with `vulnerabilities.paths`',
    });
  }
  if (outcome.signal !== null) {
    throw new InputError(`osv-scanner was killed by ${outcome.signal}${tail}`, {
      fix: `rerun the check; if it keeps crashing, reinstall osv-scanner with \`${installCommand}\``,
    });
  }
  switch (outcome.code) {
    case scannerExitCodes.clean:
    case scannerExitCodes.vulnerabilitiesFound: {
      let output: OsvOutput;
      try {
        output = parseOsvOutput(outcome.stdout);
      } catch (error) {
        if (!(error instanceof OsvOutputError)) throw error;
        throw new InputError(`osv-scanner exited with ${outcome.code} but its ${error.message}`, {
          fix: `check that ${context.file} is osv-scanner ${supportedScannerRange}; reinstall with \`${installCommand}\``,
        });
      }
      const vulnerable = output.results.some((r) => r.packages?.some((p) => (p.vulnerabilities?.length ?? 0) > 0));
      if (outcome.code === scannerExitCodes.vulnerabilitiesFound && !vulnerable) {
        // Exit 1 without a vulnerability in the JSON means we are not reading what it found.
        throw new InputError('osv-scanner exited with 1 (findings) but its JSON output lists no vulnerability', {
          fix: `check that ${context.file} is osv-scanner ${supportedScannerRange}; reinstall with \`${installCommand}\``,
        });
      }
      return { output, noPackages: false };
    }
    case scannerExitCodes.noPackagesFound:
      return { output: { results: [] }, noPackages: true };
    case scannerExitCodes.apiFailure:
      throw new InputError(`osv-scanner could not query the OSV API (exit code 129)${tail}`, {
        fix: 'check network access to api.osv.dev, or scan offline with --offline-db <dir> / `vulnerabilities.offline_db`',
      });
    case scannerExitCodes.invalidConfig:
      throw new InputError(`osv-scanner rejected its configuration (exit code 130)${tail}`, {
        fix: `use osv-scanner ${supportedScannerRange}: \`${installCommand}\``,
      });
    case scannerExitCodes.otherError: {
      const missingDb = /could not load db for (\S+) ecosystem/.exec(outcome.stderr);
      if (missingDb && context.offline) {
        throw new InputError(`the offline vulnerability database has no ${missingDb[1] ?? ''} database (exit code 127)${tail}`, {
          fix: `add ${missingDb[1] ?? '<Ecosystem>'}/all.zip to the offline database directory`,
        });
      }
      throw new InputError(`osv-scanner failed (exit code 127)${tail}`, {
        fix: 'fix the cause osv-scanner names above (an unreadable manifest or lockfile, a missing database), then rerun',
      });
    }
    default:
      throw new InputError(`osv-scanner exited with unexpected code ${outcome.code ?? 'unknown'}${tail}`, {
        fix: `check that ${context.file} is osv-scanner ${supportedScannerRange}; reinstall with \`${installCommand}\``,
      });
  }
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
