import type { InstanceState } from './state.js';
/**
 * Exactly-once application of deliveries from outside (webhooks, events) at the instance.
 *
 * The transport delivers at least once (a worker may die after the instance committed but
 * before the delivery was marked done), so the instance itself remembers the deliveries it
 * applied: each commit that applies one carries a mark of its id in the instance's state —
 * the receiver's effect and the mark are one atomic write. A repeat finds the mark and is a
 * no-op. The marks are bounded (the most recent MAX_MARKS); `deliveriesFloor` remembers when
 * the newest evicted one was applied, so that a repeat which can no longer tell is refused
 * (DeliveryUncertainError) instead of being applied a second time.
 */
export interface DeliveryGuard {
    /** The delivery's id (stable across every attempt). */
    id: string;
    /**
     * Since when (epoch ms) an earlier attempt of this delivery may have been applied without
     * its outcome being known (it crashed, timed out); null when no earlier attempt can have been.
     */
    uncertainSince: number | null;
    /** Called once the receiver has run and the mark is about to be committed: from here on the outcome is unknown until the commit returns. */
    applying?: () => void;
}
/** A mark: [short hash of the delivery id, when it was applied (epoch ms), 1 if the receiver answered 'received'] */
export type DeliveryMark = [hash: string, at: number, received?: 1];
export declare const MAX_MARKS = 64;
/** Clock difference tolerated between processes (Lambda hosts keep time to well under a millisecond; the attempt and its mark share one clock). */
export declare const CLOCK_SKEW_MS = 250;
export declare function markOf(deliveryId: string): string;
/** The mark of this delivery on the instance, if it was applied there. */
export declare function findMark(state: InstanceState, deliveryId: string): DeliveryMark | undefined;
/** Throws if the instance can no longer tell whether an uncertain earlier attempt applied the delivery. */
export declare function checkCertain(state: InstanceState, guard: DeliveryGuard): void;
export declare function addMark(state: InstanceState, deliveryId: string, at: number, received: boolean): void;
/** The id of the instance a delivery creates (create-on-message, event starts): a repeat finds it instead of creating another. */
export declare function instanceIdForDelivery(deliveryId: string): string;
