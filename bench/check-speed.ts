/**
 * Benchmark of `goldenpath check --only deps,config,coverage` on the synthetic
 * monorepo (bench/monorepo/generate.ts), at 1,000 and 2,000 services, with
 * `go tool cover -func` over the same 1,000 cover profiles as the reference
 * measured in the same run.
 *
 * Goals (docs/benchmarks.md): under 5 s for 1,000 services on a 2-core machine,
 * and doubling the input costs at most 2.2x.
 *
 * Usage: npm run build && npx tsx bench/check-speed.ts [--runs 3]
 * Prints a markdown section for docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateMonorepo } from './monorepo/generate.js';

const cli = path.resolve('dist/generators/cli/goldenpath.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Wall-clock seconds of one command; the exit code must be 0 or 1 (findings are fine, errors are not). */
function time(command: string, args: string[], cwd?: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${command} ${args.join(' ')} exited ${String(result.status)}: ${result.stderr}`);
  }
  return seconds;
}

async function ensureMonorepo(services: number): Promise<string> {
  const dir = path.resolve('bench', 'out', `mono-${services}`);
  if (!existsSync(path.join(dir, 'goldenpath.yaml'))) await generateMonorepo(services, dir);
  return dir;
}

function checkTime(dir: string, only: string, runs: number): number {
  time('node', [cli, 'check', dir, '--only', only, '--format', 'json']); // warm the page cache
  return median(Array.from({ length: runs }, () => time('node', [cli, 'check', dir, '--only', only, '--format', 'json'])));
}

function goToolCoverTime(dir: string): number {
  const services = readdirSync(path.join(dir, 'services'));
  const start = process.hrtime.bigint();
  for (const service of services) {
    const result = spawnSync('go', ['tool', 'cover', '-func=coverage.out'], {
      cwd: path.join(dir, 'services', service),
      stdio: 'ignore',
    });
    if (result.status !== 0) throw new Error(`go tool cover failed in ${service}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  const small = await ensureMonorepo(1000);
  const large = await ensureMonorepo(2000);

  const all1k = checkTime(small, 'deps,config,coverage', runs);
  const all2k = checkTime(large, 'deps,config,coverage', runs);
  const rows: [string, number, number][] = [];
  for (const only of ['deps', 'config', 'coverage']) {
    rows.push([only, checkTime(small, only, runs), checkTime(large, only, runs)]);
  }
  const reference = goToolCoverTime(small);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const fmt = (s: number): string => `${s.toFixed(2)} s`;
  console.log(`## goldenpath check on a 1,000-service monorepo\n`);
  console.log(`Machine: ${os.cpus().length} cores (${cpu}), Node ${process.version}; median of ${runs} runs after one warm-up.\n`);
  console.log('| checks | 1,000 services | 2,000 services | 2,000 / 1,000 |');
  console.log('|---|---|---|---|');
  console.log(`| deps,config,coverage | ${fmt(all1k)} | ${fmt(all2k)} | ${(all2k / all1k).toFixed(2)}x |`);
  for (const [only, a, b] of rows) console.log(`| ${only} | ${fmt(a)} | ${fmt(b)} | ${(b / a).toFixed(2)}x |`);
  const coverage1k = rows.find(([only]) => only === 'coverage')?.[1] ?? Number.NaN;
  console.log(`\nReference: \`go tool cover -func\` over the same 1,000 profiles took ${fmt(reference)} (one process per service, as a CI job would run it); goldenpath's coverage check (process start, policy load, parsing, merging and gating all 1,000 profiles) took ${fmt(coverage1k)}: ${(coverage1k / reference).toFixed(2)}x the reference.`);
}

await main();
