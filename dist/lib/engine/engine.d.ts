import { Automation } from './automation.js';
import { type Clock } from './clock.js';
import { type AutomationClass, type FlowDefinition } from './definition.js';
import { type Duration } from './duration.js';
import { type DeliveryGuard } from './deliveries.js';
import { type Identity } from './identity.js';
import { type Json } from './json.js';
import type { BackgroundJob, RunResult } from './run-result.js';
import { InstanceRun } from './runner.js';
import type { DefinitionRef, InstanceState, TaskRecord } from './state.js';
import type { DeleteCounts, Page, Store } from './store.js';
import { type OpenTask, type TaskForm, type TaskListQuery } from './task-list.js';
export interface EngineOptions {
    store: Store;
    /** The automations this engine runs; others are registered when first started. */
    automations?: readonly AutomationClass[];
    /** Secret for instance keys (at least 16 bytes). */
    secret: string | Uint8Array;
    clock?: Clock;
    /** Default IANA time zone for Repeat schedules. */
    timeZone?: string;
    dataLimitBytes?: number;
    /** How long a runner may hold an instance before others may take over (default 5 minutes). */
    lease?: Duration;
    /** How often AsSoonAs conditions are re-checked (default 1 minute). */
    pollInterval?: Duration;
    /** Guard against flows that loop without waiting (default 1,000 nodes per run). */
    maxStepsPerRun?: number;
    /** Runs threaded Execute nodes elsewhere (Step Functions, an async invoke). Default: inline, after the run. */
    dispatchBackground?: (job: BackgroundJob) => Promise<void>;
    /** How long message senders wait for a busy instance (real time, default 2 s). */
    busyWaitMs?: number;
    /**
     * Called after every run the engine makes — starts, runs, messages (also those sent by
     * nodes), form submissions, background jobs, the tick — e.g. to start a precise timer for
     * `run.wake`. An error it throws propagates to the caller of the operation.
     */
    onRun?: (run: RunResult) => Promise<void> | void;
}
/** Compiles flows that are data (a process version) for the instances that name them in `state.definition`. */
export interface FlowSource {
    /** The flow of a pinned definition; versions are immutable, so sources cache by name and version. */
    resolve(ref: DefinitionRef): Promise<FlowDefinition>;
}
/** What `engine.update` hands a change: the leased state, its flow, and the run that will commit it. */
export interface InstanceChange {
    state: InstanceState;
    def: FlowDefinition;
    runner: InstanceRun;
    now: number;
}
export interface StartOptions {
    /** Run the instance right away (default true). */
    autorun?: boolean;
    /** Start it for this delivery (an event): a repeat of the delivery finds the instance it started instead of starting another. */
    delivery?: DeliveryGuard;
}
export interface MessageOptions {
    /** The instance must be one of this automation. */
    automation?: AutomationClass | string;
    /** Apply at most once per instance: a repeat of the delivery id is a no-op (`duplicate: true`). */
    delivery?: DeliveryGuard;
}
export interface MessageDelivery {
    instanceId: string;
    /** What the receiver returned (for a duplicate: 'received' if it did then, else null). */
    result: Json;
    run: RunResult | null;
    /** The instance had already applied this delivery (MessageOptions.delivery). */
    duplicate?: boolean;
}
export interface FormSubmission {
    instanceId: string;
    task: number;
    user: Identity;
    values: unknown;
}
export interface TickReport {
    ran: RunResult[];
    busy: string[];
    failed: {
        id: string;
        automation: string;
        error: string;
    }[];
}
export interface AutomationInfo {
    name: string;
    verboseName: string;
    verboseNamePlural: string;
    receivers: {
        message: string;
        label: string;
    }[];
}
type InstanceOf<C> = C extends new () => infer A ? A : never;
/**
 * The engine: starts instances, runs them under a lease with compare-and-set commits, delivers
 * messages and form submissions, and runs what is due. Runtimes (Lambda, the local stack, the
 * test environment) only call it.
 */
export declare class Engine {
    readonly store: Store;
    readonly clock: Clock;
    private readonly secret;
    private readonly registry;
    private readonly settings;
    private readonly hooks;
    private readonly operations;
    private readonly dispatchBackground;
    private readonly onRun;
    private readonly leases;
    private readonly taskList;
    private readonly flowSources;
    constructor(options: EngineOptions);
    /** Compiles and registers an automation class; throws FlowDefinitionError listing every problem. */
    register(cls: AutomationClass): FlowDefinition;
    definition(automation: string | AutomationClass): FlowDefinition;
    /** Lets instances whose state names a definition of `kind` (e.g. 'process') run: their flow comes from `source`. */
    useFlowSource(kind: string, source: FlowSource): void;
    /** The flow an instance runs: its pinned definition's, or its automation class's. */
    flowOf(state: Pick<InstanceState, 'automation' | 'definition'>): Promise<FlowDefinition>;
    /**
     * Creates an instance whose state the caller built (a process job: every task awaiting, in one
     * write) and runs it; `created: false` when an instance with its id exists (deterministic ids
     * make such creates idempotent).
     */
    createInstance(state: InstanceState, options?: {
        run?: boolean;
    }): Promise<{
        created: boolean;
        run: RunResult | null;
    }>;
    /**
     * Changes an instance under its lease (waiting briefly for a busy one), then runs it: `change`
     * edits the state (and may open or retire paths through the runner); everything is committed
     * in one compare-and-set write with the run's first commit. If `change` throws, nothing is
     * written but the lease's return. A finished instance the change revives runs again.
     */
    update(id: string, change: (c: InstanceChange) => void | Promise<void>): Promise<RunResult>;
    /** Every registered automation with its verbose names and receivers. */
    listAutomations(): AutomationInfo[];
    /** Receivers of automations that publish them (meta.publishReceivers). */
    publishedReceivers(): {
        automation: string;
        message: string;
        label: string;
    }[];
    /**
     * Starts an instance with `data` and (unless autorun is false) runs it. With autorun false the
     * instance is due at once, so the next tick runs it (as django-automations' scheduler does).
     * For a unique automation whose key is taken, returns the running instance instead.
     */
    start<C extends AutomationClass>(cls: C, data?: object, options?: StartOptions): Promise<InstanceOf<C>>;
    /** Creates the instance; with `id` (derived from a delivery), one that exists already is returned instead. */
    private create;
    /** Checks start data against the automation's `meta.data` schema (returning the parsed data: defaults applied). */
    private checkSchema;
    /** The live object for an existing instance; with a class, checks that the instance is one of it. */
    bind<C extends AutomationClass>(id: string, cls?: C): Promise<InstanceOf<C>>;
    /** The instance for a key made by getKey(). */
    bindByKey(key: string): Promise<Automation<object>>;
    getKey(id: string): string;
    idFromKey(key: string): string;
    get(id: string): Promise<InstanceState | undefined>;
    tasks(id: string): Promise<TaskRecord[]>;
    /** Runs the instance now (if nobody else is). */
    run(id: string): Promise<RunResult>;
    /** Deletes the instance and its history; frees its unique key. */
    kill(id: string): Promise<void>;
    /** Re-runs the node an instance stopped at with an error. */
    retry(id: string): Promise<RunResult>;
    /**
     * Whether a message with `data` would reach a receiver: false when no receiver handles
     * `message`, true when the receiver requires nothing or `data` converts to what it requires.
     */
    satisfiesDataRequirements(cls: AutomationClass | string, message: string, data: unknown): boolean;
    /** Delivers a message to an instance: runs its receiver, saves the data, then runs the instance. */
    sendMessage(id: string, message: string, token?: string, data?: Record<string, unknown>, options?: MessageOptions): Promise<MessageDelivery>;
    /** `sendMessage` for an id or a bound instance (the seeds' dispatch_message). */
    dispatchMessage(target: string | Automation<object>, message: string, token?: string, data?: Record<string, unknown>, options?: MessageOptions): Promise<MessageDelivery>;
    /**
     * Creates an instance and delivers the message before its first node runs. With a delivery,
     * the instance's id is derived from the delivery's: a repeat delivers to the instance the
     * first attempt created (once), instead of creating another.
     */
    createOnMessage(cls: AutomationClass, message: string, token?: string, data?: Record<string, unknown>, options?: Pick<MessageOptions, 'delivery'>): Promise<MessageDelivery>;
    /**
     * Sends the message to every running instance; a receiver returning 'received' stops the
     * broadcast. With a delivery, each instance applies it at most once: a repeat skips those
     * that have it (and stops where one answered 'received').
     */
    broadcastMessage(cls: AutomationClass | string, message: string, token?: string, data?: Record<string, unknown>, options?: Pick<MessageOptions, 'delivery'>): Promise<Json[]>;
    private broadcast;
    private messageKey;
    private checkMessage;
    private receive;
    private callReceiver;
    /** A message from a running node to its own instance: the runner already holds the lease. */
    private receiveInline;
    private deliver;
    /** The open human tasks `user` may complete (every assignment holds), oldest first. */
    tasksFor(user: Identity, query?: TaskListQuery): Promise<Page<OpenTask>>;
    /** The form of an open task: JSON Schema, prefilled values, context and the instance's data. */
    taskForm(instanceId: string, task: number, user: Identity): Promise<TaskForm>;
    /** Completes a Form task: checks the user and the values, then continues the instance. */
    submitForm({ instanceId, task, user, values }: FormSubmission): Promise<RunResult>;
    private closedTaskError;
    /**
     * Runs a background job (a threaded Execute node, a DAG task's attempt) outside the instance's
     * lease, then continues the instance. The claim, and a result that starts nothing else (a DAG
     * task of a wide job whose siblings are still running), are each one compare-and-set write
     * without the lease (`Leases.withoutLease`), so completions of a wide job do not queue behind
     * one another's lease; anything more (a dependent can start, the job ends, a failure) settles
     * under the lease and runs the instance.
     */
    runBackground(job: BackgroundJob): Promise<RunResult | null>;
    private afterRun;
    /**
     * Runs every instance that is due (the successor of `automation_step`), or only those of
     * `ids` that are due; instances another runner holds are skipped, not waited for. One
     * failure never stops the pass.
     */
    runDue(options?: {
        limit?: number;
        concurrency?: number;
        ids?: readonly string[];
    }): Promise<TickReport>;
    /** Deletes instances finished more than `days` ago, with their history. */
    deleteHistory(days?: number): Promise<DeleteCounts & {
        deleted: number;
    }>;
    private load;
    private runLeased;
    private instantiate;
}
export declare function isAutomationClass(value: unknown): value is AutomationClass;
export {};
