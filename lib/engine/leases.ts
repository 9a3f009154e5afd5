import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { InstanceBusyError, InstanceNotFoundError, LeaseLostError } from './errors.js';
import type { InstanceState } from './state.js';
import type { Store } from './store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
