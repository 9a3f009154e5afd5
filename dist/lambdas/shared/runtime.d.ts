import type { Clock } from '../../lib/engine/clock.js';
import type { AutomationClass } from '../../lib/engine/definition.js';
import { Engine } from '../../lib/engine/engine.js';
import type { BackgroundJob } from '../../lib/engine/run-result.js';
import type { Store } from '../../lib/engine/store.js';
import { type BoundTrigger } from '../../lib/aws/event-triggers.js';
import type { Inbox } from '../../lib/aws/inbox.js';
import type { AutomationSecrets } from '../../lib/aws/secrets.js';
import { type DueWindow, type TimerScheduler } from '../../lib/aws/timers.js';
import { type ActionDefinition, type HttpActionConfig } from '../../lib/engine/actions/index.js';
import { ProcessRuntime } from '../../lib/engine/processes/runtime.js';
import { ProcessService } from '../../lib/engine/processes/service.js';
import type { ProcessDocument } from '../../lib/engine/processes/types.js';
import type { WorkerJob } from './jobs.js';
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
export declare const DEFAULT_SETTINGS: RuntimeSettings;
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
    scheduleTimer(request: {
        instanceId: string;
        at: number;
    }): Promise<void>;
    /** Approval workflows (issue 10), when the composition root wires them (workflow-wiring.ts). */
    readonly workflows?: WorkflowSurface;
    /** Processes (definitions as data, jobs, schedules) on this engine: what the API, CLI and dashboard call. */
    readonly processes: ProcessService;
    readonly processRuntime: ProcessRuntime;
    /**
     * Saves the processes declared in code (flows/) whose document differs from the stored head,
     * once per runtime (the local stack at start-up, each Lambda container at its first tick).
     * A declared process that fails validation is logged and left out; the others are saved.
     */
    syncDeclaredProcesses(): Promise<DeclaredProcessSync[]>;
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
    settings?: Partial<RuntimeSettings>;
    clock?: Clock;
    timeZone?: string;
    /** Builds the approval workflows on the engine (workflow-wiring.ts `workflowParts`). */
    workflows?: (engine: Engine, inbox: Inbox) => WorkflowSurface;
    /** Actions the deploying team registers (flows/index.ts `actions`), beside http, startAutomation and sendMessage. */
    actions?: readonly ActionDefinition<unknown>[];
    /** The http action's allowlist and limits; default: ATM_HTTP_ALLOWED_HOSTS and ATM_HTTP_ALLOW_LOOPBACK_HTTP. */
    http?: HttpActionConfig;
    /** Processes declared in code, saved by `syncDeclaredProcesses`. */
    processes?: DeclaredProcesses;
    processEnvironment?: ProcessEnvironment;
    /** A task's timeout when its definition gives none (default 5 minutes). */
    defaultTaskTimeoutMs?: number;
}
/**
 * Builds the engine and wires the runtime around it: every run that parks on a time wait
 * gets a precise timer; threaded nodes go to `dispatchBackground`.
 */
export declare function createRuntime(parts: RuntimeParts): Runtime;
