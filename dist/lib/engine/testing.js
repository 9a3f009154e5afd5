import { ManualClock } from './clock.js';
import { toMilliseconds, toTimestamp } from './duration.js';
import { Engine } from './engine.js';
import { MemoryStore } from './memory-store.js';
/**
 * An engine on a virtual clock: `advance({ days: 3 })` runs everything that falls due in those
 * three days, at the moment it falls due, in milliseconds of real time.
 */
export class TestEnvironment {
    clock;
    engine;
    store;
    constructor(options = {}) {
        this.clock = new ManualClock(options.start === undefined ? undefined : toTimestamp(options.start, 'start'));
        this.store = options.store ?? new MemoryStore();
        this.engine = new Engine({ secret: 'test-environment-secret', ...options, store: this.store, clock: this.clock });
    }
    get now() {
        return new Date(this.clock.now());
    }
    /** Runs what is due now. */
    async runDue() {
        return this.engine.runDue();
    }
    /** Moves time forward, stopping at every due time on the way to run what is due. */
    async advance(duration) {
        return this.advanceTo(this.clock.now() + toMilliseconds(duration));
    }
    async advanceTo(time) {
        const target = toTimestamp(time, 'advanceTo');
        const total = { ran: [], busy: [], failed: [] };
        for (;;) {
            const [next] = await this.store.due(target, 1);
            if (!next)
                break;
            if (next.dueAt > this.clock.now())
                this.clock.set(next.dueAt);
            const report = await this.engine.runDue();
            total.ran.push(...report.ran);
            total.busy.push(...report.busy);
            total.failed.push(...report.failed);
            if (report.ran.length === 0 && report.failed.length === 0)
                break; // nothing could run (all busy)
        }
        if (target > this.clock.now())
            this.clock.set(target);
        return total;
    }
}
export function createTestEnvironment(options = {}) {
    return new TestEnvironment(options);
}
