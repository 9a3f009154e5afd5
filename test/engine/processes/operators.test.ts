import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../lib/engine/errors.js';
import { harness, nightlySales, statuses } from './support.js';

const noRetry = () => nightlySales({ tasks: nightlySales().tasks.map((t) => ({ ...t, retry: undefined })) });

async function failedJob() {
  const h = await harness();
  await h.service.save(noRetry());
  h.failing.set('clean', 1);
  const job = await h.service.runNow('nightly-sales');
  expect(job.status).toBe('error');
  return { h, id: job.id };
}

describe('operator actions: legal transitions only', () => {
  it('retry: error → awaiting, runs again under a new visit key; the job goes back to initialized and finishes', async () => {
    const { h, id } = await failedJob();
    const job = await h.service.taskAction(id, 'clean', 'retry');
    expect(job.status).toBe('finished');
    const keys = h.calls.filter((c) => c.task === 'clean').map((c) => c.key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(job.tasks.find((t) => t.name === 'clean')).toMatchObject({ status: 'finished', visit: 2 });
  });

  it('force: error → forced, which satisfies the dependents', async () => {
    const { h, id } = await failedJob();
    const job = await h.service.taskAction(id, 'clean', 'force');
    expect(statuses(job)).toEqual({ extract: 'finished', clean: 'forced', enrich: 'finished', load: 'finished' });
    expect(job.status).toBe('finished');
  });

  it('cancel: error → cancelled, and awaiting → cancelled; both satisfy dependents', async () => {
    const { h, id } = await failedJob();
    expect((await h.service.taskAction(id, 'clean', 'cancel')).status).toBe('finished');
    const h2 = await harness({ capture: true });
    await h2.service.save(noRetry());
    const { id: id2 } = await h2.service.runNow('nightly-sales');
    const job = await h2.service.taskAction(id2, 'load', 'cancel');
    expect(statuses(job).load).toBe('cancelled');
    await h2.runJobs();
    const done = await h2.service.getJob(id2);
    expect(done.status).toBe('finished');
    expect(h2.calls.map((c) => c.task)).not.toContain('load');
  });

  it('refuses every illegal transition with 409 and changes nothing', async () => {
    const { h, id } = await failedJob();
    const before = await h.env.store.get(id);
    const illegal: [string, 'retry' | 'force' | 'cancel' | 'reopen'][] = [
      ['extract', 'retry'], ['extract', 'force'], ['extract', 'cancel'], ['load', 'retry'], ['load', 'force'], ['load', 'reopen'], ['clean', 'reopen'],
    ];
    for (const [task, action] of illegal) {
      await expect(h.service.taskAction(id, task, action), `${action} ${task}`).rejects.toMatchObject({ name: 'IllegalTransitionError', status: 409 });
    }
    await expect(h.service.taskAction(id, 'nope', 'retry')).rejects.toMatchObject({ status: 404 });
    await expect(h.service.taskAction('no-such-job', 'clean', 'retry')).rejects.toMatchObject({ status: 404 });
    const after = (await h.env.store.get(id))!;
    expect(after.dag).toEqual(before!.dag);
  });

  it('reopen: the task → reopened, every descendant → awaiting, in one change; they run again in order', async () => {
    const h = await harness({ capture: true });
    await h.service.save(noRetry());
    const { id } = await h.service.runNow('nightly-sales');
    await h.runJobs();
    expect((await h.service.getJob(id)).status).toBe('finished');
    h.calls.length = 0;
    const job = await h.service.taskAction(id, 'clean', 'reopen');
    expect(job.status).toBe('initialized');
    expect(statuses(job)).toEqual({ extract: 'finished', clean: 'running', enrich: 'finished', load: 'awaiting' });
    expect(job.tasks.find((t) => t.name === 'load')!.waitingFor).toEqual(['clean']); // no descendant before its reopened ancestor
    await h.runJobs();
    const done = await h.service.getJob(id);
    expect(done.status).toBe('finished');
    expect(h.calls.map((c) => c.task)).toEqual(['clean', 'load']);
  });

  it('reopen keeps an inactive (skipped) descendant skipped; the active ones run again', async () => {
    const h = await harness({ capture: true });
    const doc = noRetry();
    doc.tasks[1] = { ...doc.tasks[1]!, active: false }; // clean
    await h.service.save(doc);
    const { id } = await h.service.runNow('nightly-sales');
    await h.runJobs();
    expect(statuses(await h.service.getJob(id))).toEqual({ extract: 'finished', clean: 'skipped', enrich: 'finished', load: 'finished' });
    h.calls.length = 0;
    const job = await h.service.taskAction(id, 'extract', 'reopen');
    expect(statuses(job)).toEqual({ extract: 'running', clean: 'skipped', enrich: 'awaiting', load: 'awaiting' });
    await h.runJobs();
    const done = await h.service.getJob(id);
    expect(statuses(done)).toEqual({ extract: 'finished', clean: 'skipped', enrich: 'finished', load: 'finished' });
    expect(h.calls.map((c) => c.task)).toEqual(['extract', 'enrich', 'load']);
  });

  it('reopen cascades transitively and is refused while a descendant is running', async () => {
    const h = await harness({ capture: true });
    await h.service.save(noRetry());
    const { id } = await h.service.runNow('nightly-sales');
    await h.env.engine.runBackground(h.dispatched.shift()!); // extract finished; clean and enrich running
    await expect(h.service.taskAction(id, 'extract', 'reopen')).rejects.toBeInstanceOf(IllegalTransitionError);
    await h.runJobs();
    const job = await h.service.taskAction(id, 'extract', 'reopen');
    expect(statuses(job)).toEqual({ extract: 'running', clean: 'awaiting', enrich: 'awaiting', load: 'awaiting' });
    await h.runJobs();
    expect((await h.service.getJob(id)).status).toBe('finished');
  });

  it('cancel job: initialized or error → cancelled; a running task is recorded but never revives it; a finished job cannot be cancelled', async () => {
    const h = await harness({ capture: true });
    await h.service.save(noRetry());
    const { id } = await h.service.runNow('nightly-sales');
    const job = await h.service.cancelJob(id);
    expect(job.status).toBe('cancelled');
    expect(statuses(job)).toEqual({ extract: 'running', clean: 'cancelled', enrich: 'cancelled', load: 'cancelled' });
    expect(job.tasks.every((t) => t.actions.length === 0)).toBe(true);
    await h.runJobs();
    const after = await h.service.getJob(id);
    expect(after.status).toBe('cancelled');
    expect(statuses(after).extract).toBe('finished');
    expect((await h.env.store.get(id))!.status).toBe('finished');
    expect(h.calls.map((c) => c.task)).toEqual(['extract']);
    await expect(h.service.cancelJob(id)).rejects.toMatchObject({ status: 409 });
    await expect(h.service.taskAction(id, 'clean', 'reopen')).rejects.toMatchObject({ status: 409 });

    const { h: h2, id: failed } = await failedJob();
    expect((await h2.service.cancelJob(failed)).status).toBe('cancelled');
    const h3 = await harness();
    await h3.service.save(noRetry());
    const finished = await h3.service.runNow('nightly-sales');
    await expect(h3.service.cancelJob(finished.id)).rejects.toMatchObject({ name: 'IllegalTransitionError', status: 409 });
  });
});
