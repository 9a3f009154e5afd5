import { describe, expect, it } from 'vitest';
import { harness, nightlySales, statuses } from './support.js';

describe('process jobs on the engine', () => {
  it('creates every task run awaiting in one write before any runs; only roots are handed out', async () => {
    const h = await harness({ capture: true });
    await h.service.save(nightlySales());
    const job = await h.service.runNow('nightly-sales');
    expect(statuses(job)).toEqual({ extract: 'running', clean: 'awaiting', enrich: 'awaiting', load: 'awaiting' });
    expect(job.status).toBe('initialized');
    expect(h.dispatched).toHaveLength(1);
    const load = job.tasks.find((t) => t.name === 'load')!;
    expect(load.waitingFor).toEqual(['clean', 'enrich']);
  });

  it('runs in dependency order, independent branches in the same run, and finishes the job', async () => {
    const h = await harness({ capture: true });
    await h.service.save(nightlySales());
    const { id } = await h.service.runNow('nightly-sales');
    await h.env.engine.runBackground(h.dispatched.shift()!); // extract
    expect(h.dispatched).toHaveLength(2); // clean and enrich fan out together
    expect(statuses(await h.service.getJob(id))).toMatchObject({ extract: 'finished', clean: 'running', enrich: 'running', load: 'awaiting' });
    await h.runJobs();
    const job = await h.service.getJob(id);
    expect(job.status).toBe('finished');
    expect(job.finishedAt).not.toBeNull();
    expect(h.calls.map((c) => c.task)).toEqual(['extract', 'clean', 'enrich', 'load']);
    expect(job.tasks.find((t) => t.name === 'load')!.output).toEqual({ done: 'load' });
    expect((await h.env.store.get(id))!.status).toBe('finished');
  });

  it('shows an inactive task as skipped, and it satisfies its dependents', async () => {
    const h = await harness();
    const doc = nightlySales();
    doc.tasks[1] = { ...doc.tasks[1]!, active: false };
    await h.service.save(doc);
    const job = await h.service.runNow('nightly-sales');
    expect(statuses(job)).toEqual({ extract: 'finished', clean: 'skipped', enrich: 'finished', load: 'finished' });
    expect(job.status).toBe('finished');
    expect(h.calls.map((c) => c.task)).not.toContain('clean');
  });

  it('finishes a job whose every task is inactive at once', async () => {
    const h = await harness();
    await h.service.save({ name: 'idle', tasks: [{ name: 'a', action: 'work', active: false }] });
    const job = await h.service.runNow('idle');
    expect(job.status).toBe('finished');
    expect((await h.env.store.get(job.id))!.status).toBe('finished');
  });

  it('on failure: task error with output, job error, dependents wait, independent branches go on, the hook runs once', async () => {
    const h = await harness();
    await h.service.save(nightlySales({ tasks: nightlySales().tasks.map((t) => (t.name === 'clean' ? { ...t, retry: undefined } : t)), onError: { action: 'hook' } }));
    h.failing.set('clean', Infinity);
    h.hookFails.value = true; // its own failure is logged, never blocks
    const job = await h.service.runNow('nightly-sales');
    expect(job.status).toBe('error');
    expect(statuses(job)).toEqual({ extract: 'finished', clean: 'error', enrich: 'finished', load: 'awaiting' });
    const clean = job.tasks.find((t) => t.name === 'clean')!;
    expect(clean.error).toEqual({ name: 'Error', message: 'clean failed' });
    expect(clean.output).toEqual({ status: 500 });
    expect(clean.actions).toEqual(['retry', 'force', 'cancel']);
    expect(job.tasks.find((t) => t.name === 'load')!.waitingFor).toEqual(['clean']);
    expect(h.hookCalls.map((c) => c.task)).toEqual(['clean']);
  });

  it('retries after the backoff under the same idempotency key, dependents waiting meanwhile', async () => {
    const h = await harness();
    await h.service.save(nightlySales());
    h.failing.set('clean', 1);
    const { id } = await h.service.runNow('nightly-sales');
    let job = await h.service.getJob(id);
    expect(job.tasks.find((t) => t.name === 'clean')).toMatchObject({ status: 'awaiting', attempts: 1, error: { message: 'clean failed' } });
    expect(statuses(job).load).toBe('awaiting');
    await h.env.advance({ seconds: 29 });
    expect(h.calls.filter((c) => c.task === 'clean')).toHaveLength(1);
    await h.env.advance({ seconds: 1 });
    job = await h.service.getJob(id);
    expect(job.status).toBe('finished');
    const cleanCalls = h.calls.filter((c) => c.task === 'clean');
    expect(cleanCalls).toHaveLength(2);
    expect(cleanCalls[0]!.key).toBe(cleanCalls[1]!.key);
  });

  it('a task past its timeout (its runner died or hangs) becomes error, never stuck running', async () => {
    const h = await harness({ capture: true });
    await h.service.save(nightlySales());
    const { id } = await h.service.runNow('nightly-sales');
    const lost = h.dispatched.shift()!; // the runner of extract never reports
    await h.env.advance({ minutes: 9 });
    expect(statuses(await h.service.getJob(id)).extract).toBe('running');
    await h.env.advance({ minutes: 1 });
    const job = await h.service.getJob(id);
    expect(job.status).toBe('error');
    expect(job.tasks[0]).toMatchObject({ status: 'error', error: { name: 'TaskTimeoutError' } });
    expect(await h.env.engine.runBackground(lost)).toBeNull(); // a late runner changes nothing
    expect(h.calls).toHaveLength(0);
  });

  it('keeps a job on the version it started with, whatever happens to the definition', async () => {
    const h = await harness({ capture: true });
    await h.service.save(nightlySales());
    const { id } = await h.service.runNow('nightly-sales');
    await h.service.save({ name: 'nightly-sales', tasks: [{ name: 'other', action: 'work' }] });
    await h.service.setActive('nightly-sales', false);
    await h.service.delete('nightly-sales');
    await h.runJobs();
    const job = await h.service.getJob(id);
    expect(job.version).toBe(1);
    expect(job.status).toBe('finished');
    expect(h.calls.map((c) => c.task)).toEqual(['extract', 'clean', 'enrich', 'load']);
  });
});
