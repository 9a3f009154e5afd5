/**
 * Durations as written in process definitions: `"500ms"`, `"30s"`, `"10m"`, `"2h"`, `"1d"`,
 * combinations from the largest unit down (`"1h30m"`, `"1d 12h"`), or a whole number of milliseconds.
 */
import * as z from 'zod';
import { DataValidationError } from '../errors.js';
const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const ORDER = ['d', 'h', 'm', 's', 'ms'];
const HINT = 'write a whole number of milliseconds or parts like "500ms", "30s", "10m", "2h", "1d", "1h30m"';
/** Why `value` is not a duration, or undefined when it is one. */
export function durationTextProblem(value) {
    if (typeof value === 'number') {
        return Number.isSafeInteger(value) && value >= 0 ? undefined : `${value} is not a duration: ${HINT}`;
    }
    if (typeof value !== 'string')
        return `a duration must be a string or a number: ${HINT}`;
    const text = value.trim();
    if (text === '')
        return `an empty text is not a duration: ${HINT}`;
    if (/^\d+$/.test(text))
        return `"${value}" has no unit: write ${text}ms, or the number ${text} for milliseconds`;
    const parts = [...text.matchAll(/(\d+)\s*(ms|d|h|m|s)\s*/gy)];
    const consumed = parts.reduce((n, p) => n + p[0].length, 0);
    if (parts.length === 0 || consumed !== text.length)
        return `"${value}" is not a duration: ${HINT}`;
    let previous = -1;
    for (const part of parts) {
        const index = ORDER.indexOf(part[2]);
        if (index <= previous)
            return `"${value}" is not a duration: write each unit once, from the largest down (e.g. "1h30m")`;
        previous = index;
    }
    if (!Number.isSafeInteger(toMs(parts)))
        return `"${value}" is too long a duration`;
    return undefined;
}
function toMs(parts) {
    return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0);
}
/** Milliseconds of a duration text; throws a 400 DataValidationError naming the problem. */
export function parseDurationText(value) {
    const problem = durationTextProblem(value);
    if (problem)
        throw new DataValidationError(problem);
    if (typeof value === 'number')
        return value;
    return toMs([...value.trim().matchAll(/(\d+)\s*(ms|d|h|m|s)\s*/gy)]);
}
/** A duration text (string or whole milliseconds), refused with a clear message otherwise. */
export const durationTextSchema = z.union([z.string(), z.number()], { error: `a duration is expected: ${HINT}` }).superRefine((value, ctx) => {
    const problem = durationTextProblem(value);
    if (problem)
        ctx.addIssue({ code: 'custom', message: problem });
});
/** Formats milliseconds as the shortest duration text (`90000` → `"1m30s"`). */
export function formatDurationText(ms) {
    if (ms === 0)
        return '0s';
    let rest = ms;
    let out = '';
    for (const unit of ORDER) {
        const n = Math.floor(rest / UNITS[unit]);
        if (n > 0) {
            out += `${n}${unit}`;
            rest -= n * UNITS[unit];
        }
    }
    return out;
}
