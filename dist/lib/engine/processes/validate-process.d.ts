import { type ActionRegistry } from '../actions/registry.js';
import { AutomationError } from '../errors.js';
import type { ProcessDocument } from './types.js';
export interface ProcessProblem {
    /** `name`, `schedule.cron`, `tasks[2].params.url`, … (empty for the document as a whole). */
    path: string;
    message: string;
}
export type ProcessValidation = {
    ok: true;
    document: ProcessDocument;
} | {
    ok: false;
    problems: ProcessProblem[];
};
/**
 * Process and task names: lower-case letters, digits, `-`, `_` and `.`, starting with a letter or
 * digit, at most 63 characters. They appear in URLs, CLI arguments, DynamoDB keys and diagrams
 * unescaped-safe, and two names differing only in case would confuse operators.
 */
export declare const PROCESS_NAME_PATTERN: RegExp;
export declare const TASK_NAME_PATTERN: RegExp;
export interface ProcessValidationOptions {
    /** Default 1,000. */
    maxTasks?: number;
    /** Longest task timeout. Default 15 minutes (a task runs inside one Lambda invocation). */
    maxTaskTimeoutMs?: number;
    /** Longest wait between retry attempts. Default 1 day. */
    maxBackoffMs?: number;
    /** Most attempts of a task (including the first). Default 10. */
    maxRetryAttempts?: number;
    /** Largest document, as JSON. Default 256 KiB (a DynamoDB item holds 400 KB). */
    maxDocumentBytes?: number;
}
export declare const PROCESS_LIMITS: {
    readonly maxTasks: 1000;
    readonly maxTaskTimeoutMs: number;
    readonly maxBackoffMs: number;
    readonly maxRetryAttempts: 10;
    readonly maxDocumentBytes: number;
};
/** A 422 listing every problem of a document (for the API and the CLI). */
export declare class InvalidProcessError extends AutomationError {
    readonly problems: readonly ProcessProblem[];
    constructor(problems: readonly ProcessProblem[]);
    get details(): unknown;
}
/** Each cycle of the `after` graph once, as task names from a task back to itself (parent → child). */
export declare function findCycles(tasks: readonly {
    name: string;
    after?: readonly string[];
}[]): string[][];
/**
 * Validates a process document as saved (API, CLI file, or `flows/`): the shape, then every
 * semantic problem, all in one list. The document returned is the input as written (action
 * params are checked, not transformed: they are parsed again when the task runs).
 */
export declare function validateProcessDocument(input: unknown, actions: ActionRegistry, options?: ProcessValidationOptions): ProcessValidation;
