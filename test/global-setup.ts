import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Variables a GitHub Actions runner sets that change how the CLIs behave
 * (annotations, job summaries, event context). Tests that want them set them
 * explicitly; everything else must behave the same locally and on a runner.
 */
const runnerVariables = [
  'GITHUB_ACTIONS',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_EVENT_NAME',
  'GITHUB_EVENT_PATH',
  'GITHUB_REPOSITORY',
  'GITHUB_TOKEN',
  'GITHUB_OUTPUT',
  'GITHUB_API_URL',
];

/**
 * Builds dist/ once per run so CLI tests exercise the shipped bins, exactly as
 * `npx create-service` and `goldenpath` run them. Test workers are forked after
 * this runs, so they inherit the scrubbed environment.
 */
export default function setup(): () => void {
  for (const name of runnerVariables) Reflect.deleteProperty(process.env, name);
  // Caches (the verified osv-scanner version) go to a folder of this run, never the user's ~/.cache.
  const cache = mkdtempSync(path.join(tmpdir(), 'goldenpath-test-cache-'));
  process.env.XDG_CACHE_HOME = cache;
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  return () => {
    rmSync(cache, { recursive: true, force: true });
  };
}
