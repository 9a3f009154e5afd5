import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApiHandler } from '../../lambdas/api.js';
import { LAMBDA_ROUTE_MODULES } from '../../lambdas/api/lambda-modules.js';
import { API_ROUTE_MODULES } from '../../lambdas/api/modules.js';
import { isLazyRouteModule } from '../../lambdas/api/route.js';
import { openApiDocument } from '../../lambdas/api/openapi.js';
import { WebinarWorkflow } from '../../flows/index.js';
import { Countdown, testAutomations } from '../e2e/flows.js';
import { call, httpEvent, testRuntime, type RequestOptions } from './support.js';

function setup() {
  const t = testRuntime(testAutomations);
  const handler = createApiHandler(async () => t.runtime);
  const request = (method: string, path: string, options?: RequestOptions) => call(handler, httpEvent(method, path, options));
  return { ...t, request };
}

const webinarAt = () => new Date(Date.now() + 2 * 3_600_000).toISOString();

describe('API: authentication and routing', () => {
  it('answers /health and /openapi.json without a token, everything else only with the right one', async () => {
    const { request } = setup();
    expect((await request('GET', '/health', { token: null })).body).toMatchObject({ status: 'ok', automations: testAutomations.length });
    expect((await request('GET', '/openapi.json', { token: null })).body.openapi).toBe('3.1.0');
    const missing = await request('GET', '/automations', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect((await request('GET', '/automations', { token: 'wrong' })).status).toBe(401);
    expect((await request('GET', '/automations')).status).toBe(200);
  });

  it('answers an unknown route with a JSON 404, not a 500', async () => {
    const { request } = setup();
    const res = await request('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });

  it('serves the OpenAPI document that docs/openapi.json holds', async () => {
    const { request } = setup();
    const served = (await request('GET', '/openapi.json')).body;
    expect(served).toEqual(openApiDocument(API_ROUTE_MODULES));
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed, 'docs/openapi.json is stale: run npx tsx lambdas/api/write-openapi.ts').toEqual(served);
  });
});

describe('API: route modules imported on first use', () => {
  it('serves the routes of API_ROUTE_MODULES in their order; processes and workflows listed from the route manifest, loaded on demand', async () => {
    const keys = (routes: readonly { method: string; path: string }[]) => routes.map((r) => `${r.method} ${r.path}`);
    expect(LAMBDA_ROUTE_MODULES.map((m) => m.name)).toEqual(API_ROUTE_MODULES.map((m) => m.name));
    expect(LAMBDA_ROUTE_MODULES.filter(isLazyRouteModule).map((m) => m.name)).toEqual(['processes', 'workflows']);
    for (const [i, m] of LAMBDA_ROUTE_MODULES.entries()) {
      const eager = API_ROUTE_MODULES[i]!;
      expect(keys(m.routes), m.name).toEqual(keys(eager.routes));
      if (isLazyRouteModule(m)) expect(await m.load()).toBe(eager);
    }
  });

  it('answers a lazily loaded route as the module does: its auth, validation and handler', async () => {
    const { request } = setup();
    expect((await request('GET', '/processes', { token: null })).status).toBe(401);
    expect((await request('GET', '/processes', { query: { limit: '0' } })).status).toBe(400);
    expect((await request('GET', '/processes')).body).toEqual({ items: [] });
    const saved = await request('PUT', '/processes/lazy', { body: { tasks: [{ name: 'start', action: 'startAutomation', params: { automation: 'Countdown', data: {} } }] } });
    expect(saved.status).toBe(201);
    expect((await request('GET', '/processes/lazy')).body).toMatchObject({ name: 'lazy', version: 1 });
    const off = await request('GET', '/workflows'); // this runtime wires no workflows
    expect(off.status).toBe(503);
    expect(off.body.error.code).toBe('workflows_off');
  });
});

describe('API: automations', () => {
  it('lists automations with receivers and event triggers', async () => {
    const { request } = setup();
    const { body } = await request('GET', '/automations');
    const order = body.automations.find((a: { name: string }) => a.name === 'Order');
    expect(order.receivers).toEqual([{ message: 'paid', label: 'Paid' }]);
    expect(order.events.map((e: { name: string }) => e.name)).toEqual(['placed', 'paid', 'promotion']);
  });

  it('describes one automation with its nodes and Mermaid diagram; 404 for an unknown one', async () => {
    const { request } = setup();
    const { body } = await request('GET', '/automations/WebinarWorkflow');
    expect(body.nodes.map((n: { name: string }) => n.name)).toEqual(['start', 'sendWelcomeMail', 'sendReminder', 'sendReplayOffer', 'end']);
    expect(body.diagram).toMatch(/^flowchart TD/);
    const unknown = await request('GET', '/automations/Nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_automation');
  });
});

describe('API: instances', () => {
  it('starts an instance (201), returns the running one for a taken unique key (200), and shows its status', async () => {
    const { request, timers } = setup();
    const data = { email: 'ada@example.com', webinarAt: new Date(Date.now() + 31 * 60_000).toISOString() };
    const started = await request('POST', '/automations/WebinarWorkflow/instances', { body: { data } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ automation: 'WebinarWorkflow', status: 'waiting' });
    // The reminder wait (in a minute, within the 2-minute horizon) got a timer message, 30 minutes before the webinar.
    expect(timers).toEqual([{ instanceId: started.body.id, at: Date.parse(data.webinarAt) - 30 * 60_000 }]);
    const again = await request('POST', '/automations/WebinarWorkflow/instances', { body: { data } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(started.body.id);

    const status = await request('GET', `/instances/${started.body.id}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      id: started.body.id,
      key: started.body.key,
      automation: 'WebinarWorkflow',
      status: 'waiting',
      dueAt: new Date(Date.parse(data.webinarAt) - 30 * 60_000).toISOString(),
      current: [{ path: 0, node: 'sendReminder', waiting: 'time', until: new Date(Date.parse(data.webinarAt) - 30 * 60_000).toISOString() }],
      data: { email: 'ada@example.com', mails: ['welcome'] },
    });
    expect(status.body.tasks.map((t: { node: string; message: string | null }) => [t.node, t.message])).toEqual([
      ['start', 'OK'],
      ['sendWelcomeMail', 'OK'],
      ['sendReminder', null],
    ]);
    expect(status.body.diagram).toContain('class n_sendReminder current');
  });

  it('does not run an instance started with autorun false', async () => {
    const { request } = setup();
    const res = await request('POST', '/automations/Report/instances', { body: { autorun: false } });
    expect(res.status).toBe(201);
    expect((await request('GET', `/instances/${res.body.id}`)).body.tasks).toEqual([]);
  });

  it('refuses bad bodies with 400 and a clear message, never a 500', async () => {
    const { request } = setup();
    const notJson = await request('POST', '/automations/Report/instances', { rawBody: '{"data":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
    const extra = await request('POST', '/automations/Report/instances', { body: { data: {}, colour: 'red' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('invalid_request');
    const wrongType = await request('POST', '/automations/Report/instances', { body: { data: [1, 2] } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0]).toMatch(/^data:/);
    const missingUnique = await request('POST', '/automations/WebinarWorkflow/instances', { body: { data: { webinarAt: webinarAt() } } });
    expect(missingUnique.status).toBe(422); // WebinarWorkflow's data schema names the missing field
    expect(missingUnique.body.error).toMatchObject({ code: 'invalid_data', details: { email: [expect.any(String)] } });
    const base64 = await request('POST', '/automations/Report/instances', { body: { data: { rows: 1 } }, base64: true });
    expect(base64.status).toBe(201);
  });

  it('answers 413 for a body over the limit and for data over the engine limit', async () => {
    const { request } = setup();
    const huge = await request('POST', '/automations/Report/instances', { rawBody: JSON.stringify({ data: { blob: 'x'.repeat(300 * 1024) } }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('too_large');
    const big = await request('POST', '/automations/Report/instances', { body: { data: { blob: 'x'.repeat(150 * 1024) } } });
    expect(big.status).toBe(413);
  });

  it('kills (204, then 404), runs and retries with the right statuses', async () => {
    const { request } = setup();
    const { body } = await request('POST', '/automations/Countdown/instances', { body: { data: { readyAt: new Date(Date.now() + 3_600_000).toISOString() } } });
    const run = await request('POST', `/instances/${body.id}/run`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'waiting', wake: { kind: 'poll' } });
    const retry = await request('POST', `/instances/${body.id}/retry`);
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('conflict');
    expect((await request('DELETE', `/instances/${body.id}`)).status).toBe(204);
    expect((await request('DELETE', `/instances/${body.id}`)).status).toBe(404);
    const gone = await request('GET', `/instances/${body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
  });

  it('lists instances page by page, filtered by status', async () => {
    const { request } = setup();
    for (let i = 0; i < 3; i++) await request('POST', '/automations/Report/instances', { body: { autorun: false } });
    const page = await request('GET', '/automations/Report/instances', { query: { limit: '2' } });
    expect(page.body.items).toHaveLength(2);
    const rest = await request('GET', '/automations/Report/instances', { query: { limit: '2', cursor: page.body.cursor } });
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.cursor).toBeUndefined();
    expect((await request('GET', '/automations/Report/instances', { query: { status: 'finished' } })).body.items).toHaveLength(0);
    expect((await request('GET', '/automations/Report/instances', { query: { limit: '0' } })).status).toBe(400);
  });
});

describe('API: messages', () => {
  it('delivers to an instance by id and by key; 422 when the receiver lacks data; 404 for a forged key', async () => {
    const { request } = setup();
    const { body: order } = await request('POST', '/automations/Order/instances', { body: { data: { orderId: 'o-1' } } });
    const missing = await request('POST', `/instances/${order.id}/messages/paid`, { body: { data: {} } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'missing_data', details: ['"amount" (number) is missing'] });
    const byId = await request('POST', `/instances/${order.id}/messages/paid`, { body: { data: { amount: 5 } } });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ instanceId: order.id, result: 'received', run: { status: 'finished' } });

    const { body: other } = await request('POST', '/automations/Order/instances', { body: { data: { orderId: 'o-2' } } });
    const byKey = await request('POST', `/keys/${other.key}/messages/paid`, { body: { data: { amount: 7 } } });
    expect(byKey.body).toMatchObject({ instanceId: other.id, result: 'received' });
    expect((await request('POST', `/keys/${other.id}.forged/messages/paid`, { body: { data: { amount: 7 } } })).status).toBe(404);
    const unknownMessage = await request('POST', `/instances/${other.id}/messages/refund`, { body: {} });
    expect(unknownMessage.status).toBe(404);
    expect(unknownMessage.body.error.code).toBe('no_receiver');
    const finished = await request('POST', `/instances/${other.id}/messages/paid`, { body: { data: { amount: 1 } } });
    expect(finished.status).toBe(409);
  });

  it('broadcasts to a class, or creates on message', async () => {
    const { request } = setup();
    const created = await request('POST', '/automations/Order/messages/paid', { body: { mode: 'create', data: { orderId: 'o-9', amount: 3 } } });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ result: 'received', run: { status: 'finished' } });
    await request('POST', '/automations/Order/instances', { body: { data: { orderId: 'o-10' } } });
    const broadcast = await request('POST', '/automations/Order/messages/paid', { body: { data: { amount: 1 } } });
    expect(broadcast.body).toEqual({ results: ['received'] });
    expect((await request('POST', '/automations/Order/messages/paid', { body: { mode: 'shout' } })).status).toBe(400);
  });
});

describe('API: tick and history', () => {
  it('runs what is due on POST /tick', async () => {
    const { request } = setup();
    const { body } = await request('POST', '/automations/Countdown/instances', { body: { data: { readyAt: new Date(Date.now() + 500).toISOString() } } });
    await new Promise((r) => setTimeout(r, 1_100)); // the condition is polled every second
    const tick = await request('POST', '/tick');
    expect(tick.body).toMatchObject({ ran: 1, failed: [] });
    expect((await request('GET', `/instances/${body.id}`)).body.status).toBe('finished');
  });

  it('counts (dry run) and deletes finished instances page by page', async () => {
    const { request, runtime } = setup();
    const past = new Date(Date.now() - 1_000).toISOString();
    for (let i = 0; i < 5; i++) await runtime.engine.start(Countdown, { readyAt: past }); // finishes at once
    await new Promise((r) => setTimeout(r, 5));
    await runtime.engine.start(WebinarWorkflow, { email: 'x@example.org', webinarAt: webinarAt() });
    const dry = await request('POST', '/history/delete', { body: { days: 0, dryRun: true, limit: 500 } });
    expect(dry.body).toMatchObject({ dryRun: true, matched: 5, deleted: 0 });
    let deleted = 0;
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await request('POST', '/history/delete', { body: { days: 0, limit: 2, ...(cursor ? { cursor } : {}) } });
      deleted += page.body.deleted;
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(deleted).toBe(5);
    expect((await request('POST', '/history/delete', { body: { days: 0, dryRun: true } })).body.matched).toBe(0);
    expect((await request('POST', '/history/delete', { body: { days: 0, cursor: 'garbage' } })).status).toBe(400);
    expect((await request('POST', '/history/delete', { body: { days: -1 } })).status).toBe(400);
  });

  it('keeps recent history', async () => {
    const { request, runtime } = setup();
    await runtime.engine.start(Countdown, { readyAt: new Date(0).toISOString() });
    expect((await request('POST', '/history/delete', { body: { days: 30, dryRun: true } })).body.matched).toBe(0);
  });
});

