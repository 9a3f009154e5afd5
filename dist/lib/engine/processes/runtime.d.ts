import type { ActionLogger, ActionRegistry, AutomationPort } from '../actions/registry.js';
import type { FlowDefinition } from '../definition.js';
import type { Engine } from '../engine.js';
import type { NodeContext, Outcome } from '../nodes/outcome.js';
import type { RunResult } from '../run-result.js';
import type { DagState, DefinitionRef, InstanceState } from '../state.js';
import type { DefinitionHead, DefinitionVersion } from '../store.js';
import type { JobStatus, ProcessDocument, ProcessVersion, TaskOperatorAction } from './types.js';
export declare const PROCESS_KIND = "process";
export declare const SCHEDULE_KIND = "process-schedule";
/** The automation name jobs of a process are listed under. */
export declare const jobAutomation: (process: string) => string;
export declare const schedulerAutomation: (process: string) => string;
export declare const schedulerId: (process: string) => string;
/** One job per process and fire time: its id is made of both, and created only if absent. */
export declare const scheduledJobId: (process: string, fireTime: number) => string;
/** A fire time this long past when it is handled is "missed" (downtime, throttling); the minute tick is well within it. */
export declare const ON_TIME_MS: number;
/** catchUp 'all' starts at most this many jobs for missed times in one go; older ones count as missed. */
export declare const CATCH_UP_ALL_LIMIT = 50;
/** The scheduler keeps this many recent fire events (started, skipped, missed) for the process view. */
export declare const RECENT_FIRES = 50;
/** How long an error hook may take (it runs under the job's lease). */
export declare const ERROR_HOOK_TIMEOUT_MS = 60000;
export interface FireEvent {
    fireTime: number;
    outcome: 'started' | 'skipped' | 'missed' | 'exists';
    job?: string;
    reason?: string;
    at: number;
}
/** What a process's scheduler record keeps (its instance data). */
export interface SchedulerData {
    process: string;
    /** Fire times after this count (the schedule's start, or the last save or activation). */
    since: number;
    lastFire: number | null;
    /** The latest job by creation time, started by the schedule or on demand (runAfterError looks at it). */
    lastJob: {
        id: string;
        created: number;
    } | null;
    started: number;
    skipped: number;
    missed: number;
    recent: FireEvent[];
}
export interface ProcessRuntimeOptions {
    engine: Engine;
    actions: ActionRegistry;
    logger?: ActionLogger;
    /** A task's timeout when its definition gives none (default 5 minutes). */
    defaultTimeoutMs?: number;
}
/** Job ids, names and where each awaiting task waits. */
export declare function descendantsOf(doc: ProcessDocument, task: string): string[];
/**
 * Processes on the engine: compiles process versions into flows (one DAG task node per task,
 * cached by name and version), creates jobs atomically, applies operator actions under the
 * job's lease, and fires schedules from scheduler records in the due index.
 */
export declare class ProcessRuntime {
    readonly engine: Engine;
    readonly actions: ActionRegistry;
    readonly logger: ActionLogger;
    private readonly defaultTimeoutMs;
    private readonly compiled;
    private readonly schedulerFlow;
    constructor(options: ProcessRuntimeOptions);
    private get store();
    private get now();
    /** The flow of a process version (versions are immutable: compiled once per name and version). */
    flowOf(ref: DefinitionRef): Promise<FlowDefinition>;
    loadVersion(name: string, version: number): Promise<ProcessVersion>;
    /** One DAG task node per task, each in its own invocation, retired when done. */
    compile(version: ProcessVersion): FlowDefinition;
    private actionContext;
    /** Runs the process's error hook once for a failed task; its own failure is logged, never thrown. */
    private runErrorHook;
    /** startAutomation / sendMessage through this engine. */
    automationPort(): AutomationPort;
    /**
     * Creates a job of `version` in one write — every task awaiting (an inactive one skipped) —
     * and runs it. With an id that exists already, nothing is written (`created: false`).
     */
    createJob(version: ProcessVersion, options: {
        id?: string;
        trigger: 'schedule' | 'manual';
        fireTime?: number;
        by?: string;
    }): Promise<{
        id: string;
        created: boolean;
        run: RunResult | null;
    }>;
    /**
     * Tells the process's scheduler record about a job started on demand, so that runAfterError
     * sees the latest job whatever started it. Best effort: a scheduler record busy beyond the
     * busy wait keeps its older pointer (logged), and the guard then looks at the unfinished jobs only.
     */
    private noteManualJob;
    /**
     * A skipped fire as a row of the job list: a finished instance with the fire time's job id
     * (created only if absent, like a job), job status `skipped`, no task and the reason. It
     * occupies the fire time (no job can be created for it later) and expires with the job
     * history. One small write per skipped fire.
     */
    private recordSkippedFire;
    /** The job's state, or 404 when the id is not a job. */
    job(id: string): Promise<InstanceState & {
        dag: DagState;
        definition: DefinitionRef;
    }>;
    /** retry, force, cancel or reopen one task: legal transitions only, in one commit under the job's lease. */
    taskAction(jobId: string, task: string, action: TaskOperatorAction): Promise<RunResult>;
    /** Cancels a job that is initialized or in error: its awaiting and error tasks are cancelled; running ones finish on their own, unrecorded in the job status. */
    cancelJob(jobId: string): Promise<RunResult>;
    /** A job instance ends with its last path once the job is finished or cancelled, and runs again when a change revives it. */
    private settleInstance;
    /**
     * Makes the process's scheduler record follow its head (after a save, an activation or a
     * deactivation): created on first use, else its start moved to now and run, so that it
     * waits for the next fire time of the current version (or for nothing, when inactive).
     */
    reschedule(process: string): Promise<void>;
    schedulerData(process: string): Promise<SchedulerData | undefined>;
    /** The scheduler node's run: starts the jobs of due fire times (catch-up and guards applied), then waits for the next. */
    fire(ctx: NodeContext<object>): Promise<Outcome>;
    private record;
    /**
     * Why a scheduled fire must be skipped, or undefined. overlap: false — a job of the process
     * is still initialized; runAfterError: false — the latest job is in error. Cancelled jobs
     * never block. Only unfinished jobs are read (the process's active partition).
     */
    private guard;
    /** Jobs of a process whose instance has not finished (the job may be initialized, in error, or cancelled with a task still running). */
    activeJobs(process: string): Promise<InstanceState[]>;
}
export declare function toProcessVersion(stored: DefinitionVersion | DefinitionHead): ProcessVersion;
export type { JobStatus };
