import { createHash } from 'node:crypto';
import { DeliveryUncertainError } from './errors.js';
export const MAX_MARKS = 64;
/** Clock difference tolerated between processes (Lambda hosts keep time to well under a millisecond; the attempt and its mark share one clock). */
export const CLOCK_SKEW_MS = 250;
export function markOf(deliveryId) {
    return createHash('sha256').update(deliveryId).digest('base64url').slice(0, 12);
}
/** The mark of this delivery on the instance, if it was applied there. */
export function findMark(state, deliveryId) {
    const hash = markOf(deliveryId);
    return state.deliveries?.find((m) => m[0] === hash);
}
/** Throws if the instance can no longer tell whether an uncertain earlier attempt applied the delivery. */
export function checkCertain(state, guard) {
    if (guard.uncertainSince === null || state.deliveriesFloor === undefined)
        return;
    if (state.deliveriesFloor >= guard.uncertainSince - CLOCK_SKEW_MS)
        throw new DeliveryUncertainError(state.id, guard.id, MAX_MARKS);
}
export function addMark(state, deliveryId, at, received) {
    const marks = [...(state.deliveries ?? []), (received ? [markOf(deliveryId), at, 1] : [markOf(deliveryId), at])];
    while (marks.length > MAX_MARKS) {
        const evicted = marks.shift();
        state.deliveriesFloor = Math.max(state.deliveriesFloor ?? 0, evicted[1]);
    }
    state.deliveries = marks;
}
/** The id of the instance a delivery creates (create-on-message, event starts): a repeat finds it instead of creating another. */
export function instanceIdForDelivery(deliveryId) {
    const h = createHash('sha256').update(`instance-for-delivery:${deliveryId}`).digest();
    h[6] = (h[6] & 0x0f) | 0x50; // a name-based (version 5 style) UUID
    h[8] = (h[8] & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
