import type { ActionRegistry } from '../actions/registry.js';
import type { Json } from '../json.js';
import type { InstanceState } from '../state.js';
import type { Page } from '../store.js';
import { type FireEvent, type ProcessRuntime } from './runtime.js';
import type { JobStatus, JobTaskStatus, ProcessDocument, ProcessVersion, TaskOperatorAction } from './types.js';
export interface ProcessSummary {
    name: string;
    description: string | null;
    active: boolean;
    version: number;
    savedAt: number;
    savedBy: string | null;
    /** The schedule in words, or null when the process runs on demand only. */
    schedule: string | null;
    nextFireTimes: number[];
}
export interface ProcessDetails extends ProcessSummary {
    document: ProcessDocument;
    versions: {
        version: number;
        savedAt: number;
        savedBy: string | null;
    }[];
    /** Fire counts and the latest fire events (started, skipped, missed). */
    fires: {
        started: number;
        skipped: number;
        missed: number;
        recent: FireEvent[];
    } | null;
}
export interface JobTaskView {
    name: string;
    action: string;
    status: JobTaskStatus;
    after: string[];
    /** For an awaiting task: the parents that are not done yet. */
    waitingFor: string[];
    attempts: number;
    visit: number;
    started: number | null;
    finished: number | null;
    deadline: number | null;
    notBefore: number | null;
    output: Json;
    error: {
        name: string;
        message: string;
    } | null;
    /** The operator actions legal now. */
    actions: TaskOperatorAction[];
}
export interface JobView extends JobSummary {
    updated: number;
    finishedAt: number | null;
    tasks: JobTaskView[];
}
export interface JobSummary {
    id: string;
    process: string;
    version: number;
    status: JobStatus;
    trigger: string;
    fireTime: number | null;
    created: number;
    /** Why a scheduled fire was skipped (status `skipped`), else null. */
    reason: string | null;
}
/** The operator actions a task in this status allows (the transition table of docs/processes.md). */
export declare function legalActions(status: JobTaskStatus, jobStatus: JobStatus): TaskOperatorAction[];
/**
 * What the HTTP API, the CLI and the dashboard call for processes: platform-neutral, every
 * refusal a typed error with its status (404, 409, 422).
 */
export declare class ProcessService {
    private readonly runtime;
    private readonly actions;
    constructor(runtime: ProcessRuntime, actions?: ActionRegistry);
    private get store();
    private get now();
    /** Validates (422 with every problem) and saves a new version; the schedule follows the new head. */
    save(input: unknown, by?: string): Promise<ProcessVersion>;
    /** Saves `document` only when it differs from the head (processes declared in code, at start-up). */
    upsert(input: unknown, by?: string): Promise<{
        version: ProcessVersion;
        saved: boolean;
    }>;
    list(page?: {
        limit?: number;
        cursor?: string;
    }): Promise<Page<ProcessSummary>>;
    get(name: string): Promise<ProcessDetails>;
    version(name: string, version: number): Promise<ProcessVersion>;
    private summary;
    private nextFireTimes;
    setActive(name: string, active: boolean): Promise<ProcessSummary>;
    /** Removes the process from the listing; its versions stay for the jobs that run them; its schedule stops. */
    delete(name: string): Promise<void>;
    /** Starts a job of the head version now (guards do not apply). */
    runNow(name: string, by?: string): Promise<JobView>;
    /** Jobs of a process (oldest first), optionally of one status; skipped fires are rows with status `skipped` and their reason. */
    listJobs(query: {
        process: string;
        status?: JobStatus;
        cursor?: string;
        limit?: number;
    }): Promise<Page<JobSummary>>;
    getJob(id: string): Promise<JobView>;
    cancelJob(id: string): Promise<JobView>;
    taskAction(id: string, task: string, action: TaskOperatorAction): Promise<JobView>;
    /** Mermaid: the process's graph (the head, or a version). */
    diagram(name: string, version?: number): Promise<string>;
    /** Mermaid: a job's graph, each task coloured by its status. */
    jobDiagram(id: string): Promise<string>;
    private headVersion;
}
export declare function toJobView(state: InstanceState, doc: ProcessDocument): JobView;
