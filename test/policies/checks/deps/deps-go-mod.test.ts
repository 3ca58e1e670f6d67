/**
 * go.mod directives beyond require that change what gets built: `exclude`
 * (go ignores a requirement on an excluded version) and `replace` (the
 * replace line, not the require, is the one to edit).
 */
import { describe, expect, it } from 'vitest';
import { brief, runDeps } from './support.js';

describe('deps check on a require of an excluded version', () => {
  const policy = `
dependencies:
  scope: all
  go:
    deny:
      - { name: "github.com/gin-gonic/gin", versions: "<1.9.1", reason: "CVE-2023-29401" }
    allow:
      - { name: "golang.org/x/*" }
`;

  it('reports the require as an error at its line instead of evaluating the excluded version as if it were used', async () => {
    const findings = await runDeps('go-exclude', policy);
    expect(findings.map(brief)).toEqual([
      'error deps/excluded-version go.mod:6 github.com/gin-gonic/gin@v1.9.0 is required, but an exclude on line 13 names that version, so go ignores the requirement and will not build until go.mod is tidied.',
      'error deps/excluded-version go.mod:10 golang.org/x/text@v0.14.0 is required, but an exclude on line 16 names that version, so go ignores the requirement and will not build until go.mod is tidied.',
    ]);
  });

  it('points at the exclude line as a related location and says how to resolve it', async () => {
    const [gin] = await runDeps('go-exclude', policy);
    expect(gin?.related).toEqual([{ location: { file: 'go.mod', line: 13, column: 9 }, message: 'github.com/gin-gonic/gin@v1.9.0 excluded here' }]);
    expect(gin?.fix).toBe(
      'Run go mod tidy (it requires the next version that is not excluded), or delete the exclude on line 13 of go.mod if v1.9.0 is meant to be used.',
    );
    expect(gin?.identity).toEqual(['go', 'github.com/gin-gonic/gin', 'v1.9.0', 'excluded', 'go.mod']);
  });

  it('reports an excluded indirect require with scope: direct too, since go will not build either way', async () => {
    const findings = await runDeps('go-exclude', policy.replace('scope: all', 'scope: direct'));
    expect(findings.map((f) => `${f.rule} ${f.identity[1] ?? ''}`)).toEqual([
      'deps/excluded-version github.com/gin-gonic/gin',
      'deps/excluded-version golang.org/x/text',
    ]);
  });
});

describe('deps check on a replaced module', () => {
  const policy = `
dependencies:
  unlisted: deny
  go:
    allow: [{ name: "golang.org/x/*" }, { name: "github.com/gin-gonic/gin" }]
    deny:
      - { name: "github.com/golang-jwt/jwt", versions: "<4", reason: "v3 is unmaintained", replacement: "github.com/golang-jwt/jwt/v5" }
`;

  it('names the replace line in the message and adds it as a related location, where the fix is made', async () => {
    const findings = await runDeps('go-repo', policy);
    const jwt = findings.find((f) => f.location.file === 'services/api/go.mod' && f.identity[1] === 'github.com/golang-jwt/jwt');
    expect(jwt && brief(jwt)).toBe(
      'error deps/denied services/api/go.mod:7 github.com/golang-jwt/jwt@v3.2.2+incompatible (replacing github.com/dgrijalva/jwt-go@v3.2.0+incompatible, replace on line 12) is denied in versions <4: v3 is unmaintained.',
    );
    expect(jwt?.related).toEqual([
      { location: { file: 'services/api/go.mod', line: 12, column: 9 }, message: 'replaced here by github.com/golang-jwt/jwt@v3.2.2+incompatible' },
    ]);
    expect(jwt?.fix).toBe(
      'Replace github.com/golang-jwt/jwt with github.com/golang-jwt/jwt/v5. The replace directive at services/api/go.mod:12 selects this module and version: change it there.',
    );
  });

  it('adds no replace location to findings for modules that are not replaced', async () => {
    const findings = await runDeps('go-repo', policy);
    const plain = findings.filter((f) => f.location.file === 'go.mod');
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((f) => f.related === undefined && !(f.fix ?? '').includes('replace directive'))).toBe(true);
  });
});
