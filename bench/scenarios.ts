/**
 * The flows the cost benches drive, declared once: bench/write-units.ts (engine writes only)
 * and bench/cost.ts (all in, each activation on its deployed path) run the same scenarios
 * through `driveScenario`, each with its own way of delivering an activation.
 *
 * An instance is driven to its end (or, for a flow that never ends, to its horizon): started,
 * sent the scenario's messages right after the start, its forms submitted as they open, and its
 * timers fired by advancing the virtual clock to each due time.
 */
import { MemoryMailer } from '../lib/engine/mail.js';
import type { ManualClock } from '../lib/engine/clock.js';
import type { AutomationClass } from '../lib/engine/definition.js';
import type { Engine } from '../lib/engine/engine.js';
import { Form } from '../lib/engine/nodes/form.js';
import type { InstanceState } from '../lib/engine/state.js';
import { DailyDigest, IssueDiscussion, ProcessInput, WebinarWorkflow } from '../flows/index.js';
import { Straight } from './straight-flow.js';

export const START = Date.UTC(2026, 2, 2, 8, 0, 0);
export const DAY = 86_400_000;
/** Who submits the scenarios' forms: a member of every group the example forms are assigned to. */
export const APPROVER = { id: 'ann', groups: ['approvers', 'Moderators'] };

export { Straight };

export interface Scenario {
  name: string;
  cls: AutomationClass;
  /** The instance's data, given its index and the (virtual) time it starts at. */
  data: (i: number, now: number) => Record<string, unknown>;
  /** Messages sent right after the start. */
  messages?: { message: string; data?: Record<string, unknown> }[];
  /** Values for every form task the flow opens. */
  form?: Record<string, unknown>;
  /** For flows that never end: how far to run them. */
  horizon?: number;
}

/** The straight flow: the "≤ 1.2 write units per node on straight runs" figure. */
export const STRAIGHT: Scenario = { name: 'Straight (5 nodes)', cls: Straight, data: () => ({ n: 0 }) };

/** The example flows of flows/: the "mean over the example flows" figures. */
export const EXAMPLES: readonly Scenario[] = [
  {
    name: 'WebinarWorkflow (5 nodes, 2 timers)',
    cls: WebinarWorkflow,
    data: (i, now) => ({ email: `user${i}-${Math.random()}@example.com`, webinarAt: new Date(now + 2 * DAY).toISOString() }),
  },
  { name: 'ProcessInput, small amount (no approval)', cls: ProcessInput, data: (i) => ({ requester: `r${i}`, amount: 100 }) },
  { name: 'ProcessInput, large amount (approval form)', cls: ProcessInput, data: (i) => ({ requester: `r${i}`, amount: 50_000 }), form: { approved: true, comment: 'fine' } },
  {
    name: 'IssueDiscussion (split, hourly loop, form, join)',
    cls: IssueDiscussion,
    data: (i, now) => ({ issue: `#${i}`, deadline: new Date(now + 2 * DAY).toISOString(), confCallThisWeek: true }),
    messages: [{ message: 'newMail' }, { message: 'newMail' }],
    form: { approved: 2, rejected: 0 },
  },
  {
    name: 'DailyDigest (Repeat, 3 days)',
    cls: DailyDigest,
    data: () => ({ queue: [], sent: [] }),
    messages: [{ message: 'item', data: { title: 'a' } }, { message: 'item', data: { title: 'b' } }],
    horizon: 3 * DAY,
  },
];

/** The services the example flows reach (mail kept in memory; DailyDigest posts nowhere, so no HTTP). */
export function benchServices(): { mailer: MemoryMailer } {
  return { mailer: new MemoryMailer() };
}

/** How a bench delivers each kind of activation (and what it counts around it). */
export interface ScenarioDriver {
  start(scenario: Scenario, data: Record<string, unknown>): Promise<string>;
  /** The scenario's n-th message. */
  message(id: string, message: { message: string; data?: Record<string, unknown> }, n: number): Promise<void>;
  submitForm(id: string, task: number, values: Record<string, unknown>): Promise<void>;
  /** The instance's timer fires at `dueAt` (the clock already stands there). */
  timer(id: string, dueAt: number): Promise<void>;
  /** Reads the instance between activations (outside the accounting). */
  read(id: string): Promise<InstanceState | undefined>;
}

/** Drives instance `i` of `scenario` to its end or its horizon; returns its id. */
export async function driveScenario(engine: Engine, clock: ManualClock, scenario: Scenario, i: number, driver: ScenarioDriver): Promise<string> {
  const id = await driver.start(scenario, scenario.data(i, clock.now()));
  for (const [n, m] of (scenario.messages ?? []).entries()) await driver.message(id, m, n);
  const end = clock.now() + (scenario.horizon ?? 30 * DAY);
  for (let step = 0; step < 500; step++) {
    const state = await driver.read(id);
    if (!state || state.status === 'finished' || state.status === 'error') break;
    const def = engine.definition(state.automation);
    const form = state.paths.find((p) => p.task !== null && def.byName.get(p.node)?.node instanceof Form);
    if (form && scenario.form) {
      await driver.submitForm(id, form.task!, scenario.form);
      continue;
    }
    if (state.dueAt === null || state.dueAt > end) break;
    if (state.dueAt > clock.now()) clock.set(state.dueAt);
    await driver.timer(id, state.dueAt);
  }
  return id;
}

/** Fails the bench when an instance stopped on an error: a figure over a broken run is not a figure. */
export function assertNoError(scenario: Scenario, state: InstanceState | undefined): void {
  if (state?.status === 'error') throw new Error(`${scenario.name}: instance ${state.id} stopped on an error at ${state.error?.node}: ${state.error?.message}`);
}
