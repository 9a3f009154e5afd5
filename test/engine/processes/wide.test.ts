import { describe, expect, it } from 'vitest';
import type { Store } from '../../../lib/engine/store.js';
import { createTestStore } from '../../support/backend.js';
import { harness } from './support.js';

/** Counts the store's commits and how many of them lost a compare-and-set. */
function counting(inner: Store): { store: Store; commits: { total: number; conflicts: number } } {
  const commits = { total: 0, conflicts: 0 };
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'commit' || typeof value !== 'function') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (...args: unknown[]) => {
        commits.total += 1;
        const ok = await (value as (...a: unknown[]) => Promise<boolean>).apply(target, args);
        if (!ok) commits.conflicts += 1;
        return ok;
      };
    },
  });
  return { store, commits };
}

const WIDTH = 24;

describe('a wide job: completions that start nothing do not take the lease', () => {
  it(`${WIDTH} sibling tasks completing at once all land, with no busy wait, each in two writes (claim, result); the join then runs once`, { timeout: 120_000 }, async () => {
    const { store, commits } = counting(await createTestStore());
    // busyWaitMs 0: a completion that needed the job's lease while a sibling held it would fail at once (InstanceBusyError)
    const h = await harness({ capture: true, store, busyWaitMs: 0 });
    const tasks = [
      ...Array.from({ length: WIDTH }, (_, i) => ({ name: `part${i}`, action: 'work' })),
      { name: 'join', action: 'work', after: Array.from({ length: WIDTH }, (_, i) => `part${i}`) },
    ];
    await h.service.save({ name: 'wide', tasks });
    const { id } = await h.service.runNow('wide');
    expect(h.dispatched).toHaveLength(WIDTH);

    const jobs = h.dispatched.splice(0);
    const before = commits.total;
    const results = await Promise.allSettled(jobs.map((job) => h.env.engine.runBackground(job)));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    // WIDTH - 1 completions start nothing: a claim and a result each, plus whatever lost a compare-and-set and was tried again;
    // the last one unblocks the join and settles under the lease (take, commit).
    expect(commits.total - before - commits.conflicts).toBeLessThanOrEqual(2 * WIDTH + 2);
    expect(h.dispatched).toHaveLength(1); // the join, handed out once

    await h.runJobs();
    const view = await h.service.getJob(id);
    expect(view.status).toBe('finished');
    expect(view.tasks.every((t) => t.status === 'finished' && t.attempts === 1)).toBe(true);
    const perKey = new Map<string, number>();
    for (const c of h.calls) perKey.set(c.key, (perKey.get(c.key) ?? 0) + 1);
    expect(perKey.size).toBe(WIDTH + 1);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    // every task's history record is closed
    const records = await h.env.store.tasks(id);
    expect(records.filter((r) => r.finished === null)).toEqual([]);
    expect(records.filter((r) => r.message === 'OK')).toHaveLength(WIDTH + 1);
  });

  it('a sibling result waits for a live lease rather than breaking it, and lands after it is given back', async () => {
    const h = await harness({ capture: true });
    await h.service.save({ name: 'pair', tasks: [{ name: 'a', action: 'work' }, { name: 'b', action: 'work' }, { name: 'c', action: 'work' }] });
    const { id } = await h.service.runNow('pair');
    const [first] = h.dispatched.splice(0, 1);
    // an operator action holds the lease while the result comes in
    let landed = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const operator = h.env.engine.update(id, async () => {
      const completion = h.env.engine.runBackground(first!).then(() => void (landed = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(landed).toBe(false);
      release();
      void completion;
    });
    await held;
    await operator;
    for (let i = 0; i < 100 && !landed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(landed).toBe(true);
    expect((await h.service.getJob(id)).tasks.find((t) => t.name === 'a')!.status).toBe('finished');
  });
});
