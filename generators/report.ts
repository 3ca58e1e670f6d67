/**
 * Printing what create-service did or would do, as text for people or JSON
 * for machines. Nothing here decides anything; it formats results.
 */
import type { Answers } from './answers-model.js';
import { shownPath } from './paths.js';
import type { ServicePlan } from './plan.js';
import type { StepId, StepResult } from './post-generate.js';

const STEP_TITLES: Record<StepId, string> = {
  'go-mod-tidy': 'go mod tidy',
  'git-init': 'git init + first commit',
};

/** What the user opted out of is not suggested again; everything else not done becomes a next step. */
const OPT_OUT_DETAILS = new Set(['--no-git']);


/** The commands to run next, in order. */
export function nextSteps(serviceDir: string, steps: readonly StepResult[]): string[] {
  const commands = [`cd ${shownPath(serviceDir)}`];
  for (const step of steps) {
    if (step.status !== 'done' && !OPT_OUT_DETAILS.has(step.detail)) commands.push(step.manual);
  }
  commands.push('make test', 'make run');
  return commands;
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function formatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** The dry-run listing: every file with mode and size, sorted by path, plus the steps a real run would take. */
export function formatPlanText(plan: ServicePlan, serviceDir: string, steps: readonly PlannedStep[]): string {
  const total = plan.files.reduce((sum, file) => sum + file.bytes.length, 0);
  const width = Math.max(...plan.files.map((file) => String(file.bytes.length).length));
  const lines = [
    `Dry run: would create ${shownPath(serviceDir)} from ${plan.templateId} ${plan.templateVersion} (${plan.files.length} files, ${formatSize(total)}). Nothing was written.`,
    '',
    ...plan.files.map((file) => `  ${formatMode(file.mode)}  ${String(file.bytes.length).padStart(width)}  ${file.path}`),
    '',
    'Then:',
    ...steps.map((step) => `  ${STEP_TITLES[step.id]}: ${step.status === 'planned' ? 'would run' : `skipped (${step.detail})`}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A post-generation step as a dry run describes it. */
export interface PlannedStep {
  id: StepId;
  status: 'planned' | 'skipped';
  detail: string;
}

export function formatPlanJson(plan: ServicePlan, serviceDir: string, steps: readonly PlannedStep[]): string {
  return json({
    ok: true,
    dryRun: true,
    path: serviceDir,
    template: { id: plan.templateId, version: plan.templateVersion },
    generatorVersion: plan.generatorVersion,
    answers: sortedAnswers(plan.answers),
    fileCount: plan.files.length,
    files: plan.files.map((file) => ({ path: file.path, size: file.bytes.length, mode: formatMode(file.mode) })),
    steps,
  });
}

/** The summary after a real run. */
export function formatResultText(plan: ServicePlan, serviceDir: string, steps: readonly StepResult[]): string {
  const marks: Record<StepResult['status'], string> = { done: 'done', skipped: 'skipped', failed: 'FAILED' };
  const lines = [`Created ${shownPath(serviceDir)} from ${plan.templateId} ${plan.templateVersion} (${plan.files.length} files).`];
  for (const step of steps) lines.push(`  ${STEP_TITLES[step.id]}: ${marks[step.status]}${step.detail ? ` (${step.detail})` : ''}`);
  lines.push('', 'Next steps:', ...nextSteps(serviceDir, steps).map((command) => `  ${command}`));
  return `${lines.join('\n')}\n`;
}

export function formatResultJson(plan: ServicePlan, serviceDir: string, steps: readonly StepResult[]): string {
  return json({
    ok: steps.every((step) => step.status !== 'failed'),
    dryRun: false,
    path: serviceDir,
    template: { id: plan.templateId, version: plan.templateVersion },
    generatorVersion: plan.generatorVersion,
    answers: sortedAnswers(plan.answers),
    fileCount: plan.files.length,
    steps,
    nextSteps: nextSteps(serviceDir, steps),
  });
}

/** The error a post-generation failure ends with: the service is fine, these commands finish the job. */
export function postGenerateFailureMessage(serviceDir: string, steps: readonly StepResult[]): string {
  const failed = steps.filter((step) => step.status === 'failed').map((step) => `${STEP_TITLES[step.id]}: ${step.detail}`);
  const remaining = steps.filter((step) => step.status !== 'done' && !OPT_OUT_DETAILS.has(step.detail)).map((step) => step.manual);
  return [
    ...failed,
    `the service in ${shownPath(serviceDir)} is complete; finish by hand: cd ${shownPath(serviceDir)} && ${remaining.join(' && ')}`,
  ].join('\n');
}

export function formatErrorJson(message: string, exitCode: number, problems?: readonly { where: string; message: string; fix: string }[]): string {
  return json({ ok: false, exitCode, error: message, ...(problems ? { problems } : {}) });
}

function sortedAnswers(answers: Answers): Answers {
  return {
    description: answers.description,
    module: answers.module,
    name: answers.name,
    owner: answers.owner,
    template: answers.template,
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
