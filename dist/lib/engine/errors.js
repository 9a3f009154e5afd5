/**
 * Every error the engine throws on purpose carries an HTTP-style status, so that adapters
 * can answer bad input with a clear 4xx without a table of their own.
 */
export class AutomationError extends Error {
    status;
    code;
    constructor(message, status = 400, code = 'bad_request') {
        super(message);
        this.name = new.target.name;
        this.status = status;
        this.code = code;
    }
    /** Structured detail for clients (field errors, a list of problems), if the error has any. */
    get details() {
        return undefined;
    }
}
/** Field name ('a.b.0') → messages, from a zod error. */
export function fieldErrorsOf(issues) {
    const fieldErrors = {};
    for (const issue of issues)
        (fieldErrors[issue.path.map(String).join('.') || '_root'] ??= []).push(issue.message);
    return fieldErrors;
}
export class FlowDefinitionError extends AutomationError {
    problems;
    constructor(automation, problems) {
        super(`Automation ${automation} is not a valid flow:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 500, 'invalid_flow');
        this.problems = problems;
    }
    get details() {
        return this.problems;
    }
}
export class DataValidationError extends AutomationError {
    constructor(message, status = 400) {
        super(message, status, status === 413 ? 'too_large' : 'invalid_data');
    }
}
export class UnknownAutomationError extends AutomationError {
    automation;
    constructor(automation) {
        super(`No automation named "${automation}" is registered with this engine`, 404, 'unknown_automation');
        this.automation = automation;
    }
}
export class InstanceNotFoundError extends AutomationError {
    constructor(id) {
        super(`No automation instance with id "${id}"`, 404, 'not_found');
    }
}
export class AutomationMismatchError extends AutomationError {
    constructor(id, expected, actual) {
        super(`Instance "${id}" belongs to automation ${actual}, not ${expected}`, 409, 'automation_mismatch');
    }
}
export class InstanceStateError extends AutomationError {
    constructor(message) {
        super(message, 409, 'conflict');
    }
}
/** A create found an instance with the same id (deterministic ids: one job per process and fire time). */
export class InstanceExistsError extends AutomationError {
    id;
    constructor(id) {
        super(`Instance ${id} already exists`, 409, 'exists');
        this.id = id;
    }
}
/** An operator action that the current status does not allow (retry a finished task, cancel a finished job…). */
export class IllegalTransitionError extends AutomationError {
    constructor(message) {
        super(message, 409, 'illegal_transition');
    }
}
/** A definition (process) that does not exist, or a version of it that does not. */
export class DefinitionNotFoundError extends AutomationError {
    constructor(kind, name, version) {
        super(`No ${kind} named "${name}"${version === undefined ? '' : ` with version ${version}`}`, 404, 'not_found');
    }
}
export class InstanceBusyError extends AutomationError {
    constructor(id) {
        super(`Instance "${id}" is being run by another runner; try again shortly`, 409, 'busy');
    }
}
/** A repeated delivery whose earlier attempt may have been applied, on an instance that no longer remembers that far back. */
export class DeliveryUncertainError extends AutomationError {
    constructor(id, deliveryId, marks) {
        super(`Instance "${id}" cannot tell whether delivery "${deliveryId}" was applied by an attempt whose outcome was lost: ` +
            `it has applied more than ${marks} deliveries since. Check the instance, then re-drive with force or drop the delivery`, 409, 'delivery_uncertain');
    }
}
/** The runner lost its lease (another runner took over or the instance was killed). */
export class LeaseLostError extends AutomationError {
    constructor(id) {
        super(`Lost the lease on instance "${id}" while running it`, 409, 'lease_lost');
    }
}
export class NoReceiverError extends AutomationError {
    constructor(automation, message) {
        super(`Automation ${automation} has no receiver for message "${message}"`, 404, 'no_receiver');
    }
}
export class MessageRequirementsError extends AutomationError {
    problems;
    constructor(automation, message, problems) {
        super(`Message "${message}" to ${automation} is missing required data: ${problems.join('; ')}`, 422, 'missing_data');
        this.problems = problems;
    }
    get details() {
        return this.problems;
    }
}
export class TaskNotFoundError extends AutomationError {
    constructor(instanceId, task) {
        super(`Instance "${instanceId}" has no task ${task}`, 404, 'task_not_found');
    }
}
export class TaskClosedError extends AutomationError {
    constructor(message, status) {
        super(message, status, status === 410 ? 'task_expired' : 'task_completed');
    }
}
export class FormForbiddenError extends AutomationError {
    constructor(message) {
        super(message, 403, 'forbidden');
    }
}
export class FormValidationError extends AutomationError {
    fieldErrors;
    constructor(fieldErrors) {
        const summary = Object.entries(fieldErrors).map(([field, errs]) => `${field}: ${errs.join(', ')}`).join('; ');
        super(`The form data is invalid: ${summary}`, 422, 'invalid_form');
        this.fieldErrors = fieldErrors;
    }
    get details() {
        return this.fieldErrors;
    }
}
/** Data to start an automation with does not match the automation's `meta.data` schema. */
export class DataSchemaError extends AutomationError {
    fieldErrors;
    constructor(automation, fieldErrors) {
        const summary = Object.entries(fieldErrors).map(([field, errs]) => `${field}: ${errs.join(', ')}`).join('; ');
        super(`The data for ${automation} is invalid: ${summary}`, 422, 'invalid_data');
        this.fieldErrors = fieldErrors;
    }
    get details() {
        return this.fieldErrors;
    }
}
