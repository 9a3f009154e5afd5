import { DataValidationError } from './errors.js';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
function sum(duration) {
    if (typeof duration === 'number')
        return duration;
    if (typeof duration !== 'object' || duration === null)
        return Number.NaN;
    return (duration.days ?? 0) * DAY + (duration.hours ?? 0) * HOUR + (duration.minutes ?? 0) * MINUTE +
        (duration.seconds ?? 0) * 1000 + (duration.milliseconds ?? 0);
}
/** A span of time that must not be negative (leases, poll intervals, SkipAfter, advancing a clock). */
export function toMilliseconds(duration) {
    const ms = sum(duration);
    if (!Number.isFinite(ms) || ms < 0)
        throw new DataValidationError(`A duration must be a finite, non-negative span of time, got ${JSON.stringify(duration)}`);
    return ms;
}
/**
 * How long to wait (AfterWaitingFor): zero or negative means "already over", so the node runs
 * at once, as in django-automations (whose own tests wait minus one day). NaN and Infinity are refused.
 */
export function toWaitMilliseconds(duration) {
    const ms = sum(duration);
    if (!Number.isFinite(ms))
        throw new DataValidationError(`A duration to wait must be a finite span of time, got ${typeof duration === 'number' ? String(duration) : JSON.stringify(duration)}`);
    return ms;
}
export function toTimestamp(value, what) {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
    if (!Number.isFinite(ms))
        throw new DataValidationError(`${what} is not a valid point in time: ${String(value)}`);
    return ms;
}
