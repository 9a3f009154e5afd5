import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions, processes } from '../../flows/index.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { client, eventually, startTestStack } from './support.js';

/** The example process of flows/ on the local stack: saved at start-up, run over HTTP, every task finished. */
describe('the example process on the local stack', () => {
  let stack: LocalStack;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    stack = await startTestStack({ actions, processes });
    api = client(stack);
  });
  afterAll(async () => stack?.stop());

  it('is saved at start-up with its schedule, and saving it again changes nothing', async () => {
    expect(stack.declaredProcesses).toEqual([{ name: 'nightly-report', saved: true }]);
    const shown = await api.request('GET', '/processes/nightly-report');
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ version: 1, active: true, cron: '* * * * *', savedBy: 'flows/' });
    expect(shown.body.nextFireTimes).toHaveLength(5);
    expect(shown.body.document.tasks.find((t: { name: string }) => t.name === 'enrich').params.url).toBe(`${stack.url}/_local/echo`);
    const again = await stack.runtime.processes.upsert(shown.body.document);
    expect(again.saved).toBe(false);
  });

  it('runs on demand over HTTP: extract, clean and enrich (http to /_local/echo) in parallel, load, report — every task finished', async () => {
    const started = await api.request('POST', '/processes/nightly-report/jobs');
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    const job = await eventually(async () => {
      const res = await api.request('GET', `/jobs/${id}`);
      return res.body.status === 'finished' ? res.body : undefined;
    }, 20_000, 'the job to finish');
    expect(job.tasks.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([
      ['extract', 'finished'], ['clean', 'finished'], ['enrich', 'finished'], ['load', 'finished'], ['report', 'finished'],
    ]);
    const enrich = job.tasks.find((t: { name: string }) => t.name === 'enrich');
    expect(enrich.output.status).toBe(200);
    const echoed = JSON.parse(enrich.output.body);
    expect(echoed).toMatchObject({ method: 'POST', body: { step: 'enrich', source: 'sales' } });
    expect(echoed.idempotencyKey).toEqual(expect.any(String));
    expect(job.tasks.find((t: { name: string }) => t.name === 'report').output).toEqual({ title: 'Daily sales', job: id });
    // each task started only after its parents finished
    const at = Object.fromEntries(job.tasks.map((t: { name: string; started: string; finished: string }) => [t.name, t]));
    for (const [child, parent] of [['clean', 'extract'], ['enrich', 'extract'], ['load', 'clean'], ['load', 'enrich'], ['report', 'load']] as const) {
      expect(Date.parse(at[child].started) >= Date.parse(at[parent].finished), `${child} after ${parent}`).toBe(true);
    }
    const listed = await api.request('GET', '/jobs?process=nightly-report');
    expect(listed.body.items.map((j: { id: string }) => j.id)).toContain(id);
  });
});
