import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { CheckContext, ResolvedPolicyView } from '../../../../policies/model/check.js';
import type { SourceLocation } from '../../../../policies/model/finding.js';

export const policyFile = 'goldenpath.yaml';

/**
 * A resolved policy read from YAML text, locating keys the way the engine does
 * (the line and column of the key), so findings can be asserted at policy lines.
 */
export function policyFromYaml(text: string): ResolvedPolicyView {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  return {
    document: document.toJS() as Record<string, unknown>,
    locate(path) {
      let node: unknown = document.contents;
      let found: Node | undefined;
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
          if (!pair) break;
          found = pair.key as Node;
          node = pair.value;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          found = node as Node;
        } else break;
      }
      const offset = found?.range?.[0];
      if (offset === undefined) return { file: policyFile };
      const { line, col } = lineCounter.linePos(offset);
      return { file: policyFile, line, column: col } satisfies SourceLocation;
    },
  };
}

/** A check context for `root` with the policy's coverage slice as options. */
export function contextFor(root: string, policyYaml: string, base?: string): CheckContext {
  const policy = policyFromYaml(policyYaml);
  return { root, options: policy.document.coverage, policy, now: new Date('2026-01-01T00:00:00Z'), flags: {}, ...(base === undefined ? {} : { base }) };
}
