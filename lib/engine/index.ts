/** Everything of the engine: what flows are written with (authoring.ts) and the process and workflow runtimes, services and validators. */
export * from './authoring.js';
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
export {
  ApprovalStep, resolveApprovers, checkDecision, applyDecision, openStepOf, ApproverError, DecisionForbiddenError, DecisionConflictError, DecisionInvalidError,
  type ApprovalConfig, type ApprovalDeps, type ApprovalObserver, type FormValidator, type StepDecision, type DecisionEffect,
} from './nodes/approval.js';
export { StoreRotation, type Rotation } from './nodes/approval-rotation.js';
export { WorkflowRuntime, AttachmentConflictError, attachmentAutomation, ACTION_ATTEMPTS, ACTION_BACKOFF_MS, type AttachmentData, type AttachmentStatus, type TimelineEntry, type DecisionRequest, type WorkflowRuntimeOptions } from './workflows/runtime.js';
export { WorkflowService, DEFAULT_TENANT, type AttachmentView, type AttachInput, type WorkflowSummary, type WorkflowIntrospection, type CleanupReport, type CleanupStats } from './workflows/service.js';
export { MemoryWorkflowEvents, type WorkflowEvent, type WorkflowEvents } from './workflows/events.js';
export { validateWorkflowDocument, checkWorkflowDocument, InvalidWorkflowError, type WorkflowProblem } from './workflows/validate-workflow.js';
export { compileForm, formProblems, type FormSchema, type FormField } from './workflows/form-schema.js';
