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
 * no-op.
 *
 * The marks are pruned to the most recent MAX_MARKS, but a mark whose delivery the inbox has
 * not yet recorded as settled is kept (the guard's `settled` answers that): a re-drive after a
 * crash always finds the mark of an attempt that did land, however many other deliveries the
 * instance applied meanwhile. Only past HARD_MAX_MARKS (or for guards that cannot say) is an
 * unsettled mark evicted; `deliveriesFloor` then remembers when, so that a repeat which can no
 * longer tell is refused (DeliveryUncertainError) instead of being applied a second time.
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
  /** Called once the commit carrying the mark has landed on the instance (the run may go on): the delivery is applied there. */
  applied?: (instanceId: string) => void;
  /**
   * Which of these delivery ids are settled: recorded as applied (or gone) where they are
   * tracked, so no attempt of theirs can come back. Marks of deliveries it does not name are
   * kept when pruning. Without it, marks are pruned by count alone.
   */
  settled?: (ids: readonly string[]) => Promise<ReadonlySet<string>>;
}

/**
 * A mark: [short hash of the delivery id, when it was applied (epoch ms), 1 if the receiver
 * answered 'received' (else 0 or absent), the delivery id when its guard can tell settlement].
 */
export type DeliveryMark = [hash: string, at: number, received?: 0 | 1, id?: string];

export const MAX_MARKS = 64;
/** Unsettled marks beyond this many are evicted anyway, to bound the instance item (≈ 60 bytes each). */
export const HARD_MAX_MARKS = 1_024;
/** How many of the oldest marks one prune asks about: bounds the read before a commit. */
const SETTLED_LOOKUP_LIMIT = 100;
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
  if (state.deliveriesFloor >= guard.uncertainSince - CLOCK_SKEW_MS) throw new DeliveryUncertainError(state.id, guard.id, HARD_MAX_MARKS);
}

/** Adds the mark of `guard`'s delivery to the state and prunes the marks (see the module comment). */
export async function addMark(state: InstanceState, guard: DeliveryGuard, at: number, received: boolean): Promise<void> {
  const mark: DeliveryMark = guard.settled ? [markOf(guard.id), at, received ? 1 : 0, guard.id] : received ? [markOf(guard.id), at, 1] : [markOf(guard.id), at];
  state.deliveries = await pruneMarks(state, [...(state.deliveries ?? []), mark], guard.settled);
}

async function pruneMarks(state: InstanceState, marks: DeliveryMark[], settled: DeliveryGuard['settled']): Promise<DeliveryMark[]> {
  if (marks.length <= MAX_MARKS) return marks;
  const candidates = marks.slice(0, Math.min(marks.length - MAX_MARKS, SETTLED_LOOKUP_LIMIT));
  const asked = candidates.flatMap((m) => (m[3] === undefined ? [] : [m[3]]));
  const known = settled && asked.length > 0 ? await settled(asked) : new Set<string>();
  // a mark without an id cannot be asked about: pruned by count, remembered by the floor
  const evict = new Set(candidates.filter((m) => m[3] === undefined || known.has(m[3])));
  const kept = marks.filter((m) => !evict.has(m));
  for (const m of evict) if (m[3] === undefined) raiseFloor(state, m);
  while (kept.length > HARD_MAX_MARKS) raiseFloor(state, kept.shift()!);
  return kept;
}

function raiseFloor(state: InstanceState, evicted: DeliveryMark): void {
  state.deliveriesFloor = Math.max(state.deliveriesFloor ?? 0, evicted[1]);
}

/** The id of the instance a delivery creates (create-on-message, event starts): a repeat finds it instead of creating another. */
export function instanceIdForDelivery(deliveryId: string): string {
  const h = createHash('sha256').update(`instance-for-delivery:${deliveryId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // a name-based (version 5 style) UUID
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
