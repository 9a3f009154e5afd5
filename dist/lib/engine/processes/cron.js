/**
 * Crontab schedules for processes: five fields (minute hour day-of-month month day-of-week)
 * with `*`, lists, ranges, steps and names, evaluated in an IANA time zone.
 *
 * Semantics (docs/process-definitions.md):
 * - Sunday is 0 or 7. Names (`JAN`…`DEC`, `SUN`…`SAT`) are case-insensitive, also in ranges.
 * - Day fields follow Vixie cron: a field whose text starts with `*` (`*`, `*\/2`) is
 *   "unrestricted"; when both day fields are restricted a day matches if EITHER matches,
 *   otherwise both must match. (django-process always requires both.)
 * - Daylight-saving changes follow Vixie cron too. A schedule whose minute or hour field starts
 *   with `*` ("wildcard", e.g. every 5 minutes) follows the clock as it reads: times skipped by
 *   spring-forward do not fire, times repeated by fall-back fire at both occurrences. Any other
 *   ("fixed-time") schedule fires once per matching wall-clock time: a time in the spring-forward
 *   gap fires at the first instant after the gap (03:00 in Europe/Berlin), a repeated time fires
 *   at its first occurrence only.
 */
import { DAY, HOUR, MINUTE } from '../duration.js';
import { isValidTimeZone, zoneOffset } from '../schedule.js';
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS = [
    { name: 'minute', min: 0, max: 59 },
    { name: 'hour', min: 0, max: 23 },
    { name: 'day of month', min: 1, max: 31 },
    { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
    { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];
function parseValue(text, field) {
    if (/^\d+$/.test(text)) {
        const n = Number(text);
        return n >= field.min && n <= field.max ? n : `"${text}" is out of range (${field.min}–${field.max})`;
    }
    if (field.names && /^[a-z]+$/i.test(text)) {
        const index = field.names.indexOf(text.toUpperCase());
        if (index >= 0)
            return index + (field.name === 'month' ? 1 : 0);
        return `"${text}" is not a ${field.name} name (${field.names.join(', ')})`;
    }
    return `"${text}" is not a number${field.names ? ' or a name' : ''}`;
}
function parseItem(text, field) {
    if (text === '')
        return 'an empty item (two commas in a row, or a comma at an end)';
    const slash = text.split('/');
    if (slash.length > 2)
        return `"${text}" has more than one "/"`;
    const [base = '', stepText] = slash;
    let step = 1;
    if (stepText !== undefined) {
        if (!/^\d+$/.test(stepText))
            return `"${text}": the step "${stepText}" is not a whole number`;
        step = Number(stepText);
        if (step === 0)
            return `"${text}": the step must be at least 1`;
    }
    if (base === '*')
        return { start: field.min, end: field.name === 'day of week' ? 6 : field.max, step, all: true, open: false };
    const dash = base.split('-');
    if (dash.length > 2 || dash.some((part) => part === ''))
        return `"${text}" is not a value or a range`;
    const start = parseValue(dash[0] ?? '', field);
    if (typeof start === 'string')
        return start;
    if (dash.length === 1) {
        if (stepText === undefined)
            return { start, end: start, step, all: false, open: false };
        return { start, end: field.name === 'day of week' ? 6 : field.max, step, all: false, open: true };
    }
    const end = parseValue(dash[1] ?? '', field);
    if (typeof end === 'string')
        return end;
    if (end < start)
        return `"${text}" is a reversed range (write the smaller value first)`;
    return { start, end, step, all: false, open: false };
}
function expand(items, field) {
    const values = new Set();
    for (const item of items) {
        for (let v = item.start; v <= item.end; v += item.step)
            values.add(field.name === 'day of week' && v === 7 ? 0 : v);
    }
    return [...values].sort((a, b) => a - b);
}
/** The items of each field of an already valid spec (for describing it). */
export function cronItems(text) {
    const fields = text.trim().split(/\s+/);
    return fields.map((f, i) => f.split(',').map((item) => parseItem(item, FIELDS[i])));
}
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Parses a five-field crontab spec, listing every problem (each naming its field and item). */
export function parseCron(text) {
    if (typeof text !== 'string' || text.trim() === '')
        return { ok: false, problems: ['the schedule is empty: write five fields (minute hour day-of-month month day-of-week), e.g. "30 2 * * 1-5"'] };
    const fields = text.trim().split(/\s+/);
    if (fields.length !== 5) {
        return { ok: false, problems: [`"${text.trim()}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; a schedule has five: minute hour day-of-month month day-of-week`] };
    }
    const problems = [];
    const values = [];
    fields.forEach((fieldText, i) => {
        const field = FIELDS[i];
        const items = [];
        for (const itemText of fieldText.split(',')) {
            const item = parseItem(itemText, field);
            if (typeof item === 'string')
                problems.push(`${field.name}${itemText === fieldText ? '' : ` "${fieldText}"`}: ${item}`);
            else
                items.push(item);
        }
        values.push(expand(items, field));
    });
    if (problems.length)
        return { ok: false, problems };
    const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = []] = values;
    const cron = {
        text: fields.join(' '),
        minutes, hours, daysOfMonth, months, daysOfWeek,
        domRestricted: !fields[2].startsWith('*'),
        dowRestricted: !fields[4].startsWith('*'),
        wildcard: fields[0].startsWith('*') || fields[1].startsWith('*'),
    };
    // Day-of-month only (or AND-ed with a `*` day of week): some listed day must exist in some listed month.
    if (cron.domRestricted && !cron.dowRestricted && !months.some((m) => daysOfMonth.some((d) => d <= MAX_DAYS[m - 1]))) {
        return { ok: false, problems: [`day of month "${fields[2]}" with month "${fields[3]}": the schedule never fires (no such date)`] };
    }
    return { ok: true, cron };
}
const compiledCache = new WeakMap();
function lookup(values, size) {
    const table = new Array(size).fill(false);
    for (const v of values)
        table[v] = true;
    return table;
}
function compiled(cron) {
    let c = compiledCache.get(cron);
    if (!c) {
        c = {
            minute: lookup(cron.minutes, 60), hour: lookup(cron.hours, 24), dom: lookup(cron.daysOfMonth, 32),
            month: lookup(cron.months, 13), dow: lookup(cron.daysOfWeek, 7),
        };
        compiledCache.set(cron, c);
    }
    return c;
}
function dayMatches(cron, c, date) {
    const dom = c.dom[date.getUTCDate()];
    const dow = c.dow[date.getUTCDay()];
    return cron.domRestricted && cron.dowRestricted ? dom || dow : dom && dow;
}
const dayOffsetCache = new Map();
/**
 * The offsets around one local calendar day (`localMidnight`: its midnight written as if it were
 * UTC). Assumes at most one offset change within the 50 hours around the day, which holds for
 * every zone of the tz database in the era this engine runs in.
 */
function dayOffsets(localMidnight, timeZone) {
    const key = `${timeZone}|${localMidnight}`;
    const cached = dayOffsetCache.get(key);
    if (cached)
        return cached;
    // The local day lies within [localMidnight - 14h, localMidnight + 24h + 12h] (offsets are -12h…+14h).
    const lo = localMidnight - 14 * HOUR;
    const hi = localMidnight + 36 * HOUR;
    const result = { before: zoneOffset(lo, timeZone), after: zoneOffset(hi, timeZone) };
    if (result.before !== result.after) {
        let a = lo;
        let b = hi;
        while (b - a > 1000) {
            const mid = Math.floor((a + b) / 2000) * 1000;
            if (zoneOffset(mid, timeZone) === result.before)
                a = mid;
            else
                b = mid;
        }
        result.transition = b;
    }
    if (dayOffsetCache.size >= 2048)
        dayOffsetCache.clear();
    dayOffsetCache.set(key, result);
    return result;
}
/** The fire instants of one local calendar day that come after `after`, ascending. */
function* dayFireTimes(cron, localMidnight, timeZone, after) {
    const { before, after: offsetAfter, transition } = dayOffsets(localMidnight, timeZone);
    if (transition === undefined) {
        const lastMinute = cron.minutes[cron.minutes.length - 1] * MINUTE;
        for (const h of cron.hours) {
            const hourStart = localMidnight + h * HOUR - before;
            if (hourStart + lastMinute <= after)
                continue;
            for (const m of cron.minutes) {
                const t = hourStart + m * MINUTE;
                if (t > after)
                    yield t;
            }
        }
        return;
    }
    const times = [];
    // A transition day: place each wall time before or after the change.
    for (const h of cron.hours) {
        for (const m of cron.minutes) {
            const wall = localMidnight + h * HOUR + m * MINUTE;
            const early = wall - before;
            const late = wall - offsetAfter;
            const earlyValid = early < transition;
            const lateValid = late >= transition;
            if (earlyValid && lateValid) {
                times.push(early); // repeated by fall-back
                if (cron.wildcard)
                    times.push(late);
            }
            else if (earlyValid)
                times.push(early);
            else if (lateValid)
                times.push(late);
            else if (!cron.wildcard)
                times.push(transition); // skipped by spring-forward
        }
    }
    times.sort((x, y) => x - y);
    yield* times.filter((t, i) => t > after && (i === 0 || t !== times[i - 1]));
}
/** Longest gap between two fire times of a valid spec: Feb 29 on a given weekday recurs within 28 years. */
const SEARCH_YEARS = 30;
/** The local calendar date of `ts` (as a UTC midnight), from the cached day offsets where it can. */
function localDate(ts, timeZone) {
    const utcMidnight = Math.floor(ts / DAY) * DAY;
    for (const day of [utcMidnight, utcMidnight - DAY, utcMidnight + DAY]) {
        const { before, after, transition } = dayOffsets(day, timeZone);
        if (transition !== undefined)
            break;
        if (ts >= day - before && ts < day + DAY - after)
            return new Date(day);
    }
    const d = new Date(ts + zoneOffset(ts, timeZone));
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
/** Fire instants strictly after `after`, ascending; skips whole months and non-matching days without evaluating times. */
export function* fireTimes(cron, after, timeZone) {
    if (!isValidTimeZone(timeZone))
        throw new RangeError(`Unknown time zone "${timeZone}"`);
    if (!Number.isFinite(after))
        throw new RangeError(`Not a point in time: ${after}`);
    const c = compiled(cron);
    // Every fire time of an earlier local day lies before this day's start, so before `after`.
    let date = localDate(after, timeZone);
    const lastYear = date.getUTCFullYear() + SEARCH_YEARS;
    let found = false;
    for (;;) {
        if (!c.month[date.getUTCMonth() + 1]) {
            date = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
            continue;
        }
        if (dayMatches(cron, c, date)) {
            for (const t of dayFireTimes(cron, date.getTime(), timeZone, after)) {
                found = true;
                yield t;
            }
        }
        date = new Date(date.getTime() + DAY);
        if (!found && date.getUTCFullYear() > lastYear)
            break;
    }
    if (!found)
        throw new RangeError(`The schedule "${cron.text}" does not fire within ${SEARCH_YEARS} years`);
}
/** The first fire time strictly after `after` (epoch ms), in `timeZone`. */
export function nextFireTime(cron, after, timeZone) {
    for (const t of fireTimes(cron, after, timeZone))
        return t;
    throw new RangeError(`The schedule "${cron.text}" never fires`);
}
/** Fire times in (fromExclusive, toInclusive], ascending, at most `limit` of them (the earliest). */
export function fireTimesBetween(cron, fromExclusive, toInclusive, timeZone, limit) {
    const out = [];
    if (!Number.isFinite(toInclusive))
        throw new RangeError(`Not a point in time: ${toInclusive}`);
    if (limit <= 0 || toInclusive <= fromExclusive)
        return out;
    for (const t of fireTimes(cron, fromExclusive, timeZone)) {
        if (t > toInclusive)
            break;
        out.push(t);
        if (out.length >= limit)
            break;
    }
    return out;
}
// ---------------------------------------------------------------------------------------------
// In words
const MONTH_WORDS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_WORDS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const pad = (n) => String(n).padStart(2, '0');
function ordinal(n) {
    const tens = n % 100;
    if (tens >= 11 && tens <= 13)
        return `${n}th`;
    return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
function listWords(words) {
    if (words.length <= 1)
        return words[0] ?? '';
    return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
const isEvery = (items) => items.length === 1 && items[0].all && items[0].step === 1;
const isValues = (items) => items.every((i) => !i.all && !i.open && i.start === i.end);
const everyStep = (items) => (items.length === 1 && items[0].all ? items[0].step : undefined);
/** One item in words: `5`, `1 through 5`, `every 2 days from 1 through 9`. */
function itemWords(item, name, unit) {
    const stepped = item.step > 1 ? `every ${item.step} ${unit}s` : '';
    if (item.all)
        return stepped || `every ${unit}`;
    if (item.open)
        return `${stepped} from ${name(item.start)}`;
    if (item.start === item.end)
        return name(item.start);
    const range = `${name(item.start)} through ${name(item.end)}`;
    return stepped ? `${stepped} from ${range}` : range;
}
function timeWords(minutes, hours, spec) {
    if (isValues(minutes) && isValues(hours) && spec.minutes.length * spec.hours.length <= 8) {
        return `At ${listWords(spec.hours.flatMap((h) => spec.minutes.map((m) => `${pad(h)}:${pad(m)}`)))}`;
    }
    const minuteStep = everyStep(minutes);
    let minutePart;
    if (isEvery(minutes))
        minutePart = 'Every minute';
    else if (minuteStep !== undefined)
        minutePart = `Every ${minuteStep} minutes`;
    else if (isValues(minutes)) {
        minutePart = spec.minutes.length === 1 && spec.minutes[0] === 0 && isEvery(hours)
            ? 'Every hour'
            : `At ${listWords(spec.minutes.map(String))} minute${spec.minutes.length === 1 && spec.minutes[0] === 1 ? '' : 's'} past the hour`;
    }
    else if (minutes.every((i) => i.step === 1)) {
        minutePart = `At minutes ${listWords(minutes.map((i) => itemWords(i, String, 'minute')))} past the hour`;
    }
    else {
        const words = listWords(minutes.map((i) => itemWords(i, (m) => `minute ${m}`, 'minute')));
        minutePart = words.charAt(0).toUpperCase() + words.slice(1);
    }
    if (isEvery(hours))
        return minutePart;
    const hourStep = everyStep(hours);
    if (hourStep !== undefined)
        return `${minutePart}, every ${hourStep} hours`;
    const hourWords = hours.map((i) => {
        if (!i.all && !i.open && i.step === 1)
            return `between ${pad(i.start)}:00 and ${pad(i.end)}:59`;
        return itemWords(i, (h) => `${pad(h)}:00`, 'hour');
    });
    return `${minutePart}, ${listWords(hourWords)}`;
}
function dayOfMonthWords(items) {
    const step = everyStep(items);
    if (step !== undefined)
        return `on every ${ordinal(step)} day of the month`;
    const single = items.length === 1 && items[0].start === items[0].end;
    return `on day${single ? '' : 's'} ${listWords(items.map((i) => itemWords(i, String, 'day')))} of the month`;
}
function dayOfWeekWords(items, alone) {
    const step = everyStep(items);
    if (step !== undefined)
        return `on every ${ordinal(step)} day of the week`;
    const core = listWords(items.map((i) => itemWords(i, (d) => DAY_WORDS[d], 'day')));
    if (items.length === 1 && items[0].start !== items[0].end)
        return alone ? core : `on ${core}`;
    return alone ? `only on ${core}` : `on ${core}`;
}
function monthWords(items) {
    const step = everyStep(items);
    if (step !== undefined)
        return `in every ${ordinal(step)} month`;
    const core = listWords(items.map((i) => itemWords(i, (m) => MONTH_WORDS[m - 1], 'month')));
    return items.length === 1 && items[0].start !== items[0].end ? core : `only in ${core}`;
}
/** The schedule in English ("At 02:30, Monday through Friday", "Every 5 minutes"). */
export function describeCron(cron) {
    let spec;
    if (typeof cron === 'string') {
        const parsed = parseCron(cron);
        if (!parsed.ok)
            return `"${cron}" (not a valid schedule)`;
        spec = parsed.cron;
    }
    else
        spec = cron;
    const [minutes = [], hours = [], dom = [], months = [], dow = []] = cronItems(spec.text);
    const parts = [timeWords(minutes, hours, spec)];
    const domPart = isEvery(dom) ? '' : dayOfMonthWords(dom);
    const dowPart = isEvery(dow) ? '' : dayOfWeekWords(dow, !domPart);
    if (domPart && dowPart)
        parts.push(spec.domRestricted && spec.dowRestricted ? `${domPart} or ${dowPart}` : `${domPart}, if it falls ${dowPart}`);
    else
        parts.push(domPart || dowPart);
    if (!isEvery(months))
        parts.push(monthWords(months));
    return parts.filter(Boolean).join(', ');
}
