/**
 * Overhead of the vulnerability gate over osv-scanner itself, on the offline
 * database's Go and npm fixtures.
 *
 * Three timings per fixture, interleaved run by run so machine noise hits all
 * of them alike, medians reported:
 * - raw: osv-scanner with exactly the arguments the gate passes, against a
 *   database laid out once beforehand (what a hand-written CI step runs);
 * - gate: the `vulns` check in-process (`check.run`): version check, database
 *   layout, scan, JSON validation, severities, locations, policy verdict;
 * - CLI: `goldenpath check --only vulns` as CI runs it, Node start-up included.
 *
 * Goal (docs/benchmarks.md): the gate adds less than 10 % to the raw scan.
 *
 * Usage: npm run build && npx tsx bench/vulns-overhead.ts [--runs 5] [--write]
 * Prints a markdown section; --write replaces the "## Vulnerability gate
 * overhead" section of docs/benchmarks.md with it (creating the file if needed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { check } from '../policies/checks/vulns/index.js';
import { scanArguments, scanEnvironment } from '../policies/checks/vulns/osv-scanner.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const osvDb = path.resolve(repoRoot, '..', 'shared', 'osv-db');
const scanner = path.join(repoRoot, '.tools', 'bin', 'osv-scanner');
const cli = path.join(repoRoot, 'dist', 'generators', 'cli', 'goldenpath.js');
const heading = '## Vulnerability gate overhead';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, write: { type: 'boolean', default: false } } });
const runs = Number(values.runs);

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** One raw osv-scanner run; exit 1 (findings) is the expected outcome. */
function rawRun(dir: string, configFile: string, laidOut: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(scanner, scanArguments({ targets: [dir], configFile, databaseBase: laidOut }), {
    env: scanEnvironment(process.env, laidOut),
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = seconds(start);
  if (result.status !== 1) throw new Error(`raw osv-scanner exited ${String(result.status)}: ${String(result.stderr)}`);
  return elapsed;
}

async function gateRun(dir: string): Promise<{ elapsed: number; findings: number }> {
  const start = process.hrtime.bigint();
  const findings = await check.run({
    root: dir,
    options: {},
    policy: { document: {}, locate: () => ({ file: 'goldenpath.yaml' }) },
    now: new Date(),
    flags: { 'osv-scanner': scanner, 'offline-db': osvDb },
  });
  return { elapsed: seconds(start), findings: findings.length };
}

function cliRun(dir: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'check', '--only', 'vulns', '--osv-scanner', scanner, '--offline-db', osvDb, '--format', 'json', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const elapsed = seconds(start);
  if (result.status !== 1) throw new Error(`goldenpath check exited ${String(result.status)}: ${result.stderr}`);
  return elapsed;
}

/** Median wall time of a command that must exit 0 (start-up costs: `osv-scanner --version`, `goldenpath --version`). */
function startupTime(command: string, args: readonly string[]): number {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i += 1) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${String(result.status)}`);
    if (i > 0) samples.push(seconds(start));
  }
  return median(samples);
}

interface Row {
  fixture: string;
  findings: number;
  raw: number;
  gate: number;
  cli: number;
}

async function measure(fixture: string, configFile: string, laidOut: string): Promise<Row> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-vulns-${fixture}-`));
  cpSync(path.join(osvDb, 'fixtures', fixture), dir, { recursive: true, filter: (src) => !/(EXPECTED\.md|expected-osv\.json)$/.test(src) });
  try {
    // Warm-up: page cache, module loading, ajv compilation.
    rawRun(dir, configFile, laidOut);
    const { findings } = await gateRun(dir);
    cliRun(dir);
    const raw: number[] = [];
    const gate: number[] = [];
    const cliTimes: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      raw.push(rawRun(dir, configFile, laidOut));
      gate.push((await gateRun(dir)).elapsed);
      cliTimes.push(cliRun(dir));
    }
    return { fixture, findings, raw: median(raw), gate: median(gate), cli: median(cliTimes) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percent(value: number, base: number): string {
  const p = ((value - base) / base) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;
}

function render(rows: readonly Row[], scannerVersion: string, loadBefore: number, startup: { scanner: number; cli: number }): string {
  const lines = [
    heading,
    '',
    `\`npx tsx bench/vulns-overhead.ts --runs ${runs}\`: medians of ${runs} interleaved runs after one warm-up, offline against`,
    `\`../shared/osv-db\`, osv-scanner ${scannerVersion}, Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}),`,
    `1-minute load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0]?.toFixed(1) ?? '?'} after the runs.`,
    'Raw is osv-scanner with the arguments the gate passes and a database laid out beforehand; gate is the `vulns` check',
    'in-process (version check, database layout, scan, JSON validation, severities, locations, verdict); CLI is',
    '`goldenpath check --only vulns --format json`, Node start-up included. Goal: gate overhead under 10 %.',
    '',
    '| fixture | findings | raw osv-scanner | gate (in-process) | gate overhead | CLI | CLI overhead |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.fixture} | ${r.findings} | ${r.raw.toFixed(3)} s | ${r.gate.toFixed(3)} s | ${percent(r.gate, r.raw)} | ${r.cli.toFixed(3)} s | ${percent(r.cli, r.raw)} |`,
    ),
    '',
    `Start-up costs measured in the same run: \`osv-scanner --version\` ${startup.scanner.toFixed(3)} s (the gate runs it once per`,
    'installed binary to check the supported range, concurrently with the scan, and remembers the answer under',
    '`$XDG_CACHE_HOME/goldenpath/` keyed by the binary\'s path, inode, size and times; the warm-up run pays it),',
    `\`goldenpath --version\` ${startup.cli.toFixed(3)} s (Node and the CLI's modules, paid by every \`goldenpath\` command).`,
    'The rest of the gate overhead is the temporary database layout, reading the manifests for line numbers (done',
    'while osv-scanner runs), rating the findings and, for Go advisories whose GHSA alias osv-scanner leaves out',
    '(the standard library\'s), reading those alias records from the offline database after the scan.',
    '',
  ];
  return lines.join('\n');
}

/** Replaces this benchmark's section of docs/benchmarks.md (up to the next `## ` heading), leaving the others alone. */
function writeSection(section: string): void {
  const file = path.join(repoRoot, 'docs', 'benchmarks.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const start = current.indexOf(`${heading}\n`);
  if (start === -1) {
    writeFileSync(file, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + heading.length);
  const end = next === -1 ? current.length : next + 1;
  writeFileSync(file, `${current.slice(0, start)}${section}${next === -1 ? '' : '\n'}${current.slice(end)}`);
}

async function main(): Promise<void> {
  // The gate remembers verified osv-scanner versions under $XDG_CACHE_HOME; a cache of our own keeps the
  // user's untouched, and the warm-up run fills it, as the first check on a machine does.
  const cacheHome = mkdtempSync(path.join(os.tmpdir(), 'bench-cache-'));
  process.env.XDG_CACHE_HOME = cacheHome;
  const laidOut = mkdtempSync(path.join(os.tmpdir(), 'bench-osv-db-'));
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'bench-osv-config-'));
  try {
    execFileSync('bash', [path.join(osvDb, 'layout.sh'), '--symlink', laidOut], { stdio: 'ignore' });
    const configFile = path.join(configDir, 'osv-scanner.toml');
    writeFileSync(configFile, 'ScanGoModVersion = true\n');
    const version = /version:\s*(\S+)/.exec(execFileSync(scanner, ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
    const loadBefore = os.loadavg()[0] ?? Number.NaN;
    const rows = [await measure('go-vulnerable', configFile, laidOut), await measure('npm-vulnerable', configFile, laidOut)];
    const startup = { scanner: startupTime(scanner, ['--version']), cli: startupTime(process.execPath, [cli, '--version']) };
    const section = render(rows, version, loadBefore, startup);
    process.stdout.write(section);
    if (values.write) writeSection(section);
  } finally {
    rmSync(laidOut, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
    rmSync(cacheHome, { recursive: true, force: true });
  }
}

await main();
