export { Automation, type AutomationMeta } from './automation.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { defineFlow, type AutomationClass, type FlowDefinition } from './definition.js';
export type { Duration } from './duration.js';
export * from './errors.js';
export { Engine, type EngineOptions, type FormSubmission, type MessageDelivery, type TickReport, type AutomationInfo } from './engine.js';
export { flow, type FlowBuilder } from './flow.js';
export { isOpenTo, type Identity } from './identity.js';
export type { Json, JsonObject } from './json.js';
export { MemoryStore } from './memory-store.js';
export { requireDataParameters, type MessageTarget } from './messages.js';
export { toMermaid } from './mermaid.js';
export { Execute } from './nodes/execute.js';
export { End, Join, Split } from './nodes/flow-control.js';
export { Form, type FormOptions } from './nodes/form.js';
export { If } from './nodes/if.js';
export { Node } from './nodes/node.js';
export { Repeat } from './nodes/repeat.js';
export { SendMessage } from './nodes/send-message.js';
export { Ref, refs } from './refs.js';
export type { RunResult, Wake, BackgroundJob } from './run-result.js';
export type { InstanceState, TaskRecord, InstanceStatus } from './state.js';
export type { Store, Page } from './store.js';
export type { OpenTask, TaskForm, TaskListQuery } from './task-list.js';
export { assigneeKey, hoursSinceCreated } from './state.js';
export type { Task } from './task.js';
export { createTestEnvironment, TestEnvironment } from './testing.js';
export * from './actions/index.js';
export type { DurationText, ProcessSchedule, RetryPolicy, ProcessTaskDefinition, ProcessDocument, ProcessVersion, JobTaskStatus, JobStatus, TaskOperatorAction } from './processes/types.js';
export { DONE_TASK_STATUSES } from './processes/types.js';
export { parseCron, nextFireTime, fireTimesBetween, fireTimes, describeCron, type CronSpec, type CronParseResult } from './processes/cron.js';
export { parseDurationText, durationTextSchema, durationTextProblem, formatDurationText } from './processes/duration-text.js';
export {
  validateProcessDocument, findCycles, InvalidProcessError, PROCESS_NAME_PATTERN, TASK_NAME_PATTERN, PROCESS_LIMITS,
  type ProcessProblem, type ProcessValidation, type ProcessValidationOptions,
} from './processes/validate-process.js';
