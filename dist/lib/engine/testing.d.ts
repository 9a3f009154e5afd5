import { ManualClock } from './clock.js';
import type { AutomationClass } from './definition.js';
import { type Duration } from './duration.js';
import { Engine, type EngineOptions, type TickReport } from './engine.js';
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
export declare class TestEnvironment {
    readonly clock: ManualClock;
    readonly engine: Engine;
    readonly store: Store;
    constructor(options?: TestEnvironmentOptions);
    get now(): Date;
    /** Runs what is due now. */
    runDue(): Promise<TickReport>;
    /** Moves time forward, stopping at every due time on the way to run what is due. */
    advance(duration: Duration): Promise<TickReport>;
    advanceTo(time: Date | number | string): Promise<TickReport>;
}
export declare function createTestEnvironment(options?: TestEnvironmentOptions): TestEnvironment;
