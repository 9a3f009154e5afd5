import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { InstanceBusyError, InstanceNotFoundError, LeaseLostError } from './errors.js';
import type { InstanceState, TaskRecord } from './state.js';
import type { Store } from './store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What one try of a change made without the lease decided. */
export type UnleasedStep<T> =
  /** The state was edited: commit it with these task records (compare-and-set, one write). */
  | { write: true; value: T; tasks?: readonly TaskRecord[] }
  /** Nothing to write (e.g. the change was superseded). */
  | { write: false; value: T }
  /** The change needs the lease (it has more to do than one entry): the caller takes the lease instead. */
  | { lease: true };

/** How often a change without the lease is tried (version conflicts, a live lease) before the caller falls back to the lease. */
export const UNLEASED_ATTEMPTS = 60;
/** The longest pause between two tries (full jitter: a random pause up to min(this, 10 ms × 2^try)). */
export const UNLEASED_MAX_PAUSE_MS = 1_000;

/**
 * Who may change an instance right now. A lease is taken and given back with compare-and-set
 * writes; while it is held, the instance's due time is the lease's expiry, so the tick takes
 * over from a runner that died.
 */
export class Leases {
  private readonly dueBeforeLease = new WeakMap<InstanceState, number | null>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly leaseMs: number,
    /** How long to wait (real time) for a busy instance when asked to wait. */
    private readonly busyWaitMs: number,
    /** Throws for an instance that must not be run (e.g. its automation is not registered). */
    private readonly checkRunnable: (state: InstanceState) => void,
  ) {}

  /**
   * Takes the instance's lease; waits a little for a busy one when `wait` is set, else throws InstanceBusyError.
   * `refuse` sees the state read before the lease is written and may return an error to throw instead,
   * so that a refused call writes nothing (the conditional write fails if the state changed since).
   */
  async acquire(id: string, wait: boolean, refuse?: (state: InstanceState) => Error | undefined): Promise<InstanceState> {
    return (await this.take(id, wait, Infinity, refuse))!;
  }

  /**
   * Reads the instance for a run that takes the lease with its first commit (InstanceRun with
   * `leased: false`): nothing is written here. While another runner holds a live lease it waits
   * until `deadline` (Date.now() time), then throws InstanceBusyError. `first`, when given and
   * not held by anyone, is used instead of a read.
   */
  async read(id: string, deadline: number, refuse?: (state: InstanceState) => Error | undefined, first?: InstanceState): Promise<InstanceState> {
    for (let attempt = 0; ; attempt++) {
      const state = attempt === 0 && first ? first : await this.store.get(id);
      if (!state) throw new InstanceNotFoundError(id);
      this.checkRunnable(state);
      const refusal = refuse?.(state);
      if (refusal) throw refusal;
      if (!state.lease || state.lease.until <= this.clock.now()) return state;
      if (Date.now() >= deadline) throw new InstanceBusyError(id);
      await sleep(Math.min(100, 2 ** attempt));
    }
  }

  /** The instance, read without writing, if it is due by `now` and nobody holds a live lease on it (the tick's runs take the lease with their first commit). */
  async readIfDue(id: string, now: number): Promise<InstanceState | undefined> {
    const state = await this.store.get(id);
    if (!state) return undefined;
    this.checkRunnable(state);
    if (state.dueAt === null || state.dueAt > now) return undefined;
    if (state.lease && state.lease.until > this.clock.now()) return undefined;
    return state;
  }

  /** Takes the lease only if the instance is due by `now` and nobody holds it; undefined otherwise (one read, at most one write). */
  async acquireIfDue(id: string, now: number): Promise<InstanceState | undefined> {
    try {
      return await this.take(id, false, now);
    } catch (error) {
      if (error instanceof InstanceBusyError || error instanceof InstanceNotFoundError) return undefined;
      throw error;
    }
  }

  private async take(id: string, wait: boolean, dueBy: number, refuse?: (state: InstanceState) => Error | undefined): Promise<InstanceState | undefined> {
    const deadline = Date.now() + (wait ? this.busyWaitMs : 0);
    for (let attempt = 0; ; attempt++) {
      const state = await this.store.get(id);
      if (!state) throw new InstanceNotFoundError(id);
      this.checkRunnable(state);
      const refusal = refuse?.(state);
      if (refusal) throw refusal;
      if (dueBy !== Infinity && (state.dueAt === null || state.dueAt > dueBy)) return undefined;
      const now = this.clock.now();
      if (!state.lease || state.lease.until <= now) {
        const expected = state.version;
        this.dueBeforeLease.set(state, state.dueAt);
        state.version += 1;
        state.lease = { owner: randomUUID(), until: now + this.leaseMs };
        if (state.status !== 'finished') state.dueAt = state.lease.until;
        if (await this.store.commit({ expectedVersion: expected, state, tasks: [] })) return state;
      }
      if (Date.now() >= deadline) throw new InstanceBusyError(id);
      await sleep(Math.min(100, 2 ** attempt));
    }
  }

  /**
   * Changes an instance without taking its lease, for changes small enough not to need a run
   * (a background job's claim, a DAG task's result that starts nothing): reads the state and,
   * when nobody holds a live lease, lets `change` edit it and commits it compare-and-set in one
   * write (lease and due time untouched). A version conflict or a live lease means another try
   * after a jittered pause (concurrent completions spread out instead of queueing behind a
   * lease), at most UNLEASED_ATTEMPTS tries. Undefined when it gave up or `change` asked for the
   * lease: the caller takes the lease path.
   */
  async withoutLease<T>(id: string, change: (state: InstanceState) => UnleasedStep<T> | Promise<UnleasedStep<T>>): Promise<{ value: T } | undefined> {
    for (let attempt = 0; attempt < UNLEASED_ATTEMPTS; attempt++) {
      if (attempt > 0) await sleep(Math.random() * Math.min(UNLEASED_MAX_PAUSE_MS, 10 * 2 ** attempt));
      const state = await this.store.get(id);
      if (!state) throw new InstanceNotFoundError(id);
      this.checkRunnable(state);
      if (state.lease && state.lease.until > this.clock.now()) continue; // a runner holds it: its commit must not be broken
      const expected = state.version;
      const step = await change(state);
      if ('lease' in step) return undefined;
      if (!step.write) return { value: step.value };
      state.version = expected + 1;
      state.updated = this.clock.now();
      if (await this.store.commit({ expectedVersion: expected, state, tasks: step.tasks ?? [] })) return { value: step.value };
    }
    return undefined;
  }

  /** Gives the lease back without other changes (the due time returns to what it was). */
  async release(state: InstanceState): Promise<void> {
    const expected = state.version;
    state.version += 1;
    state.lease = null;
    state.dueAt = this.dueBeforeLease.get(state) ?? null;
    state.updated = this.clock.now();
    if (!(await this.store.commit({ expectedVersion: expected, state, tasks: [] }))) throw new LeaseLostError(state.id);
  }
}
