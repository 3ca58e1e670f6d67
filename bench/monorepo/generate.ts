/**
 * Writes a synthetic monorepo for the `goldenpath check` benchmark: N Go
 * services, each with a go.mod, three environment configs, Go sources and a
 * Go cover profile of about 100 KB whose blocks line up with those sources (so
 * `go tool cover -func` can be run on the same profiles as a reference).
 *
 * Usage: npx tsx bench/monorepo/generate.ts --services 1000 --out bench/out/mono-1000
 *
 * The output is deterministic (a seeded PRNG), so two runs produce identical trees.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Modules every service requires; versions are real tags on the Go module proxy. */
const requires: readonly (readonly [string, string, boolean])[] = [
  ['github.com/gin-gonic/gin', 'v1.12.0', false],
  ['github.com/prometheus/client_golang', 'v1.23.2', false],
  ['go.opentelemetry.io/otel', 'v1.38.0', false],
  ['go.opentelemetry.io/otel/trace', 'v1.38.0', false],
  ['go.uber.org/goleak', 'v1.3.0', false],
  ['gopkg.in/yaml.v3', 'v3.0.1', false],
  ['github.com/bytedance/sonic', 'v1.14.1', true],
  ['github.com/gabriel-vasile/mimetype', 'v1.4.10', true],
  ['github.com/go-playground/validator/v10', 'v10.27.0', true],
  ['github.com/goccy/go-json', 'v0.10.5', true],
  ['github.com/json-iterator/go', 'v1.1.12', true],
  ['github.com/pelletier/go-toml/v2', 'v2.2.4', true],
  ['github.com/ugorji/go/codec', 'v1.3.0', true],
  ['golang.org/x/crypto', 'v0.42.0', true],
  ['golang.org/x/net', 'v0.44.0', true],
  ['golang.org/x/sys', 'v0.36.0', true],
  ['golang.org/x/text', 'v0.29.0', true],
  ['google.golang.org/protobuf', 'v1.36.9', true],
];

const FILES_PER_SERVICE = 10;
const FUNCS_PER_FILE = 24;
/** Each generated function is 8 lines and has 3 coverable blocks. */
const LINES_PER_FUNC = 8;

/** mulberry32: a tiny seeded PRNG so the tree is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function goMod(module: string): string {
  const direct = requires.filter(([, , indirect]) => !indirect);
  const indirect = requires.filter(([, , ind]) => ind);
  const block = (list: typeof requires, suffix: string): string =>
    list.map(([name, version]) => `\t${name} ${version}${suffix}`).join('\n');
  return `module ${module}\n\ngo 1.25.0\n\nrequire (\n${block(direct, '')}\n)\n\nrequire (\n${block(indirect, ' // indirect')}\n)\n`;
}

function config(env: 'dev' | 'staging' | 'prod', port: number): string {
  const level = env === 'dev' ? 'debug' : 'info';
  const endpoint = env === 'dev' ? '""' : `https://otel-collector.${env}.internal:4318`;
  return `http:
  port: ${port}
  read_header_timeout: 2s
  read_timeout: 10s
  write_timeout: 15s
  idle_timeout: 60s
  handler_timeout: 10s
  max_body_bytes: 1MiB
  trusted_proxies: []
admin:
  port: ${port + 1000}
shutdown:
  drain_delay: 5s
  timeout: 20s
clients:
  default:
    timeout: 5s
log:
  level: ${level}
tracing:
  endpoint: ${endpoint}
`;
}

function goFile(pkg: string, fileIndex: number): string {
  const lines = [`package ${pkg}`, ''];
  for (let f = 0; f < FUNCS_PER_FILE; f++) {
    lines.push(
      `func F${fileIndex}_${f}(x int) int {`,
      '\tif x > 0 {',
      `\t\treturn x + ${f}`,
      '\t}',
      `\treturn -x - ${f}`,
      '}',
      '',
      '',
    );
  }
  return lines.join('\n');
}

/** Cover profile blocks for one file: the function's if-condition, its then-branch and its tail. */
function profileLines(importPath: string, fileIndex: number, random: () => number): string[] {
  const out: string[] = [];
  const file = `${importPath}/f${fileIndex}.go`;
  for (let f = 0; f < FUNCS_PER_FILE; f++) {
    const start = 3 + f * LINES_PER_FUNC;
    const hit = random() < 0.85 ? 1 + Math.floor(random() * 20) : 0;
    const then = random() < 0.7 ? hit : 0;
    out.push(`${file}:${start}.28,${start + 1}.11 1 ${hit}`);
    out.push(`${file}:${start + 1}.11,${start + 3}.3 1 ${then}`);
    out.push(`${file}:${start + 4}.2,${start + 4}.16 1 ${hit - then > 0 ? hit - then : 0}`);
  }
  return out;
}

export async function generateMonorepo(services: number, out: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
  const random = prng(20261121);
  for (let s = 0; s < services; s++) {
    const name = `svc-${String(s).padStart(4, '0')}`;
    const dir = path.join(out, 'services', name);
    const module = `example.com/mono/services/${name}`;
    await mkdir(path.join(dir, 'config'), { recursive: true });
    await writeFile(path.join(dir, 'go.mod'), goMod(module));
    for (const env of ['dev', 'staging', 'prod'] as const) {
      await writeFile(path.join(dir, 'config', `${env}.yaml`), config(env, 8000 + (s % 1000)));
    }
    // Two packages per service, each file repeated in the profile twice (as `-coverpkg` runs
    // of two test binaries produce), so the parser has duplicate blocks to merge.
    const profile = ['mode: count'];
    for (const pkg of ['api', 'store']) {
      const pkgDir = path.join(dir, 'internal', pkg);
      await mkdir(pkgDir, { recursive: true });
      for (let f = 0; f < FILES_PER_SERVICE / 2; f++) {
        await writeFile(path.join(pkgDir, `f${f}.go`), goFile(pkg, f));
        const lines = profileLines(`${module}/internal/${pkg}`, f, random);
        profile.push(...lines, ...lines);
      }
    }
    await writeFile(path.join(dir, 'coverage.out'), profile.join('\n') + '\n');
  }
  await writeFile(path.join(out, 'goldenpath.yaml'), monorepoPolicy());
}

/** One policy at the root that governs every service through globs. */
function monorepoPolicy(): string {
  return `version: 1
dependencies:
  scope: all
  unlisted: warn
  go:
    allow:
      - { name: "github.com/gin-gonic/gin", versions: ">=1.10.0 <2" }
      - { name: "golang.org/x/*", versions: "*" }
      - { name: "go.opentelemetry.io/**", versions: "*" }
    deny:
      - { name: "github.com/dgrijalva/jwt-go", reason: "unmaintained; use github.com/golang-jwt/jwt/v5" }
config:
  environments:
    dev: services/*/config/dev.yaml
    staging: services/*/config/staging.yaml
    prod: services/*/config/prod.yaml
  required: [http.port, http.handler_timeout]
  env_specific: [tracing.endpoint, log.level]
  constraints:
    - { key: log.level, env: [prod], in: [info, warn, error] }
  invariants:
    - "http.write_timeout > http.handler_timeout > clients.*.timeout"
  secrets: { envs: [staging, prod] }
coverage:
  reports: ["services/*/coverage.out"]
  total: 50
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { services: { type: 'string', default: '1000' }, out: { type: 'string' } },
  });
  const services = Number(values.services);
  const out = values.out ?? path.join('bench', 'out', `mono-${services}`);
  await generateMonorepo(services, out);
  console.log(`wrote ${services} services to ${out}`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
