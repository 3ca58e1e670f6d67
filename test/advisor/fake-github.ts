/**
 * A GitHub REST server on 127.0.0.1 for the advisor's tests: the endpoints
 * the advisor calls, with in-memory state, Link-header pagination and fault
 * injection. Octokit is pointed at it with `baseUrl`, so requests go through
 * the real client, plugins and HTTP stack.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  login: string;
}

export interface FakePull {
  number: number;
  baseSha: string;
  headSha: string;
  state: 'open' | 'closed';
}

export interface RecordedRequest {
  method: string;
  path: string;
  login?: string;
  body?: unknown;
}

/** A canned answer for the next matching request(s), before normal handling. */
export interface Fault {
  method: string;
  /** Matched against the path without the query string. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface FakeGitHub {
  url: string;
  comments: FakeComment[];
  pulls: FakePull[];
  requests: RecordedRequest[];
  /** token → login; a token mapped to `null` is an installation token (GET /user answers 403). */
  tokens: Map<string, string | null>;
  /** Login used for writes by installation tokens. */
  installationLogin: string;
  faults: Fault[];
  /** Tokens whose comment creation and edits are refused with 403 (a fork's read-only token). */
  readOnlyTokens: Set<string>;
  /** Pull requests (by number) that GET /commits/{sha}/pulls does not list, as can happen for a fork's commits. */
  forkPulls: Set<number>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const state = {
    comments: [] as FakeComment[],
    pulls: [] as FakePull[],
    requests: [] as RecordedRequest[],
    tokens: new Map<string, string | null>(),
    installationLogin: 'github-actions[bot]',
    faults: [] as Fault[],
    readOnlyTokens: new Set<string>(),
    forkPulls: new Set<number>(),
  };
  let nextId = 1000;
  let url = '';

  const commentJson = (c: FakeComment): unknown => ({
    id: c.id,
    body: c.body,
    user: { login: c.login, type: c.login.endsWith('[bot]') ? 'Bot' : 'User' },
    html_url: `https://github.invalid/o/r/pull/${c.issue}#issuecomment-${c.id}`,
  });
  const pullJson = (p: FakePull): unknown => ({
    number: p.number,
    state: p.state,
    base: { sha: p.baseSha, ref: 'main' },
    head: { sha: p.headSha, ref: `branch-${p.number}` },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const full = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const token = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const login = token === undefined ? undefined : state.tokens.get(token);
    const body = await readBody(req);
    state.requests.push({
      method,
      path: full.pathname + full.search,
      ...(login ? { login } : {}),
      ...(body === undefined ? {} : { body }),
    });

    const fault = state.faults.find((f) => f.method === method && f.path.test(full.pathname));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
      send(res, fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers);
      return;
    }
    if (token === undefined || login === undefined) {
      send(res, 401, { message: 'Bad credentials' });
      return;
    }
    const writer = login ?? state.installationLogin;
    let m: RegExpExecArray | null;

    if (method === 'GET' && full.pathname === '/user') {
      if (login === null) send(res, 403, { message: 'Resource not accessible by integration' });
      else send(res, 200, { login, id: 1 });
      return;
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(full.pathname))) {
      const pull = state.pulls.find((p) => p.number === Number(m?.[1]));
      if (pull) send(res, 200, pullJson(pull));
      else send(res, 404, { message: 'Not Found' });
      return;
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(full.pathname))) {
      const sha = m[1];
      send(res, 200, state.pulls.filter((p) => p.headSha === sha && !state.forkPulls.has(p.number)).map(pullJson));
      return;
    }
    if (method === 'GET' && full.pathname === '/search/issues') {
      // Only the `<sha>` term of the query matters here: pull requests whose head is that commit.
      const terms = (full.searchParams.get('q') ?? '').split(/\s+/);
      const items = state.pulls
        .filter((p) => p.state === 'open' && terms.includes(p.headSha))
        .map((p) => ({ number: p.number, pull_request: { url: `${url}/repos/o/r/pulls/${p.number}` } }));
      send(res, 200, { total_count: items.length, incomplete_results: false, items });
      return;
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(full.pathname))) {
      const issue = Number(m[1]);
      if (method === 'GET') {
        const perPage = Math.min(100, Number(full.searchParams.get('per_page') ?? '30'));
        const page = Number(full.searchParams.get('page') ?? '1');
        const all = state.comments.filter((c) => c.issue === issue).sort((a, b) => a.id - b.id);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const links: string[] = [];
        const pageUrl = (p: number): string => `${url}${full.pathname}?per_page=${perPage}&page=${p}`;
        if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
        if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
        send(res, 200, all.slice((page - 1) * perPage, page * perPage).map(commentJson), links.length ? { link: links.join(', ') } : {});
        return;
      }
      if (method === 'POST') {
        if (token && state.readOnlyTokens.has(token)) {
          send(res, 403, { message: 'Resource not accessible by integration' });
          return;
        }
        const comment = { id: nextId++, issue, body: String((body as { body?: unknown }).body), login: writer };
        state.comments.push(comment);
        send(res, 201, commentJson(comment));
        return;
      }
    }
    if (method === 'PATCH' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(full.pathname))) {
      const comment = state.comments.find((c) => c.id === Number(m?.[1]));
      if (!comment) {
        send(res, 404, { message: 'Not Found' });
        return;
      }
      if ((token && state.readOnlyTokens.has(token)) || comment.login !== writer) {
        send(res, 403, { message: 'Resource not accessible by integration' });
        return;
      }
      comment.body = String((body as { body?: unknown }).body);
      send(res, 200, commentJson(comment));
      return;
    }
    send(res, 404, { message: 'Not Found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { message: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    ...state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
