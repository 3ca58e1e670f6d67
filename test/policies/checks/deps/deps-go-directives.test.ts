/**
 * The `go` and `toolchain` directives as rules can name them: `go` and
 * `golang.org/toolchain` (a go.mod without a toolchain line builds with the
 * go line's release).
 */
import { describe, expect, it } from 'vitest';
import { brief, runDeps } from './support.js';

describe('deps check on the go and toolchain directives', () => {
  const policy = `
dependencies:
  unlisted: deny
  go:
    allow:
      - { name: "golang.org/toolchain", versions: ">=1.25.4" }
      - { name: "golang.org/**" }
`;

  it('holds the toolchain to its allowed range, at the toolchain line or, without one, the go line', async () => {
    const findings = await runDeps('go-toolchain', policy);
    expect(findings.map(brief)).toEqual([
      'error deps/not-allowed-version go.mod:5 golang.org/toolchain@v1.25.1 (toolchain directive) is not an allowed version (allowed: >=1.25.4).',
      'error deps/not-allowed-version legacy/go.mod:3 golang.org/toolchain@v1.22.0 (toolchain directive) is not an allowed version (allowed: >=1.25.4).',
    ]);
    expect(findings[0]?.fix).toBe('Raise the toolchain directive in go.mod to go1.25.4 or later (go get toolchain@go1.25.4).');
  });

  it('denies an old go directive by version, and leaves directives alone that no rule names (unlisted: deny does not apply)', async () => {
    const findings = await runDeps('go-toolchain', `
dependencies:
  unlisted: deny
  go:
    allow: [{ name: "**" }]
    deny:
      - { name: "go", versions: "<1.23", reason: "range-over-func and newer loop semantics are required" }
`);
    expect(findings.map(brief)).toEqual([
      'error deps/denied legacy/go.mod:3 go@v1.22.0 (go directive) is denied in versions <1.23: range-over-func and newer loop semantics are required.',
    ]);
    expect(findings[0]?.fix).toBe('Raise the go directive in legacy/go.mod to 1.23.0 or later (go get go@1.23.0).');
  });

  it('honours an exception for the toolchain, and counts it as used', async () => {
    const findings = await runDeps('go-toolchain', `${policy}  exceptions:
    - { ecosystem: go, name: "golang.org/toolchain", versions: "<1.25.4", reason: "PLAT-7 upgrade scheduled", expires: 2027-01-31 }
`);
    expect(findings).toEqual([]);
  });

  it('does not evaluate the directives without rules that name them exactly', async () => {
    const findings = await runDeps('go-toolchain', '\ndependencies:\n  unlisted: deny\n  go:\n    allow: [{ name: "golang.org/x/*" }]\n');
    expect(findings).toEqual([]);
  });
});
