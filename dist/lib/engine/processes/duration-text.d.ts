/**
 * Durations as written in process definitions: `"500ms"`, `"30s"`, `"10m"`, `"2h"`, `"1d"`,
 * combinations from the largest unit down (`"1h30m"`, `"1d 12h"`), or a whole number of milliseconds.
 */
import * as z from 'zod';
import type { DurationText } from './types.js';
/** Why `value` is not a duration, or undefined when it is one. */
export declare function durationTextProblem(value: unknown): string | undefined;
/** Milliseconds of a duration text; throws a 400 DataValidationError naming the problem. */
export declare function parseDurationText(value: DurationText): number;
/** A duration text (string or whole milliseconds), refused with a clear message otherwise. */
export declare const durationTextSchema: z.ZodType<DurationText>;
/** Formats milliseconds as the shortest duration text (`90000` → `"1m30s"`). */
export declare function formatDurationText(ms: number): string;
