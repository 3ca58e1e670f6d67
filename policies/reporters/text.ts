/**
 * Human-readable output for terminals and CI logs: findings grouped by file,
 * one `file:line:col level rule message` line each with the fix below it,
 * then the counts and notes.
 */
import type { Finding } from '../model/finding.js';
import { spellOutControlCharacters } from './control-characters.js';
import { countFindings, describeCounts, formatLocation } from './summary.js';
import type { Reporter } from './types.js';

const ansi = { red: '\u001b[31m', yellow: '\u001b[33m', bold: '\u001b[1m', dim: '\u001b[2m', reset: '\u001b[0m' } as const;

export const text: Reporter = (report, options) => {
  const paint = (code: keyof typeof ansi, value: string): string => (options.color ? `${ansi[code]}${value}${ansi.reset}` : value);
  const lines: string[] = [];
  for (const [file, findings] of groupByFile(report.findings)) {
    lines.push(paint('bold', clean(file, 'one-line')));
    for (const finding of findings) {
      const level = finding.level === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
      lines.push(`  ${clean(formatLocation(finding.location), 'one-line')} ${level} ${clean(finding.rule, 'one-line')} ${clean(finding.message)}`);
      for (const related of finding.related ?? []) {
        lines.push(paint('dim', `      related: ${clean(formatLocation(related.location), 'one-line')} ${clean(related.message)}`));
      }
      if (finding.fix) lines.push(paint('dim', `      fix: ${clean(finding.fix)}`));
    }
    lines.push('');
  }
  const counts = countFindings(report.findings);
  const summary = `${describeCounts(counts)} (checks: ${report.checks.length > 0 ? report.checks.join(', ') : 'none'})`;
  lines.push(counts.errors > 0 ? paint('red', summary) : counts.warnings > 0 ? paint('yellow', summary) : summary);
  for (const note of report.notes) lines.push(`note: ${clean(note)}`);
  return `${lines.join('\n')}\n`;
};

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.location.file) ?? [];
    group.push(finding);
    groups.set(finding.location.file, group);
  }
  return groups;
}

/**
 * Escapes control characters from inputs (file names, manifest values) so a
 * crafted string cannot move the cursor, recolour the terminal or forge a CI
 * log line. Multi-line text keeps its line breaks, but every continuation line
 * starts with `|`: GitHub's runner trims leading spaces and then reads any line
 * starting with `::` as a workflow command, so no line of ours may start with
 * text taken from an input.
 */
function clean(value: string, mode: 'multi-line' | 'one-line' = 'multi-line'): string {
  const lines = mode === 'one-line' ? [value] : value.split(/\r?\n/);
  return lines.map(spellOutControlCharacters).join('\n        | ');
}
