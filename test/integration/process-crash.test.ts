import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/engine/clock.js';
import { Engine } from '../../lib/engine/engine.js';
import { ActionRegistry, defineAction } from '../../lib/engine/actions/registry.js';
import { ProcessRuntime } from '../../lib/engine/processes/runtime.js';
import { ProcessService } from '../../lib/engine/processes/service.js';
import type { BackgroundJob } from '../../lib/engine/run-result.js';
import type { Store } from '../../lib/engine/store.js';
import * as z from 'zod';
import { createDynamoTestStore } from '../support/dynamodb.js';
import { FaultyStore, SimulatedCrash } from '../support/faulty-store.js';

/**
 * A job's runner dies at its k-th write (before or after the write lands), for every k of a
 * job's life. A new engine on the same table, driven by the tick and the background runner
 * as the deployment would, finishes the job: every task finished once in the job, effects at
 * most once more, and only under the same idempotency key.
 */
const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const effects = new Map<string, number>();

function stack(store: Store, clock: ManualClock) {
  const queue: BackgroundJob[] = [];
  const engine = new Engine({ store, clock, secret: 'process-crash-secret-0123', dispatchBackground: async (job) => void queue.push(job) });
  const actions = new ActionRegistry(
    defineAction({
      name: 'effect',
      params: z.object({}),
      run: async (_p, ctx) => {
        effects.set(ctx.idempotencyKey, (effects.get(ctx.idempotencyKey) ?? 0) + 1);
        return { ok: true };
      },
    }),
  );
  const runtime = new ProcessRuntime({ engine, actions });
  return { engine, service: new ProcessService(runtime), queue };
}

const DOC = {
  name: 'crashy',
  tasks: [
    { name: 'a', action: 'effect', timeout: '1m', retry: { attempts: 3 } },
    { name: 'b', action: 'effect', after: ['a'], timeout: '1m', retry: { attempts: 3 } },
    { name: 'c', action: 'effect', after: ['a'], timeout: '1m', retry: { attempts: 3 } },
    { name: 'd', action: 'effect', after: ['b', 'c'], timeout: '1m', retry: { attempts: 3 } },
  ],
};

async function drive(s: ReturnType<typeof stack>, clock: ManualClock, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    while (s.queue.length) await s.engine.runBackground(s.queue.shift()!);
    const state = await s.engine.get(id);
    if (!state || state.status === 'finished') return;
    if (state.dueAt === null) throw new Error(`job ${id} waits for nothing`);
    if (state.dueAt > clock.now()) clock.set(state.dueAt);
    await s.engine.runDue();
  }
  throw new Error(`job ${id} did not finish`);
}

describe('process job crash consistency on DynamoDB', () => {
  it('recovers a job from a crash at every write', { timeout: 300_000 }, async () => {
    const store = await createDynamoTestStore();
    await stack(store, new ManualClock(START)).service.save(DOC);

    const counter = new FaultyStore(store);
    effects.clear();
    const clean = stack(counter, new ManualClock(START));
    const cleanJob = await clean.service.runNow('crashy');
    await drive(clean, new ManualClock(START), cleanJob.id);
    const writes = counter.writes;
    expect(writes).toBeGreaterThan(6);

    let doubled = 0;
    for (const when of ['before', 'after'] as const) {
      for (let k = 1; k <= writes; k++) {
        effects.clear();
        const clock = new ManualClock(START);
        const faulty = new FaultyStore(store, k, when);
        const dying = stack(faulty, clock);
        let jobId: string | undefined;
        const crashed = await (async () => {
          const job = await dying.service.runNow('crashy');
          jobId = job.id;
          await drive(dying, clock, job.id);
        })().then(
          () => false,
          (error: unknown) => {
            if (error instanceof SimulatedCrash) return true;
            throw error;
          },
        );
        const context = `crash ${when} write ${k} of ${writes}`;
        expect(crashed, context).toBe(true);
        const id = jobId ?? faulty.created[0];
        const next = stack(store, clock);
        let state = id === undefined ? undefined : await store.get(id);
        if (!state) state = await store.get((await next.service.runNow('crashy')).id); // the operator runs it again: the first never existed
        await drive(next, clock, state!.id);
        const job = await next.service.getJob(state!.id);
        expect(job.status, context).toBe('finished');
        expect(job.tasks.map((t) => t.status), context).toEqual(['finished', 'finished', 'finished', 'finished']);
        expect(job.tasks.every((t) => t.visit === 1), context).toBe(true);
        const counts = [...effects.values()];
        expect(effects.size, context).toBe(4);
        expect(counts.every((n) => n === 1 || n === 2), context).toBe(true);
        expect(counts.filter((n) => n === 2).length, context).toBeLessThanOrEqual(1);
        doubled += counts.filter((n) => n === 2).length;
        await store.delete(state!.id);
      }
    }
    expect(doubled).toBeGreaterThan(0);
  });
});
