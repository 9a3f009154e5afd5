import type { Automation } from './automation.js';
import type { AutomationClass } from './definition.js';
/** Where a SendMessage goes: an instance id, a bound instance, or every running instance of a class. */
export type MessageTarget = string | Automation<object> | AutomationClass | {
    automation: string;
};
export type ParameterType = 'string' | 'number' | 'boolean' | 'object' | 'array';
export type DataRequirements = Readonly<Record<string, ParameterType>>;
type Receiver = (this: unknown, token: string | undefined, data: Record<string, unknown>) => unknown;
/**
 * Declares the data a receiver needs; a message without it is not delivered
 * (`@requireDataParameters({ email: 'string' })`, as the seeds' decorator).
 */
export declare function requireDataParameters(requirements: DataRequirements): <F extends Receiver>(receiver: F, _context: ClassMethodDecoratorContext) => F;
export declare function requirementsOf(receiver: unknown): DataRequirements | undefined;
/**
 * `data` with each required parameter converted to its declared type, and the requirements it
 * fails, each as a sentence (empty when it satisfies them). Other keys are left as they are.
 */
export declare function applyRequirements<T>(requirements: DataRequirements | undefined, data: T): {
    data: T;
    unmet: string[];
};
/** The requirements `data` fails, each as a sentence; empty when it satisfies them (after conversion). */
export declare function unmetRequirements(requirements: DataRequirements | undefined, data: unknown): string[];
export declare function isValidMessageName(message: string): boolean;
/** 'update_subscriber', 'update-subscriber' and 'updateSubscriber' all reach `receiveUpdateSubscriber`. */
export declare function receiverName(message: string): string;
/** 'receiveAddParticipant' → 'addParticipant'. */
export declare function messageOfReceiver(method: string): string | undefined;
/** 'addParticipantToWebinar' → 'Add participant to webinar', for people choosing a receiver. */
export declare function humanize(message: string): string;
export {};
