export interface CronSpec {
    /** The five fields as written (whitespace normalised). */
    text: string;
    /** Sorted, unique values of each field. */
    minutes: number[];
    hours: number[];
    daysOfMonth: number[];
    months: number[];
    /** 0 (Sunday) … 6 (Saturday); a 7 in the text is folded to 0. */
    daysOfWeek: number[];
    /** The day-of-month field does not start with `*`. */
    domRestricted: boolean;
    /** The day-of-week field does not start with `*`. */
    dowRestricted: boolean;
    /** The minute or hour field starts with `*` (see the DST rule above). */
    wildcard: boolean;
}
export type CronParseResult = {
    ok: true;
    cron: CronSpec;
} | {
    ok: false;
    problems: string[];
};
/** One comma-separated item of a field: `*`, `5`, `1-5`, each optionally with `/step`. */
export interface CronItem {
    start: number;
    end: number;
    step: number;
    /** Written as `*` or `*\/n`. */
    all: boolean;
    /** Written as `a/n` (from a through the field's maximum). */
    open: boolean;
}
/** The items of each field of an already valid spec (for describing it). */
export declare function cronItems(text: string): CronItem[][];
/** Parses a five-field crontab spec, listing every problem (each naming its field and item). */
export declare function parseCron(text: string): CronParseResult;
/** Fire instants strictly after `after`, ascending; skips whole months and non-matching days without evaluating times. */
export declare function fireTimes(cron: CronSpec, after: number, timeZone: string): Generator<number, void, undefined>;
/** The first fire time strictly after `after` (epoch ms), in `timeZone`. */
export declare function nextFireTime(cron: CronSpec, after: number, timeZone: string): number;
/** Fire times in (fromExclusive, toInclusive], ascending, at most `limit` of them (the earliest). */
export declare function fireTimesBetween(cron: CronSpec, fromExclusive: number, toInclusive: number, timeZone: string, limit: number): number[];
/** The schedule in English ("At 02:30, Monday through Friday", "Every 5 minutes"). */
export declare function describeCron(cron: CronSpec | string): string;
