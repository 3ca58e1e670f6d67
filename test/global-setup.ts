import { execFileSync } from 'node:child_process';

/**
 * Builds dist/ once per run so CLI tests exercise the shipped bins, exactly as
 * `npx create-service` and `goldenpath` run them.
 */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
