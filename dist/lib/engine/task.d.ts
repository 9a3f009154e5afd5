import type { Automation } from './automation.js';
/** What a node's function receives: one visit of one node of one instance. */
export interface Task<D extends object = object> {
    readonly instanceId: string;
    /** The task's sequence number within its instance. */
    readonly seq: number;
    readonly node: string;
    readonly created: Date;
    /** The engine's current time (virtual in tests). */
    readonly now: Date;
    /**
     * Stable across retries of the same visit: pass it to the systems your node calls so that
     * their side effects happen once even though the node may run again after a crash.
     */
    readonly idempotencyKey: string;
    /** The instance's data. Changes are saved atomically with the node's outcome. */
    data: D;
    readonly automation: Automation<D>;
    hoursSinceCreated(): number;
}
