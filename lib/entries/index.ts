/**
 * `serverless-automations`: what a team writes and tests flows with — `Automation`, `flow`, the
 * nodes, `refs`, `createTestEnvironment`, processes, approval workflows and their types — plus
 * the types of EventBridge triggers (`static events`). No AWS SDK import.
 */
export * from '../engine/index.js';
export type { AutomationEvent, EventPattern, EventTrigger, MessageRecipient } from '../engine/event-triggers.js';
export type { FlowsModule } from '../app/flows-module.js';
