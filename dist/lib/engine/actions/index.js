import { createSendMessageAction, createStartAutomationAction } from './automation-actions.js';
import { createHttpAction, httpActionConfigFromEnv } from './http.js';
export * from './registry.js';
export * from './http.js';
export * from './automation-actions.js';
/** `http`, `startAutomation` and `sendMessage`, ready to register: `new ActionRegistry(...createBuiltInActions(), ...yours)`. */
export function createBuiltInActions(config = {}) {
    return [
        createHttpAction(config.http ?? httpActionConfigFromEnv()),
        createStartAutomationAction(),
        createSendMessageAction(),
    ];
}
