import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineAction, type ActionDefinition } from '../../lib/engine/actions/registry.js';
import { PROCESS_KIND, scheduledJobId, toProcessVersion } from '../../lib/engine/processes/runtime.js';
import { admin, carol, taskApi, type TaskApi, type User } from './support.js';

/** Whether `test.flaky` fails, per task name (switched by the tests). */
const failing = new Set<string>();
const calls: string[] = [];

const testActions = [
  defineAction({
    name: 'test.ok',
    params: z.object({ n: z.number().int() }).strict(),
    async run(params, ctx) {
      calls.push(`${ctx.process?.task}:${params.n}`);
      return { n: params.n, doubled: params.n * 2 };
    },
  }),
  defineAction({
    name: 'test.flaky',
    params: z.object({}).strict(),
    async run(_params, ctx) {
      calls.push(`${ctx.process?.task}:flaky`);
      if (failing.has(ctx.process!.task)) throw new Error(`${ctx.process!.task} failed on purpose`);
      return { ok: true };
    },
  }),
] as ActionDefinition<unknown>[];

const viewer: User = { id: 'vic', permissions: ['processes.view'] };
const manager: User = { id: 'meg', permissions: ['processes.manage'] };
const runner: User = { id: 'ron', permissions: ['processes.run'] };

/** extract → (clean, enrich) → load */
const sales = (overrides: Record<string, unknown> = {}) => ({
  description: 'Load sales',
  schedule: { cron: '30 2 * * 1-5', timeZone: 'Europe/Berlin' },
  tasks: [
    { name: 'extract', action: 'test.ok', params: { n: 1 } },
    { name: 'clean', action: 'test.flaky', after: ['extract'] },
    { name: 'enrich', action: 'test.ok', params: { n: 2 }, after: ['extract'] },
    { name: 'load', action: 'test.ok', params: { n: 3 }, after: ['clean', 'enrich'] },
  ],
  ...overrides,
});

async function setup(): Promise<TaskApi> {
  failing.clear();
  calls.length = 0;
  return taskApi([], { parts: { actions: testActions } });
}

/** What the store holds for processes and jobs (to prove a refused request changed nothing). */
async function everything(api: TaskApi) {
  const heads = await api.store.listDefinitions(PROCESS_KIND, { limit: 100 });
  return { heads, versions: await Promise.all(heads.items.map((h) => api.store.listDefinitionVersions(PROCESS_KIND, h.name, { limit: 100 }))) };
}

const taskOf = (job: { tasks: { name: string }[] }, name: string) => job.tasks.find((t) => t.name === name) as any;

describe('process routes: permissions', () => {
  it('takes the API token or a user token with the permission the route needs; superusers always; refusals change nothing', async () => {
    const api = await setup();
    expect((await api.request('PUT', '/processes/sales', api.runtime.secrets.apiToken, { body: sales() })).status).toBe(201);
    const before = await everything(api);

    expect((await api.request('GET', '/processes', null)).status).toBe(401);
    expect((await api.request('GET', '/processes', 'not-a-token')).status).toBe(401);
    expect((await api.request('GET', '/processes', carol)).status).toBe(403);
    expect((await api.request('GET', '/processes', carol)).body.error.message).toContain('processes.view');
    for (const reader of [viewer, manager, runner, admin]) expect((await api.request('GET', '/processes/sales', reader)).status, reader.id).toBe(200);

    // save: manage (or superuser)
    for (const refused of [carol, viewer, runner]) expect((await api.request('PUT', '/processes/sales', refused, { body: sales({ description: 'x' }) })).status, refused.id).toBe(403);
    for (const refused of [carol, viewer, runner]) expect((await api.request('POST', '/processes/sales/deactivate', refused)).status, refused.id).toBe(403);
    for (const refused of [carol, viewer, runner]) expect((await api.request('DELETE', '/processes/sales', refused)).status, refused.id).toBe(403);
    // run: run (or superuser)
    for (const refused of [carol, viewer, manager]) expect((await api.request('POST', '/processes/sales/jobs', refused)).status, refused.id).toBe(403);
    expect(await everything(api)).toEqual(before);
    expect((await api.request('GET', '/jobs', admin, { query: { process: 'sales' } })).body.items).toEqual([]);

    const saved = await api.request('PUT', '/processes/sales', manager, { body: sales({ description: 'by meg' }) });
    expect(saved.status).toBe(200);
    expect(saved.body.versions[0]).toMatchObject({ version: 2, savedBy: 'meg' }); // newest first
    const job = await api.request('POST', '/processes/sales/jobs', runner);
    expect(job.status).toBe(201);
    expect((await api.request('POST', `/jobs/${job.body.id}/cancel`, viewer)).status).toBe(403);
    expect((await api.request('POST', `/jobs/${job.body.id}/cancel`, admin)).status).toBe(200);
  });
});

describe('process routes: definitions', () => {
  it('creates (201) and versions (200) a process; the name is filled in from the path', async () => {
    const api = await setup();
    const created = await api.request('PUT', '/processes/sales', manager, { body: sales() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'sales', version: 1, active: true, cron: '30 2 * * 1-5', timeZone: 'Europe/Berlin', savedBy: 'meg', lastJob: null });
    expect(created.body.schedule).toMatch(/02:30|2:30/);
    expect(created.body.nextFireTimes).toHaveLength(5);
    for (const t of created.body.nextFireTimes) expect([1, 2, 3, 4, 5]).toContain(new Date(t).getUTCDay());
    expect(created.body.diagram).toContain('extract');
    const second = await api.request('PUT', '/processes/sales', api.runtime.secrets.apiToken, { body: { ...sales(), name: 'sales', description: 'v2' } });
    expect(second.status).toBe(200);
    expect(second.body.versions.map((v: { version: number; savedBy: string }) => [v.version, v.savedBy])).toEqual([[2, 'api-token'], [1, 'meg']]); // newest first
    const v1 = await api.request('GET', '/processes/sales/versions/1', viewer);
    expect(v1.body.document.description).toBe('Load sales');
    expect((await api.request('GET', '/processes/sales/versions/9', viewer)).status).toBe(404);
    expect((await api.request('GET', '/processes/sales/versions/x', viewer)).status).toBe(404);
    const list = await api.request('GET', '/processes', viewer);
    expect(list.body.items.map((p: { name: string; version: number }) => [p.name, p.version])).toEqual([['sales', 2]]);
  });

  it('refuses a definition with every problem in one 422 (the path name included) and saves nothing', async () => {
    const api = await setup();
    const bad = {
      name: 'other',
      schedule: { cron: '60 24 0 13 *' },
      tasks: [
        { name: 'a', action: 'test.ok', params: { n: 'one' } },
        { name: 'b', action: 'nope', after: ['zzz'] },
      ],
    };
    const res = await api.request('PUT', '/processes/sales', manager, { body: bad });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_process');
    const paths = res.body.error.details.map((p: { path: string }) => p.path);
    expect(paths).toContain('name');
    expect(paths.some((p: string) => p.startsWith('schedule'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('tasks[0].params'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('tasks[1].action'))).toBe(true);
    expect(paths.some((p: string) => p.startsWith('tasks[1].after'))).toBe(true);
    const text = JSON.stringify(res.body.error.details);
    for (const item of ['60', '24', '13']) expect(text).toContain(item);
    expect((await api.request('GET', '/processes/sales', manager)).status).toBe(404);
    expect((await everything(api)).heads.items).toEqual([]);
  });

  it('answers bad bodies, queries and names with a 4xx, never a 5xx', async () => {
    const api = await setup();
    expect((await api.request('PUT', '/processes/sales', manager, { rawBody: '{nope' })).status).toBe(400);
    expect((await api.request('PUT', '/processes/sales', manager, { body: [1, 2] })).status).toBe(400);
    expect((await api.request('PUT', '/processes/sales', manager, { body: 'text' })).status).toBe(400);
    expect((await api.request('PUT', '/processes/Bad%20Name', manager, { body: sales() })).status).toBe(422);
    expect((await api.request('GET', '/processes', viewer, { query: { limit: '0' } })).status).toBe(400);
    expect((await api.request('GET', '/jobs', viewer, { query: { status: 'bogus' } })).status).toBe(400);
    expect((await api.request('GET', '/jobs', viewer, { query: { process: 'NOT OK' } })).status).toBe(400);
    expect((await api.request('GET', '/jobs', viewer, { query: { process: 'missing' } })).status).toBe(404);
    expect((await api.request('GET', '/jobs', viewer, { query: { cursor: 'x' } })).status).toBe(400);
    expect((await api.request('GET', '/processes/missing', viewer)).status).toBe(404);
    expect((await api.request('POST', '/processes/missing/jobs', runner)).status).toBe(404);
    expect((await api.request('GET', '/jobs/job-missing', viewer)).status).toBe(404);
    expect((await api.request('POST', '/jobs/job-missing/tasks/a/retry', runner)).status).toBe(404);
    expect((await api.request('DELETE', '/processes/missing', manager)).status).toBe(404);
  });

  it('deactivates (no runs now), activates, and deletes (gone from the list; its jobs stay readable)', async () => {
    const api = await setup();
    await api.request('PUT', '/processes/sales', manager, { body: sales() });
    const job = (await api.request('POST', '/processes/sales/jobs', runner)).body;
    const off = await api.request('POST', '/processes/sales/deactivate', manager);
    expect(off.body).toMatchObject({ active: false, nextFireTimes: [] });
    expect((await api.request('POST', '/processes/sales/jobs', runner)).status).toBe(409);
    expect((await api.request('POST', '/processes/sales/activate', manager)).body.active).toBe(true);
    expect((await api.request('DELETE', '/processes/sales', manager)).status).toBe(204);
    expect((await api.request('GET', '/processes/sales', viewer)).status).toBe(404);
    expect((await api.request('GET', '/processes', viewer)).body.items).toEqual([]);
    await api.drainBackground();
    expect((await api.request('GET', `/jobs/${job.id}`, viewer)).body.status).toBe('finished');
  });
});

describe('process routes: jobs and task actions', () => {
  it('runs a process now: every task awaiting at first, then finished in dependency order', async () => {
    const api = await setup();
    await api.request('PUT', '/processes/sales', manager, { body: sales() });
    const started = await api.request('POST', '/processes/sales/jobs', runner);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ process: 'sales', version: 1, status: 'initialized', trigger: 'manual' });
    expect(taskOf(started.body, 'load')).toMatchObject({ status: 'awaiting', waitingFor: ['clean', 'enrich'], actions: ['cancel'] });
    await api.drainBackground();
    const job = (await api.request('GET', `/jobs/${started.body.id}`, viewer)).body;
    expect(job.status).toBe('finished');
    expect(job.tasks.map((t: { status: string }) => t.status)).toEqual(['finished', 'finished', 'finished', 'finished']);
    expect(taskOf(job, 'enrich').output).toEqual({ n: 2, doubled: 4 });
    expect(taskOf(job, 'load').actions).toEqual(['reopen']);
    expect(calls.indexOf('extract:1')).toBe(0);
    expect(calls.indexOf('load:3')).toBe(3);
    expect(job.diagram).toMatch(/classDef finished/);
    const listed = await api.request('GET', '/jobs', viewer, { query: { process: 'sales' } });
    expect(listed.body.items.map((j: { id: string }) => j.id)).toEqual([job.id]);
    expect((await api.request('GET', '/jobs', viewer, { query: { process: 'sales', status: 'error' } })).body.items).toEqual([]);
    // lastJob: the newest unfinished job, else the latest job started (on demand or by the schedule)
    expect((await api.request('GET', '/processes', viewer)).body.items[0].lastJob).toMatchObject({ id: job.id, status: 'finished' });
    const open = (await api.request('POST', '/processes/sales/jobs', runner)).body;
    expect((await api.request('GET', '/processes', viewer)).body.items[0].lastJob).toMatchObject({ id: open.id, status: 'initialized' });
    // a finished job cannot be cancelled
    expect((await api.request('POST', `/jobs/${job.id}/cancel`, runner)).status).toBe(409);
  });

  it('a failed task: the job is in error, its dependent waits for it, only legal actions pass (409 otherwise); retry, force and reopen', async () => {
    const api = await setup();
    await api.request('PUT', '/processes/sales', manager, { body: sales() });
    failing.add('clean');
    const id = (await api.request('POST', '/processes/sales/jobs', runner)).body.id;
    await api.drainBackground();
    let job = (await api.request('GET', `/jobs/${id}`, viewer)).body;
    expect(job.status).toBe('error');
    expect(taskOf(job, 'clean')).toMatchObject({ status: 'error', actions: ['retry', 'force', 'cancel'] });
    expect(taskOf(job, 'clean').error.message).toContain('failed on purpose');
    expect(taskOf(job, 'enrich').status).toBe('finished');
    expect(taskOf(job, 'load')).toMatchObject({ status: 'awaiting', waitingFor: ['clean'] });
    expect((await api.request('GET', '/jobs', viewer, { query: { status: 'error' } })).body.items.map((j: { id: string }) => j.id)).toEqual([id]);

    // illegal transitions: 409, nothing changes
    for (const [task, action] of [['enrich', 'retry'], ['enrich', 'force'], ['enrich', 'cancel'], ['clean', 'reopen'], ['load', 'reopen'], ['load', 'force']] as const) {
      const res = await api.request('POST', `/jobs/${id}/tasks/${task}/${action}`, runner);
      expect(res.status, `${action} ${task}`).toBe(409);
    }
    expect((await api.request('POST', `/jobs/${id}/tasks/nope/retry`, runner)).status).toBe(404);
    expect((await api.request('POST', `/jobs/${id}/tasks/clean/explode`, runner)).status).toBe(404);
    expect((await api.request('GET', `/jobs/${id}`, viewer)).body.tasks).toEqual(job.tasks);

    // retry: still failing → error again; then it passes
    let res = await api.request('POST', `/jobs/${id}/tasks/clean/retry`, runner);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('initialized');
    expect(['awaiting', 'running']).toContain(taskOf(res.body, 'clean').status); // handed to the background runner at once
    await api.drainBackground();
    expect((await api.request('GET', `/jobs/${id}`, viewer)).body.status).toBe('error');
    failing.delete('clean');
    await api.request('POST', `/jobs/${id}/tasks/clean/retry`, runner);
    await api.drainBackground();
    job = (await api.request('GET', `/jobs/${id}`, viewer)).body;
    expect(job.status).toBe('finished');

    // reopen extract: every descendant awaits again (cascade), then all run again
    res = await api.request('POST', `/jobs/${id}/tasks/extract/reopen`, runner);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('initialized');
    // extract is handed to the background runner at once (reopened → running); its descendants wait for it
    expect(res.body.tasks.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([['extract', 'running'], ['clean', 'awaiting'], ['enrich', 'awaiting'], ['load', 'awaiting']]);
    expect(taskOf(res.body, 'extract').visit).toBe(2);
    expect(taskOf(res.body, 'clean').waitingFor).toEqual(['extract']);
    await api.drainBackground();
    job = (await api.request('GET', `/jobs/${id}`, viewer)).body;
    expect(job.status).toBe('finished');
    expect(taskOf(job, 'load').visit).toBe(2);

    // force: a failing task forced lets its dependents go on
    failing.add('clean');
    const other = (await api.request('POST', '/processes/sales/jobs', admin)).body.id;
    await api.drainBackground();
    res = await api.request('POST', `/jobs/${other}/tasks/clean/force`, runner);
    expect(taskOf(res.body, 'clean').status).toBe('forced');
    await api.drainBackground();
    expect((await api.request('GET', `/jobs/${other}`, viewer)).body.status).toBe('finished');
  });

  it('reads and acts on a scheduled job, whose id holds the fire time ("name~2026-…Z"), also through /instances/{id}', async () => {
    const api = await setup();
    await api.request('PUT', '/processes/sales', manager, { body: sales() });
    const head = (await api.store.definitionHead(PROCESS_KIND, 'sales'))!;
    const id = scheduledJobId('sales', Date.parse('2026-03-02T01:30:00Z'));
    await (await api.runtime.processes()).runtime.createJob(toProcessVersion(head), { id, trigger: 'schedule', fireTime: Date.parse('2026-03-02T01:30:00Z') });
    const shown = await api.request('GET', `/jobs/${encodeURIComponent(id)}`, viewer);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ id, trigger: 'schedule', fireTime: '2026-03-02T01:30:00.000Z' });
    expect((await api.request('POST', `/jobs/${encodeURIComponent(id)}/tasks/load/cancel`, runner)).status).toBe(200);
    const instance = await api.request('GET', `/instances/${encodeURIComponent(id)}`, api.runtime.secrets.apiToken);
    expect(instance.status).toBe(200); // a job is an engine instance: the shared instance view shows it with its pinned flow
    expect(instance.body).toMatchObject({ id, automation: 'process:sales' });
    expect(instance.body.diagram).toContain('load');
  });

  it('cancels a job in error: its error and awaiting tasks are cancelled; the job cannot change afterwards', async () => {
    const api = await setup();
    await api.request('PUT', '/processes/sales', manager, { body: sales() });
    failing.add('clean');
    const id = (await api.request('POST', '/processes/sales/jobs', runner)).body.id;
    await api.drainBackground();
    const res = await api.request('POST', `/jobs/${id}/cancel`, runner);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.tasks.map((t: { status: string }) => t.status)).toEqual(['finished', 'cancelled', 'finished', 'cancelled']);
    expect(res.body.tasks.every((t: { actions: string[] }) => t.actions.length === 0)).toBe(true);
    expect((await api.request('POST', `/jobs/${id}/tasks/extract/reopen`, runner)).status).toBe(409);
    expect((await api.request('POST', `/jobs/${id}/cancel`, runner)).status).toBe(409);
  });
});
