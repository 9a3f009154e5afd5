import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions, processes } from '../../flows/index.js';
import type { LocalStack } from '../../lib/local/stack.js';
import { cliAgainst, client, eventually, startTestStack } from './support.js';

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
    const again = await (await stack.runtime.processes()).service.upsert(shown.body.document);
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

  it('the CLI: apply a YAML file (every problem listed, then saved), list, show, run --wait, jobs list/show/reopen, diagrams', async () => {
    const { dir, lines, errText, cli } = cliAgainst(stack, 'processes-cli-');

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, ['name: cli-report', 'schedule:', '  cron: "60 * * * *"', 'tasks:', '  - name: extract', '    action: report.extract', '    params: { source: "" }', '  - name: report', '    action: report.summarize', '    after: [missing]', ''].join('\n'));
    expect(await cli('processes', 'apply', bad)).toBe(2);
    const problems = errText.join('');
    expect(problems).toMatch(/error 422 invalid_process/);
    expect(problems).toMatch(/schedule\.cron: .*60/);
    expect(problems).toMatch(/tasks\[0\]\.params\.source: /);
    expect(problems).toMatch(/tasks\[1\]\.params\.title: /);
    expect(problems).toMatch(/tasks\[1\]\.after.*missing/);
    expect((await api.request('GET', '/processes/cli-report')).status).toBe(404);

    const good = join(dir, 'good.yaml');
    writeFileSync(good, ['name: cli-report', 'description: From the CLI', 'tasks:', '  - name: extract', '    action: report.extract', '    params: { source: sales }', '  - name: report', '    action: report.summarize', '    params: { title: CLI }', '    after: [extract]', ''].join('\n'));
    expect(await cli('processes', 'apply', good)).toBe(0);
    expect(lines.at(-1)).toMatch(/^cli-report: saved version 1/);
    expect(await cli('processes', 'list')).toBe(0);
    expect(lines.at(-1)).toMatch(/cli-report {2}v1/);
    expect(lines.at(-1)).toMatch(/nightly-report {2}v1/);
    expect(await cli('processes', 'show', 'cli-report')).toBe(0);
    expect(lines.at(-1)).toMatch(/report +report\.summarize {2}after extract/);
    expect(await cli('processes', 'diagram', 'cli-report')).toBe(0);
    expect(lines.at(-1)).toMatch(/^flowchart TD[\s\S]*extract[\s\S]*-->/);

    expect(await cli('processes', 'run', 'cli-report', '--wait', '--json')).toBe(0);
    const job = JSON.parse(lines.at(-1)!);
    expect(job.status).toBe('finished');
    expect(await cli('jobs', 'list', '--process', 'cli-report')).toBe(0);
    expect(lines.at(-1)).toContain(job.id);
    expect(await cli('jobs', 'show', job.id)).toBe(0);
    expect(lines.at(-1)).toMatch(/extract +finished[\s\S]*report +finished .*\[reopen\]/);
    expect(await cli('jobs', 'retry', job.id, 'report')).toBe(2);
    expect(errText.join('')).toMatch(/error 409 illegal_transition|error 409/);
    expect(await cli('jobs', 'reopen', job.id, 'extract')).toBe(0);
    expect(lines.at(-1)).toMatch(/report +awaiting .*waits for extract/);
    await eventually(async () => (await api.request('GET', `/jobs/${job.id}`)).body.status === 'finished', 20_000, 'the reopened job to finish');
    expect(await cli('jobs', 'diagram', job.id)).toBe(0);
    expect(lines.at(-1)).toMatch(/classDef finished/);
    expect(await cli('jobs', 'cancel', job.id)).toBe(2); // a finished job cannot be cancelled
    expect(await cli('processes', 'deactivate', 'cli-report')).toBe(0);
    expect(await cli('processes', 'run', 'cli-report')).toBe(2);
    expect(await cli('processes', 'delete', 'cli-report')).toBe(0);
    expect(await cli('processes', 'show', 'cli-report')).toBe(2);
  });
});
