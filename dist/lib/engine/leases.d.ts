import type { Clock } from './clock.js';
import type { InstanceState, TaskRecord } from './state.js';
import type { Store } from './store.js';
/** What one try of a change made without the lease decided. */
export type UnleasedStep<T> = 
/** The state was edited: commit it with these task records (compare-and-set, one write). */
{
    write: true;
    value: T;
    tasks?: readonly TaskRecord[];
}
/** Nothing to write (e.g. the change was superseded). */
 | {
    write: false;
    value: T;
}
/** The change needs the lease (it has more to do than one entry): the caller takes the lease instead. */
 | {
    lease: true;
};
/** How often a change without the lease is tried (version conflicts, a live lease) before the caller falls back to the lease. */
export declare const UNLEASED_ATTEMPTS = 60;
/** The longest pause between two tries (full jitter: a random pause up to min(this, 10 ms × 2^try)). */
export declare const UNLEASED_MAX_PAUSE_MS = 1000;
/**
 * Who may change an instance right now. A lease is taken and given back with compare-and-set
 * writes; while it is held, the instance's due time is the lease's expiry, so the tick takes
 * over from a runner that died.
 */
export declare class Leases {
    private readonly store;
    private readonly clock;
    private readonly leaseMs;
    /** How long to wait (real time) for a busy instance when asked to wait. */
    private readonly busyWaitMs;
    /** Throws for an instance that must not be run (e.g. its automation is not registered). */
    private readonly checkRunnable;
    private readonly dueBeforeLease;
    constructor(store: Store, clock: Clock, leaseMs: number, 
    /** How long to wait (real time) for a busy instance when asked to wait. */
    busyWaitMs: number, 
    /** Throws for an instance that must not be run (e.g. its automation is not registered). */
    checkRunnable: (state: InstanceState) => void);
    /**
     * Takes the instance's lease; waits a little for a busy one when `wait` is set, else throws InstanceBusyError.
     * `refuse` sees the state read before the lease is written and may return an error to throw instead,
     * so that a refused call writes nothing (the conditional write fails if the state changed since).
     */
    acquire(id: string, wait: boolean, refuse?: (state: InstanceState) => Error | undefined): Promise<InstanceState>;
    /** Takes the lease only if the instance is due by `now` and nobody holds it; undefined otherwise (one read, at most one write). */
    acquireIfDue(id: string, now: number): Promise<InstanceState | undefined>;
    private take;
    /**
     * Changes an instance without taking its lease, for changes small enough not to need a run
     * (a background job's claim, a DAG task's result that starts nothing): reads the state and,
     * when nobody holds a live lease, lets `change` edit it and commits it compare-and-set in one
     * write (lease and due time untouched). A version conflict or a live lease means another try
     * after a jittered pause (concurrent completions spread out instead of queueing behind a
     * lease), at most UNLEASED_ATTEMPTS tries. Undefined when it gave up or `change` asked for the
     * lease: the caller takes the lease path.
     */
    withoutLease<T>(id: string, change: (state: InstanceState) => UnleasedStep<T> | Promise<UnleasedStep<T>>): Promise<{
        value: T;
    } | undefined>;
    /** Gives the lease back without other changes (the due time returns to what it was). */
    release(state: InstanceState): Promise<void>;
}
