import { describe, expect, it } from 'vitest';
import { fromWallTime, nextOccurrence } from '../../lib/engine/schedule.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Wall-clock arithmetic across daylight-saving changes (Europe/Berlin: 29 March and 25 October 2026). */
describe('wall-clock schedules across DST', () => {
  it('maps a wall time inside the spring-forward gap to the instant after the gap, not before it', () => {
    // 02:30 does not exist in Berlin on 29 March 2026 (02:00 CET → 03:00 CEST): it reads as 03:30 CEST
    const w = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, ms: 0 };
    expect(iso(fromWallTime(w, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('fires a daily 02:30 exactly once on the spring-forward day, after the gap', () => {
    const after = Date.parse('2026-03-28T12:00:00Z');
    const first = nextOccurrence({ kind: 'at', hour: 2, minute: 30 }, after, after, 'Europe/Berlin');
    expect(iso(first)).toBe('2026-03-29T01:30:00.000Z');
    const second = nextOccurrence({ kind: 'at', hour: 2, minute: 30 }, after, first, 'Europe/Berlin');
    expect(iso(second)).toBe('2026-03-30T00:30:00.000Z'); // 02:30 CEST the next day
  });

  it('fires a daily 02:30 exactly once on the fall-back day', () => {
    const after = Date.parse('2026-10-24T12:00:00Z');
    const first = nextOccurrence({ kind: 'at', hour: 2, minute: 30 }, after, after, 'Europe/Berlin');
    const second = nextOccurrence({ kind: 'at', hour: 2, minute: 30 }, after, first, 'Europe/Berlin');
    expect(new Date(first).toISOString().slice(0, 10)).toBe('2026-10-25');
    expect(iso(second)).toBe('2026-10-26T01:30:00.000Z'); // 02:30 CET the next day: no second fire on the 25th
  });

  it('keeps the wall-clock time of a day-based schedule across the change', () => {
    const anchor = Date.parse('2026-03-28T07:00:00Z'); // 08:00 CET
    expect(iso(nextOccurrence({ kind: 'days', days: 1 }, anchor, anchor, 'Europe/Berlin'))).toBe('2026-03-29T06:00:00.000Z'); // 08:00 CEST
  });
});
