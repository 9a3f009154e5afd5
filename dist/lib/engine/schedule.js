import { DAY, HOUR, MINUTE } from './duration.js';
const formatters = new Map();
function formatter(timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', {
            timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
        });
        formatters.set(timeZone, f);
    }
    return f;
}
export function isValidTimeZone(timeZone) {
    try {
        formatter(timeZone);
        return true;
    }
    catch {
        return false;
    }
}
/** The wall-clock reading of `ts` in `timeZone`. */
export function wallTime(ts, timeZone) {
    const parts = {};
    for (const p of formatter(timeZone).formatToParts(new Date(ts)))
        if (p.type !== 'literal')
            parts[p.type] = Number(p.value);
    return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second, ms: ((ts % 1000) + 1000) % 1000 };
}
/** How far the wall clock in `timeZone` is ahead of UTC at `ts`, in ms (CEST: 7,200,000). */
export function zoneOffset(ts, timeZone) {
    const w = wallTime(ts, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - ts;
}
/** The instant at which the wall clock in `timeZone` shows the given reading (the later one in a DST gap). */
export function fromWallTime(w, timeZone) {
    const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
    const first = asUtc - zoneOffset(asUtc, timeZone);
    const second = asUtc - zoneOffset(first, timeZone);
    return Math.max(first, second);
}
function addDays(w, days) {
    const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
    return { ...w, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
/**
 * The first time the schedule fires strictly after `after`. Intervals count from `anchor`
 * (the Repeat's first execution); day-based schedules keep the wall-clock time in `timeZone`
 * across daylight-saving changes.
 */
export function nextOccurrence(schedule, anchor, after, timeZone) {
    switch (schedule.kind) {
        case 'interval': {
            const periods = Math.max(1, Math.floor((after - anchor) / schedule.ms) + 1);
            return anchor + periods * schedule.ms;
        }
        case 'days': {
            const start = wallTime(anchor, timeZone);
            let k = Math.max(1, Math.floor((after - anchor) / (schedule.days * DAY)));
            let candidate = fromWallTime(addDays(start, k * schedule.days), timeZone);
            while (candidate <= after)
                candidate = fromWallTime(addDays(start, ++k * schedule.days), timeZone);
            return candidate;
        }
        case 'at': {
            const today = { ...wallTime(after, timeZone), hour: schedule.hour, minute: schedule.minute, second: 0, ms: 0 };
            let candidate = fromWallTime(today, timeZone);
            for (let k = 1; candidate <= after; k++)
                candidate = fromWallTime(addDays(today, k), timeZone);
            return candidate;
        }
    }
}
export function describeSchedule(schedule) {
    switch (schedule.kind) {
        case 'at':
            return `daily at ${String(schedule.hour).padStart(2, '0')}:${String(schedule.minute).padStart(2, '0')}`;
        case 'days':
            return schedule.days === 1 ? 'every day' : `every ${schedule.days} days`;
        case 'interval':
            return schedule.ms % HOUR === 0 ? `every ${schedule.ms / HOUR} h` : `every ${schedule.ms / MINUTE} min`;
    }
}
