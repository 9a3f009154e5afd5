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

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A value converted to `type` as django-automations' type callables do (`int("2")` is 2,
 * `int("t2")` fails): numbers from numeric strings, booleans from "true"/"false", strings from
 * numbers and booleans. Undefined when it cannot be converted.
 */
function convert(value: unknown, type: ParameterType): { value: unknown } | undefined {
  const actual = typeOf(value);
  if (actual === type) return { value };
  if (type === 'number' && typeof value === 'string' && NUMERIC.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) ? { value: n } : undefined;
  }
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { value: value.trim().toLowerCase() === 'true' };
  if (type === 'string' && (actual === 'number' || actual === 'boolean')) return { value: String(value) };
  return undefined;
}

/**
 * `data` with each required parameter converted to its declared type, and the requirements it
 * fails, each as a sentence (empty when it satisfies them). Other keys are left as they are.
 */
export function applyRequirements<T>(requirements: DataRequirements | undefined, data: T): { data: T; unmet: string[] } {
  if (!requirements) return { data, unmet: [] };
  const record: Record<string, unknown> = isPlainObject(data) ? { ...data } : {};
  const unmet = Object.entries(requirements).flatMap(([name, type]) => {
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    const converted = convert(value, type);
    if (converted) {
      record[name] = converted.value;
      return [];
    }
    const actual = typeOf(value);
    if (actual === 'undefined') return [`"${name}" (${type}) is missing`];
    return [`"${name}" must be a ${type}, got ${actual === 'string' ? 'a string that is not one' : actual}`];
  });
  return { data: (isPlainObject(data) ? record : data) as T, unmet };
}

/** The requirements `data` fails, each as a sentence; empty when it satisfies them (after conversion). */
export function unmetRequirements(requirements: DataRequirements | undefined, data: unknown): string[] {
  return applyRequirements(requirements, data).unmet;
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
