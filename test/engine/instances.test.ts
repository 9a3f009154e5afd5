import { describe, expect, it } from 'vitest';
import { Automation, createTestEnvironment, DataValidationError, Engine, InstanceNotFoundError, flow as untyped, type Task } from '../../lib/engine/index.js';
import { createTestStore } from '../support/backend.js';
import { testEnv } from '../support/env.js';

interface Data {
  email?: string;
  list?: string;
  done?: boolean;
  count?: number;
}
const flow = untyped.typed<Data>();

class Job extends Automation<Data> {
  static override meta = { verboseName: 'A job', verboseNamePlural: 'Jobs' };
  start = flow.Execute((t: Task<Data>) => void (t.data.count = (t.data.count ?? 0) + 1));
  wait = flow.Execute(() => 'waited').AsSoonAs((t) => t.data.done === true);
  end = flow.End();
  receiveDone() {
    this.data.done = true;
  }
}

class Singleton extends Automation<Data> {
  static override meta = { unique: true };
  wait = flow.Execute(() => null).AsSoonAs((t) => t.data.done === true);
  end = flow.End();
  receiveDone() {
    this.data.done = true;
  }
}

class PerEmail extends Automation<Data> {
  static override meta = { unique: ['email', 'list'] };
  wait = flow.Execute(() => null).AsSoonAs((t) => t.data.done === true);
  end = flow.End();
  receiveDone() {
    this.data.done = true;
  }
}

class AlsoPerEmail extends Automation<Data> {
  static override meta = { unique: ['email', 'list'] };
  wait = flow.Execute(() => null).AsSoonAs(() => false);
  end = flow.End();
}

describe('starting and binding', () => {
  it('stores validated JSON data and runs unless autorun is false (then it is due at once, for the tick)', async () => {
    const env = await testEnv([Job]);
    const j = await env.engine.start(Job, { count: 1 });
    expect(j.data.count).toBe(2);
    expect(j.status).toBe('waiting');
    const idle = await env.engine.start(Job, { count: 1 }, { autorun: false });
    expect(idle.data.count).toBe(1);
    expect(idle.state.dueAt).toBe(env.clock.now());
    expect((await env.engine.tasks(idle.id))).toEqual([]);
    await idle.run();
    expect(idle.data.count).toBe(2);
    const bound = await env.engine.bind(j.id, Job);
    expect(bound).toBeInstanceOf(Job);
    expect(bound.data).toEqual(j.data);
    await expect(env.engine.bind('missing')).rejects.toBeInstanceOf(InstanceNotFoundError);
  });

  it('refuses data that is not JSON or too large, naming the problem, and writes nothing', async () => {
    const env = await testEnv([Job], { dataLimitBytes: 1_000 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: [unknown, string | RegExp, number][] = [
      [{ when: new Date(0) }, '$.when is a Date (store it as an ISO string)', 400],
      [{ f: () => 1 }, '$.f is a function', 400],
      [{ n: Number.NaN }, '$.n is NaN', 400],
      [cyclic, '$.self refers back to one of its parents (a cycle)', 400],
      [['a'], 'must be a JSON object, got an array', 400],
      [{ big: 'x'.repeat(2_000) }, /is 2010 bytes, over the limit of 1000 bytes/, 413],
    ];
    for (const [data, message, status] of cases) {
      const error = await env.engine.start(Job, data as object).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataValidationError);
      expect((error as DataValidationError).message).toMatch(message);
      expect((error as DataValidationError).status).toBe(status);
    }
    expect((await env.store.list({ automation: 'Job' })).items).toEqual([]);
  });

  it('kill() deletes the instance and its history', async () => {
    const env = await testEnv([Job]);
    const j = await env.engine.start(Job, {});
    await j.kill();
    expect(await env.engine.get(j.id)).toBeUndefined();
    expect(await env.engine.tasks(j.id)).toEqual([]);
    await expect(env.engine.kill(j.id)).rejects.toMatchObject({ status: 404 });
  });

  it('a finished instance cannot run again', async () => {
    const env = await testEnv([Job]);
    const j = await env.engine.start(Job, { done: true });
    expect(j.finished).toBe(true);
    await expect(j.run()).rejects.toMatchObject({ status: 409 });
  });
});

describe('the writes of a start', () => {
  /** The store the engine gets, counting the writes it is asked for. */
  async function counted(automations: Parameters<typeof testEnv>[0]) {
    const store = await createTestStore();
    const writes: string[] = [];
    const counting = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if ((name === 'create' || name === 'commit') && typeof value === 'function') {
          return (...args: unknown[]) => {
            const state = args[0] as { lease?: unknown; state?: { lease: unknown } };
            writes.push(`${name}${(name === 'create' ? state.lease : state.state?.lease) ? ' (leased)' : ''}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { env: createTestEnvironment({ start: '2026-03-02T08:00:00Z', automations, store: counting }), writes };
  }

  class ParksFirst extends Automation<Data> {
    static override meta = { unique: true };
    hold = flow.Execute(() => 'held').AfterWaitingFor({ days: 1 });
    end = flow.End();
  }

  it('is one write when the run parks before any effect: the instance is created with its first wait', async () => {
    const { env, writes } = await counted([ParksFirst]);
    const a = await env.engine.start(ParksFirst, {});
    expect(writes).toEqual(['create']);
    expect(a.status).toBe('waiting');
    expect(await env.store.findUnique('ParksFirst#singleton')).toBe(a.id);
    expect((await env.engine.get(a.id))!).toMatchObject({ version: 1, lease: null, dueAt: env.clock.now() + 86_400_000 });
    // the singleton's key was taken by that one write: a second start returns the first and writes nothing
    writes.length = 0;
    expect((await env.engine.start(ParksFirst, {})).id).toBe(a.id);
    expect(writes).toEqual([]);
    await env.advance({ days: 1 });
    expect((await env.engine.get(a.id))!.status).toBe('finished');
    expect(await env.store.findUnique('ParksFirst#singleton')).toBeUndefined();
  });

  it('creates the instance with its lease before the first effect, and gives it back with the last commit', async () => {
    const { env, writes } = await counted([Job]);
    const j = await env.engine.start(Job, { count: 1 });
    expect(writes).toEqual(['create (leased)', 'commit']);
    expect(j.data.count).toBe(2);
    expect((await env.engine.get(j.id))!.lease).toBeNull();
  });
});

describe('keys', () => {
  it('are stable from creation, unguessable without the secret, and resolve back to the instance', async () => {
    const env = await testEnv([Job]);
    const j = await env.engine.start(Job, {});
    const key = j.getKey();
    expect(key.startsWith(`${j.id}.`)).toBe(true);
    await j.sendMessage('done');
    expect(j.getKey()).toBe(key);
    expect((await env.engine.bindByKey(key)).id).toBe(j.id);
    const forged = `${j.id}.${'A'.repeat(32)}`;
    await expect(env.engine.bindByKey(forged)).rejects.toMatchObject({ status: 404 });
    const otherSecret = new Engine({ store: env.store, secret: 'another-secret-of-sixteen-bytes', automations: [Job] });
    expect(otherSecret.getKey(j.id)).not.toBe(key);
    await expect(otherSecret.bindByKey(key)).rejects.toMatchObject({ status: 404 });
  });
});

describe('unique automations', () => {
  it('unique = true: starting again returns the running singleton; once finished, a new one starts', async () => {
    const env = await testEnv([Singleton]);
    const a = await env.engine.start(Singleton, {});
    const b = await env.engine.start(Singleton, {});
    expect(b.id).toBe(a.id);
    await a.sendMessage('done');
    expect(a.finished).toBe(true);
    const c = await env.engine.start(Singleton, {});
    expect(c.id).not.toBe(a.id);
    expect(c.status).toBe('waiting');
  });

  it('unique keys: one running instance per key set, scoped to the class', async () => {
    const env = await testEnv([PerEmail, AlsoPerEmail]);
    const a = await env.engine.start(PerEmail, { email: 'a@x.org', list: 'news' });
    expect((await env.engine.start(PerEmail, { email: 'a@x.org', list: 'news', done: true })).id).toBe(a.id);
    expect((await env.engine.start(PerEmail, { email: 'a@x.org', list: 'offers' })).id).not.toBe(a.id);
    expect((await env.engine.start(AlsoPerEmail, { email: 'a@x.org', list: 'news' })).id).not.toBe(a.id);
    await expect(env.engine.start(PerEmail, { email: 'a@x.org' })).rejects.toThrow('PerEmail is unique by email, list: the data lacks list');
  });

  it('concurrent starts of one key create exactly one instance', async () => {
    const env = await testEnv([PerEmail]);
    const started = await Promise.all(Array.from({ length: 8 }, () => env.engine.start(PerEmail, { email: 'race@x.org', list: 'l' })));
    expect(new Set(started.map((s) => s.id)).size).toBe(1);
    expect((await env.store.list({ automation: 'PerEmail' })).items).toHaveLength(1);
  });
});

describe('history', () => {
  it('records every node run; open tasks have no finish time; hoursSinceCreated counts while open', async () => {
    const env = await testEnv([Job]);
    const j = await env.engine.start(Job, {});
    await env.advance({ hours: 3 });
    const [start, wait] = await j.tasks();
    expect(start).toMatchObject({ node: 'start', message: 'OK', result: null, error: null });
    expect(start!.finished).toBe(start!.created);
    expect(wait).toMatchObject({ node: 'wait', finished: null, message: null });
    const { hoursSinceCreated } = await import('../../lib/engine/state.js');
    expect(hoursSinceCreated(wait!, env.clock.now())).toBe(3);
    expect(hoursSinceCreated(start!, env.clock.now())).toBe(0);
  });

  it('deleteHistory(days) removes instances finished longer ago and returns counts', async () => {
    const env = await testEnv([Job]);
    const old = await env.engine.start(Job, { done: true });
    await env.advance({ days: 10 });
    const recent = await env.engine.start(Job, { done: true });
    const running = await env.engine.start(Job, {});
    expect(await env.engine.deleteHistory(5)).toEqual({ deleted: 4, instances: 1, tasks: 3, matched: 1 });
    expect(await env.engine.get(old.id)).toBeUndefined();
    expect(await env.engine.get(recent.id)).toBeDefined();
    expect(await env.engine.get(running.id)).toBeDefined();
    await expect(env.engine.deleteHistory(-1)).rejects.toMatchObject({ status: 400 });
  });

  it('lists the registered automations with their verbose names', async () => {
    const env = await testEnv([Job, Singleton]);
    expect(env.engine.listAutomations()).toEqual([
      { name: 'Job', verboseName: 'A job', verboseNamePlural: 'Jobs', receivers: [{ message: 'done', label: 'Done' }] },
      { name: 'Singleton', verboseName: 'Automation Singleton', verboseNamePlural: 'Automations Singleton', receivers: [{ message: 'done', label: 'Done' }] },
    ]);
  });
});

describe('the tick (runDue)', () => {
  it('reports an instance whose class is gone and still runs the others', async () => {
    const env = await testEnv([Job, Singleton]);
    await env.engine.start(Singleton, {});
    const j = await env.engine.start(Job, {});
    const withoutSingleton = new Engine({ store: env.store, clock: env.clock, secret: 'test-environment-secret', automations: [Job] });
    env.clock.advance(60_000);
    const report = await withoutSingleton.runDue();
    expect(report.failed).toEqual([{ id: expect.any(String), automation: 'Singleton', error: 'No automation named "Singleton" is registered with this engine' }]);
    expect(report.ran.map((r) => r.id)).toEqual([j.id]);
  });

  it('runDue({ ids }) runs only those of the given instances that are due, skipping held ones', async () => {
    const env = await testEnv([Job]);
    const due = await env.engine.start(Job, {});
    const alsoDue = await env.engine.start(Job, {});
    const notGiven = await env.engine.start(Job, {});
    const finished = await env.engine.start(Job, { done: true });
    env.clock.advance(60_000);
    const report = await env.engine.runDue({ ids: [due.id, alsoDue.id, finished.id, 'missing'] });
    expect(report.ran.map((r) => r.id).sort()).toEqual([due.id, alsoDue.id].sort());
    expect((await env.engine.get(notGiven.id))!.updated).toBeLessThan(env.clock.now());
    expect(report.busy.sort()).toEqual([finished.id, 'missing'].sort());

    const version = (await env.engine.get(due.id))!.version; // just ran: due again only in a minute
    const early = await env.engine.runDue({ ids: [due.id] });
    expect(early).toEqual({ ran: [], busy: [due.id], failed: [] });
    expect((await env.engine.get(due.id))!.version).toBe(version); // skipped without a write
  });

  it('onRun sees every run: starts, messages, forms, the tick and background jobs', async () => {
    const seen: string[] = [];
    const env = await testEnv([Job], { onRun: (run) => void seen.push(`${run.id}:${run.status}`) });
    const j = await env.engine.start(Job, {});
    expect(seen).toEqual([`${j.id}:waiting`]);
    await env.advance({ minutes: 1 });
    expect(seen).toEqual([`${j.id}:waiting`, `${j.id}:waiting`]);
    await j.sendMessage('done');
    expect(seen.at(-1)).toBe(`${j.id}:finished`);
    expect(seen).toHaveLength(3);
  });

  it('an engine needs a real secret and a real time zone', async () => {
    const store = await createTestStore();
    expect(() => new Engine({ store, secret: 'short' })).toThrow('at least 16 bytes');
    expect(() => new Engine({ store, secret: 'long-enough-secret!', timeZone: 'Nowhere/City' })).toThrow('not an IANA time zone');
  });
});
