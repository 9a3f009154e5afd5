/**
 * django-automations keeps per-instance state on shared class-level nodes; these are the bugs
 * its users hit, each as a test here. Covered elsewhere: skipped nodes and Joins, a Form as a
 * Split target, nested Joins and End on a split path (split-join.test.ts); singletons, unique
 * keys across classes, guessable keys, a class that is gone (instances.test.ts); Repeat.At
 * (repeat.test.ts); dispatching to another class's id, SendMessage to an id (messages.test.ts);
 * 60 KB error records (nodes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { Automation, flow as untyped, refs, type Task } from '../../lib/engine/index.js';
import { testEnv } from '../support/env.js';

interface Data {
  amount: number;
  log: string[];
  fail?: boolean;
  peer?: string;
}
const flow = untyped.typed<Data>();
const log = (entry: string) => (t: Task<Data>) => void t.data.log.push(entry);

const self = refs<Branching>();
class Branching extends Automation<Data> {
  check = flow.If(self.isBig).Then(self.big).Else('small');
  big = flow.Execute(log('big')).Next('risky');
  small = flow.Execute(log('small')).Next('risky');
  risky = flow.Execute(this.maybeFail).OnError('recover');
  normal = flow.Execute(log('normal')).SkipIf(self.never).Next('end');
  recover = flow.Execute(log('recover'));
  end = flow.End();
  isBig() {
    return this.data.amount > 100;
  }
  never() {
    return false;
  }
  maybeFail(task: Task<Data>) {
    if (task.data.fail) throw new Error('failed on purpose');
  }
}

describe('per-instance state never leaks through shared node declarations', () => {
  it('an If whose branch is a node works for every instance, and method conditions see their own instance', async () => {
    const env = await testEnv([Branching]);
    const amounts = [500, 5, 500, 7, 1_000];
    const logs: string[][] = [];
    for (const amount of amounts) logs.push((await env.engine.start(Branching, { amount, log: [] })).data.log);
    expect(logs).toEqual([['big', 'normal'], ['small', 'normal'], ['big', 'normal'], ['small', 'normal'], ['big', 'normal']]);
  });

  it('OnError taken by one instance does not rewire the node for later instances', async () => {
    const env = await testEnv([Branching]);
    const failed = await env.engine.start(Branching, { amount: 1, log: [], fail: true });
    const fine = await env.engine.start(Branching, { amount: 1, log: [] });
    expect(failed.data.log).toEqual(['small', 'recover']);
    expect(fine.data.log).toEqual(['small', 'normal']);
  });

  it('concurrent instances evaluate conditions on their own data', async () => {
    const env = await testEnv([Branching]);
    const started = await Promise.all([1, 1_000, 2, 2_000].map((amount) => env.engine.start(Branching, { amount, log: [] })));
    expect(started.map((s) => s.data.log[0])).toEqual(['small', 'big', 'small', 'big']);
  });

  it('one node object shared by two automations keeps each one’s modifiers apart', async () => {
    const shared = flow.Execute((t: Task<Data>) => {
      if (t.data.fail) throw new Error('x');
      t.data.log.push('ran');
    });
    class A extends Automation<Data> {
      work = shared.OnError('handled');
      end = flow.End();
      handled = flow.Execute(log('A handled')).Next('end');
    }
    class B extends Automation<Data> {
      work = shared;
      end = flow.End();
    }
    const env = await testEnv([A, B]);
    expect((await env.engine.start(A, { amount: 0, log: [], fail: true })).data.log).toEqual(['A handled']);
    const b = await env.engine.start(B, { amount: 0, log: [], fail: true });
    expect(b.status).toBe('error');
  });
});

describe('every reference is resolved', () => {
  it('Next("name") without self. and SendMessage to an instance object work at run time', async () => {
    class Receiver extends Automation<Data> {
      wait = flow.Execute(log('woken')).AsSoonAs((t) => t.data.amount > 0);
      end = flow.End();
      receiveBump() {
        this.data.amount += 1;
      }
    }
    class Sender extends Automation<Data> {
      start = flow.Execute(log('start')).Next('send');
      detour = flow.Execute(log('never')).Next('end');
      send = flow.SendMessage((t: Task<Data>) => env.engine.bind(t.data.peer!), 'bump').OnError('detour');
      end = flow.End();
    }
    const env = await testEnv([Receiver, Sender]);
    const receiver = await env.engine.start(Receiver, { amount: 0, log: [] });
    const sender = await env.engine.start(Sender, { amount: 0, log: [], peer: receiver.id });
    expect(sender.finished).toBe(true);
    expect(sender.data.log).toEqual(['start']);
    expect((await receiver.refresh()).data).toEqual({ amount: 1, log: ['woken'] });
    expect(receiver.finished).toBe(true);

    const lost = await env.engine.start(Sender, { amount: 0, log: [], peer: 'gone' });
    expect(lost.data.log).toEqual(['start', 'never']);
    expect((await lost.tasks()).find((t) => t.node === 'send')!.message).toBe('InstanceNotFoundError: No automation instance with id "gone"');
  });
});
