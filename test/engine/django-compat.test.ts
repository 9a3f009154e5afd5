import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Automation, defineFlow, flow as untyped, FlowDefinitionError, MessageRequirementsError, type Task } from '../../lib/engine/index.js';
import { history, testEnv } from '../support/env.js';

/** Behaviour users porting flows from django-automations rely on (issue 8, part 4). */

interface Data {
  log: string[];
  n?: unknown;
  ready?: boolean;
  peer?: string;
  pings?: number;
}
const flow = untyped.typed<Data>();
const log = (entry: string) => (t: Task<Data>) => void t.data.log.push(entry);
const DAY = 86_400_000;

function problemsOf(cls: new () => Automation<object>): readonly string[] {
  try {
    defineFlow(cls);
  } catch (error) {
    expect(error).toBeInstanceOf(FlowDefinitionError);
    return (error as FlowDefinitionError).problems;
  }
  throw new Error('expected the flow to be rejected');
}

describe('waits that are already over', () => {
  class PastWaits extends Automation<Data> {
    negative = flow.Execute(log('negative')).AfterWaitingFor({ days: -1 });
    zero = flow.Execute(log('zero')).AfterWaitingFor(0);
    computed = flow.Execute(log('computed')).AfterWaitingFor(() => -DAY);
    past = flow.Execute(log('past')).AfterWaitingUntil((t) => new Date(t.now.getTime() - DAY));
    end = flow.End();
  }

  it('AfterWaitingFor a zero or negative duration and AfterWaitingUntil a past time run the node at once', async () => {
    const env = await testEnv([PastWaits]);
    const w = await env.engine.start(PastWaits, { log: [] });
    expect(w.state.error).toBeNull();
    expect(w.finished).toBe(true);
    expect(w.data.log).toEqual(['negative', 'zero', 'computed', 'past']);
  });

  it('still refuses durations that are not a span of time, and a negative SkipAfter at definition time', async () => {
    class NotASpan extends Automation<Data> {
      start = flow.Execute(log('start')).AfterWaitingFor(() => Number.NaN);
      end = flow.End();
    }
    const env = await testEnv([NotASpan]);
    const w = await env.engine.start(NotASpan, { log: [] });
    expect(w.status).toBe('error');
    expect(w.state.error!.message).toContain('must be a finite span of time');

    class Declared extends Automation<Data> {
      start = flow.Execute(log('start')).AfterWaitingFor(Number.POSITIVE_INFINITY).SkipAfter({ hours: -1 });
      end = flow.End();
    }
    expect(problemsOf(Declared)).toEqual([
      expect.stringMatching(/^\.AfterWaitingFor\(\) of node 'start': .*finite span of time/),
      expect.stringMatching(/^\.SkipAfter\(\) of node 'start': .*non-negative/),
    ]);
  });
});

describe('Split paths that never join', () => {
  const schema = z.object({ note: z.string().optional() });
  class ThreeLoops extends Automation<Data> {
    split = flow.Split().Next('evening').Next('halfHourly').Next('hourly');
    evening = flow.Form(schema).Group('staff');
    eveningAgain = flow.Repeat('evening').EveryDay().At(21, 0);
    halfHourly = flow.Form(schema).Group('staff');
    halfHourlyAgain = flow.Repeat('halfHourly').EveryNMinutes(30);
    hourly = flow.Form(schema).Group('staff');
    hourlyAgain = flow.Repeat('hourly').EveryHour();
  }
  const staff = { id: 'sam', groups: ['staff'] };

  it('is a valid flow when every path loops forever: three open tasks, and still three after ticks', async () => {
    const env = await testEnv([ThreeLoops]);
    const w = await env.engine.start(ThreeLoops, { log: [] });
    const open = async () => (await env.engine.tasksFor(staff)).items.map((t) => t.node).sort();
    expect(w.status).toBe('waiting');
    expect(await open()).toEqual(['evening', 'halfHourly', 'hourly']);
    await env.advance({ hours: 1 });
    await w.refresh();
    expect(await open()).toEqual(['evening', 'halfHourly', 'hourly']);

    const task = (await w.tasks()).find((t) => t.node === 'halfHourly' && t.finished === null)!;
    await env.engine.submitForm({ instanceId: w.id, task: task.seq, user: staff, values: {} });
    expect(await open()).toEqual(['evening', 'hourly']); // the path waits at its Repeat
    await env.advance({ minutes: 30 });
    expect(await open()).toEqual(['evening', 'halfHourly', 'hourly']);
    await w.refresh();
    expect(w.state.paths).toHaveLength(3);
    expect((await history(env, w.id)).filter((h) => h.startsWith('halfHourly:'))).toEqual(['halfHourly:OK', 'halfHourly:open']);
  });

  it('still refuses a path that can fall off the end, and paths that meet at different Joins', () => {
    class FallsOff extends Automation<Data> {
      split = flow.Split().Next('loop').Next('last');
      loop = flow.Form(schema);
      again = flow.Repeat('loop').EveryHour();
      last = flow.Execute(log('last'));
    }
    expect(problemsOf(FallsOff)).toEqual([
      "node 'last' continues past the last node: end the flow with flow.End(), loop with flow.Repeat(), or give it .Next()",
    ]);

    class OneJoinsOneLoops extends Automation<Data> {
      split = flow.Split().Next('loop').Next('a');
      loop = flow.Form(schema);
      again = flow.Repeat('loop').EveryHour();
      a = flow.Execute(log('a'));
      join = flow.Join();
      end = flow.End();
    }
    expect(problemsOf(OneJoinsOneLoops)).toEqual(["a path of Split 'split' (starting at 'loop') never reaches a Join"]);
  });
});

describe('requireDataParameters converts like the original type callables', () => {
  class Counter extends Automation<Data> {
    static override meta = { requireDataParameters: { setCount: { n: 'number' }, flag: { on: 'boolean' }, label: { text: 'string' } } } as const;
    start = flow.Execute(() => null).AsSoonAs(() => false);
    end = flow.End();
    receiveSetCount(_token: string | undefined, data: Record<string, unknown>) {
      this.data.n = data.n;
    }
    receiveLabel(_token: string | undefined, data: Record<string, unknown>) {
      this.data.peer = data.text as string;
    }
    receiveFlag(_token: string | undefined, data: Record<string, unknown>) {
      this.data.ready = data.on as boolean;
    }
  }

  it('accepts "2" for a number (stored as 2) and refuses "t2"', async () => {
    const env = await testEnv([Counter]);
    const c = await env.engine.start(Counter, { log: [] });
    await c.sendMessage('setCount', undefined, { n: '2' });
    expect(c.data.n).toBe(2);
    await expect(c.sendMessage('setCount', undefined, { n: 't2' })).rejects.toBeInstanceOf(MessageRequirementsError);
    await expect(c.sendMessage('setCount', undefined, { n: '' })).rejects.toBeInstanceOf(MessageRequirementsError);
    await c.sendMessage('flag', undefined, { on: 'false' });
    expect(c.data.ready).toBe(false);
    await c.sendMessage('label', undefined, { text: 5 }); // str(5) in the original
    expect(c.data.peer).toBe('5');
    await expect(c.sendMessage('label', undefined, { text: { a: 1 } })).rejects.toBeInstanceOf(MessageRequirementsError);
    expect(env.engine.satisfiesDataRequirements(Counter, 'setCount', { n: '2' })).toBe(true);
    expect(env.engine.satisfiesDataRequirements(Counter, 'setCount', { n: 't2' })).toBe(false);
    expect(env.engine.satisfiesDataRequirements(Counter, 'flag', { on: 'yes please' })).toBe(false);
  });

  it('satisfiesDataRequirements is false for a message that no receiver handles', async () => {
    const env = await testEnv([Counter]);
    expect(env.engine.satisfiesDataRequirements(Counter, 'noSuchMessage', {})).toBe(false);
    expect(env.engine.satisfiesDataRequirements(Counter, 'not a name!', {})).toBe(false);
  });
});

describe("'self.name' strings resolve like refs everywhere", () => {
  class SelfStrings extends Automation<Data> {
    skipped = flow.Execute(log('skipped')).SkipIf('self.always');
    notSkipped = flow.Execute(log('notSkipped')).SkipIf('self.never');
    gated = flow.Execute(log('gated')).AsSoonAs('self.isReady');
    delayed = flow.Execute(log('delayed')).AfterWaitingFor('self.delay');
    timed = flow.Execute(log('timed')).AfterWaitingUntil('self.inTwoHours');
    work = flow.Execute('self.doWork', 'arg').Next('self.check');
    check = flow.If('self.isReady').Then('self.yes').Else('self.no');
    no = flow.Execute(log('no')).Next('self.end');
    yes = flow.Execute(log('yes'));
    call = flow.If('self.never').Then(log('then-fn')).Else('self.elseMethod');
    ping = flow.SendMessage('self.peerId', 'ping');
    fail = flow.Execute(() => {
      throw new Error('boom');
    }).OnError('self.recovered');
    lost = flow.Execute(log('lost'));
    recovered = flow.Execute(log('recovered'));
    end = flow.End();

    always() {
      return true;
    }
    never() {
      return false;
    }
    isReady(this: SelfStrings) {
      return this.data.ready === true;
    }
    delay() {
      return { hours: 1 };
    }
    inTwoHours(task: Task<Data>) {
      return new Date(task.created.getTime() + 2 * 3_600_000);
    }
    doWork(this: SelfStrings, _task: Task<Data>, arg: string) {
      this.data.log.push(`work:${arg}`);
    }
    elseMethod(this: SelfStrings) {
      this.data.log.push('else-method');
    }
    peerId(this: SelfStrings) {
      return this.data.peer!;
    }
    receiveReady() {
      this.data.ready = true;
    }
  }

  class Peer extends Automation<Data> {
    start = flow.Execute(() => null).AsSoonAs(() => false);
    end = flow.End();
    receivePing() {
      this.data.pings = (this.data.pings ?? 0) + 1;
    }
  }

  it('resolves modifiers, Execute, If conditions and branches, Next, OnError and SendMessage targets', async () => {
    const env = await testEnv([SelfStrings, Peer]);
    const peer = await env.engine.start(Peer, { log: [] });
    const w = await env.engine.start(SelfStrings, { log: [], peer: peer.id });
    expect(w.data.log).toEqual(['notSkipped']); // SkipIf('self.always') skipped, 'self.never' did not; AsSoonAs waits
    await w.sendMessage('ready');
    expect(w.data.log).toEqual(['notSkipped', 'gated']); // AfterWaitingFor('self.delay') waits an hour
    await env.advance({ minutes: 59 });
    await w.refresh();
    expect(w.data.log).toEqual(['notSkipped', 'gated']);
    await env.advance({ minutes: 1 });
    await w.refresh();
    expect(w.data.log).toEqual(['notSkipped', 'gated', 'delayed']); // AfterWaitingUntil('self.inTwoHours') from its task's creation
    await env.advance({ hours: 2 });
    await w.refresh();
    expect(w.status).toBe('finished');
    expect(w.data.log).toEqual(['notSkipped', 'gated', 'delayed', 'timed', 'work:arg', 'yes', 'else-method', 'recovered']);
    await peer.refresh();
    expect(peer.data.pings).toBe(1);
    expect(await history(env, w.id)).toContain('skipped:skipped');
  });

  it("Repeat('self.name') loops back to that node", async () => {
    class Loop extends Automation<Data> {
      once = flow.Execute(log('once'));
      body = flow.Execute(log('body'));
      again = flow.Repeat('self.body').EveryHour();
    }
    const env = await testEnv([Loop]);
    const l = await env.engine.start(Loop, { log: [] });
    await env.advance({ hours: 2 });
    await l.refresh();
    expect(l.data.log).toEqual(['once', 'body', 'body', 'body']);
  });

  it('refuses an unknown member or node at definition time, naming the node and the member', () => {
    class Unknown extends Automation<Data> {
      a = flow.Execute(log('a')).SkipIf('self.nope1').AsSoonAs('self.nope2').AfterWaitingFor('self.nope3').AfterWaitingUntil('self.nope4');
      b = flow.Execute('self.nope5').Next('self.nope6');
      c = flow.If('self.nope7').Then('self.nope8').Else('self.end');
      d = flow.SendMessage('self.nope9', 'ping').OnError('self.nope10');
      e = flow.Split().Next('self.nope11').Next('self.end');
      loop = flow.Repeat('self.nope12').EveryHour();
      end = flow.End();
    }
    expect([...problemsOf(Unknown)].sort()).toEqual([
      ".AfterWaitingFor() of node 'a' refers to unknown member 'nope3'",
      ".AfterWaitingUntil() of node 'a' refers to unknown member 'nope4'",
      ".AsSoonAs() of node 'a' refers to unknown member 'nope2'",
      ".Next() of node 'b' refers to unknown node 'nope6'",
      ".OnError() of node 'd' refers to unknown node 'nope10'",
      ".SkipIf() of node 'a' refers to unknown member 'nope1'",
      "A path of node 'e' refers to unknown node 'nope11'",
      "Execute node 'b' refers to 'nope5', which is not a method",
      "The condition of node 'c' refers to unknown member 'nope7'",
      "The start of node 'loop' refers to unknown node 'nope12'",
      "The target of node 'd' refers to unknown member 'nope9'",
      ".Then() of node 'c' refers to unknown node or method 'nope8'",
    ].sort());
  });
});

describe('autorun: false', () => {
  class Job extends Automation<Data> {
    start = flow.Execute(log('start'));
    end = flow.End();
  }

  it('is due at once, so the next tick runs it', async () => {
    const env = await testEnv([Job]);
    const j = await env.engine.start(Job, { log: [] }, { autorun: false });
    expect(j.data.log).toEqual([]);
    expect(j.state.dueAt).toBe(env.clock.now());
    const report = await env.runDue();
    expect(report.ran.map((r) => r.id)).toEqual([j.id]);
    await j.refresh();
    expect(j.finished).toBe(true);
    expect(j.data.log).toEqual(['start']);
  });
});
