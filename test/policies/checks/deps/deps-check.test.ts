import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../policies/model/errors.js';
import { brief, runDeps } from './support.js';

const goPolicy = `
dependencies:
  scope: direct
  unlisted: warn
  go:
    allow:
      - { name: "github.com/gin-gonic/gin", versions: ">=1.10.0 <2" }
      - { name: "golang.org/x/*", versions: "*" }
      - { name: "github.com/stretchr/testify" }
    deny:
      - { name: "github.com/dgrijalva/jwt-go", reason: "unmaintained", replacement: "github.com/golang-jwt/jwt/v5" }
      - { name: "github.com/gin-gonic/gin", versions: "<1.9.1", reason: "CVE-2023-29401" }
  exceptions:
    - { ecosystem: go, name: "github.com/foo/bar", versions: "1.2.3", reason: "PLAT-1 fork pending", expires: 2027-01-31 }
    - { ecosystem: go, name: "github.com/old/thing", reason: "PLAT-2 migration", expires: 2026-11-20 }
    - { ecosystem: go, name: "github.com/never/used", reason: "PLAT-3", expires: 2027-06-30 }
`;

describe('deps check on a multi-module Go repository', () => {
  it('reports denied, out-of-range, unlisted and exception problems at their lines (scope: direct)', async () => {
    const findings = await runDeps('go-repo', goPolicy);
    expect(findings.map(brief)).toEqual([
      'error deps/denied go.mod:6 github.com/dgrijalva/jwt-go@v3.2.0+incompatible is denied: unmaintained.',
      'error deps/denied go.mod:8 github.com/gin-gonic/gin@v1.9.0 is denied in versions <1.9.1: CVE-2023-29401.',
      'warning deps/unlisted go.mod:9 github.com/old/thing@v0.1.0 is not on the Go modules allowlist.',
      'warning deps/unlisted go.mod:10 github.com/unknown/lib@v1.0.0 is not on the Go modules allowlist.',
      'error deps/expired-exception goldenpath.yaml:15 The exception for go github.com/old/thing expired on 2026-11-20 (PLAT-2 migration).',
      'warning deps/unused-exception goldenpath.yaml:16 The exception for go github.com/never/used matches no dependency.',
      'warning deps/unlisted services/api/go.mod:7 github.com/golang-jwt/jwt@v3.2.2+incompatible (replacing github.com/dgrijalva/jwt-go@v3.2.0+incompatible, replace on line 12) is not on the Go modules allowlist.',
      'error deps/not-allowed-version services/api/go.mod:8 github.com/gin-gonic/gin@v1.9.1 is not an allowed version (allowed: >=1.10.0 <2).',
    ]);
  });

  it('says in the fix what to do: the replacement, or the nearest allowed version', async () => {
    const findings = await runDeps('go-repo', goPolicy);
    expect(findings.find((f) => f.rule === 'deps/denied' && f.message.includes('jwt-go'))?.fix).toBe('Replace github.com/dgrijalva/jwt-go with github.com/golang-jwt/jwt/v5.');
    expect(findings.find((f) => f.rule === 'deps/denied' && f.message.includes('gin'))?.fix).toBe('Upgrade github.com/gin-gonic/gin to v1.10.0 or later (denied: <1.9.1).');
    const range = findings.find((f) => f.rule === 'deps/not-allowed-version');
    expect(range?.fix).toBe('Upgrade github.com/gin-gonic/gin to v1.10.0 or later (allowed: >=1.10.0 <2).');
    expect(range?.identity).toEqual(['go', 'github.com/gin-gonic/gin', 'v1.9.1', 'allow:>=1.10.0 <2', 'services/api/go.mod']);
    expect(range?.location).toEqual({ file: 'services/api/go.mod', line: 8, column: 2 });
  });

  it('adds indirect requires with scope: all; `golang.org/x/*` does not cover the separate module golang.org/x/net/v2', async () => {
    const findings = await runDeps('go-repo', goPolicy.replace('scope: direct', 'scope: all'));
    const added = findings.filter((f) => f.location.file === 'go.mod' && (f.location.line ?? 0) > 12).map(brief);
    expect(added).toEqual([
      'warning deps/unlisted go.mod:16 github.com/transitive/only@v0.3.0 is not on the Go modules allowlist.',
      'warning deps/unlisted go.mod:17 golang.org/x/net/v2@v2.0.0 is not on the Go modules allowlist.',
    ]);
  });

  it('skips vendor/, testdata/, _ and . folders (their broken go.mod files are never read)', async () => {
    const findings = await runDeps('go-repo', goPolicy);
    expect(findings.some((f) => /vendor|testdata|_examples|\.cache/.test(f.location.file))).toBe(false);
  });

  it('leaves manifests matched by dependencies.ignore out', async () => {
    const findings = await runDeps('go-repo', goPolicy.replace('scope: direct', 'scope: direct\n  ignore: ["services/**"]'));
    expect(findings.some((f) => f.location.file.startsWith('services/'))).toBe(false);
  });

  it('passes with unlisted: allow and no denied or out-of-range dependency', async () => {
    const findings = await runDeps('go-repo', `
dependencies:
  go:
    allow:
      - { name: "golang.org/x/**" }
`);
    expect(findings).toEqual([]);
  });

  it('turns unlisted dependencies into errors with unlisted: deny', async () => {
    const findings = await runDeps('go-repo', `
dependencies:
  unlisted: deny
  go:
    allow: [{ name: "golang.org/x/*" }, { name: "github.com/gin-gonic/gin" }, { name: "github.com/golang-jwt/jwt" }]
`);
    expect(findings.filter((f) => f.level === 'error').map((f) => f.identity[1])).toEqual([
      'github.com/dgrijalva/jwt-go',
      'github.com/foo/bar',
      'github.com/old/thing',
      'github.com/unknown/lib',
    ]);
  });

  it('treats the expiry day itself as valid (UTC, inclusive)', async () => {
    const findings = await runDeps('go-repo', goPolicy, new Date('2026-11-20T23:59:59Z'));
    expect(findings.some((f) => f.rule === 'deps/expired-exception')).toBe(false);
    expect(findings.some((f) => f.message.startsWith('github.com/old/thing'))).toBe(false);
  });
});

describe('deps check on an npm workspace', () => {
  const npmPolicy = `
dependencies:
  scope: all
  npm:
    allow:
      - { name: "ms", versions: ">=2.1.0" }
    deny:
      - { name: "is-number", versions: "<7", reason: "too old", replacement: "is-number@7" }
`;

  it('reports direct findings at the declaring package.json (root or member) and transitive ones at the lockfile entry', async () => {
    const findings = await runDeps('npm-workspace', npmPolicy);
    expect(findings.map(brief)).toEqual([
      'error deps/not-allowed-version package-lock.json:41 ms@2.0.0 is not an allowed version (allowed: >=2.1.0).',
      'error deps/denied package-lock.json:65 is-number@6.0.0 is denied in versions <7: too old.',
      'error deps/not-allowed-version packages/api/package.json:5 ms@2.0.0 is not an allowed version (allowed: >=2.1.0).',
      'error deps/denied packages/web/package.json:6 is-number@6.0.0 (installed as old-number) is denied in versions <7: too old.',
    ]);
    expect(findings[0]?.fix).toBe('Upgrade ms to 2.1.0 or later (allowed: >=2.1.0).');
  });

  it('evaluates only package.json declarations with scope: direct', async () => {
    const findings = await runDeps('npm-workspace', npmPolicy.replace('scope: all', 'scope: direct'));
    expect(findings.every((f) => f.location.file.endsWith('package.json'))).toBe(true);
    expect(findings).toHaveLength(2);
  });
});

describe('deps check fails closed or says what it did not check', () => {
  it('throws InputError (exit 2) for a go.mod it cannot parse, naming file and line', async () => {
    const error = await runDeps('broken-go', '\ndependencies:\n  go:\n    allow: []\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toMatchObject({ file: 'go.mod', line: 3 });
  });

  it('warns when a configured ecosystem has no manifests', async () => {
    const findings = await runDeps('empty', '\ndependencies:\n  npm:\n    deny: [{ name: "left-pad" }]\n');
    expect(findings.map(brief)).toEqual(['warning deps/no-manifests goldenpath.yaml:3 No package.json found, so no npm dependencies were checked.']);
  });

  it('warns when the policy configures no ecosystem at all', async () => {
    const findings = await runDeps('go-repo', '\ndependencies:\n  unlisted: warn\n');
    expect(findings.map((f) => f.rule)).toEqual(['deps/not-configured']);
  });

  it('rejects a version range that is not semver, at its policy line', async () => {
    const error = await runDeps('go-repo', '\ndependencies:\n  go:\n    allow:\n      - { name: "x", versions: "lots" }\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toMatchObject({ file: 'goldenpath.yaml', line: 5 });
  });
});
