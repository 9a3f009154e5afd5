import { type HttpActionConfig } from './http.js';
import type { ActionDefinition } from './registry.js';
export * from './registry.js';
export * from './http.js';
export * from './automation-actions.js';
export interface BuiltInActionsConfig {
    /** The http action's allowlist and limits; read from the environment when omitted. */
    http?: HttpActionConfig;
}
/** `http`, `startAutomation` and `sendMessage`, ready to register: `new ActionRegistry(...createBuiltInActions(), ...yours)`. */
export declare function createBuiltInActions(config?: BuiltInActionsConfig): ActionDefinition<unknown>[];
