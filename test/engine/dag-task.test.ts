import { describe, expect, it } from 'vitest';
import { Automation, defineFlow, flow as untyped, FlowDefinitionError, toMermaid, type Task } from '../../lib/engine/index.js';
import { testEnv } from '../support/env.js';

interface Data {
  log: string[];
  failClean?: number;
}
const flow = untyped.typed<Data>();
/** Failures still to come per instance (outside the data: a failed attempt's data changes are rolled back). */
const failures = new Map<string, number>();
const step = (name: string) => (t: Task<Data>) => {
  if (name === 'clean' && (failures.get(t.instanceId) ?? t.data.failClean ?? 0) > 0) {
    failures.set(t.instanceId, (failures.get(t.instanceId) ?? t.data.failClean ?? 0) - 1);
    throw new Error('clean failed');
  }
  t.data.log = [...t.data.log, name];
};

class Etl extends Automation<Data> {
  start = flow.Split().Next('load').Next('clean').Next('extract');
  load = flow.Task(step('load')).After('extract', 'clean').Next('join');
  clean = flow.Task(step('clean')).After('extract').Retry(2, { minutes: 1 }).Next('join');
  extract = flow.Task(step('extract')).Next('join');
  join = flow.Join();
  end = flow.End();
}

describe('DAG task nodes in code flows (flow.Task().After())', () => {
  it('runs each task only after its parents, whatever the order of the paths', async () => {
    const env = await testEnv([Etl]);
    const etl = await env.engine.start(Etl, { log: [] });
    expect(etl.finished).toBe(true);
    expect(etl.data.log).toEqual(['extract', 'clean', 'load']);
    expect(etl.state.dag?.tasks.load?.status).toBe('finished');
  });

  it('retries a failing task after its backoff; its dependents wait meanwhile', async () => {
    const env = await testEnv([Etl]);
    const etl = await env.engine.start(Etl, { log: [], failClean: 1 });
    expect(etl.finished).toBe(false);
    expect(etl.data.log).toEqual(['extract']);
    expect(etl.state.dag?.tasks.clean).toMatchObject({ status: 'awaiting', attempts: 1, error: { message: 'clean failed' } });
    await env.advance({ minutes: 1 });
    await etl.refresh();
    expect(etl.finished).toBe(true);
    expect(etl.data.log).toEqual(['extract', 'clean', 'load']);
  });

  it('refuses unknown parents, parents that are not tasks, and cycles, naming them', () => {
    class Bad extends Automation<Data> {
      a = flow.Task(step('a')).After('b');
      b = flow.Task(step('b')).After('a', 'nope');
      c = flow.Task(step('c')).After('end');
      end = flow.End();
    }
    let problems: readonly string[] = [];
    try {
      defineFlow(Bad);
    } catch (error) {
      problems = (error as FlowDefinitionError).problems;
    }
    expect(problems).toContain(".After() of node 'b' names unknown node 'nope'");
    expect(problems).toContain(".After() of node 'c' names 'end', which is not a Task node");
    expect(problems).toContain("Task node 'a' depends on itself: a → b → a");
  });

  it('draws the dependencies', () => {
    expect(toMermaid(Etl)).toContain('n_extract -.->|after| n_load');
  });
});
