import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseNpmManifest, relatedPackageJsons } from '/work/main/policies/ecosystems/npm/index.js';
import { parsePackageJson, parseLockfile } from '/work/main/policies/ecosystems/npm/index.js';
const out: unknown[] = [];
for (const d of ['test/fixtures/ecosystems/npm/workspace', 'test/fixtures/deps/npm-workspace', '/work/shared/osv-db/fixtures/npm-vulnerable', 'node_modules/..']) {
  const m = { path: 'package.json', text: readFileSync(path.join(d, 'package.json'), 'utf8') };
  const l = { path: 'package-lock.json', text: readFileSync(path.join(d, 'package-lock.json'), 'utf8') };
  const rel = relatedPackageJsons(m, l).filter((p) => existsSync(path.join(d, p))).map((p) => ({ path: p, text: readFileSync(path.join(d, p), 'utf8') }));
  try { out.push(parseNpmManifest(m, l, rel)); } catch (e) { out.push(String(e)); }
}
// error messages/locations for random inputs
const errs: unknown[] = [];
const run = (t: string) => { try { parsePackageJson({ path: 'p.json', text: t }); errs.push('ok'); } catch (e: any) { errs.push([e.message, e.location]); }
  try { const r = parseLockfile({ path: 'l.json', text: t }); errs.push([...r.entries.values()].map((e) => e.position)); } catch (e: any) { errs.push([e.message, e.location]); } };
const samples = fc.sample(fc.oneof(fc.json(), fc.jsonValue().map((v) => JSON.stringify({ lockfileVersion: 3, packages: v, dependencies: v }, null, 2)), fc.jsonValue().map((v) => JSON.stringify({ dependencies: v, packages: { '': {}, 'node_modules/a': v } }, null, '\t'))), { numRuns: 3000, seed: 42 });
for (const s of samples) run(s);
for (const s of ['', ' ', '{', '{"a":1,}', '{\n  "dependencies": {\n    "a": 1\n  }\n}', '{"lockfileVersion":1}', '{"lockfileVersion":3,"packages":{"":{},"node_modules/x":{"version":"1"},"node_modules/x":{"version":"2"}}}', '{"dependencies":{"a":"1","a":"2"},"dependencies":{"b":"1"}}', '{"\\u0061":"x","dependencies":{"\\u00e9":"1"}}', '\r\n{\r\n"dependencies": {\r\n "a": "1"}}']) run(s);
console.log(JSON.stringify({ out, errs }));
