import { once } from 'node:events';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_ENV } from '../../lib/identity/config.js';
import { DEV_USERS, enableDevSignIn, signDevToken } from '../../lib/identity/dev.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { client, startTestStack } from './support.js';

/**
 * Ids, cursors and the local HTTP adapter on DynamoDB Local, over real sockets: what used to
 * reach DynamoDB as an oversized key (a 500), or crash the adapter (a 500 or a hung socket),
 * is answered with a 4xx.
 */
let stack: LocalStack;
let http: ReturnType<typeof client>;
let userToken: string;

beforeAll(async () => {
  await enableDevSignIn(null);
  stack = await startTestStack({ tickIntervalMs: 3_600_000 });
  http = client(stack);
  const key = JSON.parse(process.env[IDENTITY_ENV.devSigningKey]!) as Parameters<typeof signDevToken>[0];
  userToken = await signDevToken(key, DEV_USERS.find((u) => u.id === 'admin')!);
});
afterAll(async () => {
  await stack?.stop();
});

/** One request on its own connection, with the request line and headers exactly as given. */
async function raw(lines: string[], body = ''): Promise<{ status: number; text: string }> {
  const url = new URL(stack.url);
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, 'connect');
  // write, not end: the server drops a response in progress when the client half-closes; it closes itself (connection: close).
  socket.write(`${lines.join('\r\n')}\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  let rest = text.slice(head.length + 4);
  if (/transfer-encoding: chunked/i.test(head)) {
    let decoded = '';
    for (let size = parseInt(rest, 16); size > 0; size = parseInt(rest, 16)) {
      const start = rest.indexOf('\r\n') + 2;
      decoded += rest.slice(start, start + size);
      rest = rest.slice(start + size + 2);
    }
    rest = decoded;
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), text: rest };
}

describe('ids and cursors', () => {
  const longId = 'i'.repeat(3_000);

  it('refuses an instance id of 3,000 characters with 400 invalid_path on every route that takes one', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', `/instances/${longId}`],
      ['DELETE', `/instances/${longId}`],
      ['POST', `/instances/${longId}/run`],
      ['POST', `/instances/${longId}/retry`],
      ['POST', `/instances/${longId}/messages/paid`, { data: { amount: 1 } }],
      ['GET', `/tasks/${longId}/1`],
      ['POST', `/tasks/${longId}/1`, { values: { approved: true } }],
      ['GET', `/views/instances/${longId}`],
    ];
    for (const [method, path, body] of routes) {
      const token = path.startsWith('/tasks') || path.startsWith('/views') ? userToken : stack.apiToken;
      const res = await http.request(method, path, body, {}, token);
      expect(res.status, `${method} ${path.slice(0, 30)}`).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_path' });
      expect(res.body.error.message).toMatch(/Path parameter (id|instanceId) is invalid: at most 128 characters/);
    }
    const key = await http.request('POST', `/keys/${'k'.repeat(3_000)}/messages/paid`, { data: {} });
    expect(key.status).toBe(400);
  });

  it('still answers 404 for a well-formed id that names nothing', async () => {
    const res = await http.request('GET', '/instances/0b7c2b8e-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
  });

  it('refuses a 1,500-character cursor with 400 on every list route', async () => {
    const cursor = Buffer.from(JSON.stringify({ after: `S#${'c'.repeat(1_100)}` })).toString('base64url');
    expect(cursor.length).toBeGreaterThan(1_400);
    const answers = [
      await http.request('GET', `/automations/Order/instances?cursor=${cursor}`),
      await http.request('GET', `/views/automations/Order/instances?cursor=${cursor}`, undefined, {}, userToken),
      await http.request('GET', `/tasks?cursor=${cursor}`, undefined, {}, userToken),
      await http.request('POST', '/history/delete', { days: 1, dryRun: true, cursor }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('cursor');
    }
    // A cursor the API handed out still works.
    for (let i = 0; i < 3; i++) await http.request('POST', '/automations/Order/instances', { data: { orderId: `cursor-${i}` }, autorun: false });
    const first = await http.request('GET', '/automations/Order/instances?limit=2');
    expect(first.body.cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await http.request('GET', `/automations/Order/instances?limit=2&cursor=${first.body.cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items.length).toBeGreaterThan(0);
  });
});

describe('the local HTTP adapter', () => {
  it('answers malformed %-encoding in a path parameter with 400, not 500', async () => {
    for (const segment of ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF']) {
      const res = await raw([`GET /instances/${segment} HTTP/1.1`, 'host: 127.0.0.1', `authorization: Bearer ${stack.apiToken}`]);
      expect(res.status, segment).toBe(400);
      expect(res.text).toContain('invalid_path');
    }
  });

  it('serves requests with an empty or odd Host header', async () => {
    for (const host of ['', 'a b', '[::1', '%', 'localhost:99999']) {
      const res = await raw(['GET /health HTTP/1.1', `host: ${host}`]);
      expect(res.status, JSON.stringify(host)).toBe(200);
    }
    expect((await raw(['GET //health HTTP/1.1', 'host: x'])).status).toBe(404); // a path, never a host
  });

  it('answers /_local/events bodies that are not objects, or entries that are not, with per-entry errors', async () => {
    const auth = `authorization: Bearer ${stack.apiToken}`;
    for (const body of ['null', '[]', '5', '"x"', '{"Entries": [null, 5, "x", []]}', `{"Entries": [{"Source": "s", "DetailType": "d", "Detail": "${'['.repeat(100)}"}]}`]) {
      const res = await raw(['POST /_local/events HTTP/1.1', 'host: 127.0.0.1', auth, 'content-type: application/json'], body);
      expect(res.status, body).toBe(200);
      const answer = JSON.parse(res.text) as { FailedEntryCount: number; Entries: { ErrorCode?: string }[] };
      expect(answer.FailedEntryCount).toBe(answer.Entries.length);
      expect(answer.Entries.every((e) => e.ErrorCode)).toBe(true);
    }
  });

  it('answers a body over 10 MiB with 413 and closes the connection, so the next request is served on a fresh one', async () => {
    const url = new URL(stack.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body?: Buffer) =>
      new Promise<IncomingMessage & { text: string; connection: Socket }>((resolve, reject) => {
        let connection: Socket;
        const req = httpRequest({ host: url.hostname, port: url.port, method: body ? 'POST' : 'GET', path: body ? '/automations/Order/instances' : '/health', agent, headers: { authorization: `Bearer ${stack.apiToken}`, 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (c) => (text += String(c)));
          res.on('end', () => resolve(Object.assign(res, { text, connection })));
        });
        req.on('socket', (socket) => (connection = socket));
        req.on('error', reject);
        req.end(body);
      });
    try {
      const first = await send();
      const huge = await send(Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));
      expect(huge.statusCode).toBe(413);
      expect(huge.headers.connection).toBe('close');
      expect(huge.connection).toBe(first.connection); // sent on the kept-alive connection…
      if (!huge.connection.destroyed) await once(huge.connection, 'close'); // …which the server then closes
      const next = await send();
      expect(next.statusCode).toBe(200);
      expect(next.connection).not.toBe(first.connection);
    } finally {
      agent.destroy();
    }
  });
});
