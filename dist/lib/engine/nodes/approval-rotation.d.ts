import type { Clock } from '../clock.js';
import type { Store } from '../store.js';
/** The turn counter of round-robin groups: `next` returns 0, 1, 2, … per (tenant, group), each number once. */
export interface Rotation {
    next(tenant: string, group: string): Promise<number>;
}
export declare const ROTATION_AUTOMATION = "approval-rotation";
/**
 * Round-robin turns kept as one small record per (tenant, group) in the store, advanced with
 * compare-and-set (a lost race reads again and retries). The member whose turn it is, is
 * `members[turn % members.length]` of the group's active members sorted by id: with a stable
 * membership each member gets every n-th step; a member who joins takes their sorted place
 * (no catch-up on a backlog, unlike the original's "fewest lifetime assignments").
 */
export declare class StoreRotation implements Rotation {
    private readonly store;
    private readonly clock;
    constructor(store: Store, clock: Clock);
    next(tenant: string, group: string): Promise<number>;
}
