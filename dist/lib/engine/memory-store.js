import { InstanceExistsError } from './errors.js';
import { assigneeKey, isOpenHumanTask } from './state.js';
const clone = (value) => structuredClone(value);
export function summarize(state) {
    const { id, automation, status, dueAt, created, updated, finishedAt } = state;
    return { id, automation, status, dueAt, created, updated, finishedAt };
}
/**
 * The in-memory store: the reference implementation of the Store contract, used by unit
 * tests, the test environment and benchmarks. Everything it hands out is a copy.
 */
export class MemoryStore {
    instances = new Map();
    taskRecords = new Map();
    uniqueClaims = new Map();
    /** `<kind>#<name>` → head (deleted: a tombstone that keeps the numbering) and versions. */
    definitions = new Map();
    async create(state, tasks) {
        if (this.instances.has(state.id))
            throw new InstanceExistsError(state.id);
        if (state.uniqueKey !== null) {
            const holder = this.uniqueClaims.get(state.uniqueKey);
            if (holder !== undefined)
                return { created: false, existingId: holder };
            this.uniqueClaims.set(state.uniqueKey, state.id);
        }
        this.instances.set(state.id, clone(state));
        const records = new Map();
        for (const task of tasks)
            records.set(task.seq, clone(task));
        this.taskRecords.set(state.id, records);
        return { created: true };
    }
    async get(id) {
        const state = this.instances.get(id);
        return state && clone(state);
    }
    async commit({ expectedVersion, state, tasks, releaseUniqueKey }) {
        const current = this.instances.get(state.id);
        if (!current || current.version !== expectedVersion)
            return false;
        if (state.version !== expectedVersion + 1)
            throw new Error('A commit must advance the version by exactly one');
        this.instances.set(state.id, clone(state));
        const records = this.taskRecords.get(state.id);
        for (const task of tasks)
            records.set(task.seq, clone(task));
        if (releaseUniqueKey !== undefined && this.uniqueClaims.get(releaseUniqueKey) === state.id) {
            this.uniqueClaims.delete(releaseUniqueKey);
        }
        return true;
    }
    async tasks(id) {
        const records = this.taskRecords.get(id);
        if (!records)
            return [];
        return [...records.values()].sort((a, b) => a.seq - b.seq).map(clone);
    }
    async task(id, seq) {
        const record = this.taskRecords.get(id)?.get(seq);
        return record && clone(record);
    }
    async due(now, limit) {
        const due = [];
        for (const state of this.instances.values()) {
            if (state.dueAt !== null && state.dueAt <= now)
                due.push(summarize(state));
        }
        return due.sort((a, b) => a.dueAt - b.dueAt).slice(0, limit);
    }
    async list({ automation, statuses, limit = 100, cursor }) {
        const matching = [...this.instances.values()]
            .filter((s) => s.automation === automation && (!statuses || statuses.includes(s.status)))
            .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
        const start = cursor ? matching.findIndex((s) => s.id === cursor) + 1 : 0;
        const items = matching.slice(start, start + limit).map(summarize);
        const more = start + limit < matching.length;
        return more ? { items, cursor: items[items.length - 1].id } : { items };
    }
    async openTasks({ assignee, limit = 100, cursor }) {
        const open = [...this.taskRecords.values()]
            .flatMap((records) => [...records.values()])
            .filter((t) => isOpenHumanTask(t) && (assignee === undefined || assigneeKey(t.assignment) === assignee))
            .sort((a, b) => a.created - b.created || a.instanceId.localeCompare(b.instanceId) || a.seq - b.seq);
        const key = (t) => `${t.instanceId}#${t.seq}`;
        const start = cursor ? open.findIndex((t) => key(t) === cursor) + 1 : 0;
        const items = open.slice(start, start + limit).map(clone);
        return start + limit < open.length ? { items, cursor: key(items[items.length - 1]) } : { items };
    }
    async findUnique(key) {
        return this.uniqueClaims.get(key);
    }
    async delete(id) {
        const state = this.instances.get(id);
        if (!state)
            return false;
        this.instances.delete(id);
        this.taskRecords.delete(id);
        if (state.uniqueKey !== null && this.uniqueClaims.get(state.uniqueKey) === id)
            this.uniqueClaims.delete(state.uniqueKey);
        return true;
    }
    async deleteFinishedBefore(cutoff) {
        const counts = { instances: 0, tasks: 0 };
        for (const state of [...this.instances.values()]) {
            if (state.status === 'finished' && state.finishedAt !== null && state.finishedAt < cutoff) {
                counts.tasks += this.taskRecords.get(state.id)?.size ?? 0;
                counts.instances += 1;
                await this.delete(state.id);
            }
        }
        return counts;
    }
    // ── definitions ──
    async saveDefinition({ kind, name, document, active, savedAt, savedBy }) {
        const key = `${kind}#${name}`;
        const known = this.definitions.get(key);
        const version = { kind, name, version: (known?.head.version ?? 0) + 1, document: clone(document), savedAt, ...(savedBy === undefined ? {} : { savedBy }) };
        const head = { ...version, active, updated: savedAt };
        this.definitions.set(key, { head, deleted: false, versions: [...(known?.versions ?? []), version] });
        return clone(version);
    }
    async definitionHead(kind, name) {
        const known = this.definitions.get(`${kind}#${name}`);
        return known && !known.deleted ? clone(known.head) : undefined;
    }
    async definitionVersion(kind, name, version) {
        const found = this.definitions.get(`${kind}#${name}`)?.versions.find((v) => v.version === version);
        return found && clone(found);
    }
    async listDefinitions(kind, { limit = 100, cursor } = {}) {
        const heads = [...this.definitions.values()]
            .filter((d) => !d.deleted && d.head.kind === kind && (cursor === undefined || d.head.name > cursor))
            .map((d) => d.head)
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const items = heads.slice(0, limit).map(clone);
        return heads.length > limit ? { items, cursor: items[items.length - 1].name } : { items };
    }
    async listDefinitionVersions(kind, name, { limit = 100, cursor } = {}) {
        const before = cursor === undefined ? Infinity : Number(cursor);
        const versions = [...(this.definitions.get(`${kind}#${name}`)?.versions ?? [])].reverse().filter((v) => v.version < before);
        const items = versions.slice(0, limit).map(clone);
        return versions.length > limit ? { items, cursor: String(items[items.length - 1].version) } : { items };
    }
    async setDefinitionActive(kind, name, active, at) {
        const known = this.definitions.get(`${kind}#${name}`);
        if (!known || known.deleted)
            return undefined;
        known.head = { ...known.head, active, updated: at };
        return clone(known.head);
    }
    async deleteDefinition(kind, name) {
        const known = this.definitions.get(`${kind}#${name}`);
        if (!known || known.deleted)
            return false;
        known.deleted = true;
        return true;
    }
}
