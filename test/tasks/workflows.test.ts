import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/engine/clock.js';
import { MemoryMailer } from '../../lib/engine/mail.js';
import { MemoryWorkflowEvents } from '../../lib/engine/workflows/events.js';
import type { WorkflowDocument } from '../../lib/engine/workflows/types.js';
import { DEV_USERS } from '../../lib/identity/dev.js';
import { verifyWebhook } from '../../lib/app/webhook-signature.js';
import { IDEMPOTENCY_KEY_HEADER, STATUS_WEBHOOK_SIGNATURE } from '../../lib/app/status-webhook.js';
import { ListingStaticDirectory, workflowParts } from '../../lib/app/workflow-wiring.js';
import { SECRETS } from '../lambdas/support.js';
import { taskApi, type User } from './support.js';

const as = (id: string, tenant = 'acme'): User => ({ id, groups: [...(DEV_USERS.find((u) => u.id === id)?.groups ?? [])], tenant });
const rita = as('rita');
const omar = as('omar');
const eve = as('eve');
const ethan = as('ethan');
const zoe = as('zoe', 'globex');
const OPERATOR = SECRETS.apiToken;

function doc(over: Partial<WorkflowDocument> = {}): Record<string, unknown> {
  return {
    name: { en: 'Spend', ar: 'إنفاق' },
    strategy: 'pipelines',
    pipelines: [
      { id: 'budget', name: { en: 'Budget' }, approvals: [{ by: 'user', user: 'omar' }] },
      { id: 'exec', name: { en: 'Executives' }, approvals: [{ by: 'group', group: 'executives', strategy: 'anyone' }] },
    ],
    ...over,
  };
}

async function setup(options: { fetch?: typeof fetch } = {}) {
  const events = new MemoryWorkflowEvents();
  const mailer = new MemoryMailer();
  const directory = new ListingStaticDirectory(DEV_USERS.map((u) => ({ id: u.id, name: u.name, email: u.email, tenant: u.tenant, active: true, groups: [...u.groups] })), ['admins']);
  const api = await taskApi([], {
    clock: new ManualClock(Date.parse('2026-03-02T08:00:00Z')),
    workflows: workflowParts({ directory, mailer, events, webhookSecret: SECRETS.webhookSecret, http: { allowedHosts: ['127.0.0.1'], allowLoopbackHttp: true }, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  });
  const save = async (slug: string, body: Record<string, unknown> = doc(), who: User | string = rita) => api.request('PUT', `/workflows/${slug}`, who, { body });
  const attach = async (slug: string, id: string, who: User | string = rita, extra: Record<string, unknown> = {}) =>
    api.request('POST', `/workflows/${slug}/attachments`, who, { body: { object: { type: 'PurchaseRequest', id }, metadata: { amount: 1250 }, ...extra } });
  return { ...api, events, mailer, directory, save, attach };
}

describe('workflow definitions over HTTP', () => {
  it('saves versions, lists, shows with versions and introspection, (de)activates and deletes', async () => {
    const api = await setup();
    const first = await api.save('spend');
    expect(first.status).toBe(200);
    expect(first.body.workflow).toMatchObject({ slug: 'spend', tenant: 'acme', version: 1 });
    expect((await api.save('spend', doc({ description: 'v2' }))).body.workflow.version).toBe(2);
    const list = await api.request('GET', '/workflows', rita);
    expect(list.body.workflows.map((w: { slug: string }) => w.slug)).toEqual(['spend']);
    const shown = await api.request('GET', '/workflows/spend', rita);
    expect(shown.body.workflow.versions.sort()).toEqual([1, 2]);
    expect(shown.body.workflow.introspection.counts).toMatchObject({ units: 2, approvals: 2 });
    expect((await api.request('POST', '/workflows/spend/deactivate', rita)).body.workflow.active).toBe(false);
    expect((await api.attach('spend', 'PR-1')).status).toBe(409);
    expect((await api.request('POST', '/workflows/spend/activate', rita)).body.workflow.active).toBe(true);
    expect((await api.request('DELETE', '/workflows/spend', rita)).status).toBe(204);
    expect((await api.request('GET', '/workflows/spend', rita)).status).toBe(404);
  });

  it('refuses a bad definition with 422 naming every problem, and saves nothing', async () => {
    const api = await setup();
    const bad = await api.save('bad', doc({ strategy: 'single', approvals: [{ by: 'user', user: 'nobody' }] } as Partial<WorkflowDocument>));
    expect(bad.status).toBe(422);
    const paths = (bad.body.error.details as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(['pipelines']);
    const unknownUser = await api.save('bad', doc({ strategy: 'single', pipelines: undefined, approvals: [{ by: 'user', user: 'nobody' }] } as Partial<WorkflowDocument>));
    expect(unknownUser.status).toBe(422);
    expect((unknownUser.body.error.details as { path: string }[]).map((p) => p.path)).toEqual(['approvals[0].user']);
    expect((await api.request('GET', '/workflows/bad', rita)).status).toBe(404);
    expect((await api.request('PUT', '/workflows/Bad_Slug', rita, { body: doc() })).status).toBe(422);
  });

  it('answers 401 without a token and 503-free for the API token (an operator of the default tenant or X-Tenant)', async () => {
    const api = await setup();
    expect((await api.request('GET', '/workflows', null)).status).toBe(401);
    expect((await api.request('GET', '/workflows', 'not-a-token')).status).toBe(401);
    await api.save('spend');
    expect((await api.request('GET', '/workflows', OPERATOR)).body.workflows).toEqual([]);
    const acme = await api.request('GET', '/workflows', OPERATOR, { headers: { 'x-tenant': 'acme' } });
    expect(acme.body.workflows.map((w: { slug: string }) => w.slug)).toEqual(['spend']);
  });
});

describe('attachments and decisions over HTTP', () => {
  it('attaches (201), refuses a second active attachment (409), restarts on request, and decides through to completion', async () => {
    const api = await setup();
    await api.save('spend');
    const created = await api.attach('spend', 'PR-1');
    expect(created.status).toBe(201);
    const id = created.body.attachment.id as string;
    expect(created.body.attachment).toMatchObject({ status: 'inProgress', progress: 0, waitingFor: { items: [{ user: 'omar' }] } });
    expect((await api.attach('spend', 'PR-1')).status).toBe(409);
    const approved = await api.request('POST', `/attachments/${id}/decisions`, omar, { body: { action: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body.attachment.progress).toBe(50);
    const done = await api.request('POST', `/attachments/${id}/decisions`, eve, { body: { action: 'approve' } });
    expect(done.body.attachment).toMatchObject({ status: 'completed', progress: 100 });
    const object = await api.request('GET', '/objects/PurchaseRequest/PR-1/workflow', rita);
    expect(object.body.attachment.id).toBe(id);
    expect(api.events.unique().map((e) => e.type)).toEqual(['workflowStarted', 'approved', 'movedToPipeline', 'approved', 'workflowCompleted']);
    const restarted = await api.attach('spend', 'PR-1', rita);
    expect(restarted.status).toBe(201);
    const again = await api.attach('spend', 'PR-1', rita, { restart: true });
    expect(again.body.attachment.restartedFrom).toBe(restarted.body.attachment.id);
  });

  it('attach now, start later over HTTP: start: false is 201 attached, POST /attachments/{id}/start starts it once (409 again); instants are ISO 8601', async () => {
    const api = await setup();
    await api.save('spend');
    const created = await api.attach('spend', 'PR-L', rita, { start: false });
    expect(created.status).toBe(201);
    const id = created.body.attachment.id as string;
    expect(created.body.attachment).toMatchObject({ status: 'attached', startedAt: null, attachedAt: '2026-03-02T08:00:00.000Z', waitingFor: null });
    expect(created.body.attachment.timeline).toEqual([{ at: '2026-03-02T08:00:00.000Z', type: 'attached', by: 'rita' }]);
    expect((await api.attach('spend', 'PR-L', rita)).status).toBe(409);
    expect((await api.request('POST', `/attachments/${id}/start`, omar)).status).toBe(403);
    expect((await api.request('POST', `/attachments/${id}/start`, zoe)).status).toBe(404);
    const started = await api.request('POST', `/attachments/${id}/start`, rita);
    expect(started.status).toBe(200);
    expect(started.body.attachment).toMatchObject({ status: 'inProgress', startedAt: '2026-03-02T08:00:00.000Z', startedBy: 'rita', waitingFor: { items: [{ user: 'omar' }] } });
    const again = await api.request('POST', `/attachments/${id}/start`, rita);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already started/);
    const listed = await api.request('GET', '/attachments', rita, { query: { status: 'inProgress' } });
    expect(listed.body.attachments.map((x: { id: string }) => x.id)).toEqual([id]);
    const saved = await api.request('GET', '/workflows/spend', rita);
    expect(saved.body.workflow.savedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const stats = await api.request('GET', '/workflows-stats', rita);
    expect(stats.body.attachments).toMatchObject({ attached: 0, inProgress: 1, total: 1 });
  });

  it('refuses decisions: 403 for a user who may not act, 422 without a reason, 400 for an unknown action; nothing changes', async () => {
    const api = await setup();
    await api.save('spend');
    const id = (await api.attach('spend', 'PR-2')).body.attachment.id as string;
    const before = await api.request('GET', `/attachments/${id}`, rita);
    expect((await api.request('POST', `/attachments/${id}/decisions`, eve, { body: { action: 'approve' } })).status).toBe(403);
    expect((await api.request('POST', `/attachments/${id}/decisions`, omar, { body: { action: 'reject' } })).status).toBe(422);
    expect((await api.request('POST', `/attachments/${id}/decisions`, omar, { body: { action: 'veto' } })).status).toBe(400);
    expect((await api.request('POST', `/attachments/${id}/decisions`, omar, { body: { action: 'delegate', to: 'zoe' } })).status).toBe(422);
    expect((await api.request('GET', `/attachments/${id}`, rita)).body).toEqual(before.body);
  });

  it('keeps tenants apart: a globex user gets 404 on acme\'s attachment, workflows and object state', async () => {
    const api = await setup();
    await api.save('spend');
    const id = (await api.attach('spend', 'PR-3')).body.attachment.id as string;
    expect((await api.request('GET', `/attachments/${id}`, zoe)).status).toBe(404);
    expect((await api.request('POST', `/attachments/${id}/decisions`, zoe, { body: { action: 'approve' } })).status).toBe(404);
    expect((await api.request('POST', `/attachments/${id}/cancel`, zoe, { body: {} })).status).toBe(404);
    expect((await api.request('GET', '/workflows/spend', zoe)).status).toBe(404);
    expect((await api.request('GET', '/objects/PurchaseRequest/PR-3/workflow', zoe)).status).toBe(404);
    expect((await api.request('GET', '/attachments', zoe)).body.attachments).toEqual([]);
    expect((await api.request('GET', '/attachments', rita)).body.attachments.map((a: { id: string }) => a.id)).toEqual([id]);
  });

  it('racing decisions over HTTP: exactly one 200, the others 409', async () => {
    const api = await setup();
    await api.save('race', doc({ strategy: 'single', pipelines: undefined, approvals: [{ by: 'group', group: 'executives', strategy: 'anyone' }] } as Partial<WorkflowDocument>));
    const id = (await api.attach('race', 'PR-9')).body.attachment.id as string;
    const replies = await Promise.all([eve, ethan, eve, ethan].map((u) => api.request('POST', `/attachments/${id}/decisions`, u, { body: { action: 'approve' } })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const view = (await api.request('GET', `/attachments/${id}`, rita)).body.attachment;
    expect(view.status).toBe('completed');
    expect(view.timeline.filter((t: { type: string }) => t.type === 'voted' || t.type === 'approved').length).toBeGreaterThan(0);
    expect(api.events.unique().filter((e) => e.type === 'workflowCompleted')).toHaveLength(1);
  });

  it('cancels (starter or operator), lists by status, counts statistics and cleans up finished ones only', async () => {
    const api = await setup();
    await api.save('spend');
    const a = (await api.attach('spend', 'PR-4')).body.attachment.id as string;
    const b = (await api.attach('spend', 'PR-5')).body.attachment.id as string;
    expect((await api.request('POST', `/attachments/${a}/cancel`, eve, { body: {} })).status).toBe(403);
    expect((await api.request('POST', `/attachments/${a}/cancel`, rita, { body: { reason: 'withdrawn' } })).body.attachment.status).toBe('cancelled');
    const listed = await api.request('GET', '/attachments', rita, { query: { status: 'inProgress' } });
    expect(listed.body.attachments.map((x: { id: string }) => x.id)).toEqual([b]);
    expect((await api.request('GET', '/attachments', rita, { query: { status: 'sideways' } })).status).toBe(400);
    const stats = await api.request('GET', '/workflows-stats', rita);
    expect(stats.body).toMatchObject({ tenant: 'acme', definitions: 1, attachments: { inProgress: 1, cancelled: 1, total: 2 } });
    expect((await api.request('GET', '/workflows-cleanup', rita)).body.byStatus).toMatchObject({ inProgress: 1, cancelled: 1 });
    api.clock!.advance(60_000);
    const dry = await api.request('POST', '/workflows-cleanup', rita, { body: { days: 0, dryRun: true } });
    expect(dry.body).toMatchObject({ dryRun: true, deleted: 0 });
    expect(dry.body.matched.map((m: { id: string }) => m.id)).toEqual([a]);
    expect((await api.request('POST', '/workflows-cleanup', rita, { body: { days: 0, status: 'inProgress' } })).status).toBe(400);
    expect((await api.request('POST', '/workflows-cleanup', rita, { body: { days: -1 } })).status).toBe(400);
  });

  it('lists the directory for the delegate picker: the caller\'s tenant only, e-mail for superusers only', async () => {
    const api = await setup();
    const mine = await api.request('GET', '/directory/users', rita, { query: { q: 'fa' } });
    expect(mine.body.users).toEqual([{ id: 'farid', name: 'Farid (finance reviewer)' }, { id: 'fatima', name: 'Fatima (finance reviewer)' }]);
    const group = await api.request('GET', '/directory/users', zoe, { query: { group: 'finance-reviewers' } });
    expect(group.body.users.map((u: { id: string }) => u.id)).toEqual(['zoe']);
    const operator = await api.request('GET', '/directory/users', OPERATOR, { headers: { 'x-tenant': 'acme' }, query: { q: 'omar' } });
    expect(operator.body.users[0].email).toBe('omar@acme.example');
    expect((await api.request('GET', '/directory/users', rita, { query: { group: 'no-such' } })).status).toBe(404);
  });
});

describe('auto-start rules', () => {
  const rules = { fields: { amount: 'number', department: 'string', urgent: 'boolean' }, rules: [{ workflow: 'spend', conditions: [{ field: 'amount', op: 'gte', value: 1000 }, { field: 'department', op: 'in', value: ['it', 'ops'] }] }] };

  it('refuses unknown fields, operators, ill-typed values and unknown workflows at save (422, every problem)', async () => {
    const api = await setup();
    await api.save('spend');
    const bad = await api.request('PUT', '/autostart/PurchaseRequest', rita, {
      body: { fields: { amount: 'number' }, rules: [{ workflow: 'nope', conditions: [{ field: 'colour', op: 'eq', value: 'red' }, { field: 'amount', op: 'like', value: 1 }, { field: 'amount', op: 'gt', value: 'many' }] }] },
    });
    expect(bad.status).toBe(422);
    expect((bad.body.error.details as { path: string }[]).map((p) => p.path)).toEqual(['rules[0].conditions[0].field', 'rules[0].conditions[1].op', 'rules[0].conditions[2].value']);
    const unknownWorkflow = await api.request('PUT', '/autostart/PurchaseRequest', rita, { body: { ...rules, rules: [{ workflow: 'nope', conditions: [] }] } });
    expect(unknownWorkflow.body.error.details).toEqual([{ path: 'rules[0].workflow', message: 'no workflow "nope" in tenant acme' }]);
    expect((await api.request('GET', '/autostart/PurchaseRequest', rita)).status).toBe(404);
  });

  it('starts on a matching event exactly once per event id, not on a non-matching one', async () => {
    const api = await setup();
    await api.save('spend');
    const saved = await api.request('PUT', '/autostart/PurchaseRequest', rita, { body: rules });
    expect(saved.body.autostart.version).toBe(1);
    const small = await api.request('POST', '/objects/PurchaseRequest/PR-7/events', rita, { body: { id: 'e1', event: 'created', fields: { amount: 10, department: 'it' } } });
    expect(small.body).toMatchObject({ rule: null, attachment: null, reason: 'no rule matched' });
    const big = { id: 'e2', event: 'updated', fields: { amount: 5000, department: 'ops' } };
    const first = await api.request('POST', '/objects/PurchaseRequest/PR-7/events', rita, { body: big });
    expect(first.body).toMatchObject({ rule: 0, workflow: 'spend', duplicate: false, reason: 'started' });
    const repeats = await Promise.all([1, 2, 3].map(() => api.request('POST', '/objects/PurchaseRequest/PR-7/events', rita, { body: big })));
    for (const r of repeats) expect(r.body).toMatchObject({ duplicate: true, attachment: first.body.attachment });
    const list = await api.request('GET', '/attachments', rita);
    expect(list.body.attachments).toHaveLength(1);
    expect(list.body.attachments[0].metadata).toEqual({ amount: 5000, department: 'ops' });
    expect((await api.request('POST', '/objects/PurchaseRequest/PR-7/events', rita, { body: { event: 'created' } })).status).toBe(400);
    // a duplicate delivery racing the first one (EventBridge delivers at least once): one attachment, one workflowStarted
    const fresh = { id: 'e8', event: 'created', fields: { amount: 9000, department: 'ops' } };
    const racing = await Promise.all([1, 2, 3, 4].map(() => api.request('POST', '/objects/PurchaseRequest/PR-8/events', rita, { body: fresh })));
    const ids = new Set(racing.map((r) => r.body.attachment as string));
    expect(ids.size).toBe(1);
    expect(racing.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    const pr8 = (await api.request('GET', '/attachments', rita)).body.attachments.filter((x: { object: { id: string } }) => x.object.id === 'PR-8');
    expect(pr8.map((x: { id: string }) => x.id)).toEqual([...ids]);
    expect(api.events.unique().filter((e) => e.object.id === 'PR-8' && e.type === 'workflowStarted')).toHaveLength(1);
  });
});

describe('status sync webhook', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it('sends a signed webhook with the status value on completion, retried after a failure', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    let failures = 1;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failures-- > 0) return res.writeHead(503).end('busy');
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status`;
    const api = await setup();
    const refused = await api.save('synced', doc({ statusSync: { PurchaseRequest: { statusField: 'approval_status', completedValue: 'approved', rejectedValue: 'rejected', webhookUrl: 'https://elsewhere.example/hook' } } }));
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].path).toBe('statusSync.PurchaseRequest.webhookUrl');
    const saved = await api.save('synced', doc({ statusSync: { PurchaseRequest: { statusField: 'approval_status', completedValue: 'approved', rejectedValue: 'rejected', webhookUrl: url } } }));
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const attached = await api.attach('synced', 'PR-8');
    expect(attached.status, JSON.stringify(attached.body)).toBe(201);
    const id = attached.body.attachment.id as string;
    await api.request('POST', `/attachments/${id}/decisions`, omar, { body: { action: 'approve' } });
    await api.request('POST', `/attachments/${id}/decisions`, eve, { body: { action: 'approve' } });
    expect(received).toHaveLength(1); // the first attempt failed (503): recorded, retried later
    const completed = api.events.unique().find((e) => e.type === 'workflowCompleted')!;
    expect(completed.status).toEqual({ field: 'approval_status', value: 'approved' });
    api.clock!.advance(10 * 60_000);
    await api.runtime.engine.runDue();
    expect(received).toHaveLength(2);
    for (const r of received) {
      const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
      expect(() => verifyWebhook({ secrets: [SECRETS.webhookSecret], headers, ...STATUS_WEBHOOK_SIGNATURE, body: r.body, now: Number(headers['x-automations-timestamp']) * 1000 })).not.toThrow();
      expect(() => verifyWebhook({ secrets: ['another-secret'], headers, ...STATUS_WEBHOOK_SIGNATURE, body: r.body, now: Number(headers['x-automations-timestamp']) * 1000 })).toThrow();
      expect(JSON.parse(r.body)).toMatchObject({ attachment: id, type: 'workflowCompleted', status: { field: 'approval_status', value: 'approved' }, object: { type: 'PurchaseRequest', id: 'PR-8' } });
    }
    expect(received[0]!.headers[IDEMPOTENCY_KEY_HEADER]).toBe(received[1]!.headers[IDEMPOTENCY_KEY_HEADER]);
    const view = (await api.request('GET', `/attachments/${id}`, rita)).body.attachment;
    expect(view.actions.filter((a: { action: string }) => a.action === 'statusWebhook')).toEqual([]);
  });
});
