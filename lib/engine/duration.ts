import { DataValidationError } from './errors.js';

/** A span of time, either in milliseconds or as named parts (`{ hours: 2.5 }`). */
export type Duration = number | { days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function toMilliseconds(duration: Duration): number {
  const ms = typeof duration === 'number'
    ? duration
    : (duration.days ?? 0) * DAY + (duration.hours ?? 0) * HOUR + (duration.minutes ?? 0) * MINUTE +
      (duration.seconds ?? 0) * 1000 + (duration.milliseconds ?? 0);
  if (!Number.isFinite(ms) || ms < 0) throw new DataValidationError(`A duration must be a finite, non-negative span of time, got ${JSON.stringify(duration)}`);
  return ms;
}

export function toTimestamp(value: Date | number | string, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (!Number.isFinite(ms)) throw new DataValidationError(`${what} is not a valid point in time: ${String(value)}`);
  return ms;
}
