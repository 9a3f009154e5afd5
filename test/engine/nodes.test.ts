import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Automation, Execute, flow as untyped, refs, type BackgroundJob, type Task } from '../../lib/engine/index.js';
import { history, testEnv } from '../support/env.js';

interface Data {
  log: string[];
  ready?: boolean;
  skip?: boolean;
  amount?: number;
  at?: string;
}
const flow = untyped.typed<Data>();
const log = (entry: string) => (t: Task<Data>) => {
  t.data.log.push(entry);
  return entry;
};

class SendMail extends Execute<Data, [template: string]> {
  protected override method(task: Task<Data>, template: string) {
    task.data.log.push(`mail:${template}`);
    return { sent: template };
  }
}

class Nodes extends Automation<Data> {
  start = flow.Execute(this.init, 'hello', 2);
  mail = new SendMail('welcome');
  check = flow.If((t) => (t.data.amount ?? 0) > 100).Then(this.bigAmount).Else('small');
  big = flow.Execute(log('big')).Next('end');
  small = flow.Execute(log('small'));
  end = flow.End();
  init(task: Task<Data>, greeting: string, times: number) {
    task.data.log.push(`${greeting}x${times}`);
    return { seq: task.seq, key: task.idempotencyKey };
  }
  bigAmount(task: Task<Data>) {
    task.data.log.push('then-callable');
  }
}

describe('Execute and If', () => {
  it('runs functions with extra args, subclassed nodes, and If callables; records results', async () => {
    const env = await testEnv([Nodes]);
    const big = await env.engine.start(Nodes, { log: [], amount: 500 });
    expect(big.finished).toBe(true);
    expect(big.data.log).toEqual(['hellox2', 'mail:welcome', 'then-callable', 'big']);
    const small = await env.engine.start(Nodes, { log: [], amount: 5 });
    expect(small.data.log).toEqual(['hellox2', 'mail:welcome', 'small']);
    const tasks = await env.engine.tasks(big.id);
    expect(tasks[0]!.result).toEqual({ seq: 1, key: `${big.id}:1` });
    expect(tasks[1]!.result).toEqual({ sent: 'welcome' });
    expect(tasks.map((t) => t.message)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
    expect(tasks.every((t) => t.finished !== null && t.error === null)).toBe(true);
  });
});

class Waiting extends Automation<Data> {
  start = flow.Execute(log('start'));
  gate = flow.Execute(log('gate')).AsSoonAs((t) => t.data.ready === true);
  timed = flow.Execute(log('timed')).AfterWaitingUntil((t) => t.data.at!);
  delayed = flow.Execute(log('delayed')).AfterWaitingFor({ hours: 2.5 });
  end = flow.End();
  receiveReady() {
    this.data.ready = true;
  }
}

describe('waiting modifiers', () => {
  it('AsSoonAs polls, and a message makes the condition true at once', async () => {
    const env = await testEnv([Waiting]);
    const w = await env.engine.start(Waiting, { log: [], at: '2026-03-02T12:00:00Z' });
    const run = await w.run();
    expect(run.positions).toEqual([{ path: 0, node: 'gate', waiting: 'condition', until: env.clock.now() + 60_000 }]);
    expect(run.wake).toEqual({ kind: 'poll', at: env.clock.now() + 60_000 });
    await env.advance({ minutes: 5 });
    expect((await w.refresh()).data.log).toEqual(['start']);
    await w.sendMessage('ready');
    expect(w.data.log).toEqual(['start', 'gate']);
    expect(w.state.dueAt).toBe(Date.parse('2026-03-02T12:00:00Z'));
  });

  it('AfterWaitingUntil and AfterWaitingFor wait exactly until their time', async () => {
    const env = await testEnv([Waiting]);
    const w = await env.engine.start(Waiting, { log: [], ready: true, at: '2026-03-02T12:00:00Z' });
    expect(w.data.log).toEqual(['start', 'gate']);
    await env.advanceTo(Date.parse('2026-03-02T12:00:00Z') - 1);
    expect((await w.refresh()).data.log).toEqual(['start', 'gate']);
    await env.advance(1);
    expect((await w.refresh()).data.log).toEqual(['start', 'gate', 'timed']);
    const tasks = await w.tasks();
    const delayed = tasks.find((t) => t.node === 'delayed')!;
    expect(delayed.finished).toBeNull();
    expect(delayed.created).toBe(Date.parse('2026-03-02T12:00:00Z'));
    await env.advance({ hours: 2.5 });
    await w.refresh();
    expect(w.finished).toBe(true);
    expect((await w.tasks()).find((t) => t.node === 'delayed')!.finished).toBe(Date.parse('2026-03-02T14:30:00Z'));
  });

  it('an invalid wait time is an error of the node, not a crash', async () => {
    const env = await testEnv([Waiting]);
    const w = await env.engine.start(Waiting, { log: [], ready: true, at: 'not a date' });
    expect(w.status).toBe('error');
    expect(w.state.error).toMatchObject({ node: 'timed' });
    expect(w.state.error!.message).toContain('is not a valid point in time');
  });
});

const skipping = refs<Skipping>();
class Skipping extends Automation<Data> {
  start = flow.Execute(log('start'));
  maybe = flow.Execute(log('maybe')).SkipIf(skipping.shouldSkip).AsSoonAs(() => false);
  constant = flow.Execute(log('constant')).SkipIf(false);
  expiring = flow.Execute(log('expiring')).AsSoonAs((t) => t.data.ready === true).SkipAfter({ hours: 1 });
  end = flow.End();
  shouldSkip() {
    return this.data.skip === true;
  }
}

describe('skip modifiers', () => {
  it('SkipIf with a method reference is resolved per instance and takes precedence over waiting', async () => {
    const env = await testEnv([Skipping]);
    const skipped = await env.engine.start(Skipping, { log: [], skip: true });
    const waiting = await env.engine.start(Skipping, { log: [], skip: false });
    expect(skipped.data.log).toEqual(['start', 'constant']);
    expect(await history(env, skipped.id)).toEqual(['start:OK', 'maybe:skipped', 'constant:OK', 'expiring:open']);
    expect(waiting.data.log).toEqual(['start']);
    expect(waiting.state.paths[0]!.node).toBe('maybe');
  });

  it('SkipAfter skips a node that waited too long, at exactly that time', async () => {
    const env = await testEnv([Skipping]);
    const w = await env.engine.start(Skipping, { log: [], skip: true });
    expect(w.state.dueAt).toBe(env.clock.now() + 60_000);
    await env.advance({ minutes: 59 });
    expect((await w.refresh()).finished).toBe(false);
    await env.advance({ minutes: 1 });
    await w.refresh();
    expect(w.finished).toBe(true);
    expect(await history(env, w.id)).toEqual(['start:OK', 'maybe:skipped', 'constant:OK', 'expiring:skipped', 'end:OK']);
  });
});

class Failing extends Automation<Data> {
  start = flow.Execute(log('start'));
  risky = flow.Execute(this.explode).OnError('recover');
  unguarded = flow.Execute(this.explodeUnlessReady);
  end = flow.End();
  recover = flow.Execute(log('recover')).Next('unguarded');
  explode(task: Task<Data>) {
    task.data.log.push('half-written');
    throw new TypeError('boom '.repeat(1_000));
  }
  explodeUnlessReady(task: Task<Data>) {
    task.data.log.push('attempt');
    if (!task.data.ready) throw new Error('not ready');
  }
  receiveReady() {
    this.data.ready = true;
  }
}

describe('errors', () => {
  it('OnError continues at its target; the failed node’s data changes are rolled back; records are bounded', async () => {
    const env = await testEnv([Failing]);
    const f = await env.engine.start(Failing, { log: [] });
    expect(f.data.log).toEqual(['start', 'recover']);
    const risky = (await f.tasks()).find((t) => t.node === 'risky')!;
    expect(risky.message!.startsWith('TypeError: boom boom')).toBe(true);
    expect(risky.message!.length).toBeLessThanOrEqual(1_000);
    expect(risky.error!.stack.length).toBeLessThanOrEqual(4_000);
    expect(risky.error!.stack).toContain('explode');
    expect(JSON.stringify(risky).length).toBeLessThan(6_000);
  });

  it('an error without OnError stops the instance, visible, until retry()', async () => {
    const env = await testEnv([Failing]);
    const f = await env.engine.start(Failing, { log: [] });
    expect(f.status).toBe('error');
    expect(f.state.error).toEqual({ node: 'unguarded', task: 4, message: 'Error: not ready' });
    expect(f.state.dueAt).toBeNull();
    expect((await env.advance({ days: 1 })).ran).toHaveLength(0);
    await expect(f.run()).resolves.toMatchObject({ status: 'error', steps: 0 });
    await f.sendMessage('ready');
    expect(f.status).toBe('error');
    const retried = await f.retry();
    expect(retried.status).toBe('finished');
    expect(f.data.log).toEqual(['start', 'recover', 'attempt']);
    expect(await history(env, f.id)).toEqual(['start:OK', 'risky:TypeError: ' + 'boom '.repeat(1_000).slice(0, 1_000 - 'TypeError: '.length), 'recover:OK', 'unguarded:Error: not ready', 'unguarded:OK', 'end:OK']);
    await expect(f.retry()).rejects.toMatchObject({ status: 409 });
  });

  it('a node that leaves non-JSON data fails and keeps the previous data', async () => {
    class BadData extends Automation<Data> {
      start = flow.Execute((t) => {
        (t.data as unknown as Record<string, unknown>).when = new Date();
      });
      end = flow.End();
    }
    const env = await testEnv([BadData]);
    const b = await env.engine.start(BadData, { log: ['kept'] });
    expect(b.status).toBe('error');
    expect(b.state.error!.message).toContain('$.when is a Date');
    expect(b.data).toEqual({ log: ['kept'] });
  });
});

describe('what run() returns', () => {
  it('names where each path stopped and when the instance next wants to run', async () => {
    class Wakes extends Automation<Data> {
      timed = flow.Execute(log('timed')).AfterWaitingFor({ minutes: 30 });
      form = flow.Form(z.object({})).Group('people');
      end = flow.End();
    }
    const env = await testEnv([Wakes]);
    const w = await env.engine.start(Wakes, { log: [] }, { autorun: false });
    const timed = await w.run();
    expect(timed).toMatchObject({ status: 'waiting', steps: 0, wake: { kind: 'at', at: env.clock.now() + 1_800_000 } });
    expect(timed.positions).toEqual([{ path: 0, node: 'timed', waiting: 'time', until: env.clock.now() + 1_800_000 }]);
    env.clock.advance(1_800_000);
    const form = await w.run();
    expect(form).toMatchObject({ status: 'waiting', steps: 1, wake: { kind: 'external' }, positions: [{ node: 'form', waiting: 'form', until: null }] });
    const task = (await w.tasks()).at(-1)!;
    const done = await env.engine.submitForm({ instanceId: w.id, task: task.seq, user: { id: 'p', groups: ['people'] }, values: {} });
    expect(done).toMatchObject({ status: 'finished', wake: { kind: 'none' }, positions: [] });
  });
});

describe('threaded Execute', () => {
  it('runs inline after the run when no runtime takes background jobs', async () => {
    class InlineThreaded extends Automation<Data> {
      heavy = flow.Execute(log('heavy')).Threaded();
      end = flow.End();
    }
    const env = await testEnv([InlineThreaded]);
    const t = await env.engine.start(InlineThreaded, { log: [] });
    expect(t.finished).toBe(true);
    expect(t.data.log).toEqual(['heavy']);
  });

  it('runs in a background job handed to the runtime, and the instance continues when it completes', async () => {
    class Threaded extends Automation<Data> {
      start = flow.Execute(log('before'));
      heavy = flow.Execute((t) => {
        t.data.amount = 42;
        return 'crunched';
      }).Threaded();
      after = flow.Execute(log('after'));
      end = flow.End();
    }
    const jobs: BackgroundJob[] = [];
    const env = await testEnv([Threaded], { dispatchBackground: async (job) => void jobs.push(job) });
    const t = await env.engine.start(Threaded, { log: [] });
    expect(t.status).toBe('waiting');
    expect(jobs).toEqual([{ instanceId: t.id, task: 2, dispatchedAt: env.clock.now() }]);
    expect(t.data.log).toEqual(['before']);
    const run = await env.engine.runBackground(jobs[0]!);
    expect(run!.status).toBe('finished');
    await t.refresh();
    expect(t.data).toEqual({ log: ['before', 'after'], amount: 42 });
    expect((await t.tasks()).find((x) => x.node === 'heavy')!.result).toBe('crunched');
    expect(await env.engine.runBackground(jobs[0]!)).toBeNull();
  });
});
