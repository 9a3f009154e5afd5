import { describe, expect, it } from 'vitest';
import { scheduledJobId } from '../../../lib/engine/processes/runtime.js';
import { harness, nightlySales } from './support.js';

const MIN = 60_000;
const every5 = (extra: Record<string, unknown> = {}) => nightlySales({ schedule: { cron: '*/5 * * * *', ...extra } });

describe('process schedules on the engine', () => {
  it('fires one job per fire time as virtual time passes (the tick finds the scheduler in the due index)', async () => {
    const h = await harness({ start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5());
    const details = await h.service.get('nightly-sales');
    expect(details.nextFireTimes.slice(0, 2)).toEqual([Date.parse('2026-03-02T08:05:00Z'), Date.parse('2026-03-02T08:10:00Z')]);
    await h.env.advance({ minutes: 13 });
    const jobs = (await h.service.listJobs({ process: 'nightly-sales' })).items;
    expect(jobs.map((j) => j.id)).toEqual([scheduledJobId('nightly-sales', Date.parse('2026-03-02T08:05:00Z')), scheduledJobId('nightly-sales', Date.parse('2026-03-02T08:10:00Z'))]);
    expect(jobs.every((j) => j.status === 'finished' && j.trigger === 'schedule')).toBe(true);
    expect((await h.service.get('nightly-sales')).fires).toMatchObject({ started: 2, skipped: 0, missed: 0 });
  });

  it('creates exactly one job per fire time however many ticks run at once', async () => {
    const h = await harness({ start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5());
    h.env.clock.set(Date.parse('2026-03-02T08:05:00Z'));
    await Promise.all([h.env.engine.runDue(), h.env.engine.runDue(), h.env.engine.runDue()]);
    await h.env.advance({ minutes: 1 });
    expect((await h.service.listJobs({ process: 'nightly-sales' })).items).toHaveLength(1);
    expect(h.calls.filter((c) => c.task === 'extract')).toHaveLength(1);
  });

  it('catch-up latest (default): one job for the latest missed time, the others logged and counted', async () => {
    const h = await harness({ start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5());
    h.env.clock.set(Date.parse('2026-03-02T08:23:00Z')); // down for 22 minutes: 08:05, 08:10, 08:15, 08:20 missed
    await h.env.runDue();
    const jobs = (await h.service.listJobs({ process: 'nightly-sales' })).items;
    expect(jobs.map((j) => j.fireTime)).toEqual([Date.parse('2026-03-02T08:20:00Z')]);
    const fires = (await h.service.get('nightly-sales')).fires!;
    expect(fires.missed).toBe(3);
    expect(fires.recent.filter((e) => e.outcome === 'missed').map((e) => new Date(e.fireTime).toISOString().slice(11, 16))).toEqual(['08:05', '08:10', '08:15']);
  });

  it('catch-up none starts nothing for times missed by more than the tick tolerance; all starts each (bounded)', async () => {
    const none = await harness({ start: '2026-03-02T08:01:00Z' });
    await none.service.save(every5({ catchUp: 'none' }));
    none.env.clock.set(Date.parse('2026-03-02T08:23:00Z'));
    await none.env.runDue();
    expect((await none.service.listJobs({ process: 'nightly-sales' })).items).toHaveLength(0);
    expect((await none.service.get('nightly-sales')).fires!.missed).toBe(4);

    const all = await harness({ start: '2026-03-02T08:01:00Z' });
    await all.service.save(every5({ catchUp: 'all', overlap: true }));
    all.env.clock.set(Date.parse('2026-03-02T08:23:00Z'));
    await all.env.runDue();
    expect((await all.service.listJobs({ process: 'nightly-sales' })).items.map((j) => new Date(j.fireTime!).toISOString().slice(11, 16))).toEqual(['08:05', '08:10', '08:15', '08:20']);
  });

  it('overlap false skips a fire while the previous job is unfinished; runs on demand ignore it; a cancelled job never blocks', async () => {
    const h = await harness({ capture: true, start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5({ overlap: false, runAfterError: true }));
    await h.env.advanceTo('2026-03-02T08:05:00Z');
    h.dispatched.length = 0; // the 08:05 job hangs (its task runs for its timeout, 10 minutes)
    await h.env.advanceTo('2026-03-02T08:10:00Z');
    let fires = (await h.service.get('nightly-sales')).fires!;
    expect(fires.skipped).toBe(1);
    expect(fires.recent.at(-1)).toMatchObject({ outcome: 'skipped', fireTime: Date.parse('2026-03-02T08:10:00Z') });
    // the skipped fire is a row of the job list, with its fire time and reason, and no task
    const skippedId = scheduledJobId('nightly-sales', Date.parse('2026-03-02T08:10:00Z'));
    expect((await h.service.listJobs({ process: 'nightly-sales' })).items.map((j) => [j.id, j.status])).toEqual([
      [scheduledJobId('nightly-sales', Date.parse('2026-03-02T08:05:00Z')), 'initialized'],
      [skippedId, 'skipped'],
    ]);
    expect((await h.service.listJobs({ process: 'nightly-sales', status: 'skipped' })).items).toEqual([
      expect.objectContaining({ id: skippedId, status: 'skipped', trigger: 'schedule', fireTime: Date.parse('2026-03-02T08:10:00Z'), reason: expect.stringContaining('overlap') }),
    ]);
    expect(await h.service.getJob(skippedId)).toMatchObject({ status: 'skipped', tasks: [] });
    await expect(h.service.cancelJob(skippedId)).rejects.toMatchObject({ status: 409 });
    await expect(h.service.taskAction(skippedId, 'extract', 'retry')).rejects.toMatchObject({ status: 409 });
    expect((await h.service.runNow('nightly-sales')).status).toBe('initialized'); // on demand: no guard
    for (const job of (await h.service.listJobs({ process: 'nightly-sales', status: 'initialized' })).items) await h.service.cancelJob(job.id);
    await h.env.advanceTo('2026-03-02T08:15:00Z');
    fires = (await h.service.get('nightly-sales')).fires!;
    expect(fires.recent.at(-1)).toMatchObject({ outcome: 'started', fireTime: Date.parse('2026-03-02T08:15:00Z') });
  });

  it('runAfterError false skips a fire while the latest job is in error', async () => {
    const h = await harness({ start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5({ overlap: true, runAfterError: false }));
    h.failing.set('extract', Infinity);
    await h.env.advanceTo('2026-03-02T08:05:00Z');
    await h.env.advanceTo('2026-03-02T08:10:00Z');
    const fires = (await h.service.get('nightly-sales')).fires!;
    expect(fires.recent.at(-1)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('runAfterError') });
    expect((await h.service.listJobs({ process: 'nightly-sales', status: 'error' })).items).toHaveLength(1);
  });

  it('runAfterError false looks at the latest job whatever started it: a finished job run on demand after the failed one clears it', async () => {
    const h = await harness({ start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5({ overlap: true, runAfterError: false }));
    h.failing.set('extract', 1);
    await h.env.advanceTo('2026-03-02T08:05:00Z');
    expect((await h.service.listJobs({ process: 'nightly-sales', status: 'error' })).items).toHaveLength(1);
    h.env.clock.set(Date.parse('2026-03-02T08:07:00Z'));
    expect((await h.service.runNow('nightly-sales')).status).toBe('finished'); // the latest job, on demand, finished
    expect((await h.runtime.schedulerData('nightly-sales'))!.lastJob).toMatchObject({ created: Date.parse('2026-03-02T08:07:00Z') });
    await h.env.advanceTo('2026-03-02T08:10:00Z');
    let fires = (await h.service.get('nightly-sales')).fires!;
    expect(fires.recent.at(-1)).toMatchObject({ outcome: 'started', fireTime: Date.parse('2026-03-02T08:10:00Z') });
    // and the other way round: a job on demand that fails blocks the next fire
    h.failing.set('extract', 1);
    h.env.clock.set(Date.parse('2026-03-02T08:12:00Z'));
    expect((await h.service.runNow('nightly-sales')).status).toBe('error');
    await h.env.advanceTo('2026-03-02T08:15:00Z');
    fires = (await h.service.get('nightly-sales')).fires!;
    expect(fires.recent.at(-1)).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('runAfterError') });
  });

  it('a new version reschedules; deactivating stops firing; activating resumes from now', async () => {
    const h = await harness({ start: '2026-03-02T08:01:00Z' });
    await h.service.save(every5());
    await h.service.save(nightlySales({ schedule: { cron: '7 * * * *' } }));
    await h.env.advanceTo('2026-03-02T09:10:00Z');
    expect((await h.service.listJobs({ process: 'nightly-sales' })).items.map((j) => new Date(j.fireTime!).toISOString().slice(11, 16))).toEqual(['08:07', '09:07']);
    await h.service.setActive('nightly-sales', false);
    expect((await h.env.store.get('schedule-nightly-sales'))!.dueAt).toBeNull();
    await h.env.advanceTo('2026-03-02T11:00:00Z');
    expect((await h.service.listJobs({ process: 'nightly-sales' })).items).toHaveLength(2);
    await h.service.setActive('nightly-sales', true);
    await h.env.advanceTo('2026-03-02T11:10:00Z');
    expect((await h.service.listJobs({ process: 'nightly-sales' })).items).toHaveLength(3);
  });
});

describe('the process service', () => {
  it('refuses an invalid document with 422 listing every problem, writing nothing', async () => {
    const h = await harness();
    const error = await h.service.save({ name: 'Bad Name', schedule: { cron: '60 24 * * *' }, tasks: [{ name: 'a', action: 'nope', after: ['a'] }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422 });
    const paths = (error as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'schedule.cron']));
    expect(paths.length).toBeGreaterThanOrEqual(4);
    expect((await h.service.list()).items).toEqual([]);
  });

  it('lists, shows versions and draws processes and jobs with escaped names', async () => {
    const h = await harness();
    await h.service.save(nightlySales());
    await h.service.save(nightlySales({ description: 'v2' }), 'ann');
    const details = await h.service.get('nightly-sales');
    expect(details.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(details).toMatchObject({ version: 2, savedBy: 'ann', schedule: null });
    expect((await h.service.list()).items.map((p) => p.name)).toEqual(['nightly-sales']);
    const diagram = await h.service.diagram('nightly-sales');
    expect(diagram).toContain('n_extract --> n_clean');
    const job = await h.service.runNow('nightly-sales');
    const coloured = await h.service.jobDiagram(job.id);
    expect(coloured).toContain('class n_load finished');
    expect(coloured).toMatch(/classDef finished fill:/);
    await expect(h.service.get('missing')).rejects.toMatchObject({ status: 404 });
    await h.service.setActive('nightly-sales', false);
    await expect(h.service.runNow('nightly-sales')).rejects.toMatchObject({ status: 409 });
  });

  it('upserts processes declared in code only when they changed', async () => {
    const h = await harness();
    expect((await h.service.upsert(nightlySales())).saved).toBe(true);
    expect((await h.service.upsert(nightlySales())).saved).toBe(false);
    expect((await h.service.upsert(nightlySales({ description: 'changed' }))).version.version).toBe(2);
  });
});
