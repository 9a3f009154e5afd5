import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../lib/local/stack.js';
import { client, eventually, startTestStack } from './support.js';

/**
 * A 202 is a promise: every webhook answered 202 reaches its receiver exactly once, also when
 * many arrive at once for the same instances (issue 8: 22 of 40 were lost at concurrency 20).
 * Receiver applications are counted from the instances' data: IssueDiscussion counts its
 * `newMail` messages in `pendingMails`, DailyDigest queues each `item`'s title.
 */
const ISSUES = 5;
const PER_ISSUE = 70; // 350 over the issues
const HOT = 150; // to the one DailyDigest
const CONCURRENCY = 20;

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

describe('webhooks under concurrency (local stack, HTTP)', () => {
  let stack: LocalStack;
  let http: ReturnType<typeof client>;
  beforeAll(async () => {
    stack = await startTestStack();
    http = client(stack);
  });
  afterAll(async () => stack?.stop());

  it(`applies each of ${ISSUES * PER_ISSUE + HOT} concurrent webhooks exactly once, over several instances and a hot one`, async () => {
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const issues: string[] = [];
    for (let i = 0; i < ISSUES; i++) {
      const started = await http.request('POST', '/automations/IssueDiscussion/instances', { data: { issue: `load-${i}`, deadline } });
      expect(started.status).toBe(201);
      issues.push(started.body.id);
    }
    const digest = await http.request('POST', '/automations/DailyDigest/instances', { data: {} });
    expect([200, 201]).toContain(digest.status);
    const digestId: string = digest.body.id;
    const before = (await http.request('GET', `/instances/${digestId}`)).body.data as { queue: string[]; sent: { items: string[] }[] };
    const run = `r${Date.now()}`;

    type Send = { automation: string; message: string; envelope: Record<string, unknown>; target: string };
    const sends: Send[] = [];
    for (let i = 0; i < ISSUES * PER_ISSUE; i++) {
      const target = issues[i % ISSUES]!;
      sends.push({ automation: 'IssueDiscussion', message: 'newMail', target, envelope: { deliveryId: `${run}-mail-${i}`, instance: target, data: {} } });
    }
    for (let i = 0; i < HOT; i++) {
      sends.push({ automation: 'DailyDigest', message: 'item', target: digestId, envelope: { deliveryId: `${run}-item-${i}`, instance: digestId, data: { title: `${run}-item-${i}` } } });
    }
    sends.sort((a, b) => (a.envelope.deliveryId as string).localeCompare(b.envelope.deliveryId as string)); // interleave the targets

    const t0 = Date.now();
    const accepted = new Map<string, number>();
    const statuses = new Map<number, number>();
    await pool(sends, CONCURRENCY, async (send) => {
      const res = await http.webhook(send.automation, send.message, send.envelope);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 202) accepted.set(send.target, (accepted.get(send.target) ?? 0) + 1);
    });
    expect(Object.fromEntries(statuses)).toEqual({ 202: sends.length });
    const sentMs = Date.now() - t0;

    const applied = async () => {
      const counts = new Map<string, number>();
      for (const id of issues) counts.set(id, (await http.request('GET', `/instances/${id}`)).body.data.pendingMails ?? 0);
      const data = (await http.request('GET', `/instances/${digestId}`)).body.data as { queue: string[]; sent: { items: string[] }[] };
      const titles = [...data.queue, ...data.sent.flatMap((s) => s.items)].filter((t) => t.startsWith(run));
      return { counts, titles };
    };
    const expectedTotal = sends.length;
    const settled = await eventually(async () => {
      const now = await applied();
      const total = [...now.counts.values()].reduce((a, b) => a + b, 0) + now.titles.length;
      if (total >= expectedTotal) return now;
      await new Promise((r) => setTimeout(r, 400)); // each check reads six instances: not too often
      return undefined;
    }, 60_000, 'every accepted webhook to be applied').catch(async (error: Error) => {
      const now = await applied();
      const total = [...now.counts.values()].reduce((a, b) => a + b, 0) + now.titles.length;
      throw new Error(`${error.message}: ${total} of ${expectedTotal} applied`);
    });
    await stack.idle();
    const final = await applied();
    const doubled = final.titles.length - new Set(final.titles).size;
    console.log(`[figures] concurrency ${CONCURRENCY}: sent ${sends.length}, accepted ${[...accepted.values()].reduce((a, b) => a + b, 0)}, ` +
      `applied ${[...final.counts.values()].reduce((a, b) => a + b, 0) + final.titles.length}, doubled titles ${doubled}; ${sentMs} ms to send, ${Date.now() - t0} ms to apply all`);
    for (const id of issues) expect(final.counts.get(id)).toBe(accepted.get(id));
    expect(doubled).toBe(0);
    expect(new Set(final.titles).size).toBe(HOT);
    expect(settled.titles.length).toBe(HOT);
    expect(before.queue.filter((t) => t.startsWith(run))).toEqual([]);

    // A sender's retry of delivered webhooks: 202 duplicate, nothing applied again.
    const retries = sends.slice(0, 20);
    await pool(retries, CONCURRENCY, async (send) => {
      const res = await http.webhook(send.automation, send.message, send.envelope);
      expect(res).toMatchObject({ status: 202, body: { duplicate: true } });
    });
    await stack.idle();
    const after = await applied();
    for (const id of issues) expect(after.counts.get(id)).toBe(accepted.get(id));
    expect(after.titles.length).toBe(HOT);
  }, 150_000);
});
