/**
 * Every error the engine throws on purpose carries an HTTP-style status, so that adapters
 * can answer bad input with a clear 4xx without a table of their own.
 */
export class AutomationError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(message: string, status = 400, code = 'bad_request') {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
  /** Structured detail for clients (field errors, a list of problems), if the error has any. */
  get details(): unknown {
    return undefined;
  }
}

/** Field name ('a.b.0') → messages, from a zod error. */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) (fieldErrors[issue.path.map(String).join('.') || '_root'] ??= []).push(issue.message);
  return fieldErrors;
}

export class FlowDefinitionError extends AutomationError {
  readonly problems: readonly string[];
  constructor(automation: string, problems: readonly string[]) {
    super(`Automation ${automation} is not a valid flow:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 500, 'invalid_flow');
    this.problems = problems;
  }
  override get details(): unknown {
    return this.problems;
  }
}

export class DataValidationError extends AutomationError {
  constructor(message: string, status = 400) {
    super(message, status, status === 413 ? 'too_large' : 'invalid_data');
  }
}

export class UnknownAutomationError extends AutomationError {
  constructor(readonly automation: string) {
    super(`No automation named "${automation}" is registered with this engine`, 404, 'unknown_automation');
  }
}

export class InstanceNotFoundError extends AutomationError {
  constructor(id: string) {
    super(`No automation instance with id "${id}"`, 404, 'not_found');
  }
}

export class AutomationMismatchError extends AutomationError {
  constructor(id: string, expected: string, actual: string) {
    super(`Instance "${id}" belongs to automation ${actual}, not ${expected}`, 409, 'automation_mismatch');
  }
}

export class InstanceStateError extends AutomationError {
  constructor(message: string) {
    super(message, 409, 'conflict');
  }
}

/** A create found an instance with the same id (deterministic ids: one job per process and fire time). */
export class InstanceExistsError extends AutomationError {
  constructor(readonly id: string) {
    super(`Instance ${id} already exists`, 409, 'exists');
  }
}

/** An operator action that the current status does not allow (retry a finished task, cancel a finished job…). */
export class IllegalTransitionError extends AutomationError {
  constructor(message: string) {
    super(message, 409, 'illegal_transition');
  }
}

/** A definition (process) that does not exist, or a version of it that does not. */
export class DefinitionNotFoundError extends AutomationError {
  constructor(kind: string, name: string, version?: number) {
    super(`No ${kind} named "${name}"${version === undefined ? '' : ` with version ${version}`}`, 404, 'not_found');
  }
}

export class InstanceBusyError extends AutomationError {
  constructor(id: string) {
    super(`Instance "${id}" is being run by another runner; try again shortly`, 409, 'busy');
  }
}

/** A repeated delivery whose earlier attempt may have been applied, on an instance that no longer remembers that far back. */
export class DeliveryUncertainError extends AutomationError {
  constructor(id: string, deliveryId: string, marks: number) {
    super(
      `Instance "${id}" cannot tell whether delivery "${deliveryId}" was applied by an attempt whose outcome was lost: ` +
        `it no longer keeps the marks of deliveries applied that long ago (over ${marks} unsettled, or untracked ones beyond the last 64). ` +
        'Check the instance, then re-drive with force or drop the delivery',
      409,
      'delivery_uncertain',
    );
  }
}

/** The runner lost its lease (another runner took over or the instance was killed). */
export class LeaseLostError extends AutomationError {
  constructor(id: string) {
    super(`Lost the lease on instance "${id}" while running it`, 409, 'lease_lost');
  }
}

/**
 * A run that started without the lease found, at its first commit, that another writer had
 * changed the instance: nothing was written and no node with effects ran, so the caller may
 * read the instance again and start over.
 */
export class RaceLostError extends LeaseLostError {
  constructor(id: string) {
    super(id);
    this.message = `Another runner changed instance "${id}" first; nothing was written`;
  }
}

export class NoReceiverError extends AutomationError {
  constructor(automation: string, message: string) {
    super(`Automation ${automation} has no receiver for message "${message}"`, 404, 'no_receiver');
  }
}

export class MessageRequirementsError extends AutomationError {
  readonly problems: readonly string[];
  constructor(automation: string, message: string, problems: readonly string[]) {
    super(`Message "${message}" to ${automation} is missing required data: ${problems.join('; ')}`, 422, 'missing_data');
    this.problems = problems;
  }
  override get details(): unknown {
    return this.problems;
  }
}

export class TaskNotFoundError extends AutomationError {
  constructor(instanceId: string, task: number) {
    super(`Instance "${instanceId}" has no task ${task}`, 404, 'task_not_found');
  }
}

export class TaskClosedError extends AutomationError {
  constructor(message: string, status: 409 | 410) {
    super(message, status, status === 410 ? 'task_expired' : 'task_completed');
  }
}

export class FormForbiddenError extends AutomationError {
  constructor(message: string) {
    super(message, 403, 'forbidden');
  }
}

export class FormValidationError extends AutomationError {
  readonly fieldErrors: Readonly<Record<string, string[]>>;
  constructor(fieldErrors: Record<string, string[]>) {
    const summary = Object.entries(fieldErrors).map(([field, errs]) => `${field}: ${errs.join(', ')}`).join('; ');
    super(`The form data is invalid: ${summary}`, 422, 'invalid_form');
    this.fieldErrors = fieldErrors;
  }
  override get details(): unknown {
    return this.fieldErrors;
  }
}

/** Data to start an automation with does not match the automation's `meta.data` schema. */
export class DataSchemaError extends AutomationError {
  readonly fieldErrors: Readonly<Record<string, string[]>>;
  constructor(automation: string, fieldErrors: Record<string, string[]>) {
    const summary = Object.entries(fieldErrors).map(([field, errs]) => `${field}: ${errs.join(', ')}`).join('; ');
    super(`The data for ${automation} is invalid: ${summary}`, 422, 'invalid_data');
    this.fieldErrors = fieldErrors;
  }
  override get details(): unknown {
    return this.fieldErrors;
  }
}
