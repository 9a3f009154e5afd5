import { toMilliseconds } from './duration.js';
import { FormForbiddenError, InstanceNotFoundError, InstanceStateError, TaskNotFoundError } from './errors.js';
import { isOpenTo } from './identity.js';
import { assigneeKey, hoursSinceCreated } from './state.js';
const PER_KEY_LIMIT = 1_000;
/** The caller's open human tasks, and the form of one of them. */
export class TaskList {
    store;
    clock;
    definitionOf;
    constructor(store, clock, 
    /** The flow of a task's instance: its automation class, or (data-defined flows) its pinned definition. */
    definitionOf) {
        this.store = store;
        this.clock = clock;
        this.definitionOf = definitionOf;
    }
    /** Open tasks the user may complete, oldest (most urgent) first. */
    async for(identity, query = {}) {
        const keys = identity.superuser
            ? [undefined]
            : [`user:${identity.id}`, ...(identity.groups ?? []).map((g) => `group:${g}`), ...(identity.permissions ?? []).map((p) => `permission:${p}`), 'any'];
        const seen = new Map();
        for (const assignee of keys) {
            let cursor;
            let read = 0;
            do {
                const page = await this.store.openTasks({ ...(assignee === undefined ? {} : { assignee }), limit: 200, ...(cursor ? { cursor } : {}) });
                for (const task of page.items)
                    seen.set(`${task.instanceId}#${task.seq}`, task);
                read += page.items.length;
                cursor = page.cursor;
            } while (cursor && read < PER_KEY_LIMIT);
        }
        const candidates = [...seen.values()].filter((t) => isOpenTo(t.assignment, identity) && (query.automation === undefined || t.automation === query.automation));
        const open = (await Promise.all(candidates.map((t) => this.describe(t))))
            .filter((t) => t !== undefined && (t.expiresAt === null || t.expiresAt > this.clock.now())) // expired: closed even before the tick skips it
            .sort((a, b) => a.created - b.created || a.instanceId.localeCompare(b.instanceId) || a.task - b.task);
        const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
        const start = query.cursor === undefined ? 0 : Number.parseInt(query.cursor, 10) || 0;
        const items = open.slice(start, start + limit);
        return start + limit < open.length ? { items, cursor: String(start + limit) } : { items };
    }
    /** The form of an open task, for a user it is open to. */
    async form(instanceId, seq, identity) {
        const state = await this.store.get(instanceId);
        if (!state)
            throw new InstanceNotFoundError(instanceId);
        const record = await this.store.task(instanceId, seq);
        if (!record)
            throw new TaskNotFoundError(instanceId, seq);
        const open = await this.describe({ ...record, automation: state.automation, ...(state.definition ? { definition: state.definition } : {}) });
        if (!open || record.finished !== null)
            throw new InstanceStateError(`Task ${seq} of instance "${instanceId}" is not an open form`);
        if (!isOpenTo(record.assignment, identity))
            throw new FormForbiddenError(`Task ${seq} of instance "${instanceId}" is not assigned to ${identity.id}`);
        const form = (await this.definitionOf(state)).byName.get(record.node).node.humanTask();
        if (form.decisionOnly && !record.assignment)
            throw new InstanceStateError(`Task ${seq} of instance "${instanceId}" is an approval step, not an item of one`);
        const saveAs = form.formOptions.saveAs;
        const prefill = saveAs === undefined ? undefined : state.data[saveAs];
        return {
            ...open,
            values: prefill && typeof prefill === 'object' && !Array.isArray(prefill) ? prefill : null,
            context: form.formOptions.context ?? {},
            data: state.data,
        };
    }
    async describe(task) {
        const def = task.automation === undefined ? undefined : await this.definitionOf({ automation: task.automation, definition: task.definition });
        const node = def?.byName.get(task.node)?.node;
        const form = node?.humanTask();
        if (!def || !node || !form)
            return undefined; // its automation or node is gone: nothing anyone could submit
        const skipAfter = node.options.skipAfter;
        return {
            instanceId: task.instanceId,
            task: task.seq,
            automation: def.name,
            verboseName: def.verboseName,
            node: task.node,
            description: node.options.description ?? null,
            created: task.created,
            hoursSinceCreated: hoursSinceCreated(task, this.clock.now()),
            assignment: task.assignment ?? {},
            expiresAt: skipAfter === undefined ? null : task.created + toMilliseconds(skipAfter),
            schema: form.jsonSchema(),
        };
    }
}
export { assigneeKey };
