import { describe, expect, it } from 'vitest';
import { loadPolicyLayer } from '../../../policies/engine/load-policy.js';
import { mergeLayers } from '../../../policies/engine/merge.js';

function layers(...texts: string[]) {
  return texts.map((text, index) => loadPolicyLayer(`/repo/layer${index}.yaml`, `layer${index}.yaml`, text));
}

describe('merge', () => {
  it('merges mappings deeply and lets later scalars win', () => {
    const merged = mergeLayers(layers('coverage:\n  total: 70\n  patch: 60\n', 'coverage:\n  total: 85\n'));
    expect(merged.document).toEqual({ coverage: { total: 85, patch: 60 } });
    expect(merged.findings).toEqual([]);
  });

  it('concatenates rule lists base-first and replaces ordinary lists', () => {
    const merged = mergeLayers(
      layers(
        'dependencies:\n  npm:\n    deny: [{ name: request }]\ncoverage:\n  reports: [a.info]\n',
        'dependencies:\n  npm:\n    deny: [{ name: moment }]\n    allow: [{ name: yaml }]\ncoverage:\n  reports: [b.info]\n',
      ),
    );
    expect(merged.document).toEqual({
      dependencies: { npm: { deny: [{ name: 'request' }, { name: 'moment' }], allow: [{ name: 'yaml' }] } },
      coverage: { reports: ['b.info'] },
    });
    expect(merged.locate(['dependencies', 'npm', 'deny', 1])).toEqual({ file: 'layer1.yaml', line: 3, column: 12 });
    expect(merged.locate(['dependencies', 'npm', 'deny', 0])).toEqual({ file: 'layer0.yaml', line: 3, column: 12 });
  });

  it('lets a later layer replace a value of another type (the schema then judges it)', () => {
    const merged = mergeLayers(layers('coverage:\n  total: 70\n', 'coverage: off\n'));
    expect(merged.document).toEqual({ coverage: 'off' });
    expect(merged.locate(['coverage', 'total'])).toEqual({ file: 'layer1.yaml', line: 1, column: 1 });
  });

  it('keeps extends out of the merged document', () => {
    const merged = mergeLayers(layers('version: 1\nextends: [./x.yaml]\n'));
    expect(merged.document).toEqual({ version: 1 });
  });
});
