import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff } from '../../../../policies/checks/coverage/git-diff.js';

describe('parseUnifiedDiff', () => {
  it('collects added lines per file from --unified=0 hunks', () => {
    const diff = [
      'diff --git a/a.go b/a.go',
      'index 1111111..2222222 100644',
      '--- a/a.go',
      '+++ b/a.go',
      '@@ -3 +3 @@ func A() {',
      '-\told()',
      '+\tnew()',
      '@@ -10,0 +11,2 @@',
      '+++ this added line looks like a header',
      '+-- and this one like a removal',
      '@@ -20,2 +22,0 @@',
      '-gone',
      '-gone too',
      'diff --git a/old.go b/old.go',
      'deleted file mode 100644',
      '--- a/old.go',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-package old',
      '-',
      'diff --git a/new.txt b/new.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+no newline',
      '\\ No newline at end of file',
      'diff --git "a/sp ace\\tand\\303\\251.go" "b/sp ace\\tand\\303\\251.go"',
      '--- "a/sp ace\\tand\\303\\251.go"',
      '+++ "b/sp ace\\tand\\303\\251.go"',
      '@@ -1 +1,3 @@',
      '-x',
      '+y',
      '+z',
      '+w',
      '',
    ].join('\n');
    expect(Object.fromEntries(parseUnifiedDiff(diff))).toEqual({
      'a.go': [3, 11, 12],
      'new.txt': [1],
      'sp ace\tandé.go': [1, 2, 3],
    });
  });

  it('returns nothing for an empty diff', () => {
    expect(parseUnifiedDiff('').size).toBe(0);
  });
});
