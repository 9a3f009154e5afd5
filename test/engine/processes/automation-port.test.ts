import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ActionRegistry, createStartAutomationAction, defineAction } from '../../../lib/engine/actions/index.js';
import { Automation, createTestEnvironment, flow } from '../../../lib/engine/index.js';
import { ProcessRuntime } from '../../../lib/engine/processes/runtime.js';
import { ProcessService } from '../../../lib/engine/processes/service.js';
import { createTestStore } from '../../support/backend.js';

class Onboarding extends Automation<{ user: string; nudges?: number }> {
  start = flow.Execute(() => undefined).AsSoonAs(() => false);
  end = flow.End();
  receiveNudge() {
    this.data.nudges = (this.data.nudges ?? 0) + 1;
    return 'nudged';
  }
}

async function setup() {
  const env = createTestEnvironment({ start: '2026-03-02T08:00:00Z', store: await createTestStore(), automations: [Onboarding] });
  let attempts = 0;
  let sends = 0;
  const actions = new ActionRegistry(
    createStartAutomationAction(),
    // starts the automation, then fails the first time: the effect happened, the result was not recorded (as after a crash)
    defineAction({
      name: 'startThenFail',
      params: z.object({}),
      run: async (_p, ctx) => {
        const { id } = await ctx.automations.start('Onboarding', { user: 'ann' }, { idempotencyKey: ctx.idempotencyKey });
        attempts += 1;
        if (attempts === 1) throw new Error('lost after the start');
        return { id };
      },
    }),
    // sends a message, then fails the first time (the message was applied, the result not recorded)
    defineAction({
      name: 'nudgeThenFail',
      params: z.object({ instance: z.string() }),
      run: async (p, ctx) => {
        await ctx.automations.sendMessage({ id: p.instance, automation: 'Onboarding' }, 'nudge', {}, { idempotencyKey: ctx.idempotencyKey });
        sends += 1;
        if (sends === 1) throw new Error('lost after the message');
        return { sent: true };
      },
    }),
  );
  const runtime = new ProcessRuntime({ engine: env.engine, actions });
  return { env, runtime, service: new ProcessService(runtime) };
}

const instancesOf = async (env: Awaited<ReturnType<typeof setup>>['env']) => (await env.store.list({ automation: 'Onboarding', limit: 50 })).items.map((i) => i.id);

describe('startAutomation from a job: exactly once under the task idempotency key', () => {
  it('a task attempt repeated after its effect starts no second instance; the repeat returns the first', async () => {
    const { env, service } = await setup();
    await service.save({ name: 'onboard', tasks: [{ name: 'start', action: 'startThenFail', retry: { attempts: 2, backoff: '1m' } }] });
    const job = await service.runNow('onboard');
    expect(job.tasks[0]).toMatchObject({ status: 'awaiting', attempts: 1 });
    await env.advance({ minutes: 1 });
    const done = await service.getJob(job.id);
    expect(done.tasks[0]).toMatchObject({ status: 'finished', attempts: 2 });
    const ids = await instancesOf(env);
    expect(ids).toHaveLength(1);
    expect(done.tasks[0]!.output).toEqual({ id: ids[0] });
  });

  it('two attempts under one key at once create one instance; another key (a new visit) creates another', async () => {
    const { env, runtime } = await setup();
    const port = runtime.automationPort();
    const [a, b] = await Promise.all([
      port.start('Onboarding', { user: 'ann' }, { idempotencyKey: 'job-1:start:1' }),
      port.start('Onboarding', { user: 'ann' }, { idempotencyKey: 'job-1:start:1' }),
    ]);
    expect(a.id).toBe(b.id);
    const c = await port.start('Onboarding', { user: 'ann' }, { idempotencyKey: 'job-1:start:2' });
    expect(c.id).not.toBe(a.id);
    expect((await instancesOf(env)).sort()).toEqual([a.id, c.id].sort());
  });

  it('sendMessage: a task attempt repeated after the message was applied does not apply it again (the target keeps the delivery mark)', async () => {
    const { env, service } = await setup();
    const target = await env.engine.start(Onboarding, { user: 'bob' });
    await service.save({ name: 'nudge', tasks: [{ name: 'nudge', action: 'nudgeThenFail', params: { instance: target.id }, retry: { attempts: 2, backoff: '1m' } }] });
    const job = await service.runNow('nudge');
    expect(job.tasks[0]).toMatchObject({ status: 'awaiting', attempts: 1 });
    await env.advance({ minutes: 1 });
    expect((await service.getJob(job.id)).tasks[0]).toMatchObject({ status: 'finished', attempts: 2 });
    expect((await env.store.get(target.id))!.data.nudges).toBe(1);
  });
});
