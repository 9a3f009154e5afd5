import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCron, fireTimesBetween, nextFireTime, parseCron, type CronSpec } from '../../../lib/engine/processes/cron.js';

function cron(text: string): CronSpec {
  const parsed = parseCron(text);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.cron;
}

function problems(text: string): string[] {
  const parsed = parseCron(text);
  if (parsed.ok) throw new Error(`"${text}" was accepted`);
  return parsed.problems;
}

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const iso = (ts: number): string => new Date(ts).toISOString().slice(0, 16);
/** Local wall-clock reading, for asserting what a user in that zone sees. */
const local = (ts: number, timeZone: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ts);

describe('parseCron', () => {
  it('expands lists, ranges, steps and names', () => {
    const c = cron('*/15 1-21/10 5/15 JAN,mar-May 1');
    expect(c.minutes).toEqual([0, 15, 30, 45]);
    expect(c.hours).toEqual([1, 11, 21]);
    expect(c.daysOfMonth).toEqual([5, 20]);
    expect(c.months).toEqual([1, 3, 4, 5]);
    expect(c.daysOfWeek).toEqual([1]);
    expect(cron('0 0 * * mon-FRI').daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(cron('0 0 * * 1,3,5,3').daysOfWeek).toEqual([1, 3, 5]);
    expect(cron('  0   12 *  * *  ').text).toBe('0 12 * * *');
  });

  it('reads Sunday as 0 or 7 (also at the end of a range)', () => {
    expect(cron('0 0 * * 0').daysOfWeek).toEqual([0]);
    expect(cron('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(cron('0 0 * * SUN').daysOfWeek).toEqual([0]);
    expect(cron('0 0 * * 5-7').daysOfWeek).toEqual([0, 5, 6]);
    expect(cron('0 0 * * */2').daysOfWeek).toEqual([0, 2, 4, 6]);
  });

  it('marks which day fields are restricted (a field starting with * is not)', () => {
    expect(cron('0 0 1 * 1')).toMatchObject({ domRestricted: true, dowRestricted: true });
    expect(cron('0 0 */2 * 1')).toMatchObject({ domRestricted: false, dowRestricted: true });
    expect(cron('0 0 * * *')).toMatchObject({ domRestricted: false, dowRestricted: false, wildcard: false });
    expect(cron('*/5 3 * * *').wildcard).toBe(true);
  });

  it.each([
    ['60 * * * *', 'minute: "60" is out of range (0–59)'],
    ['* 24 * * *', 'hour: "24" is out of range (0–23)'],
    ['* * 0 * *', 'day of month: "0" is out of range (1–31)'],
    ['* * * 13 *', 'month: "13" is out of range (1–12)'],
    ['* * * * 8', 'day of week: "8" is out of range (0–7)'],
    ['9-3 * * * *', 'minute: "9-3" is a reversed range'],
    ['*/0 * * * *', 'minute: "*/0": the step must be at least 1'],
    ['1,,2 * * * *', 'minute "1,,2": an empty item'],
    ['x * * * *', 'minute: "x" is not a number'],
    ['* * * * FUN', 'day of week: "FUN" is not a day of week name'],
    ['* * * JANUARY *', 'month: "JANUARY" is not a month name'],
    ['1-2-3 * * * *', 'minute: "1-2-3" is not a value or a range'],
    ['*/2/3 * * * *', 'minute: "*/2/3" has more than one "/"'],
    ['? * * * *', 'minute: "?" is not a number'],
    ['* * L * *', 'day of month: "L" is not a number'],
  ])('refuses %s naming the field and the item', (text, message) => {
    expect(problems(text)).toEqual([expect.stringContaining(message)]);
  });

  it('refuses empty specs and wrong field counts', () => {
    expect(problems('')[0]).toMatch(/empty/);
    expect(problems('   ')[0]).toMatch(/empty/);
    expect(problems('* * * *')[0]).toMatch(/has 4 fields; a schedule has five/);
    expect(problems('0 0 * * * *')[0]).toMatch(/has 6 fields/);
  });

  it('lists every problem at once', () => {
    expect(problems('60 24 0 13 6-2')).toEqual([
      'minute: "60" is out of range (0–59)',
      'hour: "24" is out of range (0–23)',
      'day of month: "0" is out of range (1–31)',
      'month: "13" is out of range (1–12)',
      'day of week: "6-2" is a reversed range (write the smaller value first)',
    ]);
  });

  it('refuses a date that never exists, but not one that exists in leap years', () => {
    expect(problems('0 0 31 2,4 *')[0]).toMatch(/never fires/);
    expect(parseCron('0 0 30 2 1').ok).toBe(true); // either day field matches: every Monday of February
    expect(parseCron('0 0 29 2 *').ok).toBe(true);
  });
});

describe('nextFireTime', () => {
  it('finds the first fire time strictly after the given instant', () => {
    const c = cron('30 2 * * 1-5');
    expect(iso(nextFireTime(c, utc('2026-01-02T00:00'), 'UTC'))).toBe('2026-01-02T02:30'); // a Friday
    expect(iso(nextFireTime(c, utc('2026-01-02T02:30'), 'UTC'))).toBe('2026-01-05T02:30'); // the weekend skipped
    expect(iso(nextFireTime(cron('*/5 * * * *'), utc('2026-01-01T10:02'), 'UTC'))).toBe('2026-01-01T10:05');
    expect(iso(nextFireTime(cron('0 0 1 1 *'), utc('2026-06-15T00:00'), 'UTC'))).toBe('2027-01-01T00:00');
  });

  it('evaluates in the time zone', () => {
    expect(iso(nextFireTime(cron('30 2 * * *'), utc('2026-01-10T00:00'), 'Europe/Berlin'))).toBe('2026-01-10T01:30');
    expect(iso(nextFireTime(cron('30 2 * * *'), utc('2026-07-10T00:00'), 'Europe/Berlin'))).toBe('2026-07-10T00:30');
    expect(iso(nextFireTime(cron('0 9 * * *'), utc('2026-01-10T00:00'), 'Asia/Kolkata'))).toBe('2026-01-10T03:30');
    expect(() => nextFireTime(cron('0 9 * * *'), 0, 'Mars/Base')).toThrow(/Unknown time zone/);
    expect(() => nextFireTime(cron('0 9 * * *'), Number.NaN, 'UTC')).toThrow(/Not a point in time/);
    expect(() => fireTimesBetween(cron('0 9 * * *'), 0, Number.POSITIVE_INFINITY, 'UTC', 10)).toThrow(/Not a point in time/);
  });

  it('matches either day field when both are restricted (standard crontab), both otherwise', () => {
    const either = fireTimesBetween(cron('0 0 13 * 5'), utc('2026-01-01T00:00'), utc('2026-01-31T00:00'), 'UTC', 10).map(iso);
    // Fridays (2, 9, 16, 23, 30) and the 13th (a Tuesday).
    expect(either).toEqual(['2026-01-02T00:00', '2026-01-09T00:00', '2026-01-13T00:00', '2026-01-16T00:00', '2026-01-23T00:00', '2026-01-30T00:00']);
    const domOnly = fireTimesBetween(cron('0 0 13 * *'), utc('2026-01-01T00:00'), utc('2026-03-31T00:00'), 'UTC', 10).map(iso);
    expect(domOnly).toEqual(['2026-01-13T00:00', '2026-02-13T00:00', '2026-03-13T00:00']);
    // A day-of-month field starting with * combines with AND: days 1, 11, 21, 31 that are Mondays.
    const both = fireTimesBetween(cron('0 0 */10 * MON'), utc('2026-01-01T00:00'), utc('2026-12-31T00:00'), 'UTC', 10).map(iso);
    expect(both).toEqual(['2026-05-11T00:00', '2026-06-01T00:00', '2026-08-31T00:00', '2026-09-21T00:00', '2026-12-21T00:00']);
    for (const t of both) expect([1, 11, 21, 31]).toContain(new Date(`${t}Z`).getUTCDate());
  });

  it('fires on Sunday, written 0 or 7', () => {
    expect(iso(nextFireTime(cron('0 8 * * 7'), utc('2026-01-01T00:00'), 'UTC'))).toBe('2026-01-04T08:00');
    expect(iso(nextFireTime(cron('0 8 * * 0'), utc('2026-01-01T00:00'), 'UTC'))).toBe('2026-01-04T08:00');
  });

  it('finds February 29 across a century year that is not a leap year, without stepping minute by minute', () => {
    const c = cron('0 0 29 2 *');
    expect(iso(nextFireTime(c, utc('2026-03-01T00:00'), 'UTC'))).toBe('2028-02-29T00:00');
    expect(iso(nextFireTime(c, utc('2096-03-01T00:00'), 'UTC'))).toBe('2104-02-29T00:00');
  });
});

describe('daylight-saving changes', () => {
  const day = (timeZone: string, date: string, times: number[]) => times.filter((t) => local(t, timeZone).startsWith(date));

  it('Europe/Berlin, 2026-03-29 (02:00 → 03:00): a 02:30 schedule fires once, at 03:00', () => {
    const times = fireTimesBetween(cron('30 2 * * *'), utc('2026-03-27T00:00'), utc('2026-03-31T00:00'), 'Europe/Berlin', 10);
    expect(times.map((t) => local(t, 'Europe/Berlin'))).toEqual(['2026-03-27 02:30', '2026-03-28 02:30', '2026-03-29 03:00', '2026-03-30 02:30']);
    expect(iso(times[2]!)).toBe('2026-03-29T01:00');
  });

  it('Europe/Berlin, 2026-10-25 (03:00 → 02:00): a 02:30 schedule fires once, at the first 02:30', () => {
    const times = fireTimesBetween(cron('30 2 * * *'), utc('2026-10-23T00:00'), utc('2026-10-27T00:00'), 'Europe/Berlin', 10);
    expect(times.map(iso)).toEqual(['2026-10-23T00:30', '2026-10-24T00:30', '2026-10-25T00:30', '2026-10-26T01:30']);
    expect(day('Europe/Berlin', '2026-10-25', times)).toHaveLength(1);
  });

  it('several fixed times inside the gap fire once, at the end of the gap', () => {
    const times = fireTimesBetween(cron('0,15,30 2 * * *'), utc('2026-03-28T12:00'), utc('2026-03-29T12:00'), 'Europe/Berlin', 10);
    expect(times.map((t) => local(t, 'Europe/Berlin'))).toEqual(['2026-03-29 03:00']);
  });

  it('wildcard schedules follow the clock: skipped times do not fire, repeated times fire twice', () => {
    const c = cron('*/30 * * * *');
    const spring = day('Europe/Berlin', '2026-03-29', fireTimesBetween(c, utc('2026-03-28T12:00'), utc('2026-03-30T00:00'), 'Europe/Berlin', 500));
    expect(spring).toHaveLength(46); // 23 hours
    expect(spring.map((t) => local(t, 'Europe/Berlin'))).not.toContain('2026-03-29 02:30');
    const fall = day('Europe/Berlin', '2026-10-25', fireTimesBetween(c, utc('2026-10-24T12:00'), utc('2026-10-26T00:00'), 'Europe/Berlin', 500));
    expect(fall).toHaveLength(50); // 25 hours
    expect(fall.map(iso)).toEqual(expect.arrayContaining(['2026-10-25T00:30', '2026-10-25T01:30'])); // 02:30 CEST and 02:30 CET
    for (let i = 1; i < fall.length; i++) expect(fall[i]! - fall[i - 1]!).toBe(30 * 60_000);
  });

  it('America/New_York: 2026-03-08 and 2026-11-01', () => {
    const spring = fireTimesBetween(cron('30 2 * * *'), utc('2026-03-07T12:00'), utc('2026-03-09T12:00'), 'America/New_York', 10);
    expect(spring.map((t) => local(t, 'America/New_York'))).toEqual(['2026-03-08 03:00', '2026-03-09 02:30']);
    expect(iso(spring[0]!)).toBe('2026-03-08T07:00');
    const fall = fireTimesBetween(cron('30 1 * * *'), utc('2026-10-31T12:00'), utc('2026-11-02T12:00'), 'America/New_York', 10);
    expect(fall.map(iso)).toEqual(['2026-11-01T05:30', '2026-11-02T06:30']); // 01:30 EDT only, then 01:30 EST
  });
});

describe('fireTimesBetween', () => {
  const c = cron('0 * * * *');
  it('excludes the start, includes the end and stops at the limit', () => {
    expect(fireTimesBetween(c, utc('2026-01-01T00:00'), utc('2026-01-01T03:00'), 'UTC', 10).map(iso)).toEqual(['2026-01-01T01:00', '2026-01-01T02:00', '2026-01-01T03:00']);
    expect(fireTimesBetween(c, utc('2026-01-01T00:00'), utc('2026-01-02T00:00'), 'UTC', 2).map(iso)).toEqual(['2026-01-01T01:00', '2026-01-01T02:00']);
    expect(fireTimesBetween(c, utc('2026-01-01T03:00'), utc('2026-01-01T03:00'), 'UTC', 10)).toEqual([]);
    expect(fireTimesBetween(c, utc('2026-01-01T00:00'), utc('2026-01-01T03:00'), 'UTC', 0)).toEqual([]);
  });
});

describe('against a minute-by-minute reference', () => {
  // Random specs from values, ranges and steps; compared in UTC and in a half-hour zone without DST.
  const item = (min: number, max: number) =>
    fc.oneof(
      fc.constant('*'),
      fc.integer({ min, max }).map(String),
      fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
      fc.integer({ min: 1, max: 20 }).map((s) => `*/${s}`),
    );
  const field = (min: number, max: number) => fc.array(item(min, max), { minLength: 1, maxLength: 3 }).map((items) => (items.includes('*') ? '*' : items.join(',')));
  const spec = fc.tuple(field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 7)).map((f) => f.join(' '));

  function matches(c: CronSpec, wall: Date): boolean {
    const dom = c.daysOfMonth.includes(wall.getUTCDate());
    const dow = c.daysOfWeek.includes(wall.getUTCDay());
    const day = c.domRestricted && c.dowRestricted ? dom || dow : dom && dow;
    return day && c.months.includes(wall.getUTCMonth() + 1) && c.hours.includes(wall.getUTCHours()) && c.minutes.includes(wall.getUTCMinutes());
  }

  function reference(c: CronSpec, after: number, offsetMs: number): number {
    let t = Math.floor(after / 60_000) * 60_000 + 60_000;
    for (;;) {
      const wall = new Date(t + offsetMs);
      const dayMatch = matches({ ...c, hours: [wall.getUTCHours()], minutes: [wall.getUTCMinutes()] }, wall);
      if (dayMatch && c.hours.includes(wall.getUTCHours()) && c.minutes.includes(wall.getUTCMinutes())) return t;
      // Skip the rest of a non-matching local day (still a per-minute scan within matching days).
      if (!dayMatch) t += 86_400_000 - (wall.getUTCHours() * 60 + wall.getUTCMinutes()) * 60_000;
      else t += 60_000;
    }
  }

  it('agrees on random schedules and instants', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: utc('2020-01-01T00:00'), max: utc('2030-01-01T00:00') }), fc.constantFrom(['UTC', 0] as const, ['Asia/Kolkata', 5.5 * 3_600_000] as const), (text, after, [zone, offset]) => {
        const c = cron(text);
        expect(nextFireTime(c, after, zone)).toBe(reference(c, after, offset));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a fixed daily time in zones with DST', () => {
  it('fires exactly once on every local date, including change days', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'America/Santiago'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 365 * 5 }), fc.constantFrom(...zones), (m, h, dayIndex, zone) => {
        const c = cron(`${m} ${h} * * *`);
        // Three days around a random date; every local date strictly inside must have one fire.
        const start = utc('2024-01-01T00:00') + dayIndex * 86_400_000;
        const times = fireTimesBetween(c, start - 86_400_000, start + 3 * 86_400_000, zone, 10);
        const dates = times.map((t) => local(t, zone).slice(0, 10));
        expect(new Set(dates).size).toBe(dates.length);
        for (let i = 1; i < dates.length; i++) expect(Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)).toBe(86_400_000);
        expect(times.length).toBeGreaterThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
    // And the change days themselves, every hour and half hour of the day.
    for (const [zone, date] of [['Europe/Berlin', '2026-03-29'], ['Europe/Berlin', '2026-10-25'], ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01']] as const) {
      for (let h = 0; h < 24; h++) {
        for (const m of [0, 30]) {
          const times = fireTimesBetween(cron(`${m} ${h} * * *`), utc(`${date}T00:00`) - 86_400_000, utc(`${date}T00:00`) + 2 * 86_400_000, zone, 10);
          expect(times.filter((t) => local(t, zone).startsWith(date))).toHaveLength(1);
        }
      }
    }
  });
});

describe('describeCron', () => {
  it.each([
    ['30 2 * * 1-5', 'At 02:30, Monday through Friday'],
    ['*/5 * * * *', 'Every 5 minutes'],
    ['* * * * *', 'Every minute'],
    ['0 * * * *', 'Every hour'],
    ['15,45 * * * *', 'At 15 and 45 minutes past the hour'],
    ['0 9,12,17 * * *', 'At 09:00, 12:00 and 17:00'],
    ['0 0 1 * *', 'At 00:00, on day 1 of the month'],
    ['0 0 1,15 * *', 'At 00:00, on days 1 and 15 of the month'],
    ['0 9 * * MON', 'At 09:00, only on Monday'],
    ['0 9 * * 0,6', 'At 09:00, only on Sunday and Saturday'],
    ['*/15 9-17 * * MON-FRI', 'Every 15 minutes, between 09:00 and 17:59, Monday through Friday'],
    ['0 0 13 * 5', 'At 00:00, on day 13 of the month or on Friday'],
    ['0 12 * JAN,JUL *', 'At 12:00, only in January and July'],
    ['0 12 1 JAN-MAR *', 'At 12:00, on day 1 of the month, January through March'],
    ['0 */2 * * *', 'At 0 minutes past the hour, every 2 hours'],
    ['5/15 * * * *', 'Every 15 minutes from minute 5'],
  ])('%s → %s', (text, words) => {
    expect(describeCron(text)).toBe(words);
    expect(describeCron(cron(text))).toBe(words);
  });

  it('says when a text is not a schedule', () => {
    expect(describeCron('61 * * * *')).toBe('"61 * * * *" (not a valid schedule)');
  });
});
