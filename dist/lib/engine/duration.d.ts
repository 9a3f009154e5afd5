/** A span of time, either in milliseconds or as named parts (`{ hours: 2.5 }`). */
export type Duration = number | {
    days?: number;
    hours?: number;
    minutes?: number;
    seconds?: number;
    milliseconds?: number;
};
export declare const MINUTE = 60000;
export declare const HOUR: number;
export declare const DAY: number;
/** A span of time that must not be negative (leases, poll intervals, SkipAfter, advancing a clock). */
export declare function toMilliseconds(duration: Duration): number;
/**
 * How long to wait (AfterWaitingFor): zero or negative means "already over", so the node runs
 * at once, as in django-automations (whose own tests wait minus one day). NaN and Infinity are refused.
 */
export declare function toWaitMilliseconds(duration: Duration): number;
export declare function toTimestamp(value: Date | number | string, what: string): number;
