import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/app/webhook-signature.js';
import { createWebhookHandler } from '../../lambdas/webhook.js';
import { createWorkerHandler } from '../../lambdas/worker.js';
import type { WorkerJob } from '../../lib/app/jobs.js';
import { testAutomations } from '../e2e/flows.js';
import { call, context, httpEvent, SECRETS, testRuntime } from './support.js';

function setup() {
  const t = testRuntime(testAutomations);
  const handler = createWebhookHandler(async () => t.runtime);
  const worker = createWorkerHandler(async () => t.runtime);
  const deliver = (automation: string, message: string, envelope: unknown, options: { secret?: string; timestamp?: number; rawBody?: string; headers?: Record<string, string> } = {}) => {
    const body = options.rawBody ?? JSON.stringify(envelope);
    const headers = { ...signWebhook({ secret: options.secret ?? SECRETS.webhookSecret, automation, message, body, ...(options.timestamp ? { timestamp: options.timestamp } : {}) }), ...options.headers };
    return call(handler, httpEvent('POST', `/webhooks/${automation}/${message}`, { rawBody: body, headers, token: null, pathParameters: { automation, message } }));
  };
  const runJobs = async () => {
    const jobs = t.workerJobs.splice(0);
    for (const job of jobs) await worker(job as WorkerJob, context());
    return jobs;
  };
  return { ...t, deliver, runJobs };
}

describe('webhooks', () => {
  it('accepts a signed delivery with 202 and continues in the worker: receiver, then the next node', async () => {
    const { deliver, runJobs, runtime } = setup();
    const order = await runtime.engine.start((await import('../e2e/flows.js')).Order, { orderId: 'w-1' });
    const res = await deliver('Order', 'paid', { deliveryId: 'evt-1', instance: order.id, data: { amount: 12 } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true, deliveryId: 'evt-1', delivery: expect.stringMatching(/^d-[0-9a-f]{32}$/), duplicate: false, status: 'pending' });
    expect((await runtime.engine.get(order.id))!.data.paid).toBeUndefined(); // nothing ran yet: 202 came first
    const jobs = await runJobs();
    expect(jobs).toHaveLength(1);
    const state = (await runtime.engine.get(order.id))!;
    expect(state.status).toBe('finished');
    expect(state.data).toMatchObject({ paid: true, amount: 12, payments: 1 });
    expect((await runtime.engine.tasks(order.id)).map((t) => t.node)).toEqual(['start', 'ship', 'end']);
  });

  it('processes a replayed delivery once (same signature) and a re-signed retry once (same deliveryId)', async () => {
    const { deliver, runJobs, runtime } = setup();
    const order = await runtime.engine.start((await import('../e2e/flows.js')).Order, { orderId: 'w-2' });
    const envelope = { instance: order.id, data: { amount: 1 } };
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await deliver('Order', 'paid', envelope, { timestamp });
    const replay = await deliver('Order', 'paid', envelope, { timestamp });
    expect(first.body.duplicate).toBe(false);
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ ...first.body, duplicate: true });
    expect(await runJobs()).toHaveLength(1);

    const withId = { deliveryId: 'evt-9', instance: order.id, data: { amount: 1 } };
    await deliver('Order', 'paid', withId, { timestamp: timestamp - 10 });
    const retried = await deliver('Order', 'paid', withId, { timestamp });
    expect(retried.body.duplicate).toBe(true);
    expect(await runJobs()).toHaveLength(1);
  });

  it('refuses a delivery id reused with another payload (409)', async () => {
    const { deliver, runtime } = setup();
    const order = await runtime.engine.start((await import('../e2e/flows.js')).Order, { orderId: 'w-3' });
    await deliver('Order', 'paid', { deliveryId: 'evt-2', instance: order.id, data: { amount: 1 } });
    const conflict = await deliver('Order', 'paid', { deliveryId: 'evt-2', instance: order.id, data: { amount: 999 } });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
  });

  it('answers 401 for forged, expired and unsigned deliveries', async () => {
    const { deliver, workerJobs } = setup();
    const forged = await deliver('Order', 'paid', { data: { amount: 1 } }, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('bad_signature');
    const expired = await deliver('Order', 'paid', { data: { amount: 1 } }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('expired');
    const future = await deliver('Order', 'paid', { data: { amount: 1 } }, { timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(future.body.error.code).toBe('expired');
    const unsigned = await deliver('Order', 'paid', {}, { headers: { 'x-automations-signature': '' } });
    expect(unsigned.status).toBe(401);
    // A body signed for one receiver does not verify for another.
    const body = JSON.stringify({ data: { amount: 1 } });
    const signedForOther = signWebhook({ secret: SECRETS.webhookSecret, automation: 'Order', message: 'refund', body });
    const moved = await deliver('Order', 'paid', null, { rawBody: body, headers: signedForOther });
    expect(moved.status).toBe(401);
    expect(workerJobs).toHaveLength(0);
  });

  it('checks envelope, automation, receiver, data and recipient before accepting', async () => {
    const { deliver, workerJobs } = setup();
    expect((await deliver('Order', 'paid', null, { rawBody: '{oops' })).status).toBe(400);
    expect((await deliver('Order', 'paid', { data: { amount: 1 }, surprise: true })).status).toBe(400);
    expect((await deliver('Order', 'paid', { instance: 'a', key: 'b', data: {} })).status).toBe(400);
    const unknown = await deliver('Nope', 'paid', { data: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_automation');
    expect((await deliver('Order', 'refund', { data: {} })).body.error.code).toBe('no_receiver');
    const missing = await deliver('Order', 'paid', { data: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toEqual(['"amount" (number) is missing']);
    expect((await deliver('Order', 'paid', { instance: 'no-such-id', data: { amount: 1 } })).status).toBe(404);
    expect((await deliver('Order', 'paid', { key: 'no-such.key', data: { amount: 1 } })).status).toBe(404);
    expect(workerJobs).toHaveLength(0);
  });

  it('delivers to instances by key, by broadcast and by create-on-message', async () => {
    const { deliver, runJobs, runtime } = setup();
    const { Order } = await import('../e2e/flows.js');
    const a = await runtime.engine.start(Order, { orderId: 'k-1' });
    await deliver('Order', 'paid', { key: a.getKey(), data: { amount: 2 } });
    await runJobs();
    expect((await runtime.engine.get(a.id))!.status).toBe('finished');
    await deliver('Order', 'paid', { create: true, data: { orderId: 'k-2', amount: 3 } });
    await runJobs();
    const created = await runtime.store.list({ automation: 'Order' });
    expect(created.items).toHaveLength(2);
    const b = await runtime.engine.start(Order, { orderId: 'k-3' });
    await deliver('Order', 'paid', { data: { amount: 4 } });
    await runJobs();
    expect((await runtime.engine.get(b.id))!.data.amount).toBe(4);
  });

  it('answers 413 for an oversized body', async () => {
    const { deliver } = setup();
    const res = await deliver('Order', 'paid', { data: { blob: 'x'.repeat(300 * 1024) } });
    expect(res.status).toBe(413);
  });
});
