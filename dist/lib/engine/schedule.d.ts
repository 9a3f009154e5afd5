/** When a Repeat comes round again. */
export type Schedule = {
    kind: 'at';
    hour: number;
    minute: number;
} | {
    kind: 'interval';
    ms: number;
} | {
    kind: 'days';
    days: number;
};
interface WallTime {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    ms: number;
}
export declare function isValidTimeZone(timeZone: string): boolean;
/** The wall-clock reading of `ts` in `timeZone`. */
export declare function wallTime(ts: number, timeZone: string): WallTime;
/** How far the wall clock in `timeZone` is ahead of UTC at `ts`, in ms (CEST: 7,200,000). */
export declare function zoneOffset(ts: number, timeZone: string): number;
/** The instant at which the wall clock in `timeZone` shows the given reading (the later one in a DST gap). */
export declare function fromWallTime(w: WallTime, timeZone: string): number;
/**
 * The first time the schedule fires strictly after `after`. Intervals count from `anchor`
 * (the Repeat's first execution); day-based schedules keep the wall-clock time in `timeZone`
 * across daylight-saving changes.
 */
export declare function nextOccurrence(schedule: Schedule, anchor: number, after: number, timeZone: string): number;
export declare function describeSchedule(schedule: Schedule): string;
export {};
