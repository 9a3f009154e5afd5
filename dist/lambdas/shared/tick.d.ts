import type { Runtime } from './runtime.js';
export interface TickSummary {
    /** Instances found due (at most tickMaxDue). */
    due: number;
    ran: number;
    busy: number;
    failed: {
        id: string;
        automation: string;
        error: string;
    }[];
    /** Instances handed to worker invocations. */
    fannedOut: number;
    /** Far waits that came within the timer horizon and got their timer. */
    handedOver: number;
    /** Pending deliveries past their grace period: how many were found, and where those attempted here stand now. */
    deliveries: {
        due: number;
        applied: number;
        pending: number;
        dead: number;
        fannedOut: number;
    };
}
/** Runs `worker` over `items` with at most `concurrency` at a time. */
export declare function eachLimited<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void>;
/**
 * Runs the given instances if they are still due and nobody holds them (a fan-out batch of
 * the tick). The engine's lease makes a second runner of the same instance back off.
 */
export declare function runIds(runtime: Runtime, ids: readonly string[]): Promise<Pick<TickSummary, 'ran' | 'busy' | 'failed'>>;
/**
 * One tick (the successor of `automation_step`): runs what is due — polled conditions,
 * Repeat schedules, timers that were missed — in bounded parallel batches; when more is due
 * than one batch, the rest goes to worker invocations in batches. Then hands the waits that
 * came within the timer horizon to Step Functions timers.
 */
export declare function runTick(runtime: Runtime, options?: {
    fanOut?: boolean;
}): Promise<TickSummary>;
/**
 * Re-drives the deliveries still pending after their grace period (the hand-off was lost, the
 * worker died or timed out, the instance was busy, an attempt failed and its backoff is over).
 */
export declare function redrivePending(runtime: Runtime, now: number, options?: {
    fanOut?: boolean;
}): Promise<TickSummary['deliveries']>;
/** Starts timers for waits now within the horizon that were beyond it when the instance parked. */
export declare function handOver(runtime: Runtime, now: number): Promise<number>;
