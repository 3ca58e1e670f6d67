/**
 * Renders an AdvisorReport as the pull-request comment (and job summary).
 *
 * Every string that came from the pull request goes through escape.ts: names
 * and versions as code spans, free text escaped. The body always fits in
 * GitHub's comment limit: when it would not, details sections are dropped
 * first, then table rows, and a note says what was cut. Problems (what could
 * not be checked) are never cut: a comment that hides them would look green.
 */
import { advisorDefaults } from './defaults.js';
import { code, text } from '../policies/reporters/markdown-escape.js';
import type { AdvisorReport, DependencyChange, VulnerabilityRef } from './model.js';

/** Longest name or version shown; longer manifest strings are cut so one crafted entry cannot fill the comment. */
const maxFieldChars = 120;

function clip(value: string): string {
  // Code points, not UTF-16 units, so a cut never splits a surrogate pair.
  const chars = Array.from(value);
  return chars.length > maxFieldChars ? `${chars.slice(0, maxFieldChars - 1).join('')}\u2026` : value;
}

const c = (value: string, inTable = false): string => code(clip(value), { inTable });

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The one-line summary, e.g. "4 changes · 1 major · fixes 2 vulnerabilities ·
 * introduces 0 · 1 policy violation". When a scan did not run the counts would
 * read as "nothing found", so they are replaced by "vulnerability scan failed".
 */
export function summaryLine(report: AdvisorReport): string {
  const k = report.counts;
  const vulns =
    report.scanFailed === true
      ? ['vulnerability scan failed']
      : [`fixes ${plural(k.vulnsFixed, 'vulnerability', 'vulnerabilities')}`, `introduces ${k.vulnsIntroduced}`];
  return [plural(k.changes, 'change'), plural(k.majors, 'major', 'majors'), ...vulns, plural(k.violations, 'policy violation')].join(
    ' \u00b7 ',
  );
}

/** Longest problem line and most problem lines shown, so the block stays small enough that it never needs cutting. */
const maxProblemChars = 1000;
const maxProblems = 20;

/** The problems as a GitHub CAUTION alert, shown above the table. */
function problemBlock(problems: readonly string[]): string[] {
  if (problems.length === 0) return [];
  const shown = problems.slice(0, maxProblems).map((p) => {
    const chars = Array.from(p.replace(/\s+/g, ' '));
    const line = chars.length > maxProblemChars ? `${chars.slice(0, maxProblemChars - 1).join('')}\u2026` : chars.join('');
    return `> - ${text(line)}`;
  });
  const more = problems.length > maxProblems ? [`> - ${text(`and ${problems.length - maxProblems} more (see the job log)`)}`] : [];
  return ['> [!CAUTION]', `> ${text('The advisor could not check everything, so this run fails until these are fixed:')}`, ...shown, ...more, ''];
}

/** Only https links are rendered as links; anything else (from a tampered report) is shown as escaped text. */
function link(label: string, url: string): string {
  return /^https:\/\/[^\s<>"'`()\\[\]]+$/.test(url) ? `[${text(label)}](${url})` : `${text(label)} (${text(url)})`;
}

function versionMove(change: DependencyChange, inTable: boolean): [string, string] {
  return [change.from ? c(change.from, inTable) : '\u2014', change.to ? c(change.to, inTable) : '\u2014'];
}

function changeLabel(change: DependencyChange): string {
  if (change.kind === 'added' || change.kind === 'removed') return change.kind;
  return change.semver ? `${change.kind} (${change.semver})` : change.kind;
}

function status(change: DependencyChange): string {
  if (change.policy.status === 'denied' || change.vulnerabilitiesIntroduced.some((v) => v.belowThreshold !== true)) return '\u274c';
  if (change.semver === 'major' || change.notes.length > 0 || change.vulnerabilitiesIntroduced.length > 0) return '\u26a0\ufe0f';
  return '\u2705';
}

/** Most important rows first, so truncation cuts the least important ones. */
function rowPriority(change: DependencyChange): number {
  if (change.policy.status === 'denied') return 0;
  if (change.vulnerabilitiesIntroduced.length > 0) return 1;
  if (change.semver === 'major') return 2;
  if (change.notes.length > 0) return 3;
  if (change.vulnerabilitiesFixed.length > 0) return 4;
  return 5;
}

function vulnCell(change: DependencyChange): string {
  const parts: string[] = [];
  if (change.vulnerabilitiesFixed.length > 0) parts.push(`fixes ${change.vulnerabilitiesFixed.length}`);
  if (change.vulnerabilitiesIntroduced.length > 0) parts.push(`**introduces ${change.vulnerabilitiesIntroduced.length}**`);
  return parts.join(', ') || '\u2014';
}

function policyCell(change: DependencyChange): string {
  if (change.policy.status === 'denied') return '**violation**';
  return change.policy.status === 'allowed' ? 'allowed' : 'not checked';
}

function tableRow(change: DependencyChange): string {
  const [from, to] = versionMove(change, true);
  const name = change.previousName ? `${c(change.previousName, true)} \u2192 ${c(change.name, true)}` : c(change.name, true);
  const scope = `${change.direct ? 'direct' : 'transitive'}${change.dev ? ', dev' : ''}`;
  const recommended = change.recommended ? c(change.recommended, true) : '\u2014';
  return `| ${status(change)} | ${name} | ${changeLabel(change)} | ${from} | ${to} | ${scope} | ${policyCell(change)} | ${vulnCell(change)} | ${change.notes.length || '\u2014'} | ${recommended} |`;
}

const tableHeader = [
  '| | Package | Change | From | To | Scope | Policy | Vulnerabilities | Notes | Recommended |',
  '|---|---|---|---|---|---|---|---|---|---|',
];

function vulnLine(v: VulnerabilityRef): string {
  const aliases = v.aliases.length > 0 ? ` (${v.aliases.map((a) => c(a)).join(', ')})` : '';
  const fixed = v.fixedVersions.length > 0 ? ` \u2014 fixed in ${v.fixedVersions.map((f) => c(f)).join(', ')}` : '';
  const below = v.belowThreshold === true ? ' (below the policy\u2019s `fail_on`, not failing)' : '';
  return `- ${c(v.id)}${aliases}, ${v.severity}${below}, ${c(v.packageName)} ${c(v.packageVersion)}: ${text(clip(v.summary))}${fixed}`;
}

interface Section {
  title: string;
  body: string[];
}

function details(section: Section): string {
  // Blank lines around the body let GitHub render Markdown inside <details>.
  return ['<details>', `<summary>${section.title}</summary>`, '', ...section.body, '', '</details>'].join('\n');
}

function buildSections(report: AdvisorReport, changes: DependencyChange[]): Section[] {
  const sections: Section[] = [];
  const violations = changes.filter((ch) => ch.policy.status === 'denied');
  if (violations.length > 0) {
    sections.push({
      title: `Policy violations (${violations.length})`,
      body: violations.map((ch) => `- ${c(ch.name)} ${ch.to ? c(ch.to) : ''} in ${c(ch.manifest)}: ${text(ch.policy.message)}`),
    });
  }
  const introduced = [...changes.flatMap((ch) => ch.vulnerabilitiesIntroduced), ...report.vulnerabilitiesIntroduced];
  if (introduced.length > 0) {
    sections.push({ title: `Vulnerabilities introduced (${introduced.length})`, body: introduced.map(vulnLine) });
  }
  const withNotes = changes.filter((ch) => ch.notes.length > 0);
  if (withNotes.length > 0) {
    const body: string[] = [];
    for (const ch of withNotes) {
      const [from, to] = versionMove(ch, false);
      body.push(`**${c(ch.name)}** ${from} \u2192 ${to}`, '');
      for (const note of ch.notes) {
        body.push(`- **${text(note.introducedIn)}: ${text(note.title)}.** ${text(note.note)} ${link('source', note.source)}`);
      }
      body.push('');
    }
    body.pop();
    sections.push({ title: `Breaking-change notes (${withNotes.reduce((n, ch) => n + ch.notes.length, 0)})`, body });
  }
  const fixed = [...changes.flatMap((ch) => ch.vulnerabilitiesFixed), ...report.vulnerabilitiesFixed];
  if (fixed.length > 0) {
    sections.push({ title: `Vulnerabilities fixed (${fixed.length})`, body: fixed.map(vulnLine) });
  }
  if (report.notes.length > 0) {
    sections.push({ title: 'Run notes', body: report.notes.map((n) => `- ${text(n)}`) });
  }
  return sections;
}

/** The comment body, starting with the hidden marker, never longer than `maxChars`. */
export function renderMarkdown(
  report: AdvisorReport,
  options: { maxChars?: number; marker?: string } = {},
): string {
  const maxChars = options.maxChars ?? advisorDefaults.maxCommentChars;
  const marker = options.marker ?? advisorDefaults.marker;
  const changes = [...report.changes].sort((a, b) => rowPriority(a) - rowPriority(b));
  const header = [marker, '### Dependency changes', '', `**${summaryLine(report)}**`, '', ...problemBlock(report.problems ?? [])];
  const footer = ['', `<sub>${text(`base ${report.base.slice(0, 12)} \u00b7 head ${report.head.slice(0, 12)}`)} \u00b7 goldenpath advise</sub>`, ''];

  const sections = buildSections(report, changes);
  let rows = changes.map(tableRow);
  const cut: string[] = [];

  const assemble = (): string => {
    const table = rows.length > 0 ? [...tableHeader, ...rows] : ['No dependency changes.'];
    const omitted = changes.length - rows.length;
    const notes = [...cut];
    if (omitted > 0) notes.push(`${plural(omitted, 'table row')} not shown`);
    const truncation = notes.length > 0 ? ['', `> [!NOTE]`, `> Shortened to fit GitHub's comment limit: ${notes.join('; ')}.`] : [];
    return [...header, ...table, ...truncation, ...sections.flatMap((s) => ['', details(s)]), ...footer].join('\n');
  };

  let body = assemble();
  while (body.length > maxChars && sections.length > 0) {
    const dropped = sections.pop();
    if (dropped) cut.unshift(`section "${dropped.title}" omitted`);
    body = assemble();
  }
  while (body.length > maxChars && rows.length > 0) {
    // Halve the overshoot estimate each pass; rows are roughly uniform in size.
    const average = rows.reduce((n, r) => n + r.length + 1, 0) / rows.length;
    const drop = Math.max(1, Math.ceil((body.length - maxChars) / Math.max(1, average)));
    rows = rows.slice(0, Math.max(0, rows.length - drop));
    body = assemble();
  }
  return body;
}
