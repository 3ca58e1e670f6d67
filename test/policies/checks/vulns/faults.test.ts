/**
 * The gate fails closed: whenever osv-scanner cannot give a trustworthy
 * answer, `goldenpath check --only vulns` exits 2 and says what to do. Fake
 * executables stand in for a broken osv-scanner; the database faults use the
 * real one.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeScanner, goldenpathBin, osvDb, osvFixtures, realScanner, tempDir } from './helpers.js';

const install = 'go install github.com/google/osv-scanner/v2/cmd/osv-scanner@v2.5.1';

/** A repository with the Go fixture and an optional policy. */
function repo(policy?: string): string {
  const dir = tempDir();
  cpSync(path.join(osvFixtures, 'go-vulnerable', 'go.mod'), path.join(dir, 'go.mod'));
  if (policy !== undefined) writeFileSync(path.join(dir, 'goldenpath.yaml'), policy);
  return dir;
}

function check(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [goldenpathBin, 'check', '--only', 'vulns', ...args, dir], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('goldenpath check --only vulns when osv-scanner cannot answer', () => {
  it('exits 2 naming the install command when the binary is missing', () => {
    const flagged = check(repo(), ['--osv-scanner', '/nonexistent/osv-scanner', '--offline-db', osvDb]);
    expect(flagged.status, flagged.stderr).toBe(2);
    expect(flagged.stderr).toContain('osv-scanner not found: --osv-scanner points at /nonexistent/osv-scanner, which is not an executable file');
    expect(flagged.stderr).toContain(install);

    const env = { PATH: path.dirname(process.execPath) };
    const onPath = check(repo(), ['--offline-db', osvDb], env);
    expect(onPath.status, onPath.stderr).toBe(2);
    expect(onPath.stderr).toContain('osv-scanner not found on PATH, and neither --osv-scanner nor OSV_SCANNER is set');
    expect(onPath.stderr).toContain(install);
  });

  it('finds the binary through OSV_SCANNER and PATH', () => {
    const viaEnv = check(repo(), ['--offline-db', osvDb], { ...process.env, OSV_SCANNER: realScanner });
    expect(viaEnv.status, viaEnv.stderr).toBe(1);
    const viaPath = check(repo(), ['--offline-db', osvDb], { ...process.env, PATH: `${path.dirname(realScanner)}${path.delimiter}${process.env.PATH ?? ''}` });
    expect(viaPath.status, viaPath.stderr).toBe(1);
  });

  it('exits 2 when osv-scanner exits 127, passing on its last words', () => {
    const fake = fakeScanner('echo "Scanning dir ." >&2; echo "failed to parse go.mod: unexpected EOF" >&2; exit 127');
    const result = check(repo(), ['--osv-scanner', fake, '--offline-db', osvDb]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('osv-scanner failed (exit code 127); its last output was: Scanning dir . | failed to parse go.mod: unexpected EOF');
    expect(result.stderr).toContain('fix:');
  });

  it('exits 2 when osv-scanner prints something other than its JSON', () => {
    const fake = fakeScanner('echo "<html>rate limited</html>"; exit 1');
    const result = check(repo(), ['--osv-scanner', fake, '--offline-db', osvDb]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('osv-scanner exited with 1 but its output is not JSON');
    expect(result.stderr).toContain('it starts with "<html>rate limited</html>"');
  });

  it('exits 2 when osv-scanner claims findings its JSON does not contain', () => {
    const fake = fakeScanner('echo \'{"results":[]}\'; exit 1');
    const result = check(repo(), ['--osv-scanner', fake, '--offline-db', osvDb]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('osv-scanner exited with 1 (findings) but its JSON output lists no vulnerability');
  });

  it('stops a scan that hangs past vulnerabilities.timeout, with everything it started', () => {
    const pidFile = path.join(tempDir(), 'child.pid');
    const fake = fakeScanner(`sleep 300 & echo $! > ${pidFile}; wait`);
    const result = check(repo('version: 1\nvulnerabilities:\n  timeout: 1\n'), ['--osv-scanner', fake, '--offline-db', osvDb]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('osv-scanner did not finish within 1 s and was stopped');
    expect(result.stderr).toContain('raise `vulnerabilities.timeout`');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')).toBe(false);
  });

  it('exits 2 when osv-scanner is killed by a signal', () => {
    const fake = fakeScanner('kill -SEGV $$');
    const result = check(repo(), ['--osv-scanner', fake, '--offline-db', osvDb]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('osv-scanner was killed by SIGSEGV');
  });

  it.each([
    [129, 'osv-scanner could not query the OSV API (exit code 129)', 'scan offline with --offline-db'],
    [130, 'osv-scanner rejected its configuration (exit code 130)', install],
    [3, 'osv-scanner exited with unexpected code 3', install],
  ])('exits 2 when osv-scanner exits %i', (code, message, fix) => {
    const result = check(repo(), ['--osv-scanner', fakeScanner(`exit ${code}`), '--offline-db', osvDb]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(fix);
  });

  it('exits 2 for an osv-scanner that is too old or not osv-scanner at all', () => {
    const old = check(repo(), ['--osv-scanner', fakeScanner('exit 0', { versionLine: 'osv-scanner version: 1.9.2' }), '--offline-db', osvDb]);
    expect(old.status, old.stderr).toBe(2);
    expect(old.stderr).toContain('osv-scanner 1.9.2 at');
    expect(old.stderr).toContain('is not supported (supported: >=2.4.0 <3.0.0)');
    expect(old.stderr).toContain(install);

    const other = check(repo(), ['--osv-scanner', fakeScanner('exit 0', { versionLine: 'hello' }), '--offline-db', osvDb]);
    expect(other.status, other.stderr).toBe(2);
    expect(other.stderr).toContain('printed no "osv-scanner version: X.Y.Z" line');
  });
});

describe('goldenpath check --only vulns without a usable offline database', () => {
  it('exits 2 when the directory does not exist', () => {
    const result = check(repo(), ['--osv-scanner', realScanner, '--offline-db', '/nonexistent/osv-db']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('the offline vulnerability database /nonexistent/osv-db does not exist or is not a directory');
    expect(result.stderr).toContain('/nonexistent/osv-db/osv-scalibr/<Ecosystem>/all.zip');
  });

  it('exits 2 naming the expected paths when the directory holds no database', () => {
    const empty = tempDir('empty-db-');
    const result = check(repo(), ['--osv-scanner', realScanner, '--offline-db', empty]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(`no offline vulnerability database in ${empty}: found neither ${empty}/osv-scalibr/<Ecosystem>/all.zip, ${empty}/osv-scanner/<Ecosystem>/all.zip nor ${empty}/<Ecosystem>/all.zip`);
  });

  it('exits 2 when the database lacks the ecosystem being scanned', () => {
    const npmOnly = tempDir('npm-only-db-');
    mkdirSync(path.join(npmOnly, 'npm'));
    cpSync(path.join(osvDb, 'npm', 'all.zip'), path.join(npmOnly, 'npm', 'all.zip'));
    const result = check(repo(), ['--osv-scanner', realScanner, '--offline-db', npmOnly]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('the offline vulnerability database has no Go database (exit code 127)');
    expect(result.stderr).toContain('add Go/all.zip to the offline database directory');
  });

  it('points at the policy line when vulnerabilities.offline_db is wrong', () => {
    const result = check(repo('version: 1\nvulnerabilities:\n  offline_db: vendor/osv\n'), ['--osv-scanner', realScanner]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/goldenpath\.yaml:3:\d+: the offline vulnerability database .*vendor\/osv does not exist or is not a directory/);
  });
});
