import type { RuntimeProvider } from './shared/runtime.js';
import { type TickSummary } from './shared/tick.js';
/** What the schedules send: EventBridge's scheduled event (the tick), or the daily history job's input. */
export type TickEvent = {
    'detail-type'?: string;
    source?: string;
} | {
    task: 'history';
    days?: number;
};
export type TickResult = ({
    task: 'tick';
} & TickSummary) | {
    task: 'history';
    instances: number;
    tasks: number;
};
/**
 * The tick, every minute: runs what is due (conditions, Repeat schedules, missed timers) and
 * hands far waits to timers. The same function runs the daily history clean-up.
 */
export declare function createTickHandler(provider: RuntimeProvider): import("@middy/core").MiddyfiedHandler<TickEvent, TickResult, Error, import("aws-lambda").Context, {}>;
export declare const handler: import("@middy/core").MiddyfiedHandler<TickEvent, TickResult, Error, import("aws-lambda").Context, {}>;
