import { describe, expect, it } from 'vitest';
import { DynamoStore } from '../../lib/aws/dynamo-store.js';
import { createDynamoDBClient } from '../../lib/aws/dynamo-client.js';
import { ManualClock } from '../../lib/engine/clock.js';
import { Engine } from '../../lib/engine/engine.js';
import { Automation, flow as untyped, type Task } from '../../lib/engine/index.js';
import { createTestTable, dynamodbEndpoint } from '../support/dynamodb.js';

/**
 * Many runners (separate engines, each with its own DynamoStore and HTTP client, as separate
 * Lambdas would be) advance the same instances on DynamoDB Local at once: scheduler ticks
 * (two at the same moment: a duplicate timer), messages and explicit runs, in a random order
 * with random delays. Every node visit must run exactly once, no transition may be lost and no
 * message's data may be overwritten.
 */

interface Data {
  ticks: number;
  poked: number;
  trail: string[];
}
const flow = untyped.typed<Data>();

/** Side effects, counted per node visit (the task's idempotency key). */
const effects = new Map<string, number>();
const effect = (name: string) => (t: Task<Data>) => {
  effects.set(t.idempotencyKey, (effects.get(t.idempotencyKey) ?? 0) + 1);
  t.data.ticks += 1;
  t.data.trail = [...t.data.trail, name];
};

class Contended extends Automation<Data> {
  static override meta = { name: 'Contended' };
  a = flow.Execute(effect('a'));
  b = flow.Execute(effect('b')).AfterWaitingFor({ minutes: 1 });
  c = flow.Execute(effect('c')).AsSoonAs((t) => t.data.poked > 0);
  d = flow.Execute(effect('d'));
  end = flow.End();
  receivePoke() {
    this.data.poked += 1;
  }
}

/** A small seeded PRNG (mulberry32), so that a failing run can be replayed with CONCURRENCY_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TRIALS = Number(process.env.CONCURRENCY_TRIALS ?? 1_000);
const BATCH = 100;
const RUNNERS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('concurrent runners on DynamoDB', () => {
  it(`${TRIALS} randomized trials: every node visit runs exactly once, no transition or message is lost`, { timeout: 120_000 }, async () => {
    const seed = Number(process.env.CONCURRENCY_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    const tableName = await createTestTable();
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 8, 0, 0));
    const engines = Array.from(
      { length: RUNNERS },
      () =>
        new Engine({
          store: new DynamoStore({
            tableName,
            client: createDynamoDBClient({ endpoint: dynamodbEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
          }),
          clock,
          secret: 'concurrency-test-secret-0123456789',
          automations: [Contended],
          busyWaitMs: 10_000,
        }),
    );
    const pick = () => engines[Math.floor(random() * engines.length)]!;
    effects.clear();
    const delivered = new Map<string, number>();
    let contended = 0;
    let busy = 0;

    for (let done = 0; done < TRIALS; done += BATCH) {
      const size = Math.min(BATCH, TRIALS - done);
      // Each instance runs `a` and waits a minute at `b`.
      const ids = await Promise.all(Array.from({ length: size }, async () => (await pick().start(Contended, { ticks: 0, poked: 0, trail: [] })).id));
      clock.advance(60_000);

      // The storm: per instance, 1-3 messages, 0-2 explicit runs, and two ticks from different runners.
      const actions: Promise<unknown>[] = [];
      const later = <T>(fn: () => Promise<T>) => {
        const delay = Math.floor(random() * 6);
        return sleep(delay).then(fn);
      };
      for (const id of ids) {
        const pokes = 1 + Math.floor(random() * 3);
        for (let i = 0; i < pokes; i++) {
          const engine = pick();
          actions.push(
            later(() => engine.sendMessage(id, 'poke')).then(
              () => delivered.set(id, (delivered.get(id) ?? 0) + 1),
              (error: { code?: string }) => {
                // Busy (another runner holds it), or finished: another poke got through and a
                // runner took the instance to its end first (refused, so not delivered).
                if (error.code === 'conflict') return;
                if (error.code !== 'busy') throw error;
                busy += 1;
              },
            ),
          );
        }
        const runs = Math.floor(random() * 3);
        for (let i = 0; i < runs; i++) {
          const engine = pick();
          actions.push(
            later(() => engine.run(id)).catch((error: { code?: string }) => {
              // Busy (another runner holds it) or finished (it ran to the end first) are both fine.
              if (error.code !== 'busy' && error.code !== 'conflict') throw error;
            }),
          );
        }
        contended += pokes + runs;
      }
      for (let i = 0; i < 2; i++) {
        const engine = engines[i]!;
        actions.push(later(() => engine.runDue({ limit: 1_000, concurrency: 16 })));
      }
      await Promise.all(actions);

      // Settle: whatever is still open finishes with a final poke (if none got through) and ticks.
      for (let round = 0; round < 5; round++) {
        const states = await Promise.all(ids.map((id) => engines[0]!.get(id)));
        const open = states.filter((s) => s && s.status !== 'finished');
        if (open.length === 0) break;
        for (const s of open) {
          if (s!.data.poked === 0) {
            await engines[1]!.sendMessage(s!.id, 'poke');
            delivered.set(s!.id, (delivered.get(s!.id) ?? 0) + 1);
          }
        }
        clock.advance(6 * 60_000); // past any lease a runner left behind
        await engines[round % RUNNERS]!.runDue({ limit: 1_000, concurrency: 16 });
      }

      for (const id of ids) {
        const state = await engines[2]!.get(id);
        const context = `seed ${seed}, instance ${id}`;
        expect(state?.status, context).toBe('finished');
        expect(state!.data, context).toEqual({ ticks: 4, poked: delivered.get(id), trail: ['a', 'b', 'c', 'd'] });
        const tasks = await engines[3]!.tasks(id);
        expect(tasks.map((t) => `${t.node}:${t.message}`), context).toEqual(['a:OK', 'b:OK', 'c:OK', 'd:OK', 'end:OK']);
        expect(tasks.map((t) => t.seq), context).toEqual([1, 2, 3, 4, 5]);
        for (const t of tasks.slice(0, 4)) expect(effects.get(`${id}:${t.seq}`), `${context}, task ${t.seq}`).toBe(1);
      }
    }
    expect(effects.size).toBe(TRIALS * 4);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    // The storm really contended: several actors per instance, most messages got through while others ran.
    expect(contended).toBeGreaterThan(TRIALS * 1.5);
    expect(busy).toBeLessThan(TRIALS);
  });
});
