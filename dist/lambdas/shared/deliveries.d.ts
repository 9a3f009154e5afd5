import { type DeliveryRecord, type DeliveryWork } from '../../lib/aws/inbox.js';
import { HttpError } from './http.js';
import type { Runtime } from './runtime.js';
/**
 * Accepted means durable, applied exactly once:
 *
 * 1. accept: a conditional put of the delivery's record (pending) in the inbox, before the
 *    sender gets its 202. A repeat with the same payload is a duplicate; another payload a 409.
 * 2. attempt (the worker after the hand-off, the tick for whatever is still pending, an operator's
 *    re-drive): claim the record (a version-checked write that pushes `nextAttemptAt` forward,
 *    so that the tick leaves it alone meanwhile, and notes that an attempt is under way), apply
 *    the work through the engine with the delivery as guard (the instance applies each delivery
 *    id once, atomically with its effect), then record the outcome: applied, pending again with
 *    a backoff, or dead with its reason.
 *
 * A crash anywhere leaves the record pending; the next attempt's guard then says since when
 * an earlier attempt may have applied it, and the instance's marks answer whether it did.
 */
export declare class IdempotencyConflictError extends HttpError {
    constructor(key: string);
}
export interface AcceptInput {
    source: DeliveryRecord['source'];
    /** The scoped id: `webhook:<automation>/<message>/<deliveryId>`, `event:<trigger>/<event id>`. */
    key: string;
    work: DeliveryWork;
    /** What must be the same for a repeat to be a duplicate (not a conflict). */
    payload: unknown;
}
/** Records the delivery (step 1). Throws IdempotencyConflictError for a known id with another payload. */
export declare function acceptDelivery(runtime: Runtime, input: AcceptInput): Promise<{
    record: DeliveryRecord;
    duplicate: boolean;
}>;
/**
 * One attempt at a pending delivery (step 2); returns the record as it stands afterwards
 * (undefined if there is none). Nothing is thrown for the delivery's own failures: they are
 * recorded on it. Errors of the inbox itself (the table does not answer) are thrown.
 */
export declare function attemptDelivery(runtime: Runtime, id: string): Promise<DeliveryRecord | undefined>;
export declare class DeliveryNotFoundError extends HttpError {
    constructor(id: string);
}
/**
 * An operator's re-drive of a dead (or pending) delivery: pending again with fresh attempts,
 * then one attempt right away. `force` declares that no earlier attempt applied it (after
 * checking the instance), for a delivery that died as `delivery_uncertain`.
 */
export declare function redriveDelivery(runtime: Runtime, id: string, options?: {
    force?: boolean;
}): Promise<DeliveryRecord>;
/** The tick's share: attempts the pending deliveries that are due, `concurrency` at a time. */
export declare function redriveDue(runtime: Runtime, ids: readonly string[]): Promise<{
    applied: number;
    pending: number;
    dead: number;
}>;
