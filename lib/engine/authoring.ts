/**
 * What flows are written with (a team's flows/ and this repository's): automations, the flow
 * DSL and nodes, refs, errors, actions, `defineProcess` and the document types of processes and
 * workflows, the test environment. Not the process and workflow runtimes, services and
 * validators: a Lambda function loads those on first use (lib/app/runtime.ts), and esbuild's
 * code splitting puts every module a flows file reaches through a barrel into its cold-start
 * code when a lazily loaded chunk shares it, used or not. `serverless-automations/flows`;
 * lib/engine/index.ts (`serverless-automations`) re-exports all of it and the rest.
 */
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
export { defineProcess, upsertProcesses } from './processes/define.js';
export type { DefinitionHead, DefinitionVersion, DefinitionStore, SaveDefinition } from './store.js';
export type { DagState, DagTaskState, DefinitionRef } from './state.js';
export type { ApprovalStepState, ApprovalItemState, ApproverSpec, GroupStrategy, ApprovalType } from './nodes/approval-state.js';
export { WORKFLOW_KIND, WORKFLOW_EVENTS, unitsOf, type WorkflowDocument, type WorkflowVersion, type WorkflowEventType, type ActionDoc } from './workflows/types.js';
