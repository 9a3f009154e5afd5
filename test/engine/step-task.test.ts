import { describe, expect, it } from 'vitest';
import { Automation, flow as untyped, type Task } from '../../lib/engine/index.js';
import { testEnv } from '../support/env.js';

interface Data {
  n?: number;
  replaced?: boolean;
  hours?: number;
  key?: string;
  seq?: number;
  sameServices?: boolean;
  created?: string;
}
const flow = untyped.typed<Data>();

class Replace extends Automation<Data> {
  swap = flow.Execute((t: Task<Data>) => {
    t.data = { replaced: true, n: 1 };
  });
  look = flow.Execute((t: Task<Data>) => {
    const { hoursSinceCreated, idempotencyKey, seq, created } = t; // what a node function may take apart
    t.data.hours = hoursSinceCreated();
    t.data.key = idempotencyKey;
    t.data.seq = seq;
    t.data.created = created.toISOString();
    t.data.sameServices = t.services === t.automation.services;
  });
  wait = flow.Execute((t: Task<Data>) => {
    t.data.hours = Math.round(t.hoursSinceCreated());
  }).AsSoonAs((t) => t.hoursSinceCreated() >= 3);
  end = flow.End();
}

describe('the task a node function receives', () => {
  it('replaces the data when assigned, reads through to the instance, and works taken apart', async () => {
    const env = await testEnv([Replace]);
    const started = env.clock.now();
    const instance = await env.engine.start(Replace, { n: 5 });
    expect(instance.status).toBe('waiting');
    expect(instance.data).toEqual({ replaced: true, n: 1, hours: 0, key: `${instance.id}:2`, seq: 2, created: new Date(started).toISOString(), sameServices: true });
    await env.advance({ hours: 4 });
    const done = (await env.engine.get(instance.id))!;
    expect(done.status).toBe('finished');
    expect(done.data.hours).toBeGreaterThanOrEqual(3); // counted from the wait's own task, opened at the start
    expect(done.data.hours).toBeLessThan(4);
  });
});
