import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Automation, flow as untyped, type Task } from '../../lib/engine/index.js';
import { history, testEnv } from '../support/env.js';

interface Data {
  log: string[];
  go?: boolean;
  skip?: boolean;
}
const flow = untyped.typed<Data>();
const log = (entry: string) => (t: Task<Data>) => void t.data.log.push(entry);
const reviewer = { id: 'rita', groups: ['reviewers'] };

class Parallel extends Automation<Data> {
  split = flow.Split().Next('a').Next('b').Next('c');
  a = flow.Execute(log('a')).Next('join');
  b = flow.Execute(log('b')).AsSoonAs((t) => t.data.go === true).Next('join');
  c = flow.Execute(log('c')).SkipIf((t) => t.data.skip === true).Next('c2');
  c2 = flow.Execute(log('c2')).Next('join');
  join = flow.Join();
  after = flow.Execute(log('after'));
  end = flow.End();
  receiveGo() {
    this.data.go = true;
  }
}

describe('Split and Join', () => {
  it('runs each path with its own program counter; Join waits for all of them', async () => {
    const env = await testEnv([Parallel]);
    const p = await env.engine.start(Parallel, { log: [] });
    expect(p.data.log).toEqual(['a', 'c', 'c2']);
    expect(p.state.paths.map((x) => [x.node, x.joined ?? false])).toEqual([['join', true], ['b', false], ['join', true]]);
    await p.sendMessage('go');
    expect(p.finished).toBe(true);
    expect(p.data.log).toEqual(['a', 'c', 'c2', 'b', 'after']);
    const joins = (await p.tasks()).filter((t) => t.node === 'join');
    expect(joins.map((t) => t.message)).toEqual(['OK', 'joined', 'joined']);
    expect(joins.every((t) => t.finished === env.clock.now())).toBe(true);
  });

  it('a skipped node on a path does not break the Join (no history chain to lose)', async () => {
    const env = await testEnv([Parallel]);
    const p = await env.engine.start(Parallel, { log: [], skip: true, go: true });
    expect(p.finished).toBe(true);
    expect(p.data.log).toEqual(['a', 'b', 'c2', 'after']);
    expect(await history(env, p.id)).toContain('c:skipped');
  });
});

class FormInSplit extends Automation<Data> {
  split = flow.Split().Next('review').Next('notify');
  review = flow.Form(z.object({ ok: z.boolean() })).Group('reviewers').Next('join');
  notify = flow.Execute(log('notify')).Next('join');
  join = flow.Join();
  end = flow.End();
}

describe('a Form that is the direct target of a Split', () => {
  it('waits for its submission while the sibling path runs', async () => {
    const env = await testEnv([FormInSplit]);
    const f = await env.engine.start(FormInSplit, { log: [] });
    expect(f.status).toBe('waiting');
    expect(f.data.log).toEqual(['notify']);
    const form = (await f.tasks()).find((t) => t.node === 'review')!;
    expect(form.finished).toBeNull();
    expect(form.assignment).toEqual({ groups: ['reviewers'] });
    const run = await env.engine.submitForm({ instanceId: f.id, task: form.seq, user: reviewer, values: { ok: true } });
    expect(run.status).toBe('finished');
    expect((await f.refresh()).data).toEqual({ log: ['notify'], review: { ok: true } });
  });
});

class Nested extends Automation<Data> {
  outer = flow.Split().Next('inner').Next('quick');
  inner = flow.Split().Next('slow').Next('fast');
  slow = flow.Execute(log('slow')).AsSoonAs((t) => t.data.go === true).Next('innerJoin');
  fast = flow.Execute(log('fast')).Next('innerJoin');
  innerJoin = flow.Join().Next('outerJoin');
  quick = flow.Execute(log('quick')).Next('outerJoin');
  outerJoin = flow.Join();
  done = flow.Execute(log('done'));
  end = flow.End();
  receiveGo() {
    this.data.go = true;
  }
}

describe('nested splits', () => {
  it('the outer Join waits while a nested path still waits', async () => {
    const env = await testEnv([Nested]);
    const n = await env.engine.start(Nested, { log: [] });
    expect(n.data.log).toEqual(['quick', 'fast']); // paths advance in rounds, breadth first
    expect(n.status).toBe('waiting');
    expect(n.state.paths.filter((p) => p.joined).map((p) => p.node).sort()).toEqual(['innerJoin', 'outerJoin']);
    await env.advance({ hours: 1 });
    expect((await n.refresh()).data.log).toEqual(['quick', 'fast']);
    await n.sendMessage('go');
    expect(n.finished).toBe(true);
    expect(n.data.log).toEqual(['quick', 'fast', 'slow', 'done']);
    expect(n.state.paths).toEqual([]);
  });
});

class EndOnPath extends Automation<Data> {
  split = flow.Split().Next('waiter').Next('quitter');
  waiter = flow.Execute(log('waiter')).AsSoonAs(() => false).Next('join');
  quitter = flow.If((t) => t.data.go === true).Then('end').Else('join');
  join = flow.Join();
  end = flow.End();
}

describe('End reached on one split path', () => {
  it('finishes the instance and cancels the sibling paths, leaving no open task', async () => {
    const env = await testEnv([EndOnPath]);
    const e = await env.engine.start(EndOnPath, { log: [], go: true });
    expect(e.finished).toBe(true);
    expect(e.data.log).toEqual([]);
    const tasks = await e.tasks();
    expect(tasks.every((t) => t.finished !== null)).toBe(true);
    expect(tasks.find((t) => t.node === 'waiter')!.message).toBe("cancelled: the instance ended at 'end'");
    expect(e.state.dueAt).toBeNull();
    expect((await env.advance({ days: 1 })).ran).toHaveLength(0);
  });

  it('without the End, the same flow waits at the Join', async () => {
    const env = await testEnv([EndOnPath]);
    const e = await env.engine.start(EndOnPath, { log: [], go: false });
    expect(e.status).toBe('waiting');
    expect(e.state.paths.map((p) => p.node).sort()).toEqual(['join', 'waiter']);
  });
});
