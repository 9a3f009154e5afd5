import { describe, expect, it, vi } from 'vitest';
import { DagTask } from '../../../lib/engine/nodes/dag-task.js';
import { InstanceBusyError } from '../../../lib/engine/errors.js';
import { MemoryStore } from '../../../lib/engine/memory-store.js';
import { scheduledJobId } from '../../../lib/engine/processes/runtime.js';
import type { ProcessDocument } from '../../../lib/engine/processes/types.js';
import type { Store } from '../../../lib/engine/store.js';
import { backend, createTestStore } from '../../support/backend.js';
import { harness } from './support.js';

/** A tiny seeded PRNG (mulberry32), so that a failing trial can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every store call yields a random number of times before and after, so concurrent runners interleave differently in each trial. */
function jittered(inner: Store, random: () => number): Store {
  const yieldRandomly = async () => {
    for (let i = Math.floor(random() * 4); i > 0; i--) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await yieldRandomly();
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await yieldRandomly();
        return result;
      };
    },
  });
}

function randomProcess(random: () => number): ProcessDocument {
  const count = 2 + Math.floor(random() * 4);
  const tasks = Array.from({ length: count }, (_, i) => {
    const after = Array.from({ length: i }, (_, j) => `t${j}`).filter(() => random() < 0.5);
    return { name: `t${i}`, action: 'work', ...(after.length ? { after } : {}) };
  });
  return { name: 'racy', schedule: { cron: '* * * * *', catchUp: 'all', overlap: true, runAfterError: true }, tasks };
}

const TRIALS = backend === 'memory' ? 500 : 6;

describe('two ticks and two runners at once', () => {
  it(`${TRIALS} randomized trials: one job per fire time, one execution per task visit, no lost transition`, { timeout: 600_000 }, async () => {
    // results that start nothing are committed without the lease, racing the ticks and the other runner's leased commits
    const settlesAlone = vi.spyOn(DagTask.prototype, 'settlesAlone');
    for (let trial = 0; trial < TRIALS; trial++) {
      const random = prng(trial + 1);
      const store = backend === 'memory' ? jittered(new MemoryStore(), random) : await createTestStore();
      const h = await harness({ capture: true, store, start: '2026-03-02T08:00:30Z' });
      const doc = randomProcess(random);
      await h.service.save(doc);
      h.env.clock.set(Date.parse('2026-03-02T08:02:00Z')); // two fire times are due: 08:01 and 08:02
      const drain = async () => {
        for (let job = h.dispatched.shift(); job; job = h.dispatched.shift()) {
          try {
            await h.env.engine.runBackground(job);
          } catch (error) {
            if (!(error instanceof InstanceBusyError)) throw error;
            h.dispatched.push(job); // the deployment's retry of a busy dispatch
          }
        }
      };
      for (let round = 0; round < 20; round++) {
        const runners = [h.env.engine.runDue(), h.env.engine.runDue(), drain(), drain()];
        if (random() < 0.5) runners.reverse();
        await Promise.all(runners);
        if (h.dispatched.length === 0 && (await h.env.store.due(h.env.clock.now(), 10)).every((d) => d.id.startsWith('schedule-'))) break;
      }
      const context = `trial ${trial}: ${JSON.stringify(doc.tasks.map((t) => [t.name, t.after ?? []]))}`;
      const jobs = (await h.service.listJobs({ process: 'racy' })).items;
      expect(jobs.map((j) => j.id).sort(), context).toEqual([Date.parse('2026-03-02T08:01:00Z'), Date.parse('2026-03-02T08:02:00Z')].map((t) => scheduledJobId('racy', t)));
      for (const job of jobs) {
        const view = await h.service.getJob(job.id);
        expect(view.status, context).toBe('finished');
        expect(view.tasks.every((t) => t.status === 'finished' && t.attempts === 1), context).toBe(true);
        // each task ran after its parents had finished
        for (const t of view.tasks) for (const p of t.after) expect(view.tasks.find((x) => x.name === p)!.finished!, context).toBeLessThanOrEqual(t.started!);
      }
      const perVisit = new Map<string, number>();
      for (const call of h.calls) perVisit.set(call.key, (perVisit.get(call.key) ?? 0) + 1);
      expect(perVisit.size, context).toBe(2 * doc.tasks.length);
      expect([...perVisit.values()].every((n) => n === 1), context).toBe(true);
    }
    expect(settlesAlone.mock.results.filter((r) => r.value === true).length).toBeGreaterThan(0);
    settlesAlone.mockRestore();
  });
});
