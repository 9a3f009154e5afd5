/**
 * Registered actions: what a process task runs. A deploying team registers each action in code
 * (a name, a zod schema for its params, a function); a process document only names it, so data
 * never holds code or import paths. Params are validated when a definition is saved and again
 * (with the schema's defaults and transforms) when the task runs.
 */
import type { z } from 'zod';
import { DataValidationError } from '../errors.js';
import { type Json } from '../json.js';
export interface ActionLogger {
    debug(message: string, details?: Record<string, unknown>): void;
    info(message: string, details?: Record<string, unknown>): void;
    warn(message: string, details?: Record<string, unknown>): void;
    error(message: string, details?: Record<string, unknown>): void;
}
/** How actions reach the code-defined automations of the engine they run in. */
export interface AutomationPort {
    start(automation: string, data: Record<string, unknown>, options?: {
        idempotencyKey?: string;
    }): Promise<{
        id: string;
    }>;
    sendMessage(target: {
        id?: string;
        key?: string;
        automation: string;
    }, message: string, data: Record<string, unknown>, options?: {
        idempotencyKey?: string;
    }): Promise<unknown>;
}
export interface ActionContext {
    logger: ActionLogger;
    /** Stable across re-runs of the same task visit: pass it to the services you call. */
    idempotencyKey: string;
    /** Epoch ms by which the action must have finished (the task's timeout). */
    deadline: number;
    /** Aborted when the deadline passes or the run is cancelled. */
    signal: AbortSignal;
    automations: AutomationPort;
    /** Set when the action runs as a task of a process job (or its error hook). */
    process?: {
        name: string;
        version: number;
        job: string;
        task: string;
    };
}
export interface ActionDefinition<P = unknown> {
    /** Letters, digits, `.`, `_` and `-`, starting with a letter (`http`, `sales.load`). */
    name: string;
    description?: string;
    /** Validates the params a task gives (at save and at run); its output is what `run` receives. */
    params: z.ZodType<P>;
    /** The returned JSON is the task's output (bounded when stored). */
    run(params: P, ctx: ActionContext): Promise<Json | void>;
}
export interface ParamProblem {
    /** Where in the params, `url`, `headers.Accept`, `items[2].id`; empty for the params as a whole. */
    path: string;
    message: string;
}
export type ParamsValidation<P = unknown> = {
    ok: true;
    params: P;
} | {
    ok: false;
    problems: ParamProblem[];
};
export declare const ACTION_NAME_PATTERN: RegExp;
/** Identity helper that keeps the params type of `run` tied to the schema. */
export declare function defineAction<P>(def: ActionDefinition<P>): ActionDefinition<P>;
/** `a.b[0].c` from a zod issue path. */
export declare function formatIssuePath(path: readonly PropertyKey[]): string;
/** Problems from zod issues; each unknown key becomes its own problem at its own path. */
export declare function problemsOfIssues(issues: readonly {
    code?: string;
    path: readonly PropertyKey[];
    message: string;
    keys?: readonly string[];
}[]): ParamProblem[];
/** A task's params were refused when it ran (the definition was saved against another schema). */
export declare class ActionParamsError extends DataValidationError {
    readonly action: string;
    readonly problems: readonly ParamProblem[];
    constructor(action: string, problems: readonly ParamProblem[]);
}
export declare class UnknownActionError extends DataValidationError {
    readonly action: string;
    constructor(action: string);
}
export declare class ActionRegistry {
    #private;
    constructor(...defs: ActionDefinition<unknown>[]);
    /** Adds actions; a bad name, a missing schema or function, or a name taken throws (a deployment error). */
    register(...defs: ActionDefinition<unknown>[]): this;
    get(name: string): ActionDefinition<unknown> | undefined;
    has(name: string): boolean;
    /** Registered names, sorted. */
    names(): string[];
    /** Checks params (absent params count as `{}`) against the action's schema, listing every problem. */
    validateParams(name: string, params: unknown): ParamsValidation;
    /**
     * Runs an action: params are validated (and transformed) first, the output is bounded JSON
     * (`null` when the action returns nothing). The action's own errors propagate unchanged.
     */
    invoke(name: string, params: unknown, ctx: ActionContext): Promise<Json>;
}
