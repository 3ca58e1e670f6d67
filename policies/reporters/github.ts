/**
 * GitHub Actions workflow commands: one `::error`/`::warning` annotation per
 * finding, which GitHub shows on the pull request's changed lines.
 *
 * Every string from inputs is escaped as the runner expects, so a crafted
 * package name or message cannot end the command early or inject another
 * (osv-scanner had exactly that bug; see its v2.4.0 release).
 */
import type { Finding } from '../model/finding.js';
import type { Reporter } from './types.js';
import { spellOutControlCharacters } from './control-characters.js';

export const github: Reporter = (report) => {
  const lines = report.findings.map(annotation);
  for (const note of report.notes) lines.push(`::notice title=goldenpath::${escapeData(note)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export function annotation(finding: Finding): string {
  const properties: [string, string | number | undefined][] = [
    ['file', finding.location.file],
    ['line', finding.location.line],
    ['endLine', finding.location.endLine],
    ['col', finding.location.line === undefined ? undefined : finding.location.column],
    ['title', finding.rule],
  ];
  const props = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  const body = finding.fix ? `${finding.message}\nfix: ${finding.fix}` : finding.message;
  return `::${finding.level} ${props}::${escapeData(body)}`;
}

/**
 * Escaping for the message part: `%`, CR and LF as the runner expects, and the
 * remaining control characters spelled out so no terminal escape sequence from
 * an input reaches the log viewer.
 */
export function escapeData(value: string): string {
  return spellOutControlCharacters(value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** Escaping for property values: the data escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
