import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ActionRegistry, defineAction, type ActionDefinition } from '../../../lib/engine/actions/registry.js';
import type { Identity } from '../../../lib/engine/identity.js';
import type { Store } from '../../../lib/engine/store.js';
import { createTestEnvironment } from '../../../lib/engine/testing.js';
import { MemoryWorkflowEvents, type WorkflowEvent } from '../../../lib/engine/workflows/events.js';
import { WorkflowRuntime } from '../../../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../../../lib/engine/workflows/service.js';
import type { WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { createTestStore } from '../../support/backend.js';
import { FaultyStore } from '../../support/faulty-store.js';
import { testDirectory } from './support.js';

/**
 * Racing decisions with a crash between the decision's commit and its outbox (and around it),
 * on the project's store — DynamoDB Local in the `dynamodb` project. One racer's process dies
 * at its k-th write, before or after the write lands; the others race it on healthy processes.
 * A new process then takes over (the tick, after the lease). Whatever the interleaving: the
 * step completes with exactly the votes it needs, every event is published once, every action
 * is done once by its key, and the status index lists the attachment as completed.
 */
const TEAM = ['qa1', 'qa2', 'qa3', 'qa4', 'qa5'];
const who = (id: string): Identity => ({ id, tenant: 'acme', groups: ['quorum-team'] });
const rec = (on: 'approved' | 'workflowCompleted') => ({ on, action: 'record', params: { note: on } });

const CASES: { name: string; strategy: 'anyone' | 'all' | { quorum: number }; racers: string[]; votes: number }[] = [
  { name: 'anyone', strategy: 'anyone', racers: ['qa1', 'qa2', 'qa3'], votes: 1 },
  { name: 'all', strategy: 'all', racers: TEAM, votes: 5 },
  { name: 'quorum 2', strategy: { quorum: 2 }, racers: ['qa1', 'qa2', 'qa3'], votes: 2 },
];

describe('racing decisions with a crash between commit and outbox: every event and action exactly once', () => {
  for (const c of CASES) {
    it(`${c.name}: one decision per needed vote wins, the rest get 409, and after the crash each event and action happens once`, { timeout: 240_000 }, async () => {
      const store: Store = await createTestStore();
      const events = new MemoryWorkflowEvents();
      const effects = new Map<string, number>();
      const build = (s: Store, at: number | string) => {
        const env = createTestEnvironment({ store: s, start: at, busyWaitMs: 50 });
        const actions = new ActionRegistry(defineAction({
          name: 'record', params: z.object({ note: z.string() }),
          run: async (_p, ctx) => void effects.set(ctx.idempotencyKey, (effects.get(ctx.idempotencyKey) ?? 0) + 1),
        }) as ActionDefinition<unknown>);
        const runtime = new WorkflowRuntime({ engine: env.engine, actions, directory: testDirectory(), events });
        return { env, runtime, service: new WorkflowService(runtime) };
      };
      const doc: WorkflowDocument = {
        slug: 'race', tenant: 'acme', name: { en: 'Race' }, strategy: 'single',
        approvals: [{ by: 'group', group: 'quorum-team', strategy: c.strategy }], actions: [rec('approved'), rec('workflowCompleted')],
      };
      const setup = build(store, '2026-03-02T08:00:00Z');
      await setup.service.save(who('rita'), doc);
      let clock = setup.env.clock.now();
      let crashes = 0;
      for (const when of ['before', 'after'] as const) {
        for (let k = 1; k <= 3; k++) {
          const context = `${c.name}: crash ${when} write ${k}`;
          const a = await build(store, clock).service.attach(who('rita'), 'race', { object: { type: 'PurchaseRequest', id: `${c.name}-${when}-${k}` } });
          const doomed = build(new FaultyStore(store, k, when), clock);
          const [first, ...rest] = c.racers;
          const outcomes = await Promise.allSettled([
            doomed.service.decide(who(first!), a.id, { action: 'approve' }),
            ...rest.map((user) => build(store, clock).service.decide(who(user), a.id, { action: 'approve' })),
          ]);
          for (const o of outcomes) {
            if (o.status === 'fulfilled') continue;
            const error = o.reason as { name: string; status?: number };
            if (error.name === 'SimulatedCrash') crashes++;
            else expect(error.status, `${context}: ${String(error)}`).toBe(409); // lost the race (busy or the step moved on)
          }
          // a new process: the tick takes over after the lease; users whose decision never landed try again
          const after = build(store, clock);
          await after.env.advance({ minutes: 6 });
          for (let round = 0; round < 3; round++) {
            for (const user of c.racers) {
              const view = await after.service.view(who('rita'), a.id);
              if (view.status !== 'inProgress') break;
              if (view.timeline.some((t) => (t.type === 'voted' || t.type === 'approved') && t.by === user)) continue;
              await after.service.decide(who(user), a.id, { action: 'approve' }).catch((error: { status?: number }) => expect(error.status, context).toBe(409));
            }
          }
          await after.env.advance({ minutes: 6 });
          clock = after.env.clock.now();

          const final = await after.service.view(who('rita'), a.id);
          expect(final.status, context).toBe('completed');
          expect(final.actions, context).toEqual([]);
          const votes = final.timeline.filter((t) => t.type === 'voted' || t.type === 'approved');
          expect(votes, context).toHaveLength(c.votes);
          expect(new Set(votes.map((v) => v.by)).size, context).toBe(c.votes); // nobody counted twice
          const mine = (events.unique() as WorkflowEvent[]).filter((e) => e.attachment === a.id);
          expect(mine.map((e) => e.type), context).toEqual(['workflowStarted', 'approved', 'workflowCompleted']);
          // a repeated publication is the same event (same id and content), never a second occurrence
          for (const e of events.published.filter((p) => p.attachment === a.id)) expect(e, context).toEqual(mine.find((m) => m.id === e.id));
          const keys = [...effects.keys()].filter((key) => key.startsWith(`${a.id}:`)).sort();
          expect(keys, context).toEqual([`${a.id}:2:1.record`, `${a.id}:3:1.record`]);
          for (const key of keys) expect(effects.get(key)!, key).toBeLessThanOrEqual(2); // at most once more, under the same key, after a crash
          expect((await after.service.listAttachments(who('rita'), { status: 'completed' })).map((x) => x.id), context).toContain(a.id);
          expect((await after.service.listAttachments(who('rita'), { status: 'inProgress' })).map((x) => x.id), context).not.toContain(a.id);
        }
      }
      expect(crashes).toBeGreaterThan(0);
    });
  }
});
