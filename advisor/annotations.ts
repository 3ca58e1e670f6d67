/**
 * GitHub workflow-command annotations for the findings that fail a run:
 * policy violations and introduced vulnerabilities (warnings when below the
 * policy's threshold), pinned to the manifest line. Everything from a manifest is escaped so a crafted name cannot end the
 * command and start another (`%0A::error::`, osv-scanner #2807).
 */
import { escapeData as workflowCommandData, escapeProperty as workflowCommandProperty } from '../policies/reporters/github.js';
import type { AdvisorReport, VulnerabilityRef } from './model.js';

function command(level: 'error' | 'warning', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${workflowCommandProperty(String(v))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${workflowCommandData(message)}`;
}

/** Below the policy's `fail_on` a new vulnerability is a warning, as it is in the gate. */
function levelOf(v: VulnerabilityRef): 'error' | 'warning' {
  return v.belowThreshold === true ? 'warning' : 'error';
}

/** The annotation lines for a report, one per violation or introduced vulnerability. */
export function annotations(report: AdvisorReport): string[] {
  const lines: string[] = [];
  for (const change of report.changes) {
    const where = { file: change.location?.file ?? change.manifest, line: change.location?.line };
    if (change.policy.status === 'denied') {
      lines.push(
        command('error', { ...where, title: `Dependency policy: ${change.policy.rule ?? 'violation'}` }, `${change.name} ${change.to ?? ''}: ${change.policy.message}`),
      );
    }
    for (const v of change.vulnerabilitiesIntroduced) {
      lines.push(command(levelOf(v), { ...where, title: `Vulnerability ${v.id}` }, `${v.packageName} ${v.packageVersion}: ${v.summary}`));
    }
  }
  for (const v of report.vulnerabilitiesIntroduced) {
    lines.push(command(levelOf(v), { title: `Vulnerability ${v.id}` }, `${v.packageName} ${v.packageVersion}: ${v.summary}`));
  }
  return lines;
}
