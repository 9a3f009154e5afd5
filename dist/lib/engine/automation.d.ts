import type { z } from 'zod';
import type { Duration } from './duration.js';
import type { JsonObject } from './json.js';
import type { DataRequirements } from './messages.js';
import type { RunResult } from './run-result.js';
import type { InstanceState, InstanceStatus, TaskRecord } from './state.js';
export interface AutomationMeta {
    /** Stable name the instances are stored under (default: the class name; set it if your bundler renames classes). */
    name?: string;
    verboseName?: string;
    verboseNamePlural?: string;
    /** true: one running instance at a time; a list of data keys: one running instance per combination of their values. */
    unique?: boolean | readonly string[];
    /** IANA time zone for Repeat schedules (default: the engine's). */
    timeZone?: string;
    /** Offer the receivers to people picking a message (e.g. page-view hooks). */
    publishReceivers?: boolean;
    /** How often AsSoonAs conditions are polled when nothing else wakes the instance. */
    pollInterval?: Duration;
    /**
     * Data each receiver needs, by message: `{ updateSubscriber: { email: 'string' } }`. A message
     * without it is refused (422) before the receiver runs. (The seeds' @require_data_parameters.)
     */
    requireDataParameters?: Readonly<Record<string, DataRequirements>>;
    /**
     * A zod schema for the data an instance starts with: data that does not match is refused
     * (422 with field errors) before anything is written. Defaults and transforms apply.
     */
    data?: z.ZodType;
}
/** What a bound instance asks of its engine. */
export interface InstanceOperations {
    run(id: string): Promise<RunResult>;
    kill(id: string): Promise<void>;
    retry(id: string): Promise<RunResult>;
    sendMessage(id: string, message: string, token?: string, data?: Record<string, unknown>): Promise<unknown>;
    getKey(id: string): string;
    tasks(id: string): Promise<TaskRecord[]>;
    get(id: string): Promise<InstanceState | undefined>;
}
/**
 * Base class of every automation. Subclasses declare their nodes as fields, in order:
 * `start = flow.Execute(this.init)`. An object made with `new` is only a declaration;
 * instances are created and bound by an engine (`engine.start(MyAutomation, data)`).
 */
export declare abstract class Automation<D extends object = JsonObject> {
    static meta?: AutomationMeta;
    /** The instance's data: plain JSON, saved with every node's outcome. */
    data: D;
    private binding;
    get id(): string;
    get status(): InstanceStatus;
    get finished(): boolean;
    /** The state as of the last operation through this object. */
    get state(): Readonly<InstanceState>;
    /** Runs until the instance finishes, needs a person, or must wait. */
    run(): Promise<RunResult>;
    /** Deletes the instance and its history (for instances created in error). */
    kill(): Promise<void>;
    /** Resumes an instance that stopped on an error, re-running the failed node. */
    retry(): Promise<RunResult>;
    sendMessage(message: string, token?: string, data?: Record<string, unknown>): Promise<unknown>;
    /** An unguessable key for this instance, safe to put in URLs (`?key=…`). */
    getKey(): string;
    /** The task history, oldest first. */
    tasks(): Promise<TaskRecord[]>;
    /** Reloads data and status from the store. */
    refresh(): Promise<this>;
    private refreshAfter;
}
/** Makes `target` a live instance object over `state` (used by the engine). */
export declare function bindInstance(target: Automation<object>, engine: InstanceOperations, state: InstanceState): void;
export declare function isBound(value: unknown): value is Automation<object>;
