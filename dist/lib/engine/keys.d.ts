import type { FlowDefinition } from './definition.js';
import type { JsonObject } from './json.js';
/** `<id>.<mac>`: the id with an HMAC only the engine's secret can produce, so keys cannot be guessed or forged. */
export declare function instanceKey(secret: Uint8Array, id: string): string;
export declare function idFromKey(secret: Uint8Array, key: string): string;
/**
 * The claim that keeps a `unique` automation unique: scoped to the automation's name, so
 * two classes never share claims, and hashed, so claims stay short whatever the data.
 */
export declare function uniqueKeyFor(def: FlowDefinition, data: JsonObject): string | null;
