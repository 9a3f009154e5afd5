import { DefinitionNotFoundError, IllegalTransitionError } from '../errors.js';
import { isDone } from '../nodes/dag-task.js';
import { describeCron, fireTimes, parseCron } from './cron.js';
import { jobDiagram, processDiagram } from './diagram.js';
import { jobAutomation, PROCESS_KIND, toProcessVersion } from './runtime.js';
import { InvalidProcessError, validateProcessDocument } from './validate-process.js';
/** The operator actions a task in this status allows (the transition table of docs/processes.md). */
export function legalActions(status, jobStatus) {
    if (jobStatus === 'cancelled')
        return [];
    switch (status) {
        case 'error':
            return ['retry', 'force', 'cancel'];
        case 'awaiting':
        case 'reopened':
            return ['cancel'];
        case 'finished':
        case 'forced':
        case 'cancelled':
        case 'skipped':
            return ['reopen'];
        default:
            return [];
    }
}
/**
 * What the HTTP API, the CLI and the dashboard call for processes: platform-neutral, every
 * refusal a typed error with its status (404, 409, 422).
 */
export class ProcessService {
    runtime;
    actions;
    constructor(runtime, actions = runtime.actions) {
        this.runtime = runtime;
        this.actions = actions;
    }
    get store() {
        return this.runtime.engine.store;
    }
    get now() {
        return this.runtime.engine.clock.now();
    }
    /** Validates (422 with every problem) and saves a new version; the schedule follows the new head. */
    async save(input, by) {
        const checked = validateProcessDocument(input, this.actions);
        if (!checked.ok)
            throw new InvalidProcessError(checked.problems);
        const doc = checked.document;
        const saved = await this.store.saveDefinition({
            kind: PROCESS_KIND, name: doc.name, document: doc, active: doc.active !== false, savedAt: this.now, ...(by === undefined ? {} : { savedBy: by }),
        });
        await this.runtime.reschedule(doc.name);
        return toProcessVersion(saved);
    }
    /** Saves `document` only when it differs from the head (processes declared in code, at start-up). */
    async upsert(input, by) {
        const checked = validateProcessDocument(input, this.actions);
        if (!checked.ok)
            throw new InvalidProcessError(checked.problems);
        const head = await this.store.definitionHead(PROCESS_KIND, checked.document.name);
        if (head && JSON.stringify(head.document) === JSON.stringify(checked.document) && head.active === (checked.document.active !== false)) {
            return { version: toProcessVersion(head), saved: false };
        }
        return { version: await this.save(checked.document, by), saved: true };
    }
    async list(page = {}) {
        const heads = await this.store.listDefinitions(PROCESS_KIND, page);
        return { ...heads, items: heads.items.map((h) => this.summary(toProcessVersion(h), h.active)) };
    }
    async get(name) {
        const head = await this.store.definitionHead(PROCESS_KIND, name);
        if (!head)
            throw new DefinitionNotFoundError(PROCESS_KIND, name);
        const version = toProcessVersion(head);
        const versions = await this.store.listDefinitionVersions(PROCESS_KIND, name, { limit: 50 });
        const fires = await this.runtime.schedulerData(name);
        return {
            ...this.summary(version, head.active),
            document: version.document,
            versions: versions.items.map((v) => ({ version: v.version, savedAt: v.savedAt, savedBy: v.savedBy ?? null })),
            fires: fires ? { started: fires.started, skipped: fires.skipped, missed: fires.missed, recent: fires.recent } : null,
        };
    }
    async version(name, version) {
        return this.runtime.loadVersion(name, version);
    }
    summary(version, active) {
        const doc = version.document;
        return {
            name: doc.name,
            description: doc.description ?? null,
            active,
            version: version.version,
            savedAt: version.savedAt,
            savedBy: version.savedBy ?? null,
            schedule: doc.schedule ? `${describeCron(doc.schedule.cron)} (${doc.schedule.timeZone ?? 'UTC'})` : null,
            nextFireTimes: active && doc.schedule ? this.nextFireTimes(doc.schedule.cron, doc.schedule.timeZone ?? 'UTC', 5) : [],
        };
    }
    nextFireTimes(cron, timeZone, count) {
        const parsed = parseCron(cron);
        if (!parsed.ok)
            return [];
        const out = [];
        for (const t of fireTimes(parsed.cron, this.now, timeZone)) {
            out.push(t);
            if (out.length >= count)
                break;
        }
        return out;
    }
    async setActive(name, active) {
        const head = await this.store.setDefinitionActive(PROCESS_KIND, name, active, this.now);
        if (!head)
            throw new DefinitionNotFoundError(PROCESS_KIND, name);
        await this.runtime.reschedule(name);
        return this.summary(toProcessVersion(head), head.active);
    }
    /** Removes the process from the listing; its versions stay for the jobs that run them; its schedule stops. */
    async delete(name) {
        if (!(await this.store.deleteDefinition(PROCESS_KIND, name)))
            throw new DefinitionNotFoundError(PROCESS_KIND, name);
        await this.runtime.reschedule(name);
    }
    /** Starts a job of the head version now (guards do not apply). */
    async runNow(name, by) {
        const head = await this.store.definitionHead(PROCESS_KIND, name);
        if (!head)
            throw new DefinitionNotFoundError(PROCESS_KIND, name);
        if (!head.active)
            throw new IllegalTransitionError(`Process "${name}" is inactive: activate it to run it`);
        const { id } = await this.runtime.createJob(toProcessVersion(head), { trigger: 'manual', ...(by === undefined ? {} : { by }) });
        return this.getJob(id);
    }
    /** Jobs of a process (oldest first), optionally of one status; skipped fires are rows with status `skipped` and their reason. */
    async listJobs(query) {
        const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
        const items = [];
        let cursor = query.cursor;
        do {
            const page = await this.store.list({ automation: jobAutomation(query.process), limit, ...(cursor ? { cursor } : {}) });
            for (const summary of page.items) {
                const state = await this.store.get(summary.id);
                if (!state?.dag || !state.definition)
                    continue;
                const job = toSummary(state);
                if (query.status === undefined || job.status === query.status)
                    items.push(job);
            }
            cursor = page.cursor;
        } while (cursor && items.length < limit);
        return cursor ? { items, cursor } : { items };
    }
    async getJob(id) {
        const state = await this.runtime.job(id);
        const version = await this.runtime.loadVersion(state.definition.name, state.definition.version);
        return toJobView(state, version.document);
    }
    async cancelJob(id) {
        await this.runtime.cancelJob(id);
        return this.getJob(id);
    }
    async taskAction(id, task, action) {
        await this.runtime.taskAction(id, task, action);
        return this.getJob(id);
    }
    /** Mermaid: the process's graph (the head, or a version). */
    async diagram(name, version) {
        const v = version === undefined ? await this.headVersion(name) : await this.runtime.loadVersion(name, version);
        return processDiagram(v.document);
    }
    /** Mermaid: a job's graph, each task coloured by its status. */
    async jobDiagram(id) {
        const state = await this.runtime.job(id);
        const version = await this.runtime.loadVersion(state.definition.name, state.definition.version);
        return jobDiagram(version.document, state.dag.tasks);
    }
    async headVersion(name) {
        const head = await this.store.definitionHead(PROCESS_KIND, name);
        if (!head)
            throw new DefinitionNotFoundError(PROCESS_KIND, name);
        return toProcessVersion(head);
    }
}
function jobData(state) {
    const data = state.data;
    return {
        trigger: typeof data.trigger === 'string' ? data.trigger : 'manual',
        fireTime: typeof data.fireTime === 'number' ? data.fireTime : null,
        reason: state.dag?.status === 'skipped' && typeof data.reason === 'string' ? data.reason : null,
    };
}
function toSummary(state) {
    return { id: state.id, process: state.definition.name, version: state.definition.version, status: state.dag.status, ...jobData(state), created: state.created };
}
export function toJobView(state, doc) {
    const tasks = state.dag.tasks;
    return {
        ...toSummary(state),
        updated: state.updated,
        finishedAt: state.status === 'finished' ? state.finishedAt : null,
        // a skipped fire has no task runs
        tasks: doc.tasks.filter((t) => tasks[t.name] !== undefined).map((t) => {
            const entry = tasks[t.name];
            const after = t.after ?? [];
            return {
                name: t.name,
                action: t.action,
                status: entry.status,
                after,
                waitingFor: entry.status === 'awaiting' || entry.status === 'reopened' ? after.filter((p) => !isDone(tasks[p])) : [],
                attempts: entry.attempts,
                visit: entry.visit,
                started: entry.started,
                finished: entry.finished,
                deadline: entry.deadline,
                notBefore: entry.notBefore,
                output: entry.output,
                error: entry.error,
                actions: legalActions(entry.status, state.dag.status),
            };
        }),
    };
}
