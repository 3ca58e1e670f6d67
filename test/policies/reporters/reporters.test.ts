import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../policies/model/finding.js';
import { clean, corpus } from '../../fixtures/reporters/corpus.js';
import { formatNames, reporters, type ReporterOptions } from '../../../policies/reporters/index.js';
import { escapeData, escapeProperty } from '../../../policies/reporters/github.js';
import { text as escapeMarkdown } from '../../../policies/reporters/markdown-escape.js';
import { fingerprint } from '../../../policies/reporters/sarif.js';
import { repoRoot } from '../../support/paths.js';

const fixtures = path.join(repoRoot, 'test/fixtures/reporters');
const options: ReporterOptions = { color: false, toolVersion: '0.0.0-test', docsBaseUrl: 'https://example.com/create-service/' };
const extensions = { github: 'txt', json: 'json', markdown: 'md', sarif: 'sarif.json', text: 'txt' } as const;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv | Ajv2020) => void;

describe('every reporter on the shared corpus', () => {
  it('registers the formats in sorted order', () => {
    expect(formatNames).toEqual(['github', 'json', 'markdown', 'sarif', 'text']);
  });

  for (const format of formatNames) {
    it(`${format} matches its snapshot`, async () => {
      await expect(reporters[format](corpus, options)).toMatchFileSnapshot(path.join(fixtures, '__snapshots__', `corpus.${format}.${extensions[format]}`));
    });
    it(`${format} renders a clean report`, async () => {
      await expect(reporters[format](clean, options)).toMatchFileSnapshot(path.join(fixtures, '__snapshots__', `clean.${format}.${extensions[format]}`));
    });
  }
});

describe('sarif', () => {
  const log = JSON.parse(reporters.sarif(corpus, options));

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(readFileSync(path.join(fixtures, 'sarif-schema-2.1.0.json'), 'utf8'));
    // The official schema is draft-04 (`id`, `$schema` draft-04); its keywords are otherwise draft-07 compatible.
    delete schema.$schema;
    delete schema.id;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate(JSON.parse(reporters.sarif(clean, options)))).toBe(true);
  });

  it('uses the vulnerability id as ruleId and names the package and version', () => {
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'GO-2023-1737');
    expect(result.message.text).toMatch(/^github\.com\/gin-gonic\/gin@v1\.9\.0: GO-2023-1737/);
    const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'GO-2023-1737');
    expect(rule.helpUri).toBe('https://osv.dev/vulnerability/GO-2023-1737');
  });

  it('describes every rule with id, shortDescription and helpUri, and points results at them', () => {
    const rules = log.runs[0].tool.driver.rules as { id: string; shortDescription: { text: string }; helpUri: string }[];
    expect(rules.map((r) => r.id)).toEqual(['GO-2023-1737', 'config/key-parity', 'coverage/total', 'deps/denied', 'deps/not-allowed']);
    for (const rule of rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.helpUri).toMatch(/^https:\/\//);
    }
    for (const result of log.runs[0].results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('locates results against %SRCROOT% with regions only where lines are known', () => {
    const coverage = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'coverage/total');
    expect(coverage.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'coverage/lcov.info', uriBaseId: '%SRCROOT%' } });
    const parity = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'config/key-parity');
    expect(parity.relatedLocations).toHaveLength(2);
  });

  it('keeps fingerprints stable when a finding moves to another line', () => {
    const finding = corpus.findings[0]!;
    expect(fingerprint({ ...finding, location: { ...finding.location, line: 99 } })).toBe(fingerprint(finding));
    expect(fingerprint({ ...finding, identity: ['other'] })).not.toBe(fingerprint(finding));
  });
});

describe('json', () => {
  it('follows the published report schema', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'policies/schema/report.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(schema);
    const report = JSON.parse(reporters.json(corpus, options));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary).toEqual({ errors: 4, warnings: 1 });
    expect(JSON.stringify(report)).not.toContain('/repo');
  });
});

describe('github', () => {
  const output = reporters.github(corpus, options);

  it('writes one workflow command per line, whatever the input contains', () => {
    const lines = output.trimEnd().split('\n');
    expect(lines).toHaveLength(corpus.findings.length + corpus.notes.length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) [^:]*::/);
  });

  it('escapes data and property values as the runner expects', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(output).toContain('::warning file=pkg%2Cdir/package%3Alock.json,line=12,col=5,title=deps/not-allowed::evil%250A::error');
  });

  it('leaves out line and column for findings without them', () => {
    expect(output).toContain('::error file=coverage/lcov.info,title=coverage/total::');
  });
});

describe('markdown', () => {
  const output = reporters.markdown(corpus, options);

  it('escapes HTML and Markdown from inputs', () => {
    expect(output).not.toContain('<script>');
    expect(output).toContain('&lt;script&gt;');
    expect(escapeMarkdown('a|b `c` [d](e) *f*\nx')).toBe('a\\|b \\`c\\` \\[d\\]\\(e\\) \\*f\\* x');
    expect(escapeMarkdown('@types/node@1.0.0')).toBe('@\u200dtypes/node\u200d@\u200d1.0.0');
  });

  it('keeps every finding on one table row', () => {
    const rows = output.split('\n').filter((line) => /^\| (error|warning) \|/.test(line));
    expect(rows).toHaveLength(corpus.findings.length);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });
});

describe('text', () => {
  it('colours levels only when asked', () => {
    expect(reporters.text(corpus, { ...options, color: true })).toContain('\u001b[31merror\u001b[0m');
    expect(reporters.text(corpus, options)).not.toContain('\u001b[');
  });

  it('neutralises terminal control sequences from inputs', () => {
    const report = { ...clean, findings: [{ ...corpus.findings[0]!, message: 'bad \u001b[2J clear' }] };
    expect(reporters.text(report, options)).toContain('bad \\u001b[2J clear');
  });
});

describe('forged workflow commands', () => {
  // A crafted manifest or file name must never put a line starting with `::` into a CI log: GitHub's
  // runner trims leading whitespace and runs any such line as a workflow command.
  const forged: Report = {
    root: '/repo',
    checks: ['deps'],
    notes: ['note\n::stop-commands::token'],
    rules: [],
    findings: [
      {
        check: 'deps',
        rule: 'deps/unlisted',
        level: 'error',
        message: 'evil\n::error::fake@1.0.0 is not on the npm allowlist.\r\n  ::warning::second',
        fix: 'fix\n::add-mask::x',
        location: { file: 'dir\n::error file=x::forged/package.json', line: 3 },
        related: [{ location: { file: 'a\n::debug::b' }, message: 'c\n::notice::d' }],
        identity: ['npm', 'evil'],
      },
    ],
  };

  it.each(['text', 'markdown'] as const)('%s output has no line that runs as a workflow command', (format) => {
    const output = reporters[format](forged, { color: false, toolVersion: '0.0.0-test' });
    for (const line of output.split('\n')) expect(line.trimStart()).not.toMatch(/^::/);
  });

  it('github output is exactly one command per finding and note', () => {
    const lines = reporters.github(forged, { color: false, toolVersion: '0.0.0-test' }).trimEnd().split('\n');
    expect(lines).toHaveLength(forged.findings.length + forged.notes.length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) [^:]*::/);
  });

  it.each(['text', 'github', 'markdown'] as const)('%s output carries no terminal escape sequence', (format) => {
    const withEscape: Report = { ...forged, notes: ['\u001b]0;pwned\u0007\u001b[2Jcleared'] };
    // The control characters are what this test looks for.
    // eslint-disable-next-line no-control-regex
    expect(reporters[format](withEscape, { color: false, toolVersion: '0.0.0-test' })).not.toMatch(/[\u0007\u001b]/);
  });
});
