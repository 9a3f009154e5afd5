import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQSBatchResponse } from 'aws-lambda';
import { timerMessages } from '../../lib/app/timers.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { client, eventually, startTestStack } from './support.js';

/**
 * Timers on the local stack, on DynamoDB Local: the due index is the source of truth, a timer
 * message only the alarm clock. A lost message (PurgeQueue) still runs on time give or take a
 * tick; a duplicate or stale message changes nothing; no timer runs early.
 */
let stack: LocalStack;
let http: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startTestStack({ tickIntervalMs: 300 });
  http = client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const view = async (id: string) => (await http.request('GET', `/instances/${id}`)).body;
const startWebinar = async (due: number) => {
  const started = await http.request('POST', '/automations/WebinarWorkflow/instances', { data: { email: `t-${due}-${Math.random()}@example.com`, webinarAt: new Date(due + 30 * 60_000).toISOString() } });
  expect(started.body.dueAt).toBe(new Date(due).toISOString());
  return started.body.id as string;
};
const reminded = (id: string, timeoutMs = 15_000) =>
  eventually(async () => {
    const s = await view(id);
    return s.data.mails.includes('reminder') ? s : undefined;
  }, timeoutMs, 'the reminder');
/** An SQS event carrying these timers, as the event source mapping hands it to the advance function. */
const sqsEvent = (timers: { instanceId: string; at: number }[]) => ({
  Records: timerMessages(timers, Date.now()).map((m, i) => ({
    messageId: `dup-${i}`, receiptHandle: `r-${i}`, body: JSON.stringify(m.body), attributes: {}, messageAttributes: {}, md5OfBody: '',
    eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:timers', awsRegion: 'us-east-1',
  })),
});

describe('timers on the local stack', () => {
  it('runs a timer whose message was lost (PurgeQueue) from the due index, through the tick, not before its time', async () => {
    const due = Date.now() + 4_000;
    const id = await startWebinar(due);
    const [message] = stack.timerQueue.about(id);
    expect(message).toMatchObject({ status: 'delayed' });
    expect(stack.timerQueue.purge()).toBeGreaterThanOrEqual(1);
    const s = await reminded(id);
    expect(Date.parse(s.tasks.find((t: { node: string }) => t.node === 'sendReminder').finished)).toBeGreaterThanOrEqual(due);
    // no message was ever delivered for it: the tick ran it
    expect(stack.timerQueue.about(id).map((m) => [m.status, m.receiveCount])).toEqual([['purged', 0]]);
  });

  it('treats a duplicate message and a message for a wait that moved as no-ops (no write), and runs the current one', async () => {
    const due = Date.now() + 4_000;
    const id = await startWebinar(due);
    const before = (await stack.runtime.engine.get(id))!;
    // stale: a message for another due time of this instance
    const stale = (await stack.invoke('advance', sqsEvent([{ instanceId: id, at: due + 1 }]))) as SQSBatchResponse;
    expect(stale).toEqual({ batchItemFailures: [] });
    expect((await stack.runtime.engine.get(id))!.version).toBe(before.version);
    const s = await reminded(id);
    const after = (await stack.runtime.engine.get(id))!;
    expect(after.version).toBeGreaterThan(before.version);
    // duplicate: the message that ran it, delivered again (SQS is at-least-once)
    const again = (await stack.invoke('advance', sqsEvent([{ instanceId: id, at: due }]))) as SQSBatchResponse;
    expect(again).toEqual({ batchItemFailures: [] });
    const later = (await stack.runtime.engine.get(id))!;
    expect(later.version).toBe(after.version);
    expect(later.data.mails).toEqual(['welcome', 'reminder']);
    expect((await view(id)).tasks.filter((t: { node: string }) => t.node === 'sendReminder')).toHaveLength(s.tasks.filter((t: { node: string }) => t.node === 'sendReminder').length);
  });

  it('measures lateness: every timer runs at or after its due time (how late is a benchmark figure: npm run bench:cost)', async (ctx) => {
    const base = Date.now() + 6_000; // room for eight starts on a busy machine: each reminder must still be ahead when its start returns
    const dues = Array.from({ length: 8 }, (_, i) => base + i * 137 + Math.floor(Math.random() * 1000));
    const ids = await Promise.all(dues.map((due) => startWebinar(due)));
    const late: number[] = [];
    for (const [i, id] of ids.entries()) {
      const s = await reminded(id);
      late.push(Date.parse(s.tasks.find((t: { node: string }) => t.node === 'sendReminder').finished) - dues[i]!);
      expect(stack.timerQueue.about(id)).toHaveLength(1); // one message (this test's 300 ms tick may run it first: both are harmless)
    }
    for (const l of late) expect(l).toBeGreaterThanOrEqual(0);
    ctx.annotate(`lateness (reminder finished - due), ms: ${late.sort((a, b) => a - b).join(', ')}`);
  });
});
