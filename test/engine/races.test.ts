import { describe, expect, it } from 'vitest';
import { Automation, flow as untyped, type Task } from '../../lib/engine/index.js';
import { testEnv } from '../support/env.js';

interface Data {
  ticks: number;
  poked?: number;
}
const flow = untyped.typed<Data>();
const executions = new Map<string, number>();
const count = (t: Task<Data>) => {
  executions.set(t.idempotencyKey, (executions.get(t.idempotencyKey) ?? 0) + 1);
  t.data.ticks += 1;
};

class Racy extends Automation<Data> {
  a = flow.Execute(count);
  b = flow.Execute(count).AfterWaitingFor({ minutes: 1 });
  c = flow.Execute(count).AsSoonAs((t) => (t.data.poked ?? 0) > 0);
  d = flow.Execute(count);
  end = flow.End();
  receivePoke() {
    this.data.poked = (this.data.poked ?? 0) + 1;
  }
}

describe('runners racing on the same instances', () => {
  it('tick, messages and explicit runs in parallel execute every node visit exactly once and lose no data', async () => {
    executions.clear();
    const env = await testEnv([Racy], { busyWaitMs: 5_000 });
    const instances = await Promise.all(Array.from({ length: 10 }, () => env.engine.start(Racy, { ticks: 0 })));
    env.clock.advance(60_000);
    const pokes = instances.flatMap((i) => [i, i, i].map((x) => env.engine.sendMessage(x.id, 'poke')));
    const runs = instances.map((i) => env.engine.run(i.id).catch((e: { code?: string }) => e.code));
    await Promise.all([env.engine.runDue(), env.engine.runDue(), ...pokes, ...runs]);
    await env.advance({ minutes: 10 });
    for (const instance of instances) {
      await instance.refresh();
      expect(instance.finished).toBe(true);
      expect(instance.data).toEqual({ ticks: 4, poked: 3 });
    }
    expect(executions.size).toBe(40);
    expect([...executions.values()].every((n) => n === 1)).toBe(true);
  });
});
