import type { Clock } from '../../lib/engine/clock.js';
import type { AutomationClass } from '../../lib/engine/definition.js';
import { Engine } from '../../lib/engine/engine.js';
import type { BackgroundJob, RunResult } from '../../lib/engine/run-result.js';
import type { Store } from '../../lib/engine/store.js';
import { eventTriggersOf, type BoundTrigger } from '../../lib/aws/event-triggers.js';
import type { Inbox } from '../../lib/aws/inbox.js';
import type { AutomationSecrets } from '../../lib/aws/secrets.js';
import { timerFor, type DueWindow, type TimerScheduler } from '../../lib/aws/timers.js';
import type { WorkerJob } from './jobs.js';
import { logger } from './observability.js';
import type { WorkflowSurface } from './workflow-surface.js';

export interface RuntimeSettings {
  /** Time waits at most this far ahead get a Step Functions timer right away; the tick hands over later ones. */
  timerHorizonMs: number;
  /** How far before the horizon the tick looks for waits to hand over (covers missed ticks). */
  handoffWindowMs: number;
  /** Due instances one tick invocation runs itself; more are fanned out to workers in batches of this size. */
  tickBatchSize: number;
  /** Instances run in parallel within a batch. */
  tickConcurrency: number;
  /** The most due instances one tick takes on (the next tick takes the rest). */
  tickMaxDue: number;
  retentionDays: number;
  webhookToleranceSeconds: number;
  /** How long applied deliveries (webhooks, events) are kept: a repeat within it is answered as a duplicate. */
  idempotencySeconds: number;
  /** How long an attempt at a delivery may take before the tick tries it again (and how long after acceptance the tick first looks). */
  deliveryGraceMs: number;
  /** Failed attempts (a busy instance does not count) after which a delivery is dead-lettered. */
  deliveryMaxAttempts: number;
  /** Times an attempt retries a busy instance itself before leaving the delivery to the tick. */
  deliveryBusyRetries: number;
  /** Pending deliveries one tick takes on (beyond tickBatchSize, fanned out to workers). */
  deliveryMaxDue: number;
  /** How long a runner holds an instance before others may take over (the engine's lease). */
  leaseMs: number;
  /** Request bodies above this are refused with 413. */
  maxBodyBytes: number;
}

export const DEFAULT_SETTINGS: RuntimeSettings = {
  timerHorizonMs: 24 * 3_600_000,
  handoffWindowMs: 10 * 60_000,
  tickBatchSize: 50,
  tickConcurrency: 8,
  tickMaxDue: 2_500,
  retentionDays: 30,
  webhookToleranceSeconds: 300,
  idempotencySeconds: 24 * 3_600,
  deliveryGraceMs: 120_000,
  deliveryMaxAttempts: 5,
  deliveryBusyRetries: 3,
  deliveryMaxDue: 1_000,
  leaseMs: 5 * 60_000,
  maxBodyBytes: 256 * 1024,
};

/** Everything a handler needs, built once per container (or once by the local stack). */
export interface Runtime {
  readonly engine: Engine;
  readonly store: Store;
  readonly secrets: AutomationSecrets;
  readonly settings: RuntimeSettings;
  readonly triggers: ReadonlyMap<string, BoundTrigger>;
  /** Accepted deliveries (webhooks, events), durable until applied or dead. */
  readonly inbox: Inbox;
  readonly timers: TimerScheduler;
  /** Range reads of the due index for the horizon hand-over; absent on stores without one. */
  readonly dueWindow: DueWindow | undefined;
  /** Starts the worker function asynchronously (Lambda Event invoke, or a local promise): an accelerator, never the only copy of work. */
  invokeWorker(job: WorkerJob): Promise<void>;
  /** Starts the timer a run asks for (done for every run automatically; exposed for the tick's hand-over). */
  scheduleTimer(request: { instanceId: string; at: number }): Promise<void>;
  /** Approval workflows (issue 10), when the composition root wires them (workflow-wiring.ts). */
  readonly workflows?: WorkflowSurface;
}

export type RuntimeProvider = () => Promise<Runtime>;

export interface RuntimeParts {
  store: Store;
  secrets: AutomationSecrets;
  automations: readonly AutomationClass[];
  timers: TimerScheduler;
  /** Where threaded Execute nodes go; inline after the run when omitted. */
  dispatchBackground?: (job: BackgroundJob) => Promise<void>;
  invokeWorker: (job: WorkerJob) => Promise<void>;
  inbox: Inbox;
  dueWindow?: DueWindow;
  settings?: Partial<RuntimeSettings>;
  clock?: Clock;
  timeZone?: string;
  /** Builds the approval workflows on the engine (workflow-wiring.ts `workflowParts`). */
  workflows?: (engine: Engine, inbox: Inbox) => WorkflowSurface;
}

/**
 * Builds the engine and wires the runtime around it: every run that parks on a time wait
 * gets a precise timer; threaded nodes go to `dispatchBackground`.
 */
export function createRuntime(parts: RuntimeParts): Runtime {
  const settings = { ...DEFAULT_SETTINGS, ...parts.settings };
  const scheduleTimer = async (request: { instanceId: string; at: number }) => {
    try {
      await parts.timers.schedule(request);
    } catch (error) {
      // The tick still runs the instance within a minute of its due time.
      logger.warn('Could not start a timer; the tick will run the instance', { instanceId: request.instanceId, at: request.at, error: error as Error });
    }
  };
  const engine: Engine = new Engine({
    store: parts.store,
    automations: parts.automations,
    secret: parts.secrets.engineSecret,
    lease: settings.leaseMs,
    ...(parts.clock ? { clock: parts.clock } : {}),
    ...(parts.timeZone ? { timeZone: parts.timeZone } : {}),
    ...(parts.dispatchBackground ? { dispatchBackground: parts.dispatchBackground } : {}),
    // every run that parks on a time wait within the horizon gets a precise timer
    onRun: async (run: RunResult) => {
      const timer = timerFor(run, engine.clock.now(), settings.timerHorizonMs);
      if (timer) await scheduleTimer(timer);
    },
  });
  return {
    engine,
    store: parts.store,
    secrets: parts.secrets,
    settings,
    triggers: new Map(eventTriggersOf(parts.automations).map((t) => [t.id, t])),
    inbox: parts.inbox,
    timers: parts.timers,
    dueWindow: parts.dueWindow,
    invokeWorker: parts.invokeWorker,
    scheduleTimer,
    ...(parts.workflows ? { workflows: parts.workflows(engine, parts.inbox) } : {}),
  };
}
