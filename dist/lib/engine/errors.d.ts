/**
 * Every error the engine throws on purpose carries an HTTP-style status, so that adapters
 * can answer bad input with a clear 4xx without a table of their own.
 */
export declare class AutomationError extends Error {
    readonly status: number;
    readonly code: string;
    constructor(message: string, status?: number, code?: string);
    /** Structured detail for clients (field errors, a list of problems), if the error has any. */
    get details(): unknown;
}
/** Field name ('a.b.0') → messages, from a zod error. */
export declare function fieldErrorsOf(issues: readonly {
    path: readonly PropertyKey[];
    message: string;
}[]): Record<string, string[]>;
export declare class FlowDefinitionError extends AutomationError {
    readonly problems: readonly string[];
    constructor(automation: string, problems: readonly string[]);
    get details(): unknown;
}
export declare class DataValidationError extends AutomationError {
    constructor(message: string, status?: number);
}
export declare class UnknownAutomationError extends AutomationError {
    readonly automation: string;
    constructor(automation: string);
}
export declare class InstanceNotFoundError extends AutomationError {
    constructor(id: string);
}
export declare class AutomationMismatchError extends AutomationError {
    constructor(id: string, expected: string, actual: string);
}
export declare class InstanceStateError extends AutomationError {
    constructor(message: string);
}
/** A create found an instance with the same id (deterministic ids: one job per process and fire time). */
export declare class InstanceExistsError extends AutomationError {
    readonly id: string;
    constructor(id: string);
}
/** An operator action that the current status does not allow (retry a finished task, cancel a finished job…). */
export declare class IllegalTransitionError extends AutomationError {
    constructor(message: string);
}
/** A definition (process) that does not exist, or a version of it that does not. */
export declare class DefinitionNotFoundError extends AutomationError {
    constructor(kind: string, name: string, version?: number);
}
export declare class InstanceBusyError extends AutomationError {
    constructor(id: string);
}
/** A repeated delivery whose earlier attempt may have been applied, on an instance that no longer remembers that far back. */
export declare class DeliveryUncertainError extends AutomationError {
    constructor(id: string, deliveryId: string, marks: number);
}
/** The runner lost its lease (another runner took over or the instance was killed). */
export declare class LeaseLostError extends AutomationError {
    constructor(id: string);
}
export declare class NoReceiverError extends AutomationError {
    constructor(automation: string, message: string);
}
export declare class MessageRequirementsError extends AutomationError {
    readonly problems: readonly string[];
    constructor(automation: string, message: string, problems: readonly string[]);
    get details(): unknown;
}
export declare class TaskNotFoundError extends AutomationError {
    constructor(instanceId: string, task: number);
}
export declare class TaskClosedError extends AutomationError {
    constructor(message: string, status: 409 | 410);
}
export declare class FormForbiddenError extends AutomationError {
    constructor(message: string);
}
export declare class FormValidationError extends AutomationError {
    readonly fieldErrors: Readonly<Record<string, string[]>>;
    constructor(fieldErrors: Record<string, string[]>);
    get details(): unknown;
}
/** Data to start an automation with does not match the automation's `meta.data` schema. */
export declare class DataSchemaError extends AutomationError {
    readonly fieldErrors: Readonly<Record<string, string[]>>;
    constructor(automation: string, fieldErrors: Record<string, string[]>);
    get details(): unknown;
}
