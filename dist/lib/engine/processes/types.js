/**
 * Processes (django-process): crontab-scheduled graphs of dependent tasks, defined as data.
 * These are the shapes shared by the definition validator, the compiler that turns a process
 * version into an engine flow, the scheduler and the surfaces (API, CLI, dashboard).
 * A process document never holds code: each task names an action registered in code.
 */
/** Task statuses that satisfy a dependent task. */
export const DONE_TASK_STATUSES = ['finished', 'forced', 'cancelled', 'skipped'];
