/**
 * `serverless-automations/flows`: what flows are written with (lib/engine/authoring.ts), without
 * the process and workflow runtimes. Import from here in flows/ (the functions' bundles): the
 * main entry re-exports those runtimes too, and a flows file that imports them through it puts
 * them into every function's cold-start code (docs/architecture.md, "Measured").
 */
export * from '../engine/authoring.js';
export type { AutomationEvent, EventPattern, EventTrigger, MessageRecipient } from '../engine/event-triggers.js';
export type { FlowsModule } from '../app/flows-module.js';
