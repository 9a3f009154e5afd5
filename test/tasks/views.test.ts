import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IssueDiscussion, ProcessInput } from '../../flows/index.js';
import { admin, alice, bob, carol, snapshot, taskApi, viewer } from './support.js';

async function setup() {
  const api = await taskApi([ProcessInput, IssueDiscussion]);
  const open = async (id: string) => (await api.runtime.engine.tasksFor({ id: 'root', superuser: true })).items.find((t) => t.instanceId === id)!.task;
  return { ...api, open };
}

describe('dashboard views', () => {
  it('counts instances per automation and status, for viewers and superusers only', async () => {
    const api = await setup();
    await api.runtime.engine.start(ProcessInput, { requester: 'a', amount: 5 }); // finished
    await api.runtime.engine.start(ProcessInput, { requester: 'b', amount: 50_000 }); // waiting at the form
    await api.runtime.engine.start(ProcessInput, { requester: 'c', amount: -1 }); // error
    expect((await api.request('GET', '/views/automations', carol)).status).toBe(403);
    expect((await api.request('GET', '/views/automations', alice)).status).toBe(403);
    for (const user of [viewer, admin]) {
      const res = await api.request('GET', '/views/automations', user);
      expect(res.status).toBe(200);
      expect(res.body.automations.find((a: { name: string }) => a.name === 'ProcessInput')).toEqual({
        name: 'ProcessInput', verboseName: 'Process input', verboseNamePlural: expect.any(String), counts: { running: 0, waiting: 1, error: 1, finished: 1 }, capped: false,
      });
    }
    const list = await api.request('GET', '/views/automations/ProcessInput/instances', viewer, { query: { status: 'error' } });
    expect(list.body.items).toHaveLength(1);
    expect((await api.request('GET', '/views/automations/ProcessInput/instances', carol)).status).toBe(403);
    expect((await api.request('GET', '/views/automations/Nope/instances', viewer)).status).toBe(404);
  });

  it('shows an instance page (data, timeline, diagram with the current node) to viewers and to the people its tasks are for', async () => {
    const api = await setup();
    const { id } = await api.runtime.engine.start(ProcessInput, { requester: 'rita', amount: 50_000 });
    const task = await api.open(id);
    expect((await api.request('GET', `/views/instances/${id}`, carol)).status).toBe(403);
    const mine = await api.request('GET', `/views/instances/${id}`, alice);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id, automation: 'ProcessInput', status: 'waiting', data: { requester: 'rita', amount: 50_000 },
      current: [{ node: 'approval', task }], openTasks: [{ task, node: 'approval', openToYou: true }], key: null, receivers: [],
    });
    expect(mine.body.history.map((t: { node: string }) => t.node)).toEqual(['start', 'check', 'approval']);
    expect(mine.body.diagram).toContain('class n_approval current');
    expect((await api.request('GET', `/views/instances/${id}`, viewer)).body.key).toBe(api.runtime.engine.getKey(id));
    // Having completed a task, alice may still follow the instance; carol still may not.
    await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: false } } });
    const after = await api.request('GET', `/views/instances/${id}`, alice);
    expect(after.body).toMatchObject({ status: 'finished', current: [], data: { outcome: 'rejected' } });
    expect(after.body.history.find((t: { node: string }) => t.node === 'approval').completedBy).toBe('alice');
    expect(after.body.diagram).not.toContain('current');
    expect((await api.request('GET', `/views/instances/${id}`, carol)).status).toBe(403);
    expect((await api.request('GET', '/views/instances/nope', admin)).status).toBe(404);
  });

  it('shows errors with their stack to viewers only', async () => {
    const api = await setup();
    const { id } = await api.runtime.engine.start(ProcessInput, { requester: 'rita', amount: -5 });
    const page = await api.request('GET', `/views/instances/${id}`, admin);
    expect(page.body.status).toBe('error');
    expect(page.body.error).toMatchObject({ node: 'start', message: expect.stringContaining('amount must be a positive number') });
    expect(page.body.error.stack).toContain('RangeError');
    expect(page.body.history[0].error.stack).toContain('getUserInput');
  });
});

describe('page-view hook (AutomationHook)', () => {
  it('sends a published message to the instance a key stands for, as a 1×1 GIF (GET) or 204 (POST)', async () => {
    const api = await setup();
    const instance = await api.runtime.engine.start(IssueDiscussion, { issue: 'Budget', deadline: '2030-01-01T00:00:00Z', confCallThisWeek: false });
    const key = api.runtime.engine.getKey(instance.id);
    const pixel = await api.request('GET', '/hooks/page-view', null, { query: { key, message: 'newMail' }, headers: { referer: 'https://example.org/issue' } });
    expect(pixel.status).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(Buffer.from(pixel.raw.body!, 'base64').subarray(0, 6).toString()).toBe('GIF89a');
    expect((await api.store.get(instance.id))!.data.pendingMails).toBe(1);
    const beacon = await api.request('POST', '/hooks/page-view', null, { query: { key, message: 'newMail' } });
    expect(beacon.status).toBe(204);
    expect((await api.store.get(instance.id))!.data.pendingMails).toBe(2);
  });

  it('refuses a wrong key, an unpublished receiver or an automation that publishes none, and changes nothing', async () => {
    const api = await setup();
    const discussion = await api.runtime.engine.start(IssueDiscussion, { issue: 'Budget', deadline: '2030-01-01T00:00:00Z', confCallThisWeek: false });
    const approval = await api.runtime.engine.start(ProcessInput, { requester: 'rita', amount: 50_000 });
    const before = [await snapshot(api, discussion.id), await snapshot(api, approval.id)];
    const key = api.runtime.engine.getKey(discussion.id);
    const forged = `${key.slice(0, -4)}AAAA`;
    expect((await api.request('GET', '/hooks/page-view', null, { query: { key: forged, message: 'newMail' } })).status).toBe(404);
    expect((await api.request('GET', '/hooks/page-view', null, { query: { key, message: 'other' } })).status).toBe(404);
    expect((await api.request('GET', '/hooks/page-view', null, { query: { key: api.runtime.engine.getKey(approval.id), message: 'newMail' } })).status).toBe(404);
    expect((await api.request('GET', '/hooks/page-view', null, { query: { key } })).status).toBe(400);
    expect([await snapshot(api, discussion.id), await snapshot(api, approval.id)]).toEqual(before);
  });
});

describe('the dashboard page and development sign-in', () => {
  it('serves / with a strict Content-Security-Policy, and its scripts (gzip when asked)', async () => {
    const api = await setup();
    const page = await api.request('GET', '/', null);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain("'unsafe-eval'");
    expect(page.raw.body).toContain('<script type="module" src="/dashboard/main.js">');
    const js = await api.request('GET', '/dashboard/main.js', null, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(Buffer.from(js.raw.body!, 'base64')).toString()).toContain('/tasks');
    const plain = await api.request('GET', '/dashboard/styles.css', null);
    expect(plain.raw.body).toContain('.urgency-urgent');
    expect((await api.request('GET', '/dashboard/main.js', null, { headers: { 'if-none-match': js.headers.etag! } })).status).toBe(304);
    expect((await api.request('GET', '/dashboard/nope.js', null)).status).toBe(404);
  });

  it('issues development tokens only when the local signing key is configured; they pass the ordinary verifier', async () => {
    const api = await setup();
    expect((await api.request('GET', '/auth/dev-users', null)).status).toBe(404);
    const { devIdentityEnv } = await import('../../lib/identity/dev.js');
    const env = devIdentityEnv(api.key);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const users = await api.request('GET', '/auth/dev-users', null);
      const ids = users.body.users.map((u: { id: string }) => u.id);
      expect(ids.slice(0, 4)).toEqual(['alice', 'bob', 'carol', 'admin']);
      expect(ids).toEqual(expect.arrayContaining(['rita', 'fatima', 'farid', 'omar', 'cora', 'eve', 'ethan', 'zoe']));
      const { body } = await api.request('POST', '/auth/dev-token', null, { body: { user: 'bob' } });
      const me = await api.request('GET', '/me', body.token);
      expect(me.body).toMatchObject({ id: 'bob', groups: ['Moderators'] });
      expect((await api.request('POST', '/auth/dev-token', null, { body: { user: 'mallory' } })).status).toBe(404);
      expect((await api.request('GET', '/auth/config', null)).body).toEqual({ mode: 'dev' });
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    }
    void bob;
  });
});

describe('the OpenAPI document', () => {
  it('documents the task routes with the user-token scheme, the hook and dashboard as public, the core routes with the API token', async () => {
    const { openApiDocument } = await import('../../lambdas/api/openapi.js');
    const { API_ROUTE_MODULES } = await import('../../lambdas/api/modules.js');
    const doc = openApiDocument(API_ROUTE_MODULES) as { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.components.securitySchemes.user).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.paths['/tasks']!.get!.security).toEqual([{ user: [] }]);
    expect(Object.keys(doc.paths['/tasks/{instanceId}/{task}']!.post!.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '410', '413', '422', '503']);
    expect(doc.paths['/hooks/page-view']!.get!.security).toEqual([]);
    expect(doc.paths['/']!.get!.security).toEqual([]);
    expect(doc.paths['/automations']!.get!.security).toBeUndefined(); // the document's default: the API token
    expect(doc.paths['/auth/dev-token']).toBeUndefined(); // local only
  });
});
