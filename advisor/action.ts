/**
 * The GitHub Action entry point, bundled by esbuild into action/dist/index.js
 * (`npm run build:action`). It maps
 * action inputs onto the same options `goldenpath advise` takes and runs the
 * same code; inputs left empty fall through to advisor/defaults.ts, which is
 * why action.yml declares no defaults.
 */
import * as core from '@actions/core';
import { advisorDefaults, failOnValues, type FailOn } from './defaults.js';
import { failingNewVulnerabilities, runAdvise, withDefaults, type AdviseOptions } from './run.js';
import { InputError, isInputError } from '../policies/model/errors.js';

function input(name: string): string | undefined {
  const value = core.getInput(name).trim();
  return value === '' ? undefined : value;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const value = input(name);
  if (value === undefined) return fallback;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^(false|no|off)$/i.test(value)) return false;
  throw new InputError(`input ${name} must be true or false, got "${value}"`, { fix: `set ${name}: true or ${name}: false` });
}

function failOnInput(): FailOn {
  const value = input('fail-on') ?? advisorDefaults.failOn;
  if (!(failOnValues as readonly string[]).includes(value)) {
    throw new InputError(`input fail-on must be one of ${failOnValues.join(', ')}, got "${value}"`, { fix: 'set fail-on: violation' });
  }
  return value as FailOn;
}

/** Reads the inputs into advisor options. */
export function optionsFromInputs(workspace: string): AdviseOptions {
  const pick = (entries: [keyof AdviseOptions, string | undefined][]): Partial<AdviseOptions> =>
    Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  return withDefaults({
    root: workspace,
    printReport: false,
    comment: booleanInput('comment', advisorDefaults.actionComment),
    failOn: failOnInput(),
    knowledge: core.getMultilineInput('knowledge').filter((k) => k.trim() !== ''),
    ...pick([
      ['policy', input('policy')],
      ['offlineDb', input('offline-db')],
      ['osvScanner', input('osv-scanner')],
      ['reportOut', input('report-out')],
      ['fromReport', input('from-report')],
      ['appSlug', input('app-slug')],
    ]),
  });
}

async function main(): Promise<void> {
  const token = input('token');
  if (token) core.setSecret(token);
  const env = { ...process.env, ...(token ? { GITHUB_TOKEN: token } : {}) };
  try {
    const options = optionsFromInputs(process.env.GITHUB_WORKSPACE ?? process.cwd());
    const result = await runAdvise(options, {
      env,
      // The report goes to the log; the job summary and comment carry the readable copy.
      stdout: (text) => {
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      },
      log: (message) => {
        core.warning(message);
      },
      now: new Date(),
    });
    const { counts } = result.report;
    core.setOutput('changes', counts.changes);
    core.setOutput('majors', counts.majors);
    core.setOutput('violations', counts.violations);
    core.setOutput('vulns-fixed', counts.vulnsFixed);
    core.setOutput('vulns-introduced', counts.vulnsIntroduced);
    if (result.comment && 'url' in result.comment) core.setOutput('comment-url', result.comment.url);
    if (result.exitCode !== 0) {
      core.setFailed(
        result.exitCode === 2
          ? 'goldenpath advise could not check everything (see the errors above)'
          : `goldenpath advise: ${counts.violations} policy violation(s), ${failingNewVulnerabilities(result.report)} new vulnerability(ies) at or above the policy's fail_on`,
      );
    }
  } catch (error) {
    core.setFailed(isInputError(error) ? error.format() : error instanceof Error ? error.message : String(error));
  }
}

await main();
