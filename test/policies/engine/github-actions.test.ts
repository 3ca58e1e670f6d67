import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendStepSummary, stepSummaryLimit, truncateSummary } from '../../../policies/engine/github-actions.js';
import type { Finding, Report } from '../../../policies/model/finding.js';
import { corpus } from '../../fixtures/reporters/corpus.js';

const options = { color: false, toolVersion: '0.0.0-test' };

describe('job summary', () => {
  it('appends the Markdown report after what earlier steps wrote', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'goldenpath-summary-')), 'summary.md');
    writeFileSync(file, 'earlier\n');
    appendStepSummary(corpus, options, file);
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith('earlier\n## goldenpath check\n')).toBe(true);
  });

  it('stays within the 1 MiB limit with a truncation note', () => {
    const finding: Finding = corpus.findings[0]!;
    const many: Report = { ...corpus, findings: Array.from({ length: 20_000 }, (_, i) => ({ ...finding, message: `${finding.message} ${i} ✓` })) };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'goldenpath-summary-')), 'summary.md');
    writeFileSync(file, 'x'.repeat(1000));
    appendStepSummary(many, options, file);
    const written = readFileSync(file);
    expect(written.byteLength).toBeLessThanOrEqual(stepSummaryLimit);
    expect(written.toString('utf8')).toContain('**Summary truncated**');
    expect(written.toString('utf8')).not.toContain('\uFFFD');
  });

  it('leaves a summary that fits untouched', () => {
    expect(truncateSummary('short\n', 100)).toBe('short\n');
  });
});
