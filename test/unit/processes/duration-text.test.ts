import { describe, expect, it } from 'vitest';
import { DataValidationError } from '../../../lib/engine/errors.js';
import { durationTextSchema, formatDurationText, parseDurationText } from '../../../lib/engine/processes/duration-text.js';

describe('parseDurationText', () => {
  it.each([
    ['500ms', 500], ['30s', 30_000], ['10m', 600_000], ['2h', 7_200_000], ['1d', 86_400_000],
    ['1h30m', 5_400_000], ['1m30s', 90_000], ['1d 12h', 129_600_000], ['2s500ms', 2500], [' 5m ', 300_000],
    [0, 0], [1500, 1500],
  ] as const)('%s → %i ms', (text, ms) => {
    expect(parseDurationText(text)).toBe(ms);
  });

  it.each([
    ['10x', /"10x" is not a duration/],
    ['', /empty/],
    ['1.5h', /not a duration/],
    ['h', /not a duration/],
    ['-5s', /not a duration/],
    ['1500', /has no unit: write 1500ms, or the number 1500/],
    ['1m1h', /each unit once, from the largest down/],
    ['5m5m', /each unit once/],
    [-1, /-1 is not a duration/],
    [1.5, /1.5 is not a duration/],
    [Number.NaN, /not a duration/],
    ['9999999999999999d', /too long/],
  ] as const)('refuses %s', (value, message) => {
    expect(() => parseDurationText(value)).toThrow(DataValidationError);
    expect(() => parseDurationText(value)).toThrow(message);
  });

  it('formats milliseconds back to the shortest text', () => {
    expect(formatDurationText(90_000)).toBe('1m30s');
    expect(formatDurationText(86_400_001)).toBe('1d1ms');
    expect(formatDurationText(0)).toBe('0s');
    for (const ms of [1, 999, 61_000, 3_600_000, 93_784_005]) expect(parseDurationText(formatDurationText(ms))).toBe(ms);
  });
});

describe('durationTextSchema', () => {
  it('accepts duration texts and whole milliseconds', () => {
    expect(durationTextSchema.parse('1h30m')).toBe('1h30m');
    expect(durationTextSchema.parse(250)).toBe(250);
  });

  it('refuses anything else with a message that says what to write', () => {
    const bad = durationTextSchema.safeParse('soon');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/"soon" is not a duration: write a whole number of milliseconds or parts like "500ms", "30s"/);
    expect(durationTextSchema.safeParse(true).error?.issues[0]?.message).toMatch(/a duration is expected/);
    expect(durationTextSchema.safeParse(-3).success).toBe(false);
  });
});
