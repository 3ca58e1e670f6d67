import type { CheckId, Finding } from '../model/finding.js';

export interface Counts {
  errors: number;
  warnings: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  let errors = 0;
  let warnings = 0;
  for (const finding of findings) {
    if (finding.level === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** "2 errors, 1 warning". */
export function describeCounts({ errors, warnings }: Counts): string {
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`;
}

/** `file:line:column`, leaving out what is unknown. */
export function formatLocation(location: Finding['location']): string {
  return [location.file, location.line, location.line === undefined ? undefined : location.column].filter((part) => part !== undefined).join(':');
}

/** Findings grouped by check, in the order the checks appear (policy findings first). */
export function groupByCheck(findings: readonly Finding[], checks: readonly CheckId[]): [CheckId, Finding[]][] {
  const order: CheckId[] = ['policy', ...checks.filter((check) => check !== 'policy')];
  for (const finding of findings) if (!order.includes(finding.check)) order.push(finding.check);
  return order.map((check): [CheckId, Finding[]] => [check, findings.filter((finding) => finding.check === check)]).filter(([, list]) => list.length > 0);
}
