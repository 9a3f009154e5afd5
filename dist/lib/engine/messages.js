import { isPlainObject } from './json.js';
const REQUIREMENTS = Symbol.for('serverless-automations.requirements');
/**
 * Declares the data a receiver needs; a message without it is not delivered
 * (`@requireDataParameters({ email: 'string' })`, as the seeds' decorator).
 */
export function requireDataParameters(requirements) {
    return function (receiver, _context) {
        Object.defineProperty(receiver, REQUIREMENTS, { value: requirements });
        return receiver;
    };
}
export function requirementsOf(receiver) {
    return typeof receiver === 'function' ? receiver[REQUIREMENTS] : undefined;
}
function typeOf(value) {
    if (value === undefined)
        return 'undefined';
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'array';
    if (isPlainObject(value))
        return 'object';
    const t = typeof value;
    return t === 'string' || t === 'number' || t === 'boolean' ? t : 'other';
}
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/**
 * A value converted to `type` as django-automations' type callables do (`int("2")` is 2,
 * `int("t2")` fails): numbers from numeric strings, booleans from "true"/"false", strings from
 * numbers and booleans. Undefined when it cannot be converted.
 */
function convert(value, type) {
    const actual = typeOf(value);
    if (actual === type)
        return { value };
    if (type === 'number' && typeof value === 'string' && NUMERIC.test(value.trim())) {
        const n = Number(value.trim());
        return Number.isFinite(n) ? { value: n } : undefined;
    }
    if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return { value: value.trim().toLowerCase() === 'true' };
    if (type === 'string' && (actual === 'number' || actual === 'boolean'))
        return { value: String(value) };
    return undefined;
}
/**
 * `data` with each required parameter converted to its declared type, and the requirements it
 * fails, each as a sentence (empty when it satisfies them). Other keys are left as they are.
 */
export function applyRequirements(requirements, data) {
    if (!requirements)
        return { data, unmet: [] };
    const record = isPlainObject(data) ? { ...data } : {};
    const unmet = Object.entries(requirements).flatMap(([name, type]) => {
        const value = Object.hasOwn(record, name) ? record[name] : undefined;
        const converted = convert(value, type);
        if (converted) {
            record[name] = converted.value;
            return [];
        }
        const actual = typeOf(value);
        if (actual === 'undefined')
            return [`"${name}" (${type}) is missing`];
        return [`"${name}" must be a ${type}, got ${actual === 'string' ? 'a string that is not one' : actual}`];
    });
    return { data: (isPlainObject(data) ? record : data), unmet };
}
/** The requirements `data` fails, each as a sentence; empty when it satisfies them (after conversion). */
export function unmetRequirements(requirements, data) {
    return applyRequirements(requirements, data).unmet;
}
const MESSAGE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export function isValidMessageName(message) {
    return MESSAGE_NAME.test(message);
}
/** 'update_subscriber', 'update-subscriber' and 'updateSubscriber' all reach `receiveUpdateSubscriber`. */
export function receiverName(message) {
    const camel = message.replace(/[_-]+([A-Za-z0-9])/g, (_m, c) => c.toUpperCase());
    return `receive${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}
/** 'receiveAddParticipant' → 'addParticipant'. */
export function messageOfReceiver(method) {
    const m = /^receive([A-Z].*)$/.exec(method);
    return m ? m[1].charAt(0).toLowerCase() + m[1].slice(1) : undefined;
}
/** 'addParticipantToWebinar' → 'Add participant to webinar', for people choosing a receiver. */
export function humanize(message) {
    const words = message.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
}
