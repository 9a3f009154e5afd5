import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/app/webhook-signature.js';
import { MAX_JSON_DEPTH } from '../../lib/engine/json.js';
import { createApiHandler } from '../../lambdas/api.js';
import { createWebhookHandler } from '../../lambdas/webhook.js';
import { Order, testAutomations } from '../e2e/flows.js';
import { call, httpEvent, SECRETS, testRuntime } from './support.js';

/** Nesting limits: refused with 400 naming the limit before anything is parsed, hashed or written. */

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** A body whose `data` holds `inner` (so the body itself nests one level more than `inner`). */
const withData = (inner: string, extra = '') => `{${extra}"data": {"amount": 1, "nested": ${inner}}}`;

function setup() {
  const t = testRuntime(testAutomations);
  const api = createApiHandler(async () => t.runtime);
  const webhook = createWebhookHandler(async () => t.runtime);
  const request = (method: string, path: string, rawBody: string) => call(api, httpEvent(method, path, { rawBody }));
  const deliver = (automation: string, message: string, body: string) =>
    call(webhook, httpEvent('POST', `/webhooks/${automation}/${message}`, {
      rawBody: body, token: null, pathParameters: { automation, message },
      headers: signWebhook({ secret: SECRETS.webhookSecret, automation, message, body }),
    }));
  const instances = async () => (await Promise.all(testAutomations.map((a) => t.store.list({ automation: a.meta?.name ?? a.name, limit: 100 })))).flatMap((p) => p.items);
  return { ...t, request, deliver, instances };
}

describe('deeply nested JSON', () => {
  it('refuses a 5,000-deep object and a 50,000-deep array in start, message and webhook bodies with 400 too_deep, writing nothing', async () => {
    const t = setup();
    const order = await t.runtime.engine.start(Order, { orderId: 'deep-1' });
    const before = { state: await t.store.get(order.id), tasks: await t.store.tasks(order.id) };
    const bodies = [withData(deepObject(5_000)), withData(deepArray(50_000)), deepArray(50_000), deepObject(5_000)];
    for (const body of bodies) {
      const answers = [
        await t.request('POST', '/automations/Order/instances', body.replace('"amount": 1', '"orderId": "deep-2"')),
        await t.request('POST', `/instances/${order.id}/messages/paid`, body),
        await t.request('POST', `/keys/${t.runtime.engine.getKey(order.id)}/messages/paid`, body),
        await t.request('POST', '/automations/Order/messages/paid', body),
        await t.deliver('Order', 'paid', body.replace('{"data"', `{"instance": "${order.id}", "deliveryId": "deep", "data"`)),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('too_deep');
        expect(answer.body.error.message).toContain(`limit is ${MAX_JSON_DEPTH}`);
      }
    }
    expect((await t.instances()).map((i) => i.id)).toEqual([order.id]);
    expect({ state: await t.store.get(order.id), tasks: await t.store.tasks(order.id) }).toEqual(before);
    expect(t.workerJobs).toEqual([]);
    expect(t.inbox.records.size).toBe(0);
  });

  it(`accepts a body nested exactly ${MAX_JSON_DEPTH} levels deep and refuses one level more`, async () => {
    const t = setup();
    // The body is level 1, data level 2: an array `nested` in data may nest MAX - 2 levels itself.
    const atLimit = withData(deepArray(MAX_JSON_DEPTH - 2), '"autorun": false, ').replace('"amount": 1', '"orderId": "limit"');
    const started = await t.request('POST', '/automations/Order/instances', atLimit);
    expect(started.status).toBe(201);
    const overLimit = withData(deepArray(MAX_JSON_DEPTH - 1)).replace('"amount": 1', '"orderId": "over"');
    const refused = await t.request('POST', '/automations/Order/instances', overLimit);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('too_deep');
    expect((await t.instances()).map((i) => i.id)).toEqual([started.body.id]);
  });

  it('does not count brackets inside strings', async () => {
    const t = setup();
    const body = JSON.stringify({ data: { orderId: 'brackets', text: '['.repeat(10_000) + '{'.repeat(10_000) + '\\"[' } });
    const res = await t.request('POST', '/automations/Order/instances', body);
    expect(res.status).toBe(201);
  });
});
