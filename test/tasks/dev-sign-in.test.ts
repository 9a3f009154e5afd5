import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackOrigin } from '../../lambdas/api/dev-auth-routes.js';
import { devIdentityEnv } from '../../lib/identity/dev.js';
import { ProcessInput } from '../../flows/index.js';
import { taskApi, type TaskApi } from './support.js';

/**
 * POST /auth/dev-token hands out tokens for the example users (an admin among them), so it
 * answers only what a developer's own browser or curl sends: a loopback Host and Origin and a
 * JSON body. A DNS-rebinding page sends its own name as Host; a cross-site form sends text/plain.
 */
let api: TaskApi;
let saved: NodeJS.ProcessEnv;

beforeEach(async () => {
  api = await taskApi([ProcessInput]);
  saved = { ...process.env };
  Object.assign(process.env, devIdentityEnv(api.key));
});
afterEach(() => {
  process.env = saved;
});

const token = (headers: Record<string, string>, body: unknown = { user: 'admin' }) =>
  api.request('POST', '/auth/dev-token', null, { rawBody: typeof body === 'string' ? body : JSON.stringify(body), headers });

describe('development sign-in is for this machine only', () => {
  it('gives a token to a loopback Host, with or without a port, and a loopback Origin', async () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:8080']) {
      const res = await token({ host, 'content-type': 'application/json' });
      expect(res.status, host).toBe(200);
      expect(res.body.token).toMatch(/^ey/);
    }
    const withOrigin = await token({ host: '127.0.0.1:3000', origin: 'http://localhost:3000', 'content-type': 'application/json; charset=utf-8' });
    expect(withOrigin.status).toBe(200);
  });

  it('refuses any other Host with 403, before reading the body', async () => {
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', 'localhost.evil.example', '0.0.0.0:3000', '192.168.1.10:3000', '']) {
      const res = await token({ host, 'content-type': 'application/json' });
      expect(res.status, host).toBe(403);
      expect(res.body.error.code).toBe('not_loopback');
      expect(res.body.error.message).toContain('localhost, 127.0.0.1 or [::1]');
    }
    expect((await token({ host: 'evil.example', 'content-type': 'application/json' }, '{not json')).status).toBe(403);
    expect((await api.request('GET', '/auth/dev-users', null, { headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('refuses a foreign Origin with 403 even when the Host is loopback', async () => {
    for (const origin of ['http://evil.example', 'https://evil.example:3000', 'null', 'http://localhost.evil.example']) {
      const res = await token({ host: 'localhost:3000', origin, 'content-type': 'application/json' });
      expect(res.status, origin).toBe(403);
      expect(res.body.error.message).toContain(origin);
    }
  });

  it('takes only a JSON body: text/plain and form posts get 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']) {
      const res = await token({ host: 'localhost:3000', 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
  });

  it('recognises loopback names exactly', () => {
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost:65535')).toBe(true);
    expect(isLoopbackHost('localhost:')).toBe(false);
    expect(isLoopbackHost('127.0.0.2')).toBe(false);
    expect(isLoopbackHost(undefined)).toBe(false);
    expect(isLoopbackOrigin('http://[::1]:3000')).toBe(true);
    expect(isLoopbackOrigin('http://localhost:3000/path')).toBe(false);
    expect(isLoopbackOrigin('file://')).toBe(false);
  });
});
