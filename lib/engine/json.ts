import { DataValidationError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Default upper bound for an instance's data, well below DynamoDB's 400 KB item limit. */
export const DEFAULT_DATA_LIMIT_BYTES = 100 * 1024;

/**
 * How deeply objects and arrays may nest (a value that is an object or array is at level 1).
 * Far more than any real document needs, far less than what overflows the stack of the
 * recursive walks over values (JSON.stringify, hashing, validation): past a few thousand levels
 * they throw RangeError. HTTP bodies are checked against it before they are parsed
 * (nestingDepth), engine data before it is stored (jsonProblems).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of objects and arrays in JSON text, found by one pass over the characters
 * (no parsing, no recursion; brackets inside strings do not count). Stops at `stopAbove`.
 * For text that is not JSON the answer is a bound, which is all a depth check needs: the parser
 * refuses such text anyway.
 */
export function nestingDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date) return 'a Date (store it as an ISO string)';
  if (typeof value === 'object' && value !== null) return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return typeof value;
}

/**
 * Returns the problems that keep `value` from being plain JSON, each naming its path. The walk
 * recurses, but never deeper than MAX_JSON_DEPTH: a deeper value is a problem of its own.
 */
export function jsonProblems(value: unknown, path = '$', seen = new Set<object>(), out: string[] = [], depth = 1): string[] {
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
  if (depth > MAX_JSON_DEPTH) {
    out.push(`${path} nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels, the limit`);
    return out;
  }
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => jsonProblems(item, `${path}[${i}]`, seen, out, depth + 1));
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      out.push(`${path} is ${describe(value)}, not a plain object`);
    } else {
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue; // JSON.stringify drops undefined members, as JS users expect
        jsonProblems(item, `${path}.${key}`, seen, out, depth + 1);
      }
    }
  }
  seen.delete(value);
  return out;
}

/**
 * Whether `value` is plain JSON: the quick yes that spares the engine jsonProblems' path strings
 * and cycle set on every step. A no (also for a cycle, which only shows as too deep here) is
 * then explained by jsonProblems.
 */
function isPlainJson(value: unknown, depth = 1): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && !isPlainJson(item, depth + 1)) return false;
  }
  return true;
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
  return toJsonObjectWithText(value, what, limitBytes).object;
}

/** `toJsonObject`, also returning the JSON text the copy was parsed from (a snapshot to roll back to). */
export function toJsonObjectWithText(value: unknown, what: string, limitBytes = DEFAULT_DATA_LIMIT_BYTES): { object: JsonObject; text: string } {
  if (!isPlainObject(value)) throw new DataValidationError(`${what} must be a JSON object, got ${Array.isArray(value) ? 'an array' : describe(value)}`);
  const problems = isPlainJson(value) ? [] : jsonProblems(value);
  if (problems.length) throw new DataValidationError(`${what} is not JSON-serialisable: ${problems.join('; ')}`);
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limitBytes) throw new DataValidationError(`${what} is ${bytes} bytes, over the limit of ${limitBytes} bytes`, 413);
  return { object: JSON.parse(text) as JsonObject, text };
}

/** Turns a node's return value into something storable: JSON as is, anything else described. */
export function toJsonResult(value: unknown, limitBytes = 16 * 1024): Json {
  if (value === undefined) return null;
  if (!isPlainJson(value) && jsonProblems(value).length) return { unserialisable: describe(value) };
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > limitBytes) return { truncated: text.slice(0, 512) };
  return JSON.parse(text) as Json;
}
