import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ActionRegistry, HttpActionError, createHttpAction, httpActionConfigFromEnv, isHostAllowed, type ActionContext, type HttpParams,
} from '../../../lib/engine/actions/index.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const hanging: ServerResponse[] = [];

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const path = req.url ?? '/';
  if (path === '/echo') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, key: req.headers['idempotency-key'], type: req.headers['content-type'] ?? null, body }));
  } else if (path.startsWith('/status/')) {
    res.writeHead(Number(path.slice('/status/'.length)));
    res.end('it broke');
  } else if (path === '/big') {
    res.writeHead(200);
    res.end('é'.repeat(5000)); // 10,000 bytes, two per character
  } else if (path === '/hang') {
    hanging.push(res); // answered never; closed after the tests
  } else if (path.startsWith('/redirect?to=')) {
    res.writeHead(302, { location: decodeURIComponent(path.slice('/redirect?to='.length)) });
    res.end();
  } else if (path === '/see-other') {
    res.writeHead(303, { location: '/echo' });
    res.end();
  } else {
    res.writeHead(404);
    res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      route(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };
function context(overrides: Partial<ActionContext> = {}): ActionContext {
  return {
    logger: silent, idempotencyKey: 'job-9:extract:1', deadline: Date.now() + 60_000, signal: new AbortController().signal,
    automations: { start: async () => ({ id: 'x' }), sendMessage: async () => undefined }, ...overrides,
  };
}

const action = createHttpAction({ allowedHosts: ['127.0.0.1', '*.example.com'], allowLoopbackHttp: true });
const registry = new ActionRegistry(action);
const run = (params: HttpParams, ctx = context()) => registry.invoke('http', params, ctx);
async function failure(promise: Promise<unknown>): Promise<HttpActionError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpActionError);
  return error as HttpActionError;
}

describe('the http action', () => {
  it('sends the request with the Idempotency-Key header and returns status and body', async () => {
    const output = await run({ method: 'POST', url: `${base}/echo`, body: { day: '2026-01-02' } });
    expect(output).toEqual({
      status: 200, truncated: false,
      body: JSON.stringify({ method: 'POST', key: 'job-9:extract:1', type: 'application/json', body: '{"day":"2026-01-02"}' }),
    });
    const text = await run({ method: 'PUT', url: `${base}/echo`, body: 'plain', headers: { 'Content-Type': 'text/plain' } });
    expect(JSON.parse((text as { body: string }).body)).toMatchObject({ method: 'PUT', type: 'text/plain', body: 'plain' });
  });

  it('refuses a host off the allowlist before any request', async () => {
    const error = await failure(action.run({ method: 'GET', url: 'https://internal.corp.test/secrets' }, context()));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/the host internal\.corp\.test is not on the allowlist/);
    const http = await failure(action.run({ method: 'GET', url: 'http://api.example.com/x' }, context()));
    expect(http.message).toMatch(/use https/);
    expect(seen).toEqual([]);
  });

  it('refuses such params when a definition is saved', () => {
    const checked = registry.validateParams('http', { method: 'FETCH', url: 'https://evil.test/', timeout: '1h', body: 'x', extra: 1 });
    expect(!checked.ok && checked.problems).toEqual([
      { path: 'method', message: 'method must be one of GET, POST, PUT, PATCH, DELETE, HEAD' },
      { path: 'url', message: expect.stringContaining('the host evil.test is not on the allowlist') },
      { path: 'timeout', message: 'the timeout may be at most 5m' },
      { path: 'extra', message: 'unknown field' },
    ]);
    const get = registry.validateParams('http', { method: 'GET', url: 'https://a.example.com/', body: 'x', headers: { 'Idempotency-Key': 'mine' } });
    expect(!get.ok && get.problems.map((p) => p.path)).toEqual(['headers.Idempotency-Key', 'body']);
    expect(registry.validateParams('http', { method: 'GET', url: 'https://deep.sub.example.com/x' }).ok).toBe(true);
    expect(registry.validateParams('http', { method: 'GET', url: 'https://example.com/x' }).ok).toBe(false);
    expect(registry.validateParams('http', { method: 'GET', url: 'https://user:pw@a.example.com/' }).ok).toBe(false);
  });

  it('fails on a non-2xx status, naming it', async () => {
    const error = await failure(run({ method: 'DELETE', url: `${base}/status/503` }));
    expect(error.kind).toBe('status');
    expect(error.status).toBe(503);
    expect(error.message).toBe(`DELETE ${base}/status/503 answered 503: it broke`);
    expect((await failure(run({ method: 'GET', url: `${base}/status/404` }))).status).toBe(404);
  });

  it('times out, and a cancelled task aborts the request', async () => {
    const error = await failure(run({ method: 'GET', url: `${base}/hang`, timeout: '200ms' }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`GET ${base}/hang timed out after 200ms`);
    const controller = new AbortController();
    const pending = run({ method: 'GET', url: `${base}/hang` }, context({ signal: controller.signal }));
    controller.abort();
    expect((await failure(pending)).kind).toBe('cancelled');
  });

  it('keeps the timeout within the task deadline', async () => {
    const error = await failure(run({ method: 'GET', url: `${base}/hang`, timeout: '5m' }, context({ deadline: Date.now() + 300 })));
    expect(error.kind).toBe('timeout');
  });

  it('bounds the body excerpt', async () => {
    const output = (await run({ method: 'GET', url: `${base}/big` })) as { status: number; body: string; truncated: boolean };
    expect(output.status).toBe(200);
    expect(output.truncated).toBe(true);
    expect(Buffer.byteLength(output.body)).toBe(2048);
    expect(output.body).toBe('é'.repeat(1024));
  });

  it('follows redirects within the allowlist and refuses one to another host', async () => {
    const followed = await run({ method: 'GET', url: `${base}/redirect?to=${encodeURIComponent('/echo')}` });
    expect(followed).toMatchObject({ status: 200 });
    const seeOther = (await run({ method: 'POST', url: `${base}/see-other`, body: { a: 1 } })) as { body: string };
    expect(JSON.parse(seeOther.body)).toMatchObject({ method: 'GET', body: '' });

    seen.length = 0;
    const elsewhere = `http://localhost:${new URL(base).port}/echo`; // the same server, under a host not on the list
    const error = await failure(run({ method: 'GET', url: `${base}/redirect?to=${encodeURIComponent(elsewhere)}` }));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/the host localhost is not on the allowlist/);
    expect(seen.map((s) => s.url)).toEqual([`/redirect?to=${encodeURIComponent(elsewhere)}`]);
  });
});

describe('http action configuration', () => {
  it('reads the allowlist from the environment', () => {
    expect(httpActionConfigFromEnv({ ATM_HTTP_ALLOWED_HOSTS: ' api.example.com, *.corp.test ,', ATM_HTTP_ALLOW_LOOPBACK_HTTP: 'true' })).toEqual({
      allowedHosts: ['api.example.com', '*.corp.test'], allowLoopbackHttp: true,
    });
    expect(httpActionConfigFromEnv({})).toEqual({ allowedHosts: [], allowLoopbackHttp: false });
  });

  it('matches exact hosts and subdomain patterns, case-insensitively', () => {
    expect(isHostAllowed('API.example.com', ['api.example.com'])).toBe(true);
    expect(isHostAllowed('a.b.example.com', ['*.example.com'])).toBe(true);
    expect(isHostAllowed('example.com', ['*.example.com'])).toBe(false);
    expect(isHostAllowed('badexample.com', ['*.example.com'])).toBe(false);
    expect(isHostAllowed('[::1]', ['::1'])).toBe(true);
  });

  it('refuses an allowlist entry that is not a host', () => {
    expect(() => createHttpAction({ allowedHosts: ['*'] })).toThrow(/"\*" is not a host/);
    expect(() => createHttpAction({ allowedHosts: ['https://api.example.com'] })).toThrow(/is not a host/);
  });
});
