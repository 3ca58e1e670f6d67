/**
 * Overhead of the vulnerability gate over osv-scanner itself, offline against
 * the shared OSV database: on its Go and npm fixtures, on a service generated
 * by create-service (the inputs the gate's tests use), and on a monorepo of
 * copies of both fixtures (where a scan takes seconds rather than tenths).
 *
 * Four timings per input, in rounds that each time a raw run and the gate,
 * or a raw run, a fresh process and the CLI (see gateModes), in a shuffled
 * order every round so machine noise and caches hit all of them alike:
 * - raw: osv-scanner with exactly the arguments the gate passes, against a
 *   database laid out once beforehand, its report written to a file (what a
 *   hand-written CI step runs);
 * - gate: the `vulns` check in this process (`check.run`): version check,
 *   database layout, scan, JSON validation, severities, locations, verdict;
 * - fresh process: the same call timed inside a new Node process with the
 *   modules loaded but nothing compiled by the JIT or remembered yet, which
 *   is what one CI run pays apart from Node's start-up;
 * - CLI: `goldenpath check --only vulns` as CI runs it, Node start-up included.
 *
 * Overheads are medians of the per-round ratios to the raw run of the same
 * round (paired, so a slow round does not count against one side only), with
 * their interquartile range, and for the gate the median added milliseconds.
 *
 * Goal (docs/benchmarks.md): the gate adds less than 10 % to the raw scan.
 *
 * Usage: npm run build && npx tsx bench/vulns-overhead.ts [--runs 15] [--copies 20] [--inputs go-vulnerable,npm-vulnerable,generated-service,monorepo] [--write]
 * Prints a markdown section; --write replaces the "## Vulnerability gate
 * overhead" section of docs/benchmarks.md with it (creating the file if needed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Check } from '../policies/model/check.js';
import { scanArguments, scanEnvironment } from '../policies/checks/vulns/osv-scanner.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const osvDb = path.resolve(repoRoot, '..', 'shared', 'osv-db');
const scanner = path.join(repoRoot, '.tools', 'bin', 'osv-scanner');
const cli = path.join(repoRoot, 'dist', 'generators', 'cli', 'goldenpath.js');
const createService = path.join(repoRoot, 'dist', 'generators', 'cli', 'create-service.js');
const builtCheck = pathToFileURL(path.join(repoRoot, 'dist', 'policies', 'checks', 'vulns', 'index.js')).href;
/** The built check, as the CLI and the fresh-process column run it (not this file's TypeScript sources through tsx). */
const { check } = (await import(builtCheck)) as { check: Check };
const heading = '## Vulnerability gate overhead';

const defaultInputs = 'go-vulnerable,npm-vulnerable,generated-service,monorepo';
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    copies: { type: 'string', default: '20' },
    write: { type: 'boolean', default: false },
    inputs: { type: 'string', default: defaultInputs },
  },
});
const runs = Number(values.runs);
const copies = Number(values.copies);

function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] ?? Number.NaN;
  const high = sorted[Math.ceil(at)] ?? Number.NaN;
  return low + (high - low) * (at - Math.floor(at));
}

const median = (samples: readonly number[]) => quantile(samples, 0.5);

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** A deterministic shuffle (mulberry32), so a rerun measures in the same orders. */
function shuffler(seed: number): <T>(items: readonly T[]) => T[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (items) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
    }
    return out;
  };
}

/**
 * One raw osv-scanner run, its JSON written to a file as `osv-scanner ... > report.json` does (read back
 * through a pipe, the report would leave megabytes of garbage in this process for the gate's runs to collect).
 * Exit 1 (findings) is the expected outcome.
 */
function rawRun(dir: string, configFile: string, laidOut: string, report: string): number {
  const out = openSync(report, 'w');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(scanner, scanArguments({ targets: [dir], configFile, databaseBase: laidOut }), {
      env: scanEnvironment(process.env, laidOut),
      stdio: ['ignore', out, 'pipe'],
    });
    const elapsed = seconds(start);
    if (result.status !== 1) throw new Error(`raw osv-scanner exited ${String(result.status)}: ${String(result.stderr)}`);
    return elapsed;
  } finally {
    closeSync(out);
  }
}

const checkArguments = (dir: string) => ({
  root: dir,
  options: {},
  policy: { document: {}, locate: () => ({ file: 'goldenpath.yaml' }) },
  now: new Date(),
  flags: { 'osv-scanner': scanner, 'offline-db': osvDb },
});

async function gateRun(dir: string): Promise<{ elapsed: number; findings: number }> {
  const start = process.hrtime.bigint();
  const findings = await check.run(checkArguments(dir));
  return { elapsed: seconds(start), findings: findings.length };
}

/** The built check, imported by a new Node process that prints how long one `check.run` took. */
const freshProcessScript = `
const { check } = await import(${JSON.stringify(builtCheck)});
const args = JSON.parse(process.argv[1]);
const start = process.hrtime.bigint();
await check.run({ ...args, now: new Date(), policy: { document: {}, locate: () => ({ file: 'goldenpath.yaml' }) } });
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e9));
`;

function freshProcessRun(dir: string): number {
  const { root, options, flags } = checkArguments(dir);
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', freshProcessScript, JSON.stringify({ root, options, flags })], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = Number(result.stdout);
  if (result.status !== 0 || !Number.isFinite(elapsed)) throw new Error(`fresh-process gate run failed: ${result.stderr}`);
  return elapsed;
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

type Mode = 'raw' | 'gate' | 'fresh' | 'cli';

/**
 * The in-process gate is timed in rounds of its own with a raw run, twice as
 * many as the process rounds: timed between Node processes started by the
 * fresh-process and CLI columns, it measured a few points slower than beside
 * raw runs alone, a cost of this benchmark's process rather than of the gate.
 * Fresh-process and CLI runs share rounds with a raw run of their own.
 */
const gateModes: readonly Mode[] = ['raw', 'gate'];
const processModes: readonly Mode[] = ['raw', 'fresh', 'cli'];

/** Samples of one kind of round, by mode; index i of every mode is round i. */
type Rounds = Partial<Record<Mode, number[]>>;

interface Row {
  input: string;
  findings: number;
  gateRounds: Rounds;
  processRounds: Rounds;
}

/**
 * The folder to scan, inside a temporary `workspace` removed afterwards: a copy of one fixture, a service
 * generated from the Go template as a developer gets it (`generated-service`, its go.mod as generated), or
 * (`monorepo`) `copies` copies of each fixture in their own folders.
 */
function prepareInput(input: string): { workspace: string; target: string } {
  const workspace = mkdtempSync(path.join(os.tmpdir(), `bench-vulns-${input}-`));
  if (input === 'generated-service') {
    const args = [createService, 'svc', '--yes', '--module', 'example.com/svc', '--no-git', '--no-install', '--dir', workspace];
    execFileSync(process.execPath, args, { stdio: 'ignore' });
    return { workspace, target: path.join(workspace, 'svc') };
  }
  const copy = (fixture: string, to: string) => {
    cpSync(path.join(osvDb, 'fixtures', fixture), to, { recursive: true, filter: (src) => !/(EXPECTED\.md|expected-osv\.json)$/.test(src) });
  };
  if (input !== 'monorepo') {
    copy(input, workspace);
    return { workspace, target: workspace };
  }
  for (let i = 0; i < copies; i += 1) {
    copy('go-vulnerable', path.join(workspace, 'services', `go-${String(i).padStart(2, '0')}`));
    copy('npm-vulnerable', path.join(workspace, 'web', `npm-${String(i).padStart(2, '0')}`));
  }
  return { workspace, target: workspace };
}

/** `count` rounds timing each of `modes` once, in a shuffled order. */
async function timeRounds(
  modes: readonly Mode[],
  count: number,
  dir: string,
  raw: { configFile: string; laidOut: string; report: string },
  shuffle: <T>(items: readonly T[]) => T[],
): Promise<Rounds> {
  const rounds: Rounds = Object.fromEntries(modes.map((mode) => [mode, []]));
  for (let i = 0; i < count; i += 1) {
    for (const mode of shuffle(modes)) {
      const elapsed =
        mode === 'raw'
          ? rawRun(dir, raw.configFile, raw.laidOut, raw.report)
          : mode === 'gate'
            ? (await gateRun(dir)).elapsed
            : mode === 'fresh'
              ? freshProcessRun(dir)
              : cliRun(dir);
      rounds[mode]?.push(elapsed);
    }
  }
  return rounds;
}

async function measure(input: string, configFile: string, laidOut: string, shuffle: <T>(items: readonly T[]) => T[]): Promise<Row> {
  const { workspace, target: dir } = prepareInput(input);
  const report = path.join(path.dirname(configFile), 'raw-report.json');
  try {
    // Warm-up: page cache, module loading, this process's JIT; the first gate run also remembers the scanner's version.
    rawRun(dir, configFile, laidOut, report);
    if (statSync(report).size === 0) throw new Error('raw osv-scanner wrote no report');
    const { findings } = await gateRun(dir);
    freshProcessRun(dir);
    cliRun(dir);
    const gateRounds = await timeRounds(gateModes, runs * 2, dir, { configFile, laidOut, report }, shuffle);
    const processRounds = await timeRounds(processModes, runs, dir, { configFile, laidOut, report }, shuffle);
    return { input, findings, gateRounds, processRounds };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

function percent(ratio: number): string {
  const p = (ratio - 1) * 100;
  return `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;
}

/** Samples of `mode` in `rounds` (empty when not timed). */
const samplesOf = (rounds: Rounds, mode: Mode): number[] => rounds[mode] ?? [];

/** Median of the per-round ratios to the raw run of the same round, with the interquartile range. */
function overhead(rounds: Rounds, mode: Exclude<Mode, 'raw'>): string {
  const raw = samplesOf(rounds, 'raw');
  const ratios = samplesOf(rounds, mode).map((value, i) => value / (raw[i] ?? Number.NaN));
  return `${percent(median(ratios))} (${percent(quantile(ratios, 0.25))} to ${percent(quantile(ratios, 0.75))})`;
}

/** Median of the per-round differences to the raw run, in milliseconds. */
function addedMs(rounds: Rounds, mode: Exclude<Mode, 'raw'>): string {
  const raw = samplesOf(rounds, 'raw');
  const differences = samplesOf(rounds, mode).map((value, i) => value - (raw[i] ?? Number.NaN));
  return `${(median(differences) * 1000).toFixed(1)} ms`;
}

function render(rows: readonly Row[], scannerVersion: string, loadBefore: number, startup: { scanner: number; cli: number }): string {
  const describeInput = (input: string) =>
    input === 'monorepo' ? `monorepo (${copies} × each fixture)` : input;
  const lines = [
    heading,
    '',
    `\`npx tsx bench/vulns-overhead.ts --runs ${runs} --copies ${copies}${values.inputs === defaultInputs ? '' : ` --inputs ${values.inputs}`}\`: after one warm-up, ${runs * 2} rounds each timing a raw run and`,
    `the gate, then ${runs} rounds each timing a raw run, a fresh process and the CLI, every round in a shuffled order;`,
    `offline against \`../shared/osv-db\`, osv-scanner ${scannerVersion}, Node ${process.version},`,
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), 1-minute load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0]?.toFixed(1) ?? '?'} after.`,
    '',
    '- **raw**: osv-scanner with the arguments the gate passes and a database laid out beforehand, its JSON report',
    '  written to a file;',
    '- **gate**: the `vulns` check in-process (version check, database layout, scan, JSON validation, severities,',
    '  locations, verdict), in a process that has run it before;',
    '- **fresh process**: the same call timed inside a new Node process, modules loaded but nothing compiled by the',
    '  JIT or remembered in memory yet: what one CI run pays apart from Node start-up;',
    '- **CLI**: `goldenpath check --only vulns --format json`, Node start-up, module loading and policy schema included.',
    '',
    'Times are medians. An overhead is the median of the per-round ratios to the raw run of the same round, with its',
    'interquartile range in brackets; "added" is the median per-round difference. The gate has rounds of its own',
    'because, timed between the Node processes of the other two columns, it ran a few points slower than beside raw',
    'runs alone (a cost of the benchmark\'s own process). Goal: gate overhead under 10 %.',
    '',
    '| input | findings | raw osv-scanner | gate | gate overhead | gate added | fresh process | fresh-process overhead | CLI | CLI overhead |',
    '|---|---:|---:|---:|---|---:|---:|---|---:|---|',
    ...rows.map(
      (r) =>
        `| ${describeInput(r.input)} | ${r.findings} | ${median(samplesOf(r.gateRounds, 'raw')).toFixed(3)} s | ` +
        `${median(samplesOf(r.gateRounds, 'gate')).toFixed(3)} s | ${overhead(r.gateRounds, 'gate')} | ${addedMs(r.gateRounds, 'gate')} | ` +
        `${median(samplesOf(r.processRounds, 'fresh')).toFixed(3)} s | ${overhead(r.processRounds, 'fresh')} | ` +
        `${median(samplesOf(r.processRounds, 'cli')).toFixed(3)} s | ${overhead(r.processRounds, 'cli')} |`,
    ),
    '',
    `Start-up costs measured in the same run: \`osv-scanner --version\` ${startup.scanner.toFixed(3)} s (the gate runs it once per`,
    'installed binary to check the supported range, concurrently with the scan, and remembers the answer under',
    '`$XDG_CACHE_HOME/goldenpath/` keyed by the binary\'s path, inode, size and times; the warm-up run pays it),',
    `\`goldenpath --version\` ${startup.cli.toFixed(3)} s (Node and the CLI's modules, paid by every \`goldenpath\` command).`,
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
  // user's untouched (child processes inherit it), and the warm-up run fills it, as the first check on a machine does.
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
    const shuffle = shuffler(20261121);
    const rows: Row[] = [];
    for (const input of values.inputs.split(',')) rows.push(await measure(input, configFile, laidOut, shuffle));
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
