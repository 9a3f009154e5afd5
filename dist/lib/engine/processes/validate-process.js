/**
 * Validation of a process document on save: zod for the shape (unknown fields refused), then
 * every semantic problem — names, dependencies, cycles, actions and their params, durations,
 * the schedule — in one list, each with a path such as `tasks[2].params.url`.
 */
import * as z from 'zod';
import { ACTION_NAME_PATTERN, problemsOfIssues } from '../actions/registry.js';
import { AutomationError } from '../errors.js';
import { isPlainObject, jsonProblems } from '../json.js';
import { isValidTimeZone } from '../schedule.js';
import { parseCron } from './cron.js';
import { durationTextProblem, durationTextSchema, formatDurationText, parseDurationText } from './duration-text.js';
/**
 * Process and task names: lower-case letters, digits, `-`, `_` and `.`, starting with a letter or
 * digit, at most 63 characters. They appear in URLs, CLI arguments, DynamoDB keys and diagrams
 * unescaped-safe, and two names differing only in case would confuse operators.
 */
export const PROCESS_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const TASK_NAME_PATTERN = PROCESS_NAME_PATTERN;
export const PROCESS_LIMITS = {
    maxTasks: 1000,
    maxTaskTimeoutMs: 15 * 60_000,
    maxBackoffMs: 24 * 3_600_000,
    maxRetryAttempts: 10,
    maxDocumentBytes: 256 * 1024,
};
/** A 422 listing every problem of a document (for the API and the CLI). */
export class InvalidProcessError extends AutomationError {
    problems;
    constructor(problems) {
        super(`The process definition is invalid:\n${problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`, 422, 'invalid_process');
        this.problems = problems;
    }
    get details() {
        return this.problems;
    }
}
const name = (what) => z.string({ error: `${what} must be a string` }).regex(PROCESS_NAME_PATTERN, {
    message: `${what} must be 1–63 lower-case letters, digits, "-", "_" or ".", starting with a letter or digit`,
});
const actionName = z.string({ error: 'action must be a string naming a registered action' });
const params = z.record(z.string(), z.unknown(), { error: 'params must be an object' });
function shapeSchema(limits) {
    const task = z.strictObject({
        name: name('a task name'),
        description: z.string().max(1000).optional(),
        action: actionName,
        params: params.optional(),
        after: z.array(z.string({ error: 'after lists task names (strings)' }), { error: 'after must be a list of task names' }).optional(),
        active: z.boolean().optional(),
        timeout: durationTextSchema.optional(),
        retry: z
            .strictObject({
            attempts: z
                .number({ error: 'attempts must be a number' })
                .int('attempts must be a whole number')
                .min(1, 'attempts counts the first run too: at least 1')
                .max(limits.maxRetryAttempts, `attempts may be at most ${limits.maxRetryAttempts}`),
            backoff: durationTextSchema.optional(),
        })
            .optional(),
    });
    return z.strictObject({
        name: name('the process name'),
        description: z.string().max(2000).optional(),
        active: z.boolean().optional(),
        schedule: z
            .strictObject({
            cron: z.string({ error: 'cron must be a string of five fields' }),
            timeZone: z.string().optional(),
            overlap: z.boolean().optional(),
            runAfterError: z.boolean().optional(),
            catchUp: z.enum(['none', 'latest', 'all'], { error: 'catchUp is one of none, latest, all' }).optional(),
        })
            .optional(),
        tasks: z.array(task, { error: 'tasks must be a list' }).max(limits.maxTasks, `a process has at most ${limits.maxTasks} tasks`),
        onError: z.strictObject({ action: actionName, params: params.optional() }).optional(),
    });
}
/** A task's position for paths: `tasks[2]`. */
const at = (i) => `tasks[${i}]`;
function checkAction(action, givenParams, path, actions, out) {
    if (typeof action !== 'string')
        return;
    if (!ACTION_NAME_PATTERN.test(action)) {
        out.push({ path: `${path}.action`, message: `"${action}" is not an action name: actions are registered in code, a definition only names one (${actions.names().join(', ')})` });
        return;
    }
    if (!actions.has(action)) {
        out.push({ path: `${path}.action`, message: `no action named "${action}" is registered (registered: ${actions.names().join(', ') || 'none'})` });
        return;
    }
    if (givenParams !== undefined && !isPlainObject(givenParams))
        return; // the shape check names it
    const checked = actions.validateParams(action, givenParams);
    if (!checked.ok) {
        for (const p of checked.problems)
            out.push({ path: p.path ? `${path}.params.${p.path}`.replace('.params.[', '.params[') : `${path}.params`, message: p.message });
    }
}
function checkDuration(value, path, max, what, out) {
    if (value === undefined || durationTextProblem(value) !== undefined)
        return; // the shape check names it
    const ms = parseDurationText(value);
    if (ms <= 0)
        out.push({ path, message: `${what} must be longer than 0` });
    else if (ms > max)
        out.push({ path, message: `${what} may be at most ${formatDurationText(max)}` });
}
/** Each cycle of the `after` graph once, as task names from a task back to itself (parent → child). */
export function findCycles(tasks) {
    const index = new Map(tasks.map((t, i) => [t.name, i]));
    const children = tasks.map(() => []);
    tasks.forEach((t, i) => {
        for (const parent of new Set(t.after ?? [])) {
            const p = index.get(parent);
            if (p !== undefined && p !== i)
                children[p].push(i);
        }
    });
    // Tarjan's strongly connected components; every component of two or more tasks holds a cycle.
    const order = new Array(tasks.length).fill(-1);
    const low = new Array(tasks.length).fill(0);
    const onStack = new Array(tasks.length).fill(false);
    const stack = [];
    const components = [];
    let counter = 0;
    const visit = (v) => {
        order[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
        for (const w of children[v]) {
            if (order[w] === -1) {
                visit(w);
                low[v] = Math.min(low[v], low[w]);
            }
            else if (onStack[w])
                low[v] = Math.min(low[v], order[w]);
        }
        if (low[v] === order[v]) {
            const component = [];
            let w;
            do {
                w = stack.pop();
                onStack[w] = false;
                component.push(w);
            } while (w !== v);
            if (component.length > 1)
                components.push(component);
        }
    };
    for (let v = 0; v < tasks.length; v++)
        if (order[v] === -1)
            visit(v);
    return components
        .map((component) => {
        // The shortest way from the component's first task back to itself (breadth first, inside the component).
        const members = new Set(component);
        const start = Math.min(...component);
        const previous = new Map();
        const queue = [start];
        let end = -1;
        for (let q = 0; q < queue.length && end === -1; q++) {
            const v = queue[q];
            for (const w of children[v]) {
                if (!members.has(w))
                    continue;
                if (w === start) {
                    end = v;
                    break;
                }
                if (!previous.has(w)) {
                    previous.set(w, v);
                    queue.push(w);
                }
            }
        }
        const path = [start];
        for (let v = end; v !== start; v = previous.get(v))
            path.splice(1, 0, v);
        path.push(start);
        return path.map((i) => tasks[i].name);
    })
        .sort((a, b) => (index.get(a[0]) ?? 0) - (index.get(b[0]) ?? 0));
}
function semanticProblems(input, actions, limits) {
    const out = [];
    const schedule = input.schedule;
    if (isPlainObject(schedule)) {
        if (typeof schedule.cron === 'string') {
            const parsed = parseCron(schedule.cron);
            if (!parsed.ok)
                for (const message of parsed.problems)
                    out.push({ path: 'schedule.cron', message });
        }
        if (typeof schedule.timeZone === 'string' && !isValidTimeZone(schedule.timeZone)) {
            out.push({ path: 'schedule.timeZone', message: `"${schedule.timeZone}" is not an IANA time zone (such as "Europe/Berlin" or "UTC")` });
        }
    }
    const tasks = Array.isArray(input.tasks) ? input.tasks : [];
    const firstIndex = new Map();
    tasks.forEach((task, i) => {
        if (isPlainObject(task) && typeof task.name === 'string') {
            const first = firstIndex.get(task.name);
            if (first === undefined)
                firstIndex.set(task.name, i);
            else
                out.push({ path: `${at(i)}.name`, message: `"${task.name}" is the name of ${at(first)} too: task names are unique within a process` });
        }
    });
    tasks.forEach((task, i) => {
        if (!isPlainObject(task))
            return;
        if (Array.isArray(task.after)) {
            const seen = new Set();
            task.after.forEach((parent, j) => {
                if (typeof parent !== 'string')
                    return;
                const path = `${at(i)}.after[${j}]`;
                if (parent === task.name)
                    out.push({ path, message: `a task cannot wait for itself ("${parent}")` });
                else if (!firstIndex.has(parent))
                    out.push({ path, message: `no task named "${parent}" in this process (dependencies stay within one process)` });
                else if (seen.has(parent))
                    out.push({ path, message: `"${parent}" is listed twice` });
                seen.add(parent);
            });
        }
        checkAction(task.action, task.params, at(i), actions, out);
        checkDuration(task.timeout, `${at(i)}.timeout`, limits.maxTaskTimeoutMs, 'the timeout', out);
        if (isPlainObject(task.retry))
            checkDuration(task.retry.backoff, `${at(i)}.retry.backoff`, limits.maxBackoffMs, 'the backoff', out);
    });
    const named = tasks.filter((t) => isPlainObject(t) && typeof t.name === 'string')
        .map((t) => ({ name: t.name, after: Array.isArray(t.after) ? t.after.filter((p) => typeof p === 'string') : [] }));
    if (firstIndex.size === named.length) {
        for (const cycle of findCycles(named)) {
            out.push({ path: `${at(firstIndex.get(cycle[0]))}.after`, message: `the tasks wait for each other in a cycle: ${cycle.join(' → ')} (→: runs before)` });
        }
    }
    if (isPlainObject(input.onError))
        checkAction(input.onError.action, input.onError.params, 'onError', actions, out);
    return out;
}
/**
 * Validates a process document as saved (API, CLI file, or `flows/`): the shape, then every
 * semantic problem, all in one list. The document returned is the input as written (action
 * params are checked, not transformed: they are parsed again when the task runs).
 */
export function validateProcessDocument(input, actions, options = {}) {
    const limits = { ...PROCESS_LIMITS, ...options };
    if (!isPlainObject(input))
        return { ok: false, problems: [{ path: '', message: `a process definition is a JSON object, got ${Array.isArray(input) ? 'a list' : input === null ? 'null' : typeof input}` }] };
    // Functions, class instances, cycles (a definition declared in TypeScript): a definition is data, never code.
    const nonJson = jsonProblems(input).map((p) => {
        const space = p.indexOf(' ');
        return { path: p.slice(0, space).replace(/^\$\.?/, ''), message: `${p.slice(space + 1)}: a definition is data, never code` };
    });
    if (nonJson.some((p) => p.message.startsWith('refers back')))
        return { ok: false, problems: nonJson };
    const bytes = Buffer.byteLength(JSON.stringify(input), 'utf8');
    if (bytes > limits.maxDocumentBytes)
        return { ok: false, problems: [{ path: '', message: `the definition is ${bytes} bytes, over the limit of ${limits.maxDocumentBytes} bytes` }] };
    const shape = shapeSchema(limits).safeParse(input);
    const problems = [...nonJson, ...(shape.success ? [] : problemsOfIssues(shape.error.issues)), ...semanticProblems(input, actions, limits)];
    const seen = new Set();
    const unique = problems.filter((p) => {
        const key = `${p.path}\u0000${p.message}`;
        return seen.has(key) ? false : (seen.add(key), true);
    });
    if (unique.length || !shape.success || nonJson.length)
        return { ok: false, problems: unique };
    return { ok: true, document: JSON.parse(JSON.stringify(input)) };
}
