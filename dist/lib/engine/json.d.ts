export type Json = null | boolean | number | string | Json[] | {
    [key: string]: Json;
};
export type JsonObject = {
    [key: string]: Json;
};
/** Default upper bound for an instance's data, well below DynamoDB's 400 KB item limit. */
export declare const DEFAULT_DATA_LIMIT_BYTES: number;
/**
 * How deeply objects and arrays may nest (a value that is an object or array is at level 1).
 * Far more than any real document needs, far less than what overflows the stack of the
 * recursive walks over values (JSON.stringify, hashing, validation): past a few thousand levels
 * they throw RangeError. HTTP bodies are checked against it before they are parsed
 * (nestingDepth), engine data before it is stored (jsonProblems).
 */
export declare const MAX_JSON_DEPTH = 64;
/**
 * The deepest nesting of objects and arrays in JSON text, found by one pass over the characters
 * (no parsing, no recursion; brackets inside strings do not count). Stops at `stopAbove`.
 * For text that is not JSON the answer is a bound, which is all a depth check needs: the parser
 * refuses such text anyway.
 */
export declare function nestingDepth(text: string, stopAbove?: number): number;
/**
 * Returns the problems that keep `value` from being plain JSON, each naming its path. The walk
 * recurses, but never deeper than MAX_JSON_DEPTH: a deeper value is a problem of its own.
 */
export declare function jsonProblems(value: unknown, path?: string, seen?: Set<object>, out?: string[], depth?: number): string[];
export declare function isPlainObject(value: unknown): value is Record<string, unknown>;
/**
 * Checks that `value` is a JSON object within `limitBytes` and returns a detached copy,
 * so that later changes by the caller never reach stored state.
 */
export declare function toJsonObject(value: unknown, what: string, limitBytes?: number): JsonObject;
/** Turns a node's return value into something storable: JSON as is, anything else described. */
export declare function toJsonResult(value: unknown, limitBytes?: number): Json;
