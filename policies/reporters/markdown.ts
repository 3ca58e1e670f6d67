/**
 * Markdown for pull-request comments and the GitHub job summary: a summary
 * line, one table per check, then the fixes and related places.
 *
 * Every string from inputs goes through markdown-escape.ts, so a package name
 * or advisory summary cannot inject links, tables, tags, mentions or
 * references.
 */
import type { Finding } from '../model/finding.js';
import { text as escapeMarkdown } from './markdown-escape.js';
import { countFindings, describeCounts, formatLocation, groupByCheck } from './summary.js';
import type { Reporter } from './types.js';

export const markdown: Reporter = (report) => {
  const counts = countFindings(report.findings);
  const status = counts.errors > 0 ? ':x:' : counts.warnings > 0 ? ':warning:' : ':white_check_mark:';
  const checks = report.checks.length > 0 ? report.checks.map((check) => `\`${check}\``).join(', ') : 'none';
  const lines: string[] = ['## goldenpath check', '', `${status} **${describeCounts(counts)}** (checks: ${checks})`, ''];

  for (const [check, findings] of groupByCheck(report.findings, report.checks)) {
    lines.push(`### ${check}`, '', '| Level | Location | Rule | Message |', '| --- | --- | --- | --- |');
    for (const finding of findings) {
      lines.push(`| ${finding.level} | ${escapeMarkdown(formatLocation(finding.location))} | ${escapeMarkdown(finding.rule)} | ${escapeMarkdown(finding.message)} |`);
    }
    lines.push('');
    const detailed = findings.filter((finding) => finding.fix !== undefined || (finding.related?.length ?? 0) > 0);
    if (detailed.length > 0) {
      lines.push('<details><summary>Fixes and related places</summary>', '');
      for (const finding of detailed) lines.push(...details(finding));
      lines.push('', '</details>', '');
    }
  }
  if (report.notes.length > 0) {
    lines.push('### Notes', '');
    for (const note of report.notes) lines.push(`- ${escapeMarkdown(note)}`);
    lines.push('');
  }
  return lines.join('\n');
};

function details(finding: Finding): string[] {
  const lines = [`- ${escapeMarkdown(formatLocation(finding.location))} ${escapeMarkdown(finding.rule)}`];
  if (finding.fix) lines.push(`  - fix: ${escapeMarkdown(finding.fix)}`);
  for (const related of finding.related ?? []) {
    lines.push(`  - related: ${escapeMarkdown(formatLocation(related.location))} ${escapeMarkdown(related.message)}`);
  }
  return lines;
}
