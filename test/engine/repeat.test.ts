import { describe, expect, it } from 'vitest';
import { Automation, flow as untyped, type Task } from '../../lib/engine/index.js';
import { nextOccurrence } from '../../lib/engine/schedule.js';
import { testEnv } from '../support/env.js';

interface Data {
  runs: string[];
}
const flow = untyped.typed<Data>();
const stamp = (t: Task<Data>) => void t.data.runs.push(t.now.toISOString());

class BerlinDaily extends Automation<Data> {
  static override meta = { timeZone: 'Europe/Berlin' };
  work = flow.Execute(stamp);
  again = flow.Repeat().At(7, 30);
}

class EveryTwentyMinutes extends Automation<Data> {
  work = flow.Execute(stamp);
  again = flow.Repeat('work').EveryNMinutes(20);
}

class EveryOtherDay extends Automation<Data> {
  static override meta = { timeZone: 'America/New_York' };
  work = flow.Execute(stamp);
  again = flow.Repeat().EveryNDays(2);
}

class Hourly extends Automation<Data> {
  work = flow.Execute(stamp);
  again = flow.Repeat().EveryHour(3);
}

class Daily extends Automation<Data> {
  static override meta = { timeZone: 'Australia/Sydney' };
  work = flow.Execute(stamp);
  again = flow.Repeat().EveryDay();
}

describe('Repeat', () => {
  it('.EveryHour(n) and .EveryDay() repeat from the first execution', async () => {
    const env = await testEnv([Hourly, Daily], { start: '2026-04-03T22:00:00Z' });
    const hourly = await env.engine.start(Hourly, { runs: [] });
    const daily = await env.engine.start(Daily, { runs: [] });
    await env.advance({ days: 2, hours: 1 });
    expect((await hourly.refresh()).data.runs).toHaveLength(17);
    expect(hourly.data.runs.slice(0, 3)).toEqual(['2026-04-03T22:00:00.000Z', '2026-04-04T01:00:00.000Z', '2026-04-04T04:00:00.000Z']);
    // 09:00 in Sydney every day: UTC+11 on 4 April, UTC+10 after daylight saving ends on 5 April at 03:00
    expect((await daily.refresh()).data.runs).toEqual(['2026-04-03T22:00:00.000Z', '2026-04-04T23:00:00.000Z', '2026-04-05T23:00:00.000Z']);
  });

  it('.At(h, m) fires at that wall-clock time in the automation’s zone, across a DST change', async () => {
    const env = await testEnv([BerlinDaily], { start: '2026-03-27T12:00:00Z' });
    const r = await env.engine.start(BerlinDaily, { runs: [] });
    await env.advance({ days: 3 });
    await r.refresh();
    // Berlin is UTC+1 until 29 March 2026 02:00, then UTC+2
    expect(r.data.runs).toEqual(['2026-03-27T12:00:00.000Z', '2026-03-28T06:30:00.000Z', '2026-03-29T05:30:00.000Z', '2026-03-30T05:30:00.000Z']);
    expect(r.status).toBe('waiting');
    expect(r.state.dueAt).toBe(Date.parse('2026-03-31T05:30:00Z'));
  });

  it('interval schedules count from the Repeat’s first execution', async () => {
    const env = await testEnv([EveryTwentyMinutes], { start: '2026-03-02T08:05:00Z' });
    const r = await env.engine.start(EveryTwentyMinutes, { runs: [] });
    await env.advance({ hours: 1 });
    expect((await r.refresh()).data.runs).toEqual(['2026-03-02T08:05:00.000Z', '2026-03-02T08:25:00.000Z', '2026-03-02T08:45:00.000Z', '2026-03-02T09:05:00.000Z']);
    expect(r.state.anchors).toEqual({ again: Date.parse('2026-03-02T08:05:00Z') });
  });

  it('EveryNDays keeps the local time of day across DST', async () => {
    const env = await testEnv([EveryOtherDay], { start: '2026-03-06T15:00:00Z' });
    const r = await env.engine.start(EveryOtherDay, { runs: [] });
    await env.advance({ days: 5 });
    // New York: 10:00 EST (UTC-5) on 6 March, EDT (UTC-4) from 8 March
    expect((await r.refresh()).data.runs).toEqual(['2026-03-06T15:00:00.000Z', '2026-03-08T14:00:00.000Z', '2026-03-10T14:00:00.000Z']);
  });

  it('nextOccurrence covers hours, days and a wait that started late', () => {
    const anchor = Date.parse('2026-01-01T00:00:00Z');
    expect(new Date(nextOccurrence({ kind: 'interval', ms: 3_600_000 }, anchor, anchor, 'UTC')).toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(new Date(nextOccurrence({ kind: 'interval', ms: 3_600_000 }, anchor, anchor + 5.5 * 3_600_000, 'UTC')).toISOString()).toBe('2026-01-01T06:00:00.000Z');
    expect(new Date(nextOccurrence({ kind: 'days', days: 1 }, anchor, anchor + 86_400_000, 'UTC')).toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(new Date(nextOccurrence({ kind: 'at', hour: 23, minute: 59 }, anchor, anchor, 'Asia/Tokyo')).toISOString()).toBe('2026-01-01T14:59:00.000Z');
    expect(new Date(nextOccurrence({ kind: 'at', hour: 0, minute: 0 }, anchor, anchor, 'UTC')).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});
