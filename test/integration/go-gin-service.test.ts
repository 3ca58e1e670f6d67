/**
 * End-to-end check of the go-gin template: generate a service with the real
 * CLI, then hold it to the standard a reviewer would, with the real Go
 * toolchain (vet, race tests, coverage, build, golangci-lint) and the real
 * binary serving HTTP on loopback ports.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, access } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bins, repoRoot, toolPath } from '../support/paths.js';

const cli = bins.createService;
const goldenpath = bins.goldenpath;
const golangciLint = toolPath('golangci-lint');
const actionlint = toolPath('actionlint');

/** The first race-enabled build compiles the whole dependency graph; on two cores that takes minutes. */
const TOOLCHAIN_TIMEOUT = 15 * 60_000;
const SERVICE_TIMEOUT = 60_000;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/**
 * The environment for the toolchain and the service: APP_* variables from the
 * caller are dropped because the service rejects overrides for keys it does not have.
 */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('APP_')));
  return { ...env, ...extra };
}

interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; a failure carries its output so the test report shows why. */
function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        return;
      }
      resolve({ stdout, stderr });
    });
  });
}

/** Asks the kernel for a free loopback port. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port assigned'));
        else resolve(address.port);
      });
    });
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Polls until check returns a value or the timeout passes. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = SERVICE_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // Not there yet (connection refused while starting): try again.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface LogLine {
  msg?: string;
  trace_id?: string;
  route?: string;
  status?: number;
}

describe('go-gin template: generated service', () => {
  let workDir = '';
  let serviceDir = '';
  let binary = '';

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'go-gin-service-'));
    await run(process.execPath, [cli, 'demo', '--yes', '--module', 'example.com/demo', '--no-git', '--dir', workDir], repoRoot);
    serviceDir = path.join(workDir, 'demo');
    binary = path.join(workDir, 'demo-bin');
  }, TOOLCHAIN_TIMEOUT);

  afterAll(async () => {
    if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  });

  it('passes go vet', async () => {
    await run('go', ['vet', './...'], serviceDir);
  }, TOOLCHAIN_TIMEOUT);

  it('passes its own race-enabled tests with at least 80% statement coverage', async () => {
    await run('go', ['test', '-race', '-covermode=atomic', '-coverprofile=coverage.out', './...'], serviceDir);
    const { stdout } = await run('go', ['tool', 'cover', '-func=coverage.out'], serviceDir);
    const total = /^total:\s+\(statements\)\s+([\d.]+)%$/m.exec(stdout);
    expect(total, stdout).not.toBeNull();
    expect(Number(total?.[1])).toBeGreaterThanOrEqual(80);
  }, TOOLCHAIN_TIMEOUT);

  it('satisfies its own goldenpath.yaml policy (config, coverage, dependencies)', async () => {
    // Runs after the tests above, which wrote coverage.out.
    const { stdout } = await run(process.execPath, [goldenpath, 'check'], serviceDir);
    expect(stdout).toMatch(/\b0 errors\b/);
  }, TOOLCHAIN_TIMEOUT);

  it('passes golangci-lint with its own configuration', async (ctx) => {
    // CI installs the linter, so it is required there; locally it is run when installed.
    if (!(await exists(golangciLint))) {
      if (process.env.CI === 'true') throw new Error(`${golangciLint} is missing: run scripts/install-tools.sh`);
      ctx.skip();
    }
    await run(golangciLint, ['run', './...'], serviceDir);
  }, TOOLCHAIN_TIMEOUT);

  it('has a CI workflow that passes actionlint and pins the policy check to this create-service version', async (ctx) => {
    const workflow = path.join(serviceDir, '.github', 'workflows', 'ci.yml');
    const { version } = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await readFile(workflow, 'utf8')).toContain(`npx --yes --package create-service@${version} goldenpath check`);
    // CI installs actionlint, so it is required there; locally it is run when installed.
    if (!(await exists(actionlint))) {
      if (process.env.CI === 'true') throw new Error(`${actionlint} is missing: run scripts/install-tools.sh`);
      ctx.skip();
    }
    await run(actionlint, [workflow], serviceDir);
  }, TOOLCHAIN_TIMEOUT);

  it('builds a binary', async () => {
    await run('go', ['build', '-o', binary, './cmd/demo'], serviceDir);
    expect(await exists(binary)).toBe(true);
  }, TOOLCHAIN_TIMEOUT);

  describe('the running binary', () => {
    let child: ChildProcess | undefined;
    let publicUrl = '';
    let adminUrl = '';
    let stdout = '';
    let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });

    const logLines = (): LogLine[] =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine);

    beforeAll(async () => {
      const [httpPort, adminPort] = [await freePort(), await freePort()];
      publicUrl = `http://127.0.0.1:${String(httpPort)}`;
      adminUrl = `http://127.0.0.1:${String(adminPort)}`;
      const started = spawn(binary, [], {
        cwd: serviceDir,
        env: cleanEnv({
          APP_HTTP_HOST: '127.0.0.1',
          APP_HTTP_PORT: String(httpPort),
          APP_ADMIN_HOST: '127.0.0.1',
          APP_ADMIN_PORT: String(adminPort),
          // Long enough to watch /readyz fail while the server still answers.
          APP_SHUTDOWN_DRAIN_DELAY: '3s',
        }),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child = started;
      started.stdout.setEncoding('utf8');
      started.stdout.on('data', (chunk: string) => {
        stdout += chunk;
      });
      exited = new Promise((resolve) => {
        started.once('exit', (code, signal) => {
          resolve({ code, signal });
        });
      });
      await eventually('the service to answer /healthz', async () => ((await fetch(`${publicUrl}/healthz`)).ok ? true : undefined));
    }, SERVICE_TIMEOUT);

    afterAll(() => {
      if (child?.exitCode === null) child.kill('SIGKILL');
    });

    it('reports healthy and ready', async () => {
      expect((await fetch(`${publicUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${publicUrl}/readyz`)).status).toBe(200);
    });

    it('serves the example route as JSON', async () => {
      const response = await fetch(`${publicUrl}/v1/hello/x`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
      expect(await response.json()).toEqual({ message: 'hello, x' });
    });

    it('exposes route-template metrics on the admin port only', async () => {
      await fetch(`${publicUrl}/v1/hello/y`);
      const metrics = await (await fetch(`${adminUrl}/metrics`)).text();
      expect(metrics).toContain('http_server_request_duration_seconds');
      expect(metrics).toMatch(/http_server_request_duration_seconds_count\{[^}]*route="\/v1\/hello\/:name"[^}]*\} \d+/);
      expect(metrics).not.toContain('/v1/hello/y');
      // OpenTelemetry's advised boundaries for http.server.request.duration.
      const boundaries = [...metrics.matchAll(/^http_server_request_duration_seconds_bucket\{[^}]*route="\/v1\/hello\/:name"[^}]*le="([^"]+)"\}/gm)].map((m) => m[1]);
      expect(boundaries).toEqual(['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '0.75', '1', '2.5', '5', '7.5', '10', '+Inf']);

      const onPublic = await fetch(`${publicUrl}/metrics`);
      expect(onPublic.status).toBe(404);
      expect(await onPublic.text()).not.toContain('http_server_request_duration_seconds');
    });

    it('logs the trace id of an inbound traceparent', async () => {
      const response = await fetch(`${publicUrl}/v1/hello/traced`, {
        headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      });
      expect(response.status).toBe(200);
      const line = await eventually('the access log line', () =>
        Promise.resolve(logLines().find((entry) => entry.msg === 'request' && entry.trace_id === TRACE_ID)),
      );
      expect(line).toMatchObject({ route: '/v1/hello/:name', status: 200 });
    });

    it('shuts down on SIGTERM: /readyz turns 503 during the drain, then exit code 0', async () => {
      child?.kill('SIGTERM');
      const status = await eventually('/readyz to report 503', async () => {
        const response = await fetch(`${publicUrl}/readyz`);
        return response.status === 503 ? response.status : undefined;
      });
      expect(status).toBe(503);
      expect((await fetch(`${publicUrl}/healthz`)).status).toBe(200);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(logLines().some((entry) => entry.msg === 'shutdown: complete')).toBe(true);
    }, SERVICE_TIMEOUT);
  });
});
