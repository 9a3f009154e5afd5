import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/app/webhook-signature.js';
import { ManualClock } from '../../lib/engine/clock.js';
import { addMark, HARD_MAX_MARKS, MAX_MARKS } from '../../lib/engine/deliveries.js';
import type { InstanceState } from '../../lib/engine/state.js';
import { Automation, DeliveryUncertainError, flow, type AutomationClass, type Task } from '../../lib/engine/index.js';
import { createApiHandler } from '../../lambdas/api.js';
import { acceptDelivery, attemptDelivery, handedRecord, handOffJob } from '../../lambdas/shared/deliveries.js';
import type { DeliveryRecord, Inbox } from '../../lib/app/inbox.js';
import type { WorkerJob } from '../../lib/app/jobs.js';
import type { Runtime } from '../../lib/app/runtime.js';
import { runTick } from '../../lambdas/shared/tick.js';
import { createWebhookHandler } from '../../lambdas/webhook.js';
import { createWorkerHandler } from '../../lambdas/worker.js';
import { Order, testAutomations } from '../e2e/flows.js';
import { call, context, httpEvent, SECRETS, testRuntime } from './support.js';

/** Counts every receiver call; fails while `failing` is set (a receiver whose dependency is down). */
const calls = new Map<string, number>();
let failing = false;
class Counter extends Automation<{ name: string; hits?: number }> {
  static override meta = { name: 'Counter' };
  wait = flow.Execute(() => undefined).AfterWaitingFor({ days: 365 });
  end = flow.End();
  receiveHit(_token: string | undefined, data: Record<string, unknown>) {
    if (failing) throw new Error('the mail server is down');
    calls.set(`${this.data.name}:${String(data.n)}`, (calls.get(`${this.data.name}:${String(data.n)}`) ?? 0) + 1);
    this.data.hits = (this.data.hits ?? 0) + 1;
    return data.stop === true ? 'received' : null;
  }
}
/** Runs a node with effects after its receiver: the receiver's commit comes before it. */
const relayFlow = flow.typed<{ got?: boolean }>();
class Relay extends Automation<{ got?: boolean }> {
  static override meta = { name: 'Relay' };
  start = relayFlow.Execute(() => undefined);
  next = relayFlow.Execute(() => undefined).AsSoonAs((task: Task<{ got?: boolean }>) => task.data.got === true);
  end = relayFlow.End();
  receivePing() {
    this.data.got = true;
  }
}
const automations: readonly AutomationClass[] = [...testAutomations, Counter, Relay];

function setup(options: { clock?: ManualClock; maxAttempts?: number } = {}) {
  const t = testRuntime(automations, { ...(options.clock ? { clock: options.clock } : {}), settings: { deliveryGraceMs: 5_000, deliveryMaxAttempts: options.maxAttempts ?? 5, deliveryBusyRetries: 0 } });
  const webhooks = createWebhookHandler(async () => t.runtime);
  const worker = createWorkerHandler(async () => t.runtime);
  const api = createApiHandler(async () => t.runtime);
  const deliver = (automation: string, message: string, envelope: unknown) => {
    const body = JSON.stringify(envelope);
    return call(webhooks, httpEvent('POST', `/webhooks/${automation}/${message}`, { rawBody: body, headers: signWebhook({ secret: SECRETS.webhookSecret, automation, message, body }), token: null, pathParameters: { automation, message } }));
  };
  const runJobs = async () => {
    for (const job of t.workerJobs.splice(0)) await worker(job as WorkerJob, context());
  };
  const request = (method: string, path: string, pathParameters?: Record<string, string>, query?: Record<string, string>, body?: unknown) =>
    call(api, httpEvent(method, path, { ...(pathParameters ? { pathParameters } : {}), ...(query ? { query } : {}), ...(body === undefined ? {} : { body }) }));
  return { ...t, deliver, runJobs, request };
}

const hits = (name: string, n: number) => calls.get(`${name}:${n}`) ?? 0;

describe('deliveries: accepted means durable, applied once', () => {
  it('answers a repeat with the same payload 202 duplicate, in flight and when done; another payload 409', async () => {
    const { deliver, runJobs, runtime } = setup();
    const counter = await runtime.engine.start(Counter, { name: 'dup' });
    const envelope = { deliveryId: 'dup-1', instance: counter.id, data: { n: 1 } };
    const first = await deliver('Counter', 'hit', envelope);
    expect(first).toMatchObject({ status: 202, body: { duplicate: false, status: 'pending' } });
    const inFlight = await deliver('Counter', 'hit', { data: { n: 1 }, instance: counter.id, deliveryId: 'dup-1' }); // keys reordered: same payload
    expect(inFlight).toMatchObject({ status: 202, body: { duplicate: true, status: 'pending', delivery: first.body.delivery } });
    await runJobs();
    const done = await deliver('Counter', 'hit', envelope);
    expect(done).toMatchObject({ status: 202, body: { duplicate: true, status: 'applied' } });
    const conflict = await deliver('Counter', 'hit', { ...envelope, data: { n: 2 } });
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
    await runJobs();
    expect(hits('dup', 1)).toBe(1);
    expect(hits('dup', 2)).toBe(0);
  });

  it('keeps its promise when the hand-off to the worker is lost: the tick applies it after the grace period', async () => {
    const clock = new ManualClock(Date.now());
    const t = setup({ clock });
    const runtime: Runtime = { ...t.runtime, invokeWorker: () => Promise.reject(new Error('Lambda throttled the invoke')) };
    const webhooks = createWebhookHandler(async () => runtime);
    const counter = await runtime.engine.start(Counter, { name: 'lost-handoff' });
    const body = JSON.stringify({ deliveryId: 'h-1', instance: counter.id, data: { n: 1 } });
    const res = await call(webhooks, httpEvent('POST', '/webhooks/Counter/hit', { rawBody: body, headers: signWebhook({ secret: SECRETS.webhookSecret, automation: 'Counter', message: 'hit', body }), token: null, pathParameters: { automation: 'Counter', message: 'hit' } }));
    expect(res.status).toBe(202);
    expect((await runTick(runtime)).deliveries.due).toBe(0); // within the grace period: the worker's
    clock.set(clock.now() + 5_001);
    expect((await runTick(runtime)).deliveries).toMatchObject({ due: 1, applied: 1 });
    expect(hits('lost-handoff', 1)).toBe(1);
    expect((await runtime.inbox.getDelivery(res.body.delivery))!.status).toBe('applied');
  });

  it('does not apply twice when a worker died between the instance commit and marking the delivery applied', async () => {
    const clock = new ManualClock(Date.now());
    const { runtime } = setup({ clock });
    const counter = await runtime.engine.start(Counter, { name: 'crash' });
    const { record } = await acceptDelivery(runtime, { source: 'webhook', key: 'webhook:Counter/hit/c-1', work: { kind: 'message', automation: 'Counter', message: 'hit', to: { id: counter.id }, data: { n: 1 } }, payload: 1 });
    // The dead worker: claimed the record, applied the message through the engine, never got to mark it.
    const claimed = { ...record, version: 2, uncertainSince: clock.now(), nextAttemptAt: clock.now() + 5_000 };
    expect(await runtime.inbox.updateDelivery(claimed)).toBe(true);
    await runtime.engine.sendMessage(counter.id, 'hit', undefined, { n: 1 }, { delivery: { id: record.id, uncertainSince: null } });
    expect(hits('crash', 1)).toBe(1);
    clock.set(clock.now() + 5_001);
    expect((await runTick(runtime)).deliveries).toMatchObject({ due: 1, applied: 1 });
    const after = (await runtime.inbox.getDelivery(record.id))!;
    expect(after).toMatchObject({ status: 'applied', outcome: { instanceId: counter.id, duplicate: true } });
    expect(hits('crash', 1)).toBe(1);
    expect((await runtime.engine.get(counter.id))!.data.hits).toBe(1);
  });

  it('dead-letters a delivery after its attempts; an operator lists it with the reason and re-drives it', async () => {
    const clock = new ManualClock(Date.now());
    const { deliver, runJobs, runtime, request } = setup({ clock, maxAttempts: 2 });
    const counter = await runtime.engine.start(Counter, { name: 'dead' });
    failing = true;
    try {
      const res = await deliver('Counter', 'hit', { deliveryId: 'x-1', instance: counter.id, data: { n: 1 } });
      await runJobs();
      expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'the mail server is down' });
      clock.set(clock.now() + 60_000); // past the backoff
      expect((await runTick(runtime)).deliveries).toMatchObject({ due: 1, dead: 1 });
      const listed = await request('GET', '/deliveries', undefined, { status: 'dead' });
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([expect.objectContaining({ id: res.body.delivery, status: 'dead', attempts: 2, lastError: '2 attempts failed; the last: the mail server is down', automation: 'Counter', message: 'hit' })]);
      expect((await runTick(runtime)).deliveries.due).toBe(0); // dead stays dead
      failing = false;
      const redriven = await request('POST', `/deliveries/${res.body.delivery}/redrive`, { id: res.body.delivery });
      expect(redriven).toMatchObject({ status: 200, body: { status: 'applied', attempts: 0 } }); // lastError keeps what went wrong before
      expect(hits('dead', 1)).toBe(1);
      expect((await request('GET', '/deliveries', undefined, { status: 'dead' })).body.items).toEqual([]);
      expect(await request('POST', `/deliveries/${res.body.delivery}/redrive`, { id: res.body.delivery })).toMatchObject({ status: 409, body: { error: { code: 'already_applied' } } });
      expect(await request('GET', '/deliveries/d-0123', { id: 'd-0123' })).toMatchObject({ status: 404 });
      expect(await request('GET', '/deliveries', undefined, { cursor: 'garbage' })).toMatchObject({ status: 400 });
    } finally {
      failing = false;
    }
  });

  it('dead-letters at once what cannot succeed: the instance was killed after the delivery was accepted', async () => {
    const { deliver, runJobs, runtime } = setup();
    const counter = await runtime.engine.start(Counter, { name: 'killed' });
    const res = await deliver('Counter', 'hit', { deliveryId: 'k-1', instance: counter.id, data: { n: 1 } });
    await runtime.engine.kill(counter.id);
    await runJobs();
    expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringMatching(/No automation instance/) });
  });
});

/** The inbox of `runtime`, counting its requests; `failUpdates` makes the next writes throw (the table does not answer). */
function countingInbox(inner: Inbox) {
  const counts = { accept: 0, getDelivery: 0, updateDelivery: 0 };
  let failUpdates = 0;
  const inbox: Inbox = {
    accept: (r) => (counts.accept++, inner.accept(r)),
    getDelivery: (id) => (counts.getDelivery++, inner.getDelivery(id)),
    updateDelivery: async (r) => {
      counts.updateDelivery++;
      if (failUpdates > 0) {
        failUpdates--;
        throw new Error('the table does not answer');
      }
      return inner.updateDelivery(r);
    },
    dueDeliveries: (now, limit) => inner.dueDeliveries(now, limit),
    listDeliveries: (q) => inner.listDeliveries(q),
    settledDeliveries: (ids) => inner.settledDeliveries(ids),
  };
  return { inbox, counts, failNextUpdates: (n: number) => (failUpdates = n) };
}

describe('the hand-off: the record travels with the worker job, claimed at acceptance', () => {
  function handOffSetup(clock = new ManualClock(Date.now())) {
    const t = setup({ clock });
    const counting = countingInbox(t.runtime.inbox);
    const runtime: Runtime = { ...t.runtime, inbox: counting.inbox };
    const webhooks = createWebhookHandler(async () => runtime);
    const worker = createWorkerHandler(async () => runtime);
    const deliver = (envelope: unknown, automation = 'Counter', message = 'hit') => {
      const body = JSON.stringify(envelope);
      return call(webhooks, httpEvent('POST', `/webhooks/${automation}/${message}`, { rawBody: body, headers: signWebhook({ secret: SECRETS.webhookSecret, automation, message, body }), token: null, pathParameters: { automation, message } }));
    };
    return { ...t, clock, runtime, counts: counting.counts, failNextUpdates: counting.failNextUpdates, deliver, worker };
  }

  it('costs the inbox two writes (accepted, applied) and no read', async () => {
    const { runtime, counts, deliver, worker, workerJobs } = handOffSetup();
    const counter = await runtime.engine.start(Counter, { name: 'handoff' });
    const res = await deliver({ deliveryId: 'ho-1', instance: counter.id, data: { n: 1 } });
    expect(res.status).toBe(202);
    expect(workerJobs).toEqual([{ type: 'delivery', id: res.body.delivery, record: expect.objectContaining({ version: 1, status: 'pending', uncertainSince: expect.any(Number) }), seal: expect.any(String) }]);
    expect(await worker(workerJobs[0]!, context())).toMatchObject({ status: 'done', detail: { status: 'applied' } });
    expect(counts).toEqual({ accept: 1, getDelivery: 0, updateDelivery: 1 });
    expect(hits('handoff', 1)).toBe(1);
    expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'applied', version: 2, uncertainSince: null });
  });

  it('applies once when the same hand-off is invoked twice (one after the other, and at once)', async () => {
    const { runtime, deliver, worker, workerJobs } = handOffSetup();
    const counter = await runtime.engine.start(Counter, { name: 'twice' });
    await deliver({ deliveryId: 'tw-1', instance: counter.id, data: { n: 1 } });
    const [first] = workerJobs.splice(0);
    expect(await worker(first!, context())).toMatchObject({ detail: { status: 'applied' } });
    expect(await worker(structuredClone(first!), context())).toMatchObject({ detail: { status: 'applied' } });
    await deliver({ deliveryId: 'tw-2', instance: counter.id, data: { n: 2 } });
    const [second] = workerJobs.splice(0);
    await Promise.all([worker(second!, context()), worker(structuredClone(second!), context())]);
    expect([hits('twice', 1), hits('twice', 2)]).toEqual([1, 1]);
    expect((await runtime.engine.get(counter.id))!.data.hits).toBe(2);
  });

  it('claims the record first when the worker starts late (past half the grace period)', async () => {
    const { runtime, clock, counts, deliver, worker, workerJobs } = handOffSetup();
    const counter = await runtime.engine.start(Counter, { name: 'late' });
    const res = await deliver({ deliveryId: 'late-1', instance: counter.id, data: { n: 1 } });
    clock.set(clock.now() + 2_600); // the grace period is 5 s
    await worker(workerJobs[0]!, context());
    expect(counts).toEqual({ accept: 1, getDelivery: 1, updateDelivery: 2 });
    expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'applied', version: 3 });
    expect(hits('late', 1)).toBe(1);
  });

  it('does not apply twice when the worker died after the instance commit: the tick re-drives it and finds the mark', async () => {
    const { runtime, clock, deliver, worker, workerJobs, failNextUpdates } = handOffSetup();
    const counter = await runtime.engine.start(Counter, { name: 'died' });
    const res = await deliver({ deliveryId: 'died-1', instance: counter.id, data: { n: 1 } });
    failNextUpdates(Infinity); // every write of the inbox fails: to the inbox, the worker is gone
    await expect(worker(workerJobs[0]!, context())).rejects.toThrow('the table does not answer');
    failNextUpdates(0);
    expect(hits('died', 1)).toBe(1);
    expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'pending', version: 1, uncertainSince: expect.any(Number) });
    expect((await runTick(runtime)).deliveries.due).toBe(0); // the hand-off's claim holds for the grace period
    clock.set(clock.now() + 5_001);
    expect((await runTick(runtime)).deliveries).toMatchObject({ due: 1, applied: 1 });
    expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'applied', outcome: { duplicate: true } });
    expect(hits('died', 1)).toBe(1);
  });

  it('marks the delivery applied once the commit carrying its mark lands, before the run goes on', async () => {
    const { runtime, store, deliver, worker, workerJobs } = handOffSetup();
    const relay = await runtime.engine.start(Relay, {});
    const events: string[] = [];
    // the run's last commit waits for the inbox's write (or, without one, gives up waiting after 2 s)
    let written!: () => void;
    const inboxWritten = new Promise<void>((resolve) => (written = resolve));
    const commit = store.commit.bind(store);
    store.commit = async (c) => {
      if (c.state.status === 'finished') await Promise.race([inboxWritten, new Promise((r) => setTimeout(r, 2_000))]);
      events.push(`commit ${c.state.status}`);
      return commit(c);
    };
    const update = runtime.inbox.updateDelivery.bind(runtime.inbox);
    runtime.inbox.updateDelivery = async (r) => {
      events.push(`inbox ${r.status}`);
      written();
      return update(r);
    };
    const res = await deliver({ deliveryId: 'r-1', instance: relay.id, data: {} }, 'Relay', 'ping');
    expect(res.status).toBe(202);
    await worker(workerJobs[0]!, context());
    // the receiver's commit (it takes the lease before the node with effects), the inbox, then the node and the end
    expect(events).toEqual(['commit running', 'inbox applied', 'commit finished']);
    expect(await runtime.inbox.getDelivery(res.body.delivery)).toMatchObject({ status: 'applied', outcome: { instanceId: relay.id, deliveries: 1, duplicate: false } });
  });

  it('applies what the inbox holds, not what a job claims, when the seal does not hold', async () => {
    const { runtime, counts, deliver, worker, workerJobs } = handOffSetup();
    const counter = await runtime.engine.start(Counter, { name: 'forged' });
    await deliver({ deliveryId: 'f-1', instance: counter.id, data: { n: 1 } });
    const job = workerJobs.splice(0)[0] as Extract<WorkerJob, { type: 'delivery' }>;
    const work = job.record!.work as Extract<DeliveryRecord['work'], { kind: 'message' }>;
    const forged = { ...job, record: { ...job.record!, work: { ...work, data: { n: 666 } } } };
    expect(handedRecord(runtime, forged)).toBeUndefined();
    const { seal: _seal, ...unsealed } = job;
    expect(handedRecord(runtime, unsealed)).toBeUndefined();
    expect(handedRecord(runtime, job)).toEqual(job.record);
    await worker(forged, context());
    expect([hits('forged', 666), hits('forged', 1)]).toEqual([0, 1]);
    expect(counts.getDelivery).toBe(1); // read by id instead
  });

  it('sends a record too large for an asynchronous invocation by id only (the worker reads it)', () => {
    const record = (bytes: number): DeliveryRecord => ({
      id: 'd-1', key: 'k', source: 'webhook', hash: 'h', work: { kind: 'message', automation: 'Counter', message: 'hit', to: 'broadcast', data: { text: 'x'.repeat(bytes) } },
      status: 'pending', version: 1, attempts: 0, lastError: null, acceptedAt: 0, updatedAt: 0, nextAttemptAt: 0, uncertainSince: 0, appliedAt: null, outcome: null, expiresAt: null,
    });
    const { runtime } = setup();
    expect(handOffJob(runtime, record(1_000))).toHaveProperty('record');
    expect(handOffJob(runtime, record(300_000))).toEqual({ type: 'delivery', id: 'd-1' });
  });
});

describe('exactly once at the instance (the engine side)', () => {
  it('applies a delivery id once per instance, also for create-on-message and broadcasts, and for event starts', async () => {
    const { runtime } = setup();
    const { engine } = runtime;
    const guard = (id: string) => ({ id, uncertainSince: Date.now() - 1_000 });
    const a = await engine.start(Counter, { name: 'b-a' });
    const b = await engine.start(Counter, { name: 'b-b' });
    await engine.broadcastMessage(Counter, 'hit', undefined, { n: 7 }, { delivery: guard('bc-1') });
    await engine.broadcastMessage(Counter, 'hit', undefined, { n: 7 }, { delivery: guard('bc-1') }); // a re-drive
    expect([hits('b-a', 7), hits('b-b', 7)]).toEqual([1, 1]);
    expect((await engine.get(a.id))!.data.hits).toBe(1);
    expect((await engine.get(b.id))!.data.hits).toBe(1);

    const created = await engine.createOnMessage(Counter, 'hit', undefined, { n: 8 }, { delivery: guard('com-1') });
    const repeat = await engine.createOnMessage(Counter, 'hit', undefined, { n: 8 }, { delivery: guard('com-1') });
    expect(repeat).toMatchObject({ instanceId: created.instanceId, duplicate: true });
    expect((await engine.get(created.instanceId))!.data.hits).toBe(1);

    const started = await engine.start(Order, { orderId: 'ev-start' }, { delivery: guard('start-1') });
    const again = await engine.start(Order, { orderId: 'ev-start-2' }, { delivery: guard('start-1') });
    expect(again.id).toBe(started.id);
    expect((await runtime.store.list({ automation: 'Order' })).items.map((i) => i.id)).toEqual([started.id]);
  });

  it(`refuses a re-drive it can no longer judge (over ${MAX_MARKS} untracked deliveries since the uncertain attempt) instead of applying it twice`, async () => {
    const clock = new ManualClock(Date.now());
    const { runtime } = setup({ clock });
    const counter = await runtime.engine.start(Counter, { name: 'window' });
    const crashedAt = clock.now();
    clock.set(crashedAt + 10_000);
    for (let i = 0; i <= MAX_MARKS; i++) await runtime.engine.sendMessage(counter.id, 'hit', undefined, { n: 100 + i }, { delivery: { id: `w-${i}`, uncertainSince: null } });
    await expect(runtime.engine.sendMessage(counter.id, 'hit', undefined, { n: 1 }, { delivery: { id: 'late', uncertainSince: crashedAt } })).rejects.toBeInstanceOf(DeliveryUncertainError);
    expect(hits('window', 1)).toBe(0);
    // a delivery no earlier attempt can have applied is applied normally
    await runtime.engine.sendMessage(counter.id, 'hit', undefined, { n: 1 }, { delivery: { id: 'late', uncertainSince: null } });
    expect(hits('window', 1)).toBe(1);
    // and the inbox turns the refusal into a dead letter with its reason
    const { record } = await acceptDelivery(runtime, { source: 'webhook', key: 'webhook:Counter/hit/late2', work: { kind: 'message', automation: 'Counter', message: 'hit', to: { id: counter.id }, data: { n: 2 } }, payload: 2 });
    await runtime.inbox.updateDelivery({ ...record, version: 2, uncertainSince: crashedAt });
    expect(await attemptDelivery(runtime, record.id)).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/cannot tell whether delivery/) });
    expect(hits('window', 2)).toBe(0);
  });
});

describe('a re-drive after a crash on a hot instance (marks kept until the inbox settles them)', () => {
  /** Accepts a delivery of `hit` with `n` to the instance and applies it through the inbox: settled. */
  async function deliverSettled(runtime: Runtime, instance: string, n: number) {
    const { record } = await acceptDelivery(runtime, { source: 'webhook', key: `webhook:Counter/hit/hot-${n}`, work: { kind: 'message', automation: 'Counter', message: 'hit', to: { id: instance }, data: { n } }, payload: n });
    expect(await attemptDelivery(runtime, record.id)).toMatchObject({ status: 'applied' });
  }

  it(`finds the mark of an attempt that landed before the crash after ${3 * MAX_MARKS} other deliveries, and applies it once`, async () => {
    const clock = new ManualClock(Date.now());
    const { runtime } = setup({ clock });
    const counter = await runtime.engine.start(Counter, { name: 'hot-landed' });
    const { record } = await acceptDelivery(runtime, { source: 'webhook', key: 'webhook:Counter/hit/crashed', work: { kind: 'message', automation: 'Counter', message: 'hit', to: { id: counter.id }, data: { n: 1 } }, payload: 1 });
    // the attempt: claimed, applied at the instance, then the worker died before settling the record
    const crashedAt = clock.now();
    await runtime.inbox.updateDelivery({ ...record, version: 2, uncertainSince: crashedAt });
    await runtime.engine.sendMessage(counter.id, 'hit', undefined, { n: 1 }, { delivery: { id: record.id, uncertainSince: null, settled: (ids) => runtime.inbox.settledDeliveries(ids) } });
    expect(hits('hot-landed', 1)).toBe(1);
    clock.set(crashedAt + 10_000);
    for (let n = 100; n < 100 + 3 * MAX_MARKS; n++) await deliverSettled(runtime, counter.id, n);

    const state = (await runtime.store.get(counter.id))!;
    expect(state.deliveries!.length).toBeLessThanOrEqual(MAX_MARKS + 1); // settled marks were pruned, the crashed one kept
    expect(state.deliveriesFloor).toBeUndefined();
    expect(await attemptDelivery(runtime, record.id)).toMatchObject({ status: 'applied', outcome: { duplicate: true } });
    expect(hits('hot-landed', 1)).toBe(1);
    expect((await runtime.store.get(counter.id))!.data.hits).toBe(1 + 3 * MAX_MARKS);
  });

  it(`applies an uncertain delivery whose attempt did not land, after ${3 * MAX_MARKS} other deliveries`, async () => {
    const clock = new ManualClock(Date.now());
    const { runtime } = setup({ clock });
    const counter = await runtime.engine.start(Counter, { name: 'hot-lost' });
    const { record } = await acceptDelivery(runtime, { source: 'webhook', key: 'webhook:Counter/hit/lost', work: { kind: 'message', automation: 'Counter', message: 'hit', to: { id: counter.id }, data: { n: 1 } }, payload: 1 });
    await runtime.inbox.updateDelivery({ ...record, version: 2, uncertainSince: clock.now() }); // claimed, then killed before the receiver ran
    clock.set(clock.now() + 10_000);
    for (let n = 100; n < 100 + 3 * MAX_MARKS; n++) await deliverSettled(runtime, counter.id, n);
    expect(await attemptDelivery(runtime, record.id)).toMatchObject({ status: 'applied', outcome: { duplicate: false } });
    expect(hits('hot-lost', 1)).toBe(1);
  });

  it(`keeps unsettled marks up to ${HARD_MAX_MARKS}, then evicts the oldest and remembers the floor`, async () => {
    const state = { id: 'i', deliveries: [] } as unknown as InstanceState;
    const nothingSettled = async () => new Set<string>();
    for (let i = 0; i < HARD_MAX_MARKS; i++) await addMark(state, { id: `d-${i}`, uncertainSince: null, settled: nothingSettled }, 1_000 + i, false);
    expect(state.deliveries).toHaveLength(HARD_MAX_MARKS);
    expect(state.deliveriesFloor).toBeUndefined();
    await addMark(state, { id: 'd-last', uncertainSince: null, settled: nothingSettled }, 5_000, false);
    expect(state.deliveries).toHaveLength(HARD_MAX_MARKS);
    expect(state.deliveriesFloor).toBe(1_000);
    // once settled, they go down to the most recent MAX_MARKS
    const all = async (ids: readonly string[]) => new Set(ids);
    for (let i = 0; i < 20; i++) await addMark(state, { id: `e-${i}`, uncertainSince: null, settled: all }, 6_000 + i, false);
    expect(state.deliveries!.length).toBeLessThan(HARD_MAX_MARKS);
  });
});
