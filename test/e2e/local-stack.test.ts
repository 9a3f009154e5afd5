import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { client, eventually, startTestStack } from './support.js';

let stack: LocalStack;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack();
  http = client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const status = async (id: string) => (await http.request('GET', `/instances/${id}`)).body;

describe('the local stack over HTTP', () => {
  it('serves health, the OpenAPI document, and API Gateway-style 404s and 401s', async () => {
    expect(await http.request('GET', '/health', undefined, {}, null)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const doc = await http.request('GET', '/openapi.json', undefined, {}, null);
    expect(doc.body.paths['/instances/{id}'].get.operationId).toBe('getInstance');
    expect(await http.request('GET', '/no/such/route')).toEqual({ status: 404, body: { message: 'Not Found' } });
    expect((await http.request('GET', '/automations', undefined, {}, 'bad-token')).status).toBe(401);
    const list = await http.request('GET', '/automations');
    expect(list.body.automations.map((a: { name: string }) => a.name)).toContain('Order');
  });

  it('fires a precise timer: the reminder runs at its due time, never before, through a timer message', async () => {
    const due = Date.now() + 5_000; // room for a cold first request on a busy CI machine: the reminder must still be ahead when the start returns
    const started = await http.request('POST', '/automations/WebinarWorkflow/instances', { data: { email: `t-${due}@example.com`, webinarAt: new Date(due + 30 * 60_000).toISOString() } });
    expect(started.status).toBe(201);
    expect(started.body.dueAt).toBe(new Date(due).toISOString());
    const view = await eventually(async () => {
      const s = await status(started.body.id);
      return s.data.mails.includes('reminder') ? s : undefined;
    }, 20_000, 'the reminder');
    const reminder = view.tasks.find((t: { node: string }) => t.node === 'sendReminder');
    const late = Date.parse(reminder.finished) - due;
    expect(late).toBeGreaterThanOrEqual(0); // how late is a benchmark figure (npm run bench:latency), not a test threshold
    const replay = view.tasks.find((t: { node: string }) => t.node === 'sendReplayOffer'); // opened when the reminder finished (its own clock reading)
    expect(Date.parse(replay.created)).toBeGreaterThanOrEqual(Date.parse(reminder.finished));
    expect(view.current).toEqual([{ path: 0, node: 'sendReplayOffer', task: 4, waiting: 'time', until: new Date(Date.parse(replay.created) + 2.5 * 3_600_000).toISOString() }]);
    const { body } = await http.request('GET', `/_local/timers?instance=${started.body.id}`);
    // one message, the reminder's (the replay offer, 2.5 h away, is beyond the horizon: the tick hands it over later);
    // whether it or a tick ran the reminder first depends on timing (it may arrive up to 800 ms after the due time)
    expect(body.messages.map((m: { body: unknown }) => m.body)).toEqual([{ v: 1, timers: [{ id: started.body.id, dueAt: due }] }]);
  });

  it('lets the tick pick up a polled condition (no timer involved)', async () => {
    const readyAt = new Date(Date.now() + 4_000).toISOString(); // ahead of a start that took 2.9 s on a loaded machine
    const started = await http.request('POST', '/automations/Countdown/instances', { data: { readyAt } });
    expect(started.body.status).toBe('waiting');
    const done = await eventually(async () => {
      const s = await status(started.body.id);
      return s.status === 'finished' ? s : undefined;
    }, 10_000, 'the condition');
    expect(Date.parse(done.data.firedAt)).toBeGreaterThanOrEqual(Date.parse(readyAt));
    const { body } = await http.request('GET', `/_local/timers?instance=${started.body.id}`);
    expect(body.messages).toEqual([]);
  });

  it('delivers a signed webhook once; refuses replayed, forged and expired ones', async () => {
    const order = await http.request('POST', '/automations/Order/instances', { data: { orderId: `wh-${Date.now()}` } });
    const envelope = { deliveryId: `pay-${order.body.id}`, instance: order.body.id, data: { amount: 25 } };
    const accepted = await http.webhook('Order', 'paid', envelope);
    expect(accepted).toMatchObject({ status: 202, body: { accepted: true, deliveryId: envelope.deliveryId, duplicate: false, status: 'pending' } });
    const finished = await eventually(async () => {
      const s = await status(order.body.id);
      return s.status === 'finished' ? s : undefined;
    }, 10_000, 'the webhook delivery');
    expect(finished.data).toMatchObject({ paid: true, amount: 25, payments: 1 });
    expect(finished.tasks.map((t: { node: string; message: string }) => [t.node, t.message])).toEqual([['start', 'OK'], ['ship', 'OK'], ['end', 'OK']]);

    const replayed = await http.webhook('Order', 'paid', envelope);
    expect(replayed).toMatchObject({ status: 202, body: { accepted: true, deliveryId: envelope.deliveryId, duplicate: true, status: 'applied' } });
    const forged = await http.webhook('Order', 'paid', { ...envelope, deliveryId: 'forged' }, { secret: 'guessed-secret' });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'bad_signature' } } });
    const expired = await http.webhook('Order', 'paid', { ...envelope, deliveryId: 'old' }, { timestamp: Math.floor(Date.now() / 1000) - 3_600 });
    expect(expired).toMatchObject({ status: 401, body: { error: { code: 'expired' } } });
    await stack.idle();
    expect((await status(order.body.id)).data.payments).toBe(1);
  });

  it('starts and messages automations from EventBridge events (PutEvents on /_local/events)', async () => {
    const orderId = `ev-${Date.now()}`;
    const put = await http.request('POST', '/_local/events', { Entries: [{ Source: 'test.shop', DetailType: 'OrderPlaced', Detail: JSON.stringify({ orderId }) }] });
    expect(put.body.FailedEntryCount).toBe(0);
    const instance = await eventually(async () => {
      const { body } = await http.request('GET', '/automations/Order/instances?limit=100');
      for (const item of body.items) {
        const s = await status(item.id);
        if (s.data.orderId === orderId) return s;
      }
      return undefined;
    }, 10_000, 'the instance started by the event');
    await http.request('POST', '/_local/events', { Entries: [{ Source: 'test.billing', DetailType: 'PaymentReceived', Detail: JSON.stringify({ instanceId: instance.id, amount: 0 }) }] });
    await stack.idle();
    expect((await status(instance.id)).status).toBe('waiting'); // amount 0 does not match the pattern
    await http.request('POST', '/_local/events', { Entries: [{ Source: 'test.billing', DetailType: 'PaymentReceived', Detail: JSON.stringify({ instanceId: instance.id, amount: 30 }) }] });
    await eventually(async () => (await status(instance.id)).status === 'finished', 10_000, 'the payment event');
    expect((await http.request('POST', '/_local/events', { Entries: [{ Source: 'x' }] })).body.FailedEntryCount).toBe(1);
  });

  it('runs a threaded Execute in the worker through the background state machine', async () => {
    const started = await http.request('POST', '/automations/Report/instances', {});
    const done = await eventually(async () => {
      const s = await status(started.body.id);
      return s.status === 'finished' ? s : undefined;
    }, 10_000, 'the background node');
    expect(done.data).toEqual({ rows: 42, summary: '42 rows' });
    // the execution is marked SUCCEEDED once its Task has returned, a moment after the instance finished
    const execution = await eventually(async () => {
      const { body } = await http.request('GET', '/_local/executions');
      const bg = body.executions.find((e: { name: string }) => e.name.startsWith(`bg-${started.body.id}-2-`));
      return bg?.status === 'RUNNING' ? undefined : bg;
    }, 5_000, 'the background execution to end');
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('answers the CLI: status, diagram, step, delete-history with a dry run and a progress bar', async () => {
    const lines: string[] = [];
    const err = Object.assign(new (await import('node:stream')).PassThrough(), { isTTY: false });
    const errText: string[] = [];
    err.on('data', (chunk: Buffer) => errText.push(chunk.toString()));
    const io = { out: (t: string) => lines.push(t), err, env: { AUTOMATIONS_URL: stack.url, AUTOMATIONS_TOKEN: stack.apiToken } };
    const started = await http.request('POST', '/automations/Countdown/instances', { data: { readyAt: new Date(0).toISOString() } });
    expect(await runCli(['status', started.body.id], io)).toBe(0);
    expect(lines.join('\n')).toMatch(new RegExp(`Countdown ${started.body.id}: finished`));
    expect(await runCli(['diagram', 'Order'], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^flowchart TD/);
    expect(await runCli(['step'], io)).toBe(0);
    expect(await runCli(['send', started.body.id, 'paid', '{}'], io)).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    expect(await runCli(['delete-history', '0', '--dry-run'], io)).toBe(0);
    const wouldDelete = Number(/Would delete (\d+)/.exec(lines.at(-1)!)![1]);
    expect(wouldDelete).toBeGreaterThanOrEqual(1);
    expect(await runCli(['delete-history', '0', '--batch', '1'], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/^Deleted \d+ instances? finished more than 0 days ago/);
    expect(errText.join('')).toMatch(/Deleting \[#+\] 100%/);
    expect((await http.request('GET', `/instances/${started.body.id}`)).status).toBe(404);
  });
});
