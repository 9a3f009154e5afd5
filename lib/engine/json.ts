import { DataValidationError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Default upper bound for an instance's data, well below DynamoDB's 400 KB item limit. */
export const DEFAULT_DATA_LIMIT_BYTES = 100 * 1024;

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return 'a Date (store it as an ISO string)';
  if (typeof value === 'object' && value !== null) return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return typeof value;
}

/** Returns the problems that keep `value` from being plain JSON, each naming its path. */
export function jsonProblems(value: unknown, path = '$', seen = new Set<object>(), out: string[] = []): string[] {
  if (out.length >= 10) return out;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return out;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path} is ${describe(value)}, which JSON cannot hold`);
    return out;
  }
  if (typeof value !== 'object') {
    out.push(`${path} is ${describe(value)}, which JSON cannot hold`);
    return out;
  }
  if (seen.has(value)) {
    out.push(`${path} refers back to one of its parents (a cycle)`);
    return out;
  }
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => jsonProblems(item, `${path}[${i}]`, seen, out));
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      out.push(`${path} is ${describe(value)}, not a plain object`);
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue; // JSON.stringify drops undefined members, as JS users expect
        jsonProblems(item, `${path}.${key}`, seen, out);
      }
    }
  }
  seen.delete(value);
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` is a JSON object within `limitBytes` and returns a detached copy,
 * so that later changes by the caller never reach stored state.
 */
export function toJsonObject(value: unknown, what: string, limitBytes = DEFAULT_DATA_LIMIT_BYTES): JsonObject {
  if (!isPlainObject(value)) throw new DataValidationError(`${what} must be a JSON object, got ${Array.isArray(value) ? 'an array' : describe(value)}`);
  const problems = jsonProblems(value);
  if (problems.length) throw new DataValidationError(`${what} is not JSON-serialisable: ${problems.join('; ')}`);
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limitBytes) throw new DataValidationError(`${what} is ${bytes} bytes, over the limit of ${limitBytes} bytes`, 413);
  return JSON.parse(text) as JsonObject;
}

/** Turns a node's return value into something storable: JSON as is, anything else described. */
export function toJsonResult(value: unknown, limitBytes = 16 * 1024): Json {
  if (value === undefined) return null;
  if (jsonProblems(value).length) return { unserialisable: describe(value) };
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > limitBytes) return { truncated: text.slice(0, 512) };
  return JSON.parse(text) as Json;
}
