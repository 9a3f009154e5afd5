import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/engine/clock.js';
import { Engine } from '../../lib/engine/engine.js';
import { Automation, flow as untyped, type AutomationClass, type Task } from '../../lib/engine/index.js';
import type { Store } from '../../lib/engine/store.js';
import { WebinarWorkflow } from '../../flows/webinar.js';
import { createDynamoTestStore } from '../support/dynamodb.js';
import { FaultyStore, SimulatedCrash } from '../support/faulty-store.js';

/**
 * Crash consistency: a runner dies at its k-th write (before the write lands, or after it
 * landed but before the runner learned), for every k of a flow. A new runner (a new engine
 * on the same table, as the next Lambda would be) takes over once the dead one's lease has
 * expired, and every instance must end correct: each node once in the history, the data as
 * if nothing had happened, and side effects at most once more than once — only for the node
 * whose commit the crash cut off, always under the same idempotency key.
 */

interface Data {
  email: string;
  log: string[];
}
const flow = untyped.typed<Data>();

/** Side effects per idempotency key, across every engine of a scenario. */
const effects = new Map<string, number>();
const effect = (name: string) => (t: Task<Data>) => {
  effects.set(t.idempotencyKey, (effects.get(t.idempotencyKey) ?? 0) + 1);
  t.data.log = [...t.data.log, name];
};

class Journey extends Automation<Data> {
  static override meta = { name: 'CrashJourney', unique: ['email'] };
  welcome = flow.Execute(effect('welcome'));
  remind = flow.Execute(effect('remind')).AfterWaitingFor({ hours: 1 });
  split = flow.Split().Next('left').Next('right');
  left = flow.Execute(effect('left')).Next('join');
  right = flow.Execute(effect('right')).AfterWaitingFor({ minutes: 5 }).Next('join');
  join = flow.Join();
  last = flow.Execute(effect('last'));
  end = flow.End();
}

const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const SECRET = 'crash-test-secret-0123456789';

/** Drives an instance to its end the way the deployment would: the scheduler's ticks, as time passes. */
async function drive(engine: Engine, clock: ManualClock, id: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const state = await engine.get(id);
    if (!state || state.status === 'finished' || state.status === 'error') return;
    if (state.dueAt === null) throw new Error(`instance ${id} waits for nothing the scheduler can give it`);
    if (state.dueAt > clock.now()) clock.set(state.dueAt); // past the dead runner's lease, or to the next timer
    await engine.runDue();
  }
  throw new Error(`instance ${id} did not finish`);
}

interface Scenario {
  cls: AutomationClass;
  data: () => Record<string, unknown>;
  /** Checks the finished instance (data, history). */
  check: (data: Record<string, unknown>, history: string[]) => void;
}

const scenarios: Record<string, Scenario> = {
  'a timer, a split with a timer on one path, a join (CrashJourney)': {
    cls: Journey,
    data: () => ({ email: `${Math.random().toString(36).slice(2)}@example.com`, log: [] }),
    check: (data, history) => {
      expect([...(data.log as string[])].sort()).toEqual(['last', 'left', 'remind', 'right', 'welcome']);
      expect((data.log as string[]).slice(0, 2)).toEqual(['welcome', 'remind']);
      expect(history.sort()).toEqual(
        ['welcome:OK', 'remind:OK', 'split:OK', 'left:OK', 'right:OK', 'join:OK', 'join:joined', 'last:OK', 'end:OK'].sort(),
      );
    },
  },
  'the example WebinarWorkflow (flows/webinar.ts)': {
    cls: WebinarWorkflow,
    data: () => ({ email: `${Math.random().toString(36).slice(2)}@example.com`, webinarAt: new Date(START + 2 * 86_400_000).toISOString() }),
    check: (data, history) => {
      expect(data.mails).toEqual(['welcome', 'reminder', 'replay']);
      expect(history).toEqual(['start:OK', 'sendWelcomeMail:OK', 'sendReminder:OK', 'sendReplayOffer:OK', 'end:OK']);
    },
  },
};

async function run(store: Store, clock: ManualClock, scenario: Scenario, data: Record<string, unknown>): Promise<string> {
  const engine = new Engine({ store, clock, secret: SECRET, automations: [scenario.cls] });
  const instance = await engine.start(scenario.cls, data);
  await drive(engine, clock, instance.id);
  return instance.id;
}

describe('crash consistency on DynamoDB', () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`${name}: recovers from a crash at every write`, { timeout: 60_000 }, async () => {
      const store = await createDynamoTestStore();

      // A clean run counts the writes of the flow.
      const counter = new FaultyStore(store);
      effects.clear();
      const cleanId = await run(counter, new ManualClock(START), scenario, scenario.data());
      const writes = counter.writes;
      expect(writes).toBeGreaterThan(4);
      expect([...effects.values()].every((n) => n === 1)).toBe(true);

      let doubled = 0;
      for (const when of ['before', 'after'] as const) {
        for (let k = 1; k <= writes; k++) {
          effects.clear();
          const clock = new ManualClock(START);
          const data = scenario.data();
          const faulty = new FaultyStore(store, k, when);
          const crashed = await run(faulty, clock, scenario, data).then(
            () => false,
            (error: unknown) => {
              if (error instanceof SimulatedCrash) return true;
              throw error;
            },
          );
          const context = `crash ${when} write ${k} of ${writes}`;
          expect(crashed, context).toBe(true);

          // The next runner: the client retries a start that failed; the scheduler does the rest.
          const engine = new Engine({ store, clock, secret: SECRET, automations: [scenario.cls] });
          const id = faulty.created[0]!;
          let existing = await store.get(id);
          if (!existing) {
            const retried = await engine.start(scenario.cls, data);
            existing = await store.get(retried.id);
          }
          await drive(engine, clock, existing!.id);

          const state = (await store.get(existing!.id))!;
          expect(state.status, context).toBe('finished');
          expect(state.lease, context).toBeNull();
          expect(state.dueAt, context).toBeNull();
          const tasks = await store.tasks(state.id);
          expect(tasks.every((t) => t.finished !== null), context).toBe(true);
          scenario.check(state.data, tasks.map((t) => `${t.node}:${t.message}`));
          if (state.uniqueKey !== null) expect(await store.findUnique(state.uniqueKey), context).toBeUndefined();

          // At-least-once: a node runs again only if the crash cut off the commit of its outcome — with
          // several nodes of one activation committed together, each of them once more, each under its own key.
          const counts = [...effects.values()];
          expect(counts.every((n) => n === 1 || n === 2), context).toBe(true);
          doubled += counts.filter((n) => n === 2).length;
          await store.delete(state.id);
        }
      }
      // The crashes did hit between an effect and its commit at least once (or the test proves nothing about it).
      if (scenario.cls === Journey) expect(doubled).toBeGreaterThan(0);
      await store.delete(cleanId);
    });
  }
});
