import { ManualClock } from './clock.js';
import type { AutomationClass } from './definition.js';
import { toMilliseconds, toTimestamp, type Duration } from './duration.js';
import { Engine, type EngineOptions, type TickReport } from './engine.js';
import { MemoryStore } from './memory-store.js';
import type { Store } from './store.js';

export interface TestEnvironmentOptions extends Partial<Omit<EngineOptions, 'clock' | 'automations'>> {
  automations?: readonly AutomationClass[];
  /** Where virtual time starts (default 2026-01-01T09:00Z). */
  start?: Date | number | string;
  store?: Store;
}

/**
 * An engine on a virtual clock: `advance({ days: 3 })` runs everything that falls due in those
 * three days, at the moment it falls due, in milliseconds of real time.
 */
export class TestEnvironment {
  readonly clock: ManualClock;
  readonly engine: Engine;
  readonly store: Store;

  constructor(options: TestEnvironmentOptions = {}) {
    this.clock = new ManualClock(options.start === undefined ? undefined : toTimestamp(options.start, 'start'));
    this.store = options.store ?? new MemoryStore();
    this.engine = new Engine({ secret: 'test-environment-secret', ...options, store: this.store, clock: this.clock });
  }

  get now(): Date {
    return new Date(this.clock.now());
  }

  /** Runs what is due now. */
  async runDue(): Promise<TickReport> {
    return this.engine.runDue();
  }

  /** Moves time forward, stopping at every due time on the way to run what is due. */
  async advance(duration: Duration): Promise<TickReport> {
    return this.advanceTo(this.clock.now() + toMilliseconds(duration));
  }

  async advanceTo(time: Date | number | string): Promise<TickReport> {
    const target = toTimestamp(time, 'advanceTo');
    const total: TickReport = { ran: [], busy: [], failed: [] };
    for (;;) {
      const [next] = await this.store.due(target, 1);
      if (!next) break;
      if (next.dueAt! > this.clock.now()) this.clock.set(next.dueAt!);
      const report = await this.engine.runDue();
      total.ran.push(...report.ran);
      total.busy.push(...report.busy);
      total.failed.push(...report.failed);
      if (report.ran.length === 0 && report.failed.length === 0) break; // nothing could run (all busy)
    }
    if (target > this.clock.now()) this.clock.set(target);
    return total;
  }
}

export function createTestEnvironment(options: TestEnvironmentOptions = {}): TestEnvironment {
  return new TestEnvironment(options);
}
