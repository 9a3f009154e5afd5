import type { Clock } from '../engine/clock.js';
import type { AutomationClass } from '../engine/definition.js';
import { Engine, type FlowSource } from '../engine/engine.js';
import type { BackgroundJob, RunResult } from '../engine/run-result.js';
import type { Store } from '../engine/store.js';
import { eventTriggersOf, type BoundTrigger } from '../engine/event-triggers.js';
import type { Inbox } from './inbox.js';
import type { AutomationSecrets } from './secrets.js';
import { HANDOVER_INDEX_LAG_MS, MAX_DELAY_SECONDS, MemoryHandoverMark, timerFor, type DueWindow, type HandoverMark, type TimerScheduler } from './timers.js';
import { ActionRegistry, createBuiltInActions, type ActionDefinition, type ActionLogger, type HttpActionConfig } from '../engine/actions/index.js';
import type { ProcessRuntime } from '../engine/processes/runtime.js';
import type { ProcessService } from '../engine/processes/service.js';
import { PROCESS_KIND, SCHEDULE_KIND, type ProcessDocument } from '../engine/processes/types.js';
import { WORKFLOW_KIND } from '../engine/workflows/types.js';
import type { WorkerJob } from './jobs.js';
import { onFirstUse } from './lazy.js';
import { consoleLogger } from './log.js';
import type { WorkflowSurface } from './workflow-surface.js';

export interface RuntimeSettings {
  /**
   * Time waits at most this far ahead get a timer message when they are set; the tick hands
   * later ones over when they come this near (at most SQS's 15-minute delay, less the index lag).
   */
  timerHorizonMs: number;
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
  timerHorizonMs: 2 * 60_000,
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
  /** How far the tick has handed the due index over to timers. */
  readonly handoverMark: HandoverMark;
  /** Starts the worker function asynchronously (Lambda Event invoke, or a local promise): an accelerator, never the only copy of work. */
  invokeWorker(job: WorkerJob): Promise<void>;
  /** Sends the timer a run asks for (done for every run automatically); a failure is logged, the tick covers it. */
  scheduleTimer(request: { instanceId: string; at: number }): Promise<void>;
  /**
   * Approval workflows (issue 10), when the composition root wires them (workflow-wiring.ts):
   * built on first use (a route, an object event, or an attachment's instance to run), like `processes`.
   */
  readonly workflows?: () => Promise<WorkflowSurface>;
  /**
   * Processes (definitions as data, jobs, schedules) on this engine: what the API, CLI and
   * dashboard call. Built on first use (process-wiring.ts, a chunk of its own in the Lambda
   * bundles, so a cold start that runs no process does not compile it); the engine loads it
   * itself when it runs a job or a scheduler.
   */
  processes(): Promise<ProcessSurface>;
  /**
   * Saves the processes declared in code (flows/) whose document differs from the stored head,
   * once per runtime (the local stack at start-up, each Lambda container at its first tick).
   * A declared process that fails validation is logged and left out; the others are saved.
   */
  syncDeclaredProcesses(): Promise<DeclaredProcessSync[]>;
}

export interface ProcessSurface {
  service: ProcessService;
  runtime: ProcessRuntime;
}

export interface DeclaredProcessSync {
  name: string;
  /** true: a new version was saved; false: the stored head was the same; 'invalid': refused (logged). */
  saved: boolean | 'invalid';
}

/** Where declared processes are loaded: the local stack (its own URL) or a deployed stack. */
export interface ProcessEnvironment {
  local: boolean;
  /** The API's base URL when known (always locally). */
  baseUrl: string | null;
}

/** Processes declared in code: documents, or a function of the environment (flows/index.ts `processes`). */
export type DeclaredProcesses = readonly ProcessDocument[] | ((env: ProcessEnvironment) => readonly ProcessDocument[]);

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
  /** Where the tick keeps its hand-over mark (default: in memory, for tests). */
  handoverMark?: HandoverMark;
  settings?: Partial<RuntimeSettings>;
  clock?: Clock;
  timeZone?: string;
  /** Builds the approval workflows on the engine (workflow-wiring.ts `workflowParts`); called on first use. */
  workflows?: (engine: Engine, inbox: Inbox) => WorkflowSurface | Promise<WorkflowSurface>;
  /** Actions the deploying team registers (flows/index.ts `actions`), beside http, startAutomation and sendMessage. */
  actions?: readonly ActionDefinition<unknown>[];
  /** The http action's allowlist and limits; default: ATM_HTTP_ALLOWED_HOSTS and ATM_HTTP_ALLOW_LOOPBACK_HTTP. */
  http?: HttpActionConfig;
  /** Processes declared in code, saved by `syncDeclaredProcesses`. */
  processes?: DeclaredProcesses;
  processEnvironment?: ProcessEnvironment;
  /** A task's timeout when its definition gives none (default 5 minutes). */
  defaultTaskTimeoutMs?: number;
  /** What flows reach as `task.services` (lib/engine/services.ts): `flowServices(...)` of lib/app/services.ts. */
  services?: object;
  /** Where the runtime logs (Powertools in Lambda); default: warnings and errors to the console as JSON. */
  logger?: ActionLogger;
}

/**
 * Builds the engine and wires the runtime around it: every run that parks on a time wait
 * gets a precise timer; threaded nodes go to `dispatchBackground`.
 */
export function createRuntime(parts: RuntimeParts): Runtime {
  const settings = { ...DEFAULT_SETTINGS, ...parts.settings };
  if (!(settings.timerHorizonMs >= 0 && settings.timerHorizonMs + HANDOVER_INDEX_LAG_MS <= MAX_DELAY_SECONDS * 1000)) {
    throw new Error(`timerHorizonMs must be between 0 and ${MAX_DELAY_SECONDS * 1000 - HANDOVER_INDEX_LAG_MS} (SQS delays messages at most ${MAX_DELAY_SECONDS} s), got ${settings.timerHorizonMs}`);
  }
  const logger = parts.logger ?? consoleLogger;
  const scheduleTimer = async (request: { instanceId: string; at: number }) => {
    try {
      await parts.timers.schedule([request]);
    } catch (error) {
      // The tick still runs the instance within a minute of its due time.
      logger.warn('Could not start a timer; the tick will run the instance', { instanceId: request.instanceId, at: request.at, error });
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
    ...(parts.services ? { services: parts.services } : {}),
    // every run that parks on a time wait within the horizon gets a timer message
    onRun: async (run: RunResult) => {
      const timer = timerFor(run, engine.clock.now(), settings.timerHorizonMs);
      if (timer) await scheduleTimer(timer);
    },
  });
  // built here, not on first use: a bad action (a name taken, no schema) is a deployment error
  const actions = new ActionRegistry(...createBuiltInActions(parts.http ? { http: parts.http } : {}), ...(parts.actions ?? []));
  const processes = onFirstUse(async () => (await import('./process-wiring.js')).processParts({
    engine, actions, logger, ...(parts.defaultTaskTimeoutMs === undefined ? {} : { defaultTaskTimeoutMs: parts.defaultTaskTimeoutMs }),
  }));
  loadsFlowSource(engine, [PROCESS_KIND, SCHEDULE_KIND], processes);
  const makeWorkflows = parts.workflows;
  const workflows = makeWorkflows ? onFirstUse(async () => makeWorkflows(engine, parts.inbox)) : undefined;
  if (workflows) loadsFlowSource(engine, [WORKFLOW_KIND], workflows);
  const declared = parts.processes;
  const env = parts.processEnvironment ?? { local: false, baseUrl: null };
  const syncDeclaredProcesses = onFirstUse(async (): Promise<DeclaredProcessSync[]> => {
    const documents = typeof declared === 'function' ? declared(env) : (declared ?? []);
    if (documents.length === 0) return []; // nothing to save: the process runtime need not load
    const [{ syncProcesses }, { service }] = await Promise.all([import('./process-wiring.js'), processes()]);
    return syncProcesses(service, logger, documents, env); // a store error: the next call tries again (onFirstUse)
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
    handoverMark: parts.handoverMark ?? new MemoryHandoverMark(),
    invokeWorker: parts.invokeWorker,
    scheduleTimer,
    ...(workflows ? { workflows } : {}),
    processes,
    syncDeclaredProcesses,
  };
}

/**
 * Lets the engine run instances of `kinds` before their runtime is built: the first such
 * instance builds it (`load`), whose constructor registers the real source of those kinds.
 */
function loadsFlowSource(engine: Engine, kinds: readonly string[], load: () => Promise<unknown>): void {
  for (const kind of kinds) {
    const placeholder: FlowSource = {
      resolve: async (ref) => {
        await load();
        const source = engine.flowSource(kind);
        if (!source || source === placeholder) throw new Error(`Building the runtime of "${kind}" definitions registered no flow source for them`);
        return source.resolve(ref);
      },
    };
    engine.useFlowSource(kind, placeholder);
  }
}
