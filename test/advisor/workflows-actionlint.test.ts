/**
 * Every workflow we ship or document passes actionlint: the example
 * workflows in docs/examples/ and the repository's own .github/workflows/.
 * Required in CI; skipped locally (with a message) when the tool is absent.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, toolPath } from '../support/paths.js';

const run = promisify(execFile);
const actionlint = toolPath('actionlint');
const present = existsSync(actionlint);
const required = process.env.CI === 'true';

function workflows(dir: string): string[] {
  const full = path.join(repoRoot, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

if (!present && !required) {
  console.warn(`actionlint not found at ${path.relative(repoRoot, actionlint)}; run \`npm run tools\` to lint workflows`);
}

describe.skipIf(!present && !required)('workflows pass actionlint', () => {
  const files = [...workflows('docs/examples'), ...workflows('.github/workflows')];

  it('finds the example workflows', () => {
    expect(files).toEqual(expect.arrayContaining(['docs/examples/advisor-pull-request.yml', 'docs/examples/advisor-fork-report.yml', 'docs/examples/advisor-fork-comment.yml']));
  });

  it.each(files)('%s', async (file) => {
    const result = await run(actionlint, ['-no-color', file], { cwd: repoRoot }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: unknown) => {
        const e = error as { code?: number; stdout?: string };
        return { code: e.code ?? -1, stdout: e.stdout ?? '' };
      },
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('example workflows', () => {
  interface Step {
    run?: string;
    'working-directory'?: string;
  }
  const steps = (file: string): Step[] => {
    const doc = parse(readFileSync(path.join(repoRoot, file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    return Object.values(doc.jobs).flatMap((job) => job.steps);
  };

  it.each(['docs/examples/advisor-pull-request.yml', 'docs/examples/advisor-fork-report.yml'])(
    '%s installs osv-scanner outside the pull request checkout',
    (file) => {
      const install = steps(file).filter((s) => s.run?.includes('go install') === true);
      expect(install).toHaveLength(1);
      expect(install[0]?.['working-directory']).toBe('${{ runner.temp }}');
    },
  );
});
