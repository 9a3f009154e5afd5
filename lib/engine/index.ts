export { Automation, type AutomationMeta } from './automation.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { defineFlow, type AutomationClass, type FlowDefinition } from './definition.js';
export type { Duration } from './duration.js';
export * from './errors.js';
export { Engine, type EngineOptions, type FormSubmission, type MessageDelivery, type MessageOptions, type StartOptions, type TickReport, type AutomationInfo } from './engine.js';
export { instanceIdForDelivery, type DeliveryGuard } from './deliveries.js';
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
export { createTestEnvironment, RecordingHttpClient, TestEnvironment, type TestEnvironmentOptions } from './testing.js';
export { MissingServiceError, type ServicesFor, type ServicesOf } from './services.js';
export { MemoryMailer, type Mail, type Mailer } from './mail.js';
export type { AutomationEvent, EventTrigger } from './event-triggers.js';
export * from './actions/index.js';
export type { DurationText, ProcessSchedule, RetryPolicy, ProcessTaskDefinition, ProcessDocument, ProcessVersion, JobTaskStatus, JobStatus, TaskOperatorAction } from './processes/types.js';
export { DONE_TASK_STATUSES } from './processes/types.js';
export { parseCron, nextFireTime, fireTimesBetween, fireTimes, describeCron, type CronSpec, type CronParseResult } from './processes/cron.js';
export { parseDurationText, durationTextSchema, durationTextProblem, formatDurationText } from './processes/duration-text.js';
export {
  validateProcessDocument, findCycles, InvalidProcessError, PROCESS_NAME_PATTERN, TASK_NAME_PATTERN, PROCESS_LIMITS,
  type ProcessProblem, type ProcessValidation, type ProcessValidationOptions,
} from './processes/validate-process.js';
export { DagTask, jobStatusOf, type TaskAttempt, type TaskWork } from './nodes/dag-task.js';
export { ProcessRuntime, PROCESS_KIND, jobAutomation, schedulerId, scheduledJobId, type ProcessRuntimeOptions, type SchedulerData, type FireEvent } from './processes/runtime.js';
export { ProcessService, legalActions, type ProcessSummary, type ProcessDetails, type JobView, type JobTaskView, type JobSummary } from './processes/service.js';
export { processDiagram, jobDiagram, STATUS_COLOURS } from './processes/diagram.js';
export { defineProcess, upsertProcesses } from './processes/define.js';
export type { DefinitionHead, DefinitionVersion, DefinitionStore, SaveDefinition } from './store.js';
export type { DagState, DagTaskState, DefinitionRef } from './state.js';
export {
  ApprovalStep, resolveApprovers, checkDecision, applyDecision, openStepOf, ApproverError, DecisionForbiddenError, DecisionConflictError, DecisionInvalidError,
  type ApprovalConfig, type ApprovalDeps, type ApprovalObserver, type FormValidator, type StepDecision, type DecisionEffect,
} from './nodes/approval.js';
export type { ApprovalStepState, ApprovalItemState, ApproverSpec, GroupStrategy, ApprovalType } from './nodes/approval-state.js';
export { StoreRotation, type Rotation } from './nodes/approval-rotation.js';
export { WorkflowRuntime, AttachmentConflictError, attachmentAutomation, ACTION_ATTEMPTS, ACTION_BACKOFF_MS, type AttachmentData, type AttachmentStatus, type TimelineEntry, type DecisionRequest, type WorkflowRuntimeOptions } from './workflows/runtime.js';
export { WorkflowService, DEFAULT_TENANT, type AttachmentView, type AttachInput, type WorkflowSummary, type WorkflowIntrospection, type CleanupReport, type CleanupStats } from './workflows/service.js';
export { MemoryWorkflowEvents, type WorkflowEvent, type WorkflowEvents } from './workflows/events.js';
export { validateWorkflowDocument, checkWorkflowDocument, InvalidWorkflowError, type WorkflowProblem } from './workflows/validate-workflow.js';
export { compileForm, formProblems, type FormSchema, type FormField } from './workflows/form-schema.js';
export { WORKFLOW_KIND, WORKFLOW_EVENTS, unitsOf, type WorkflowDocument, type WorkflowVersion, type WorkflowEventType, type ActionDoc } from './workflows/types.js';
