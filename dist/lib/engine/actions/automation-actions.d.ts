import type { JsonObject } from '../json.js';
import { type ActionDefinition } from './registry.js';
export interface StartAutomationParams {
    automation: string;
    data: JsonObject;
}
export interface SendMessageParams {
    automation: string;
    message: string;
    /** The receiving instance's id… */
    instance?: string;
    /** …or its key (exactly one of the two). */
    key?: string;
    data: JsonObject;
}
export declare function createStartAutomationAction(): ActionDefinition<StartAutomationParams>;
export declare function createSendMessageAction(): ActionDefinition<SendMessageParams>;
