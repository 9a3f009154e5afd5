import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../lib/local/stack.js';
import { client, eventually, startTestStack } from './support.js';

/**
 * Waits beyond the timer horizon get no timer message when they are set; the tick reads the due
 * index (DynamoStore.dueBetween on DynamoDB Local) from its hand-over mark and sends their message
 * when they come within the horizon, so they still run on time. Here the horizon is 2 s (plus the
 * 5 s index-lag margin for messages sent by runs); 2 minutes when deployed.
 */
let stack: LocalStack;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack({ tickIntervalMs: 250, settings: { timerHorizonMs: 2_000 } });
  http = client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const timersOf = async (id: string) => (await http.request('GET', `/_local/timers?instance=${id}`)).body.messages as { sentAt: number; status: string; delaySeconds: number }[];

describe('the hand-over of far waits', () => {
  it('sends no timer beyond the horizon, hands the wait to a timer message when it comes near, once, and runs it on time', async () => {
    const due = Date.now() + 9_000;
    const started = await http.request('POST', '/automations/WebinarWorkflow/instances', { data: { email: `far-${due}@example.com`, webinarAt: new Date(due + 30 * 60_000).toISOString() } });
    expect(started.body.dueAt).toBe(new Date(due).toISOString());
    expect(await timersOf(started.body.id)).toEqual([]);
    const timer = await eventually(async () => (await timersOf(started.body.id))[0], 10_000, 'the hand-over');
    expect(timer.sentAt).toBeGreaterThanOrEqual(due - 2_000);
    expect(timer.sentAt).toBeLessThan(due); // handed over before the wait ended, not run late by the tick
    const view = await eventually(async () => {
      const s = (await http.request('GET', `/instances/${started.body.id}`)).body;
      return s.data.mails.includes('reminder') ? s : undefined;
    }, 8_000, 'the reminder');
    const late = Date.parse(view.tasks.find((t: { node: string }) => t.node === 'sendReminder').finished) - due;
    expect(late).toBeGreaterThanOrEqual(0); // precision is measured by npm run bench:cost (timers line)
    // ticks every 250 ms, each from the mark the previous one left: the wait was handed over once
    // (whether the message or the tick ran it first depends on timing: a message may arrive up to 800 ms after the due time)
    expect(await timersOf(started.body.id)).toHaveLength(1);
  });
});
