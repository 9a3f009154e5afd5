import type { Automation } from './automation.js';
import type { AutomationClass } from './definition.js';
import { isPlainObject } from './json.js';

/** Where a SendMessage goes: an instance id, a bound instance, or every running instance of a class. */
export type MessageTarget = string | Automation<object> | AutomationClass | { automation: string };

export type ParameterType = 'string' | 'number' | 'boolean' | 'object' | 'array';
export type DataRequirements = Readonly<Record<string, ParameterType>>;

const REQUIREMENTS = Symbol.for('serverless-automations.requirements');

type Receiver = (this: unknown, token: string | undefined, data: Record<string, unknown>) => unknown;

/**
 * Declares the data a receiver needs; a message without it is not delivered
 * (`@requireDataParameters({ email: 'string' })`, as the seeds' decorator).
 */
export function requireDataParameters(requirements: DataRequirements) {
  return function <F extends Receiver>(receiver: F, _context: ClassMethodDecoratorContext): F {
    Object.defineProperty(receiver, REQUIREMENTS, { value: requirements });
    return receiver;
  };
}

export function requirementsOf(receiver: unknown): DataRequirements | undefined {
  return typeof receiver === 'function' ? (receiver as unknown as Record<symbol, DataRequirements>)[REQUIREMENTS] : undefined;
}

function typeOf(value: unknown): ParameterType | 'null' | 'undefined' | 'other' {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isPlainObject(value)) return 'object';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'other';
}

/** The requirements `data` fails, each as a sentence; empty when it satisfies them. */
export function unmetRequirements(requirements: DataRequirements | undefined, data: unknown): string[] {
  if (!requirements) return [];
  const record = isPlainObject(data) ? data : {};
  return Object.entries(requirements).flatMap(([name, type]) => {
    const actual = typeOf(record[name]);
    if (actual === type) return [];
    return [actual === 'undefined' ? `"${name}" (${type}) is missing` : `"${name}" must be a ${type}, got ${actual}`];
  });
}

const MESSAGE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function isValidMessageName(message: string): boolean {
  return MESSAGE_NAME.test(message);
}

/** 'update_subscriber', 'update-subscriber' and 'updateSubscriber' all reach `receiveUpdateSubscriber`. */
export function receiverName(message: string): string {
  const camel = message.replace(/[_-]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return `receive${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}

/** 'receiveAddParticipant' → 'addParticipant'. */
export function messageOfReceiver(method: string): string | undefined {
  const m = /^receive([A-Z].*)$/.exec(method);
  return m ? m[1]!.charAt(0).toLowerCase() + m[1]!.slice(1) : undefined;
}

/** 'addParticipantToWebinar' → 'Add participant to webinar', for people choosing a receiver. */
export function humanize(message: string): string {
  const words = message.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
