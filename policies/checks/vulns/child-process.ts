/**
 * Running an external program for the gate: in its own process group, with
 * a time budget after which the whole group is killed, collecting its output.
 */
import { spawn } from 'node:child_process';

/** What a finished child process left behind. */
export interface ProcessOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /**
   * Bytes in the chunks the pipe delivered, decoded by the caller (the scan's
   * JSON report by json-text.ts, which reads the chunks where they lie).
   */
  stdout: readonly Buffer[];
  stderr: string;
  timedOut: boolean;
}

/** A started child process: its outcome, and a way to stop it and everything it started. */
export interface RunningProcess {
  done: Promise<ProcessOutcome>;
  kill(): void;
}

/**
 * Starts a command in its own process group and kills the whole group when
 * the time budget runs out (osv-scanner may start helpers such as govulncheck).
 */
export function startProcess(
  file: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; cwd: string },
): RunningProcess {
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killGroup = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const done = new Promise<ProcessOutcome>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout,
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
  // Handled here as well: the caller may still be waiting for the version when a spawn error arrives.
  done.catch(() => undefined);
  return { done, kill: killGroup };
}

export function runProcess(
  file: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; cwd: string },
): Promise<ProcessOutcome> {
  return startProcess(file, args, options).done;
}

/** The last lines of stderr, stripped of control characters, for error messages. */
export function stderrTail(stderr: string, lines = 4): string {
  const kept = stderr
    .split('\n')
    // eslint-disable-next-line no-control-regex -- stripping terminal control characters is the point
    .map((l) => l.replace(/[\u0000-\u001f\u007f]/g, '').trim())
    .filter((l) => l !== '');
  const tail = kept.slice(-lines).join(' | ');
  return tail === '' ? '' : `; its last output was: ${tail}`;
}
