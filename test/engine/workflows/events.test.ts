import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ActionRegistry, defineAction, type ActionDefinition } from '../../../lib/engine/actions/registry.js';
import { MemoryStore } from '../../../lib/engine/memory-store.js';
import { createTestEnvironment } from '../../../lib/engine/testing.js';
import { MemoryWorkflowEvents, type WorkflowEvent } from '../../../lib/engine/workflows/events.js';
import { ACTION_ATTEMPTS, ACTION_BACKOFF_MS, WorkflowRuntime } from '../../../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../../../lib/engine/workflows/service.js';
import type { WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { FaultyStore } from '../../support/faulty-store.js';
import { harness, PR, testDirectory, twoStages } from './support.js';

const rec = (on: string, note: string, order?: number) => ({ on, action: 'record', params: { note }, ...(order === undefined ? {} : { order }) }) as NonNullable<WorkflowDocument['actions']>[number];

describe('events and actions', () => {
  it('resolves actions at the most specific level that has any for the event (stage → pipeline → workflow → project → defaults), no mixing, by order', async () => {
    const h = await harness({ projectActions: [rec('rejected', 'project')] });
    const doc = twoStages({ actions: [rec('approved', 'workflow'), rec('movedToStage', 'workflow')] });
    doc.pipelines![0]!.actions = [rec('approved', 'pipeline')];
    doc.pipelines![0]!.stages![0]!.actions = [rec('approved', 'stage-b', 2), rec('approved', 'stage-a', 1)];
    await h.service.save(h.as('rita'), doc);
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' }); // s1: stage level
    await h.service.decide(h.as('omar'), a.id, { action: 'approve' }); // s2: pipeline level
    await h.service.decide(h.as('cora'), a.id, { action: 'reject', reason: 'no' }); // s3: project level
    expect(h.calls.map((c) => `${c.event}:${c.params.note}`)).toEqual([
      'approved:stage-a', 'approved:stage-b', 'movedToStage:workflow', 'approved:pipeline', 'movedToStage:workflow', 'rejected:project',
    ]);
    // defaults (email) only where nothing is configured: the start went to the current approver
    const started = h.mailer.sent.find((m) => m.subject.startsWith('Action required'));
    expect(started?.to).toEqual(['alice@acme.example']);
    expect(h.mailer.sent.some((m) => m.subject.startsWith('Approved'))).toBe(false);
  });

  it('runs actions after the commit under <attachment>:<seq>:<n>.<action>, publishing every event once', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages({ actions: [rec('approved', 'x'), rec('workflowStarted', 'y')] }));
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    expect(h.calls.map((c) => c.key)).toEqual([`${a.id}:1:1.record`, `${a.id}:2:1.record`]);
    expect(h.events.published.map((e) => e.id)).toEqual([`${a.id}:1`, `${a.id}:2`, `${a.id}:3`]);
    expect(h.events.published.map((e) => e.type)).toEqual(['workflowStarted', 'approved', 'movedToStage']);
  });

  it('a failing or false action is recorded and retried a bounded number of times on the engine\'s timers, and never undoes the decision', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages({ actions: [rec('approved', 'x')] }));
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    h.failures.left = 1;
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    let view = await h.service.view(h.as('rita'), a.id);
    expect(view.currentStage?.id).toBe('s2');
    expect(view.actions).toEqual([{ event: 'approved', seq: 2, action: 'record', status: 'pending', attempts: 1, error: 'Error: the downstream system is down' }]);
    await h.env.advance({ milliseconds: ACTION_BACKOFF_MS });
    view = await h.service.view(h.as('rita'), a.id);
    expect(view.actions).toEqual([]);
    expect(h.effects.size).toBe(1);
    // false counts as failure; after ACTION_ATTEMPTS attempts it is failed for good
    h.failures.left = 99;
    h.failures.falsy = true;
    await h.service.decide(h.as('omar'), a.id, { action: 'approve' });
    await h.env.advance({ hours: 1 });
    view = await h.service.view(h.as('rita'), a.id);
    expect(view.actions).toEqual([{ event: 'approved', seq: 4, action: 'record', status: 'failed', attempts: ACTION_ATTEMPTS, error: 'Error: the action returned false' }]);
    expect(view.currentPipeline?.id).toBe('p2');
    expect(h.calls.filter((c) => c.key === `${a.id}:4:1.record`)).toHaveLength(ACTION_ATTEMPTS);
  });

  it('the instance finishes once its actions are settled; the object is free for a new attachment as soon as the workflow ends', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), { slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals: [{ by: 'user', user: 'alice' }], actions: [rec('workflowCompleted', 'x')] });
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    h.failures.left = 1;
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    expect((await h.store.get(a.id))!.status).toBe('waiting');
    const b = await h.service.attach(h.as('rita'), 'one', { object: PR }); // no 409: the first one has completed
    expect(b.id).not.toBe(a.id);
    await h.env.advance({ minutes: 5 });
    expect((await h.store.get(a.id))!.status).toBe('finished');
    expect((await h.service.objectState(h.as('rita'), PR)).id).toBe(b.id);
  });
});

describe('crashes: every event published and every action done exactly once (by key)', () => {
  it('a runner killed at every write of a decision, before and after it lands, recovers with each event and action once', async () => {
    const doc: WorkflowDocument = {
      slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals: [{ by: 'user', user: 'alice' }],
      actions: [rec('approved', 'a1'), rec('approved', 'a2'), rec('workflowCompleted', 'c1')],
    };
    let crashes = 0;
    for (const when of ['before', 'after'] as const) {
      for (let k = 1; k <= 14; k++) {
        const inner = new MemoryStore();
        const events = new MemoryWorkflowEvents();
        const effects = new Map<string, number>();
        const build = (store: typeof inner | FaultyStore, clock?: number) => {
          const env = createTestEnvironment({ store, start: clock ?? '2026-03-02T08:00:00Z' });
          const actions = new ActionRegistry(defineAction({
            name: 'record', params: z.object({ note: z.string() }),
            run: async (_p, ctx) => void effects.set(ctx.idempotencyKey, (effects.get(ctx.idempotencyKey) ?? 0) + 1),
          }) as ActionDefinition<unknown>);
          const runtime = new WorkflowRuntime({ engine: env.engine, actions, directory: testDirectory(), events });
          return { env, service: new WorkflowService(runtime) };
        };
        const setup = build(inner);
        await setup.service.save({ id: 'rita', tenant: 'acme' }, doc);
        const a = await setup.service.attach({ id: 'rita', tenant: 'acme' }, 'one', { object: PR });
        const faulty = new FaultyStore(inner, k, when);
        const doomed = build(faulty, setup.env.clock.now());
        try {
          await doomed.service.decide({ id: 'alice', tenant: 'acme' }, a.id, { action: 'approve' });
        } catch (error) {
          if ((error as Error).name !== 'SimulatedCrash') throw error;
          crashes++;
        }
        // a new process: the tick takes over after the lease; the user retries a decision that never landed
        const after = build(inner, setup.env.clock.now());
        await after.env.advance({ minutes: 6 });
        const view = await after.service.view({ id: 'rita', tenant: 'acme' }, a.id);
        if (view.status === 'inProgress') await after.service.decide({ id: 'alice', tenant: 'acme' }, a.id, { action: 'approve' });
        await after.env.advance({ minutes: 6 });
        const final = await after.service.view({ id: 'rita', tenant: 'acme' }, a.id);
        expect(final.status, `crash ${when} write ${k}`).toBe('completed');
        expect(final.actions, `crash ${when} write ${k}`).toEqual([]);
        const keys = [...effects.keys()].sort();
        expect(keys, `crash ${when} write ${k}`).toEqual([`${a.id}:2:1.record`, `${a.id}:2:2.record`, `${a.id}:3:1.record`]);
        const unique = events.unique() as WorkflowEvent[];
        expect(unique.map((e) => e.type), `crash ${when} write ${k}`).toEqual(['workflowStarted', 'approved', 'workflowCompleted']);
        // repeats happen only under the same key, and at most once per crash
        for (const [key, n] of effects) expect(n, key).toBeLessThanOrEqual(2);
        expect((await inner.get(a.id))!.status).toBe('finished');
      }
    }
    expect(crashes).toBeGreaterThan(10);
  });
});
