import { describe, expect, test } from 'vitest';
import { runCheck, summarize, tempTree } from './helpers.js';

// Secret-shaped values are assembled at run time so that no committed file
// contains a string a secret scanner would (rightly) flag.
const fake = {
  github: 'gh' + 'p_' + 'a1B2c3D4'.repeat(5),
  githubPat: 'github_' + 'pat_' + '11AAAAAAA0' + 'b'.repeat(50),
  aws: 'AK' + 'IA' + 'Z7EXAMPLE0KEY123',
  slack: 'xo' + 'xb-' + '1234567890-abcdefghijkl',
  stripe: 'sk' + '_live_' + 'abcdefghijklmnop1234',
  google: 'AI' + 'za' + 'Sy' + 'c'.repeat(33),
  jwt: ['ey' + 'JhbGciOiJIUzI1NiJ9', 'ey' + 'JzdWIiOiIxMjM0NTYifQ', 'c2lnbmF0dXJlLXNpZ25hdHVyZQ'].join('.'),
  privateKeyBody: 'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu',
  password: 'hunter2-correct-horse',
  urlPassword: 'Sup3rS3cretPw',
};
const privateKey = '-----BEGIN ' + 'RSA PRIVATE KEY-----\n' + fake.privateKeyBody + '\n-----END RSA PRIVATE KEY-----';

const staging = `# staging
github:
  token: ${fake.github}
  fine_grained: ${fake.githubPat}
aws:
  access_key_id: ${fake.aws}
slack:
  webhook_token: ${fake.slack}
stripe:
  key: ${fake.stripe}
google:
  maps_key: ${fake.google}
session:
  jwt: ${fake.jwt}
tls:
  key: |
    ${privateKey.split('\n').join('\n    ')}
db:
  password: ${fake.password}
  url: postgres://app:${fake.urlPassword}@db.internal:5432/app
  replica_url: postgres://app:\${DB_PASSWORD}@replica:5432/app
refs:
  api_key: \${API_KEY}
  secret: vault:secret/data/app#secret
  client_secret: /run/secrets/client_secret
  token_ttl: 3600
placeholders:
  a: changeme
  b: <your-api-url>
  c: "TODO: set the real bucket"
  d: REPLACE_ME
  e: xxx
  f: ""
upstreams: [https://a.example.com, "${fake.github}"]
`;

const prodEnv = `GITHUB__TOKEN=${fake.github}
TLS__KEY="${privateKey}"
DB__PASSWORD=\${DB_PASSWORD}
`;

async function run(): Promise<Awaited<ReturnType<typeof runCheck>>> {
  const root = await tempTree({
    'goldenpath.yaml': `config:
  environments: { dev: config/dev.yaml, staging: config/staging.yaml, prod: config/prod.env }
  env_specific: ["**"]
  constraints:
    - { key: github.token, pattern: "^[$][{]" }
`,
    'config/dev.yaml': `github:\n  token: ${fake.github}\n`,
    'config/staging.yaml': staging,
    'config/prod.env': prodEnv,
  });
  return runCheck(root);
}

describe('config/secret and config/placeholder', () => {
  test('flags well-known token shapes, private keys, URL passwords and literal values under secret key names', async () => {
    const findings = (await run()).filter((f) => f.rule === 'config/secret');
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/secret',
        at: 'config/prod.env:1',
        message: 'prod: github.token (config/prod.env:1) looks like a GitHub token; secrets must not be committed to config files',
      },
      {
        rule: 'config/secret',
        at: 'config/prod.env:2',
        message: 'prod: tls.key (config/prod.env:2) looks like a private key; secrets must not be committed to config files',
      },
      ...[
        ['github.token', 3, 'a GitHub token'],
        ['github.fine_grained', 4, 'a GitHub fine-grained personal access token'],
        ['aws.access_key_id', 6, 'an AWS access key id'],
        ['slack.webhook_token', 8, 'a Slack token'],
        ['stripe.key', 10, 'a Stripe live key'],
        ['google.maps_key', 12, 'a Google API key'],
        ['session.jwt', 14, 'a JSON Web Token'],
        ['tls.key', 16, 'a private key'],
        ['db.password', 21, 'a literal secret (the key name says it is one)'],
        ['db.url', 22, 'a URL with an embedded password'],
        ['upstreams[1]', 36, 'a GitHub token'],
      ].map(([key, line, kind]) => ({
        rule: 'config/secret',
        at: `config/staging.yaml:${String(line)}`,
        message: `staging: ${String(key)} (config/staging.yaml:${String(line)}) looks like ${String(kind)}; secrets must not be committed to config files`,
      })),
    ]);
  });

  test('references (${VAR}, vault:, /run/secrets) and dev are not flagged', async () => {
    const findings = await run();
    const keys = findings.filter((f) => f.rule === 'config/secret').map((f) => f.message.split(' ')[1]);
    expect(keys).not.toContain('db.replica_url');
    expect(keys).not.toContain('refs.api_key');
    expect(keys).not.toContain('refs.secret');
    expect(keys).not.toContain('refs.client_secret');
    expect(keys).not.toContain('refs.token_ttl');
    expect(findings.some((f) => f.location.file === 'config/dev.yaml' && f.rule === 'config/secret')).toBe(false);
  });

  test('flags placeholder values without echoing them', async () => {
    const findings = (await run()).filter((f) => f.rule === 'config/placeholder');
    expect(summarize(findings)).toEqual([
      {
        rule: 'config/placeholder',
        at: 'config/staging.yaml:30',
        message: 'staging: placeholders.a (config/staging.yaml:30) holds a placeholder value (a placeholder word)',
      },
      {
        rule: 'config/placeholder',
        at: 'config/staging.yaml:31',
        message: 'staging: placeholders.b (config/staging.yaml:31) holds a placeholder value (an <angle-bracket> placeholder)',
      },
      {
        rule: 'config/placeholder',
        at: 'config/staging.yaml:32',
        message: 'staging: placeholders.c (config/staging.yaml:32) holds a placeholder value (a TODO/FIXME/CHANGEME marker)',
      },
      {
        rule: 'config/placeholder',
        at: 'config/staging.yaml:33',
        message: 'staging: placeholders.d (config/staging.yaml:33) holds a placeholder value (a placeholder word)',
      },
      {
        rule: 'config/placeholder',
        at: 'config/staging.yaml:34',
        message: 'staging: placeholders.e (config/staging.yaml:34) holds a placeholder value (a placeholder word)',
      },
    ]);
  });

  test('no secret value appears anywhere in the findings, constraint messages and identities included', async () => {
    const findings = await run();
    const json = JSON.stringify(findings);
    expect(findings.some((f) => f.rule === 'config/constraint' && f.message.includes('github.token (value hidden'))).toBe(true);
    for (const value of [...Object.values(fake), privateKey]) {
      expect(json).not.toContain(value);
      // Nor a recognisable part of it.
      expect(json).not.toContain(value.slice(-12));
    }
  });

  test('secrets.envs selects the scanned environments and secrets.allow exempts keys', async () => {
    const root = await tempTree({
      'goldenpath.yaml': `config:
  environments: { dev: dev.yaml, prod: prod.yaml }
  secrets: { envs: [dev], allow: [analytics.token] }
`,
      'dev.yaml': `analytics:\n  token: ${fake.github}\napi:\n  token: ${fake.github}\n`,
      'prod.yaml': `analytics:\n  token: ${fake.github}\napi:\n  token: ${fake.github}\n`,
    });
    expect(summarize(await runCheck(root))).toEqual([
      {
        rule: 'config/secret',
        at: 'dev.yaml:4',
        message: 'dev: api.token (dev.yaml:4) looks like a GitHub token; secrets must not be committed to config files',
      },
    ]);
  });
});
