import { describe, expect, it } from 'vitest';
import { WebinarWorkflow } from '../../flows/index.js';
import { createAdvanceHandler } from '../../lambdas/advance.js';
import { createEventsHandler, type TriggerInput } from '../../lambdas/events.js';
import { acceptDelivery } from '../../lambdas/shared/deliveries.js';
import { createTickHandler } from '../../lambdas/tick.js';
import { createWorkerHandler } from '../../lambdas/worker.js';
import { timerMessages, type TimerRequest } from '../../lib/app/timers.js';
import { Countdown, Order, Report, testAutomations } from '../e2e/flows.js';
import { context, testRuntime } from './support.js';

const event = (source: string, detailType: string, detail: Record<string, unknown>, id = `evt-${Math.random()}`) => ({
  version: '0', id, 'detail-type': detailType, source, account: '000000000000', time: new Date().toISOString(), region: 'us-east-1', resources: [], detail,
});

describe('timers from runs', () => {
  it('schedules a timer for a time wait within the horizon, none for a polled condition, none beyond the horizon', async () => {
    const t = testRuntime(testAutomations, { settings: { timerHorizonMs: 14 * 60_000 } });
    const soon = new Date(Date.now() + 40 * 60_000).toISOString(); // reminder in 10 minutes
    const w = await t.runtime.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: soon });
    expect(t.timers).toEqual([{ instanceId: w.id, at: Date.parse(soon) - 30 * 60_000 }]);
    await t.runtime.engine.start(Countdown, { readyAt: new Date(Date.now() + 60_000).toISOString() });
    expect(t.timers).toHaveLength(1);
    await t.runtime.engine.start(WebinarWorkflow, { email: 'd@example.org', webinarAt: new Date(Date.now() + 3 * 3_600_000).toISOString() });
    expect(t.timers).toHaveLength(1);
  });

  it('keeps running when SQS refuses a timer (the tick covers it)', async () => {
    const t = testRuntime(testAutomations, { failTimers: true });
    const w = await t.runtime.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: new Date(Date.now() + 40 * 60_000).toISOString() });
    expect(w.status).toBe('waiting');
  });

  it('sends threaded Execute nodes to dispatchBackground, and the worker completes them', async () => {
    const t = testRuntime(testAutomations);
    const report = await t.runtime.engine.start(Report, {});
    expect(t.background).toEqual([{ instanceId: report.id, task: 2, dispatchedAt: expect.any(Number) }]);
    const worker = createWorkerHandler(async () => t.runtime);
    const result = await worker({ type: 'background', job: t.background[0]! }, context());
    expect(result).toMatchObject({ status: 'done', detail: { status: 'finished' } });
    expect((await t.runtime.engine.get(report.id))!.data).toMatchObject({ rows: 42, summary: '42 rows' });
  });
});

/** The SQS event the event source mapping hands the advance function for these timers (sent now). */
const sqsEvent = (requests: TimerRequest[], body?: string) => ({
  Records: (body === undefined ? timerMessages(requests, Date.now()).map((m) => JSON.stringify(m.body)) : [body]).map((b, i) => ({
    messageId: `m${i}`, receiptHandle: `r${i}`, body: b, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:timers', awsRegion: 'us-east-1',
  })),
}) as never;

describe('advance (the timer queue consumer)', () => {
  it('runs a due instance; a duplicate or stale message, a finished or unknown instance is a no-op; a malformed message is reported failed', async () => {
    const t = testRuntime(testAutomations);
    const advance = createAdvanceHandler(async () => t.runtime);
    const dueSoon = Date.now() + 150;
    const w = await t.runtime.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: new Date(dueSoon + 30 * 60_000).toISOString() });
    const timer = t.timers[0]!;
    expect(timer).toEqual({ instanceId: w.id, at: dueSoon });
    // A message arriving (up to the tolerance) early sleeps off the rest, then runs.
    expect(await advance(sqsEvent([timer]), context())).toEqual({ batchItemFailures: [] });
    expect(Date.now()).toBeGreaterThanOrEqual(dueSoon);
    const after = (await t.runtime.engine.get(w.id))!;
    expect(after.data.mails).toEqual(['welcome', 'reminder']);
    // The same message again (SQS delivers at least once): the head's dueAt moved on, nothing runs or is written.
    const { advanceTimers } = await import('../../lambdas/advance.js');
    expect(await advanceTimers(t.runtime, [{ id: w.id, dueAt: dueSoon }])).toEqual([{ id: w.id, outcome: 'stale' }]);
    expect(await advance(sqsEvent([timer]), context())).toEqual({ batchItemFailures: [] });
    expect((await t.runtime.engine.get(w.id))!.version).toBe(after.version);
    expect(await advanceTimers(t.runtime, [{ id: 'nope', dueAt: Date.now() }])).toEqual([{ id: 'nope', outcome: 'gone' }]);
    const done = await t.runtime.engine.start(Countdown, { readyAt: new Date(0).toISOString() });
    expect(await advanceTimers(t.runtime, [{ id: done.id, dueAt: Date.now() }])).toEqual([{ id: done.id, outcome: 'finished' }]);
    expect(await advance(sqsEvent([], '{"v":1,"timers":[{"id":"x"}]}'), context())).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(await advance(sqsEvent([], 'not json'), context())).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
  });

  it('sends a message that came too early on for the rest of its wait, instead of sleeping', async () => {
    const t = testRuntime(testAutomations);
    const w = await t.runtime.engine.start(WebinarWorkflow, { email: 'b@example.org', webinarAt: new Date(Date.now() + 35 * 60_000).toISOString() });
    const due = (await t.runtime.engine.get(w.id))!.dueAt!;
    const { advanceTimers } = await import('../../lambdas/advance.js');
    t.timers.length = 0;
    expect(await advanceTimers(t.runtime, [{ id: w.id, dueAt: due }])).toEqual([{ id: w.id, outcome: 'requeued' }]);
    expect(t.timers).toEqual([{ instanceId: w.id, at: due }]);
  });
});

describe('tick', () => {
  it('runs what is due, hands over far waits once (from the hand-over mark), and deletes history on the daily input', async () => {
    const t = testRuntime(testAutomations, { settings: { timerHorizonMs: 600_000 } });
    const tick = createTickHandler(async () => t.runtime);
    const c = await t.runtime.engine.start(Countdown, { readyAt: new Date(Date.now() + 200).toISOString() });
    await new Promise((r) => setTimeout(r, 1_050));
    const far = Date.now() + 600_000 - 60_000;
    t.dueWindow.entries.push({ id: 'far-away', dueAt: far });
    const result = await tick({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context());
    expect(result).toMatchObject({ task: 'tick', due: 1, ran: 1, fannedOut: 0, handedOver: 1, failed: [] });
    expect((await t.runtime.engine.get(c.id))!.status).toBe('finished');
    expect(t.timers).toContainEqual({ instanceId: 'far-away', at: far });
    const [from, to] = t.dueWindow.calls[0]!;
    expect(to - from).toBe(600_000); // no mark yet: (now, now + horizon]
    // The next tick starts where this one stopped: the same wait is not handed over twice.
    const next = await tick({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context());
    expect(next).toMatchObject({ handedOver: 0 });
    expect(t.dueWindow.calls[1]![0]).toBe(to);
    expect(t.timers.filter((x) => x.instanceId === 'far-away')).toHaveLength(1);

    await new Promise((r) => setTimeout(r, 5)); // finished strictly before the cutoff
    const history = await tick({ task: 'history', days: 0 }, context());
    expect(history).toEqual({ task: 'history', instances: 1, tasks: 3 });
  });

  it('keeps the hand-over mark when the timers cannot be sent, so the next tick hands the same waits over', async () => {
    const t = testRuntime(testAutomations, { settings: { timerHorizonMs: 600_000 }, failTimers: true });
    const tick = createTickHandler(async () => t.runtime);
    t.dueWindow.entries.push({ id: 'far-away', dueAt: Date.now() + 300_000 });
    expect(await tick({}, context())).toMatchObject({ task: 'tick', handedOver: 0 });
    expect(await t.runtime.handoverMark.read()).toBeUndefined();
    await tick({}, context());
    expect(t.dueWindow.calls).toHaveLength(2);
    expect(t.dueWindow.calls[1]![1] - t.dueWindow.calls[1]![0]).toBe(600_000); // from "now" again, not from a mark
  });

  it('fans out to worker batches when more is due than one batch, and the batches run once', async () => {
    const t = testRuntime(testAutomations, { settings: { tickBatchSize: 3, tickConcurrency: 2 } });
    const tick = createTickHandler(async () => t.runtime);
    const worker = createWorkerHandler(async () => t.runtime);
    const readyAt = new Date(Date.now() + 100).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await t.runtime.engine.start(Countdown, { readyAt })).id);
    await new Promise((r) => setTimeout(r, 1_050));
    const result = await tick({}, context());
    expect(result).toMatchObject({ due: 8, ran: 3, fannedOut: 5 });
    expect(t.workerJobs.map((j) => (j.type === 'run' ? j.ids.length : 0))).toEqual([3, 2]);
    for (const job of t.workerJobs) await worker(job, context());
    // Running a batch twice (an async retry) finds nothing due the second time.
    const again = await worker(t.workerJobs[0]!, context());
    expect(again).toMatchObject({ detail: { ran: 0, busy: 3 } });
    for (const id of ids) expect((await t.runtime.engine.get(id))!.status).toBe('finished');
  });
});

describe('events', () => {
  it('starts an automation from a matching event, once per event id', async () => {
    const t = testRuntime(testAutomations);
    const handler = createEventsHandler(async () => t.runtime);
    const placed = event('test.shop', 'OrderPlaced', { orderId: 'e-1' }, 'evt-1');
    const input: TriggerInput = { trigger: 'Order.placed', event: placed as TriggerInput['event'] };
    const first = await handler(input, context());
    expect(first).toMatchObject({ status: 'started', duplicate: false });
    const again = await handler(input, context());
    expect(again).toEqual({ ...first, duplicate: true });
    expect((await t.runtime.store.list({ automation: 'Order' })).items).toHaveLength(1);
  });

  it('delivers a message to the instance the event names, or to all', async () => {
    const t = testRuntime(testAutomations);
    const handler = createEventsHandler(async () => t.runtime);
    const order = await t.runtime.engine.start(Order, { orderId: 'e-2' });
    const paid = event('test.billing', 'PaymentReceived', { instanceId: order.id, amount: 9 });
    expect(await handler({ trigger: 'Order.paid', event: paid as TriggerInput['event'] }, context())).toMatchObject({ status: 'delivered', instanceId: order.id, deliveries: 1 });
    expect((await t.runtime.engine.get(order.id))!.data).toMatchObject({ paid: true, amount: 9 });
    const other = await t.runtime.engine.start(Order, { orderId: 'e-3' });
    await handler({ trigger: 'Order.promotion', event: event('test.marketing', 'Promo', {}) as TriggerInput['event'] }, context());
    expect((await t.runtime.engine.get(other.id))!.data.paid).toBe(true);
  });

  it('rejects (without throwing) an unknown trigger or instance, so EventBridge does not retry forever', async () => {
    const t = testRuntime(testAutomations);
    const handler = createEventsHandler(async () => t.runtime);
    expect(await handler({ trigger: 'Nope.nope', event: event('x', 'y', {}) as TriggerInput['event'] }, context())).toMatchObject({ status: 'rejected' });
    const paid = event('test.billing', 'PaymentReceived', { instanceId: 'missing', amount: 1 });
    expect(await handler({ trigger: 'Order.paid', event: paid as TriggerInput['event'] }, context())).toMatchObject({ status: 'rejected', error: expect.stringMatching(/missing/) });
  });
});

describe('worker failures', () => {
  it('dead-letters deliveries that cannot succeed and throws for jobs a retry can fix', async () => {
    const t = testRuntime(testAutomations);
    const worker = createWorkerHandler(async () => t.runtime);
    const { record } = await acceptDelivery(t.runtime, { source: 'webhook', key: 'webhook:Order/paid/k1', work: { kind: 'message', automation: 'Order', message: 'paid', to: { id: 'missing' }, data: { amount: 1 } }, payload: 1 });
    const gone = await worker({ type: 'delivery', id: record.id }, context());
    expect(gone).toMatchObject({ status: 'done', detail: { status: 'dead', attempts: 1, lastError: expect.stringMatching(/missing/) } });
    expect(await worker({ type: 'delivery', id: 'd-00000000000000000000000000000000' }, context())).toMatchObject({ status: 'done', detail: { missing: 'd-00000000000000000000000000000000' } });
    const broken = { ...t.runtime, store: t.runtime.store } as typeof t.runtime;
    const failing = createWorkerHandler(async () => ({ ...broken, engine: { ...broken.engine, runBackground: () => Promise.reject(new Error('DynamoDB is down')) } as unknown as typeof broken.engine }));
    await expect(failing({ type: 'background', job: { instanceId: 'x', task: 1, dispatchedAt: 0 } }, context())).rejects.toThrow('DynamoDB is down');
  });
});
