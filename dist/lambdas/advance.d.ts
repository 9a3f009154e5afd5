import type { TimerInput } from '../lib/aws/timers.js';
import type { RuntimeProvider } from './shared/runtime.js';
export type AdvanceResult = {
    ran: true;
    status: string;
    lateMs: number;
} | {
    ran: false;
    reason: 'gone' | 'finished' | 'not-due' | 'busy';
};
/**
 * The timer state machine's target: runs the instance if it is (about to be) due. A stale
 * timer (the instance moved on, was killed, or is due later) does nothing; a busy instance
 * is left to its current runner. Anything else is thrown, for the state machine to retry.
 */
export declare function createAdvanceHandler(provider: RuntimeProvider): import("@middy/core").MiddyfiedHandler<TimerInput, AdvanceResult, Error, import("aws-lambda").Context, {}>;
export declare const handler: import("@middy/core").MiddyfiedHandler<TimerInput, AdvanceResult, Error, import("aws-lambda").Context, {}>;
