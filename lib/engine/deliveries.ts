import { createHash } from 'node:crypto';
import { DeliveryUncertainError } from './errors.js';
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

export const MAX_MARKS = 64;
/** Clock difference tolerated between processes (Lambda hosts keep time to well under a millisecond; the attempt and its mark share one clock). */
export const CLOCK_SKEW_MS = 250;

export function markOf(deliveryId: string): string {
  return createHash('sha256').update(deliveryId).digest('base64url').slice(0, 12);
}

/** The mark of this delivery on the instance, if it was applied there. */
export function findMark(state: InstanceState, deliveryId: string): DeliveryMark | undefined {
  const hash = markOf(deliveryId);
  return state.deliveries?.find((m) => m[0] === hash);
}

/** Throws if the instance can no longer tell whether an uncertain earlier attempt applied the delivery. */
export function checkCertain(state: InstanceState, guard: DeliveryGuard): void {
  if (guard.uncertainSince === null || state.deliveriesFloor === undefined) return;
  if (state.deliveriesFloor >= guard.uncertainSince - CLOCK_SKEW_MS) throw new DeliveryUncertainError(state.id, guard.id, MAX_MARKS);
}

export function addMark(state: InstanceState, deliveryId: string, at: number, received: boolean): void {
  const marks = [...(state.deliveries ?? []), (received ? [markOf(deliveryId), at, 1] : [markOf(deliveryId), at]) as DeliveryMark];
  while (marks.length > MAX_MARKS) {
    const evicted = marks.shift()!;
    state.deliveriesFloor = Math.max(state.deliveriesFloor ?? 0, evicted[1]);
  }
  state.deliveries = marks;
}

/** The id of the instance a delivery creates (create-on-message, event starts): a repeat finds it instead of creating another. */
export function instanceIdForDelivery(deliveryId: string): string {
  const h = createHash('sha256').update(`instance-for-delivery:${deliveryId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // a name-based (version 5 style) UUID
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
