import { AutomationError, DataValidationError, DefinitionNotFoundError, InstanceNotFoundError, InstanceStateError } from '../errors.js';
import { openStepOf, strategyLabel } from '../nodes/approval.js';
import { attachmentAutomation, AttachmentConflictError, dataOf, definitionName, localizedName, OUTBOX_NODE, progressOf, toWorkflowVersion, } from './runtime.js';
import { unitsOf, WORKFLOW_KIND } from './types.js';
import { checkWorkflowDocument, InvalidWorkflowError } from './validate-workflow.js';
/** The tenant of identities that carry none (single-tenant deployments). */
export const DEFAULT_TENANT = 'default';
const DAY = 86_400_000;
const FINISHED = ['completed', 'rejected', 'cancelled'];
export class WorkflowNotFoundError extends AutomationError {
    constructor(what) {
        super(what, 404, 'not_found');
    }
}
export class WorkflowService {
    runtime;
    actions;
    constructor(runtime, actions = runtime.actions) {
        this.runtime = runtime;
        this.actions = actions;
    }
    get store() {
        return this.runtime.store;
    }
    get now() {
        return this.runtime.now;
    }
    static tenantOf(identity) {
        return identity.tenant ?? DEFAULT_TENANT;
    }
    // ── definitions ───────────────────────────────────────────────────────
    /** Validates (422 naming every problem) and saves a new version; the tenant is the identity's (another is 403). */
    async save(identity, input) {
        const tenant = WorkflowService.tenantOf(identity);
        const doc = typeof input === 'object' && input !== null && !Array.isArray(input) ? { tenant, ...input } : input;
        if (typeof doc === 'object' && doc !== null && doc.tenant !== tenant) {
            throw new AutomationError(`You may define workflows of tenant "${tenant}" only`, 403, 'forbidden');
        }
        return this.saveDocument(doc, identity.id);
    }
    async saveDocument(input, by) {
        const checked = await checkWorkflowDocument(input, this.actions, this.runtime.directory);
        if (!checked.ok)
            throw new InvalidWorkflowError(checked.problems);
        const doc = checked.document;
        const saved = await this.store.saveDefinition({
            kind: WORKFLOW_KIND, name: definitionName(doc.tenant, doc.slug), document: doc, active: doc.active !== false, savedAt: this.now, ...(by === undefined ? {} : { savedBy: by }),
        });
        return toWorkflowVersion(saved);
    }
    /** Saves `document` only when it differs from the head (definitions kept in flows/, at start-up). */
    async upsert(input, by = 'system') {
        const checked = await checkWorkflowDocument(input, this.actions, this.runtime.directory);
        if (!checked.ok)
            throw new InvalidWorkflowError(checked.problems);
        const head = await this.store.definitionHead(WORKFLOW_KIND, definitionName(checked.document.tenant, checked.document.slug));
        if (head && JSON.stringify(head.document) === JSON.stringify(checked.document) && head.active === (checked.document.active !== false))
            return { version: toWorkflowVersion(head), saved: false };
        return { version: await this.saveDocument(checked.document, by), saved: true };
    }
    async list(identity) {
        const prefix = `${WorkflowService.tenantOf(identity)}/`;
        const out = [];
        let cursor;
        do {
            const page = await this.store.listDefinitions(WORKFLOW_KIND, { limit: 100, ...(cursor ? { cursor } : {}) });
            for (const head of page.items)
                if (head.name.startsWith(prefix))
                    out.push(this.summary(toWorkflowVersion(head), head.active));
            cursor = page.cursor;
        } while (cursor);
        return out;
    }
    summary(v, active) {
        return { slug: v.slug, tenant: v.tenant, name: v.document.name, strategy: v.document.strategy, active, version: v.version, savedAt: v.savedAt, savedBy: v.savedBy ?? null };
    }
    async get(identity, slug) {
        const head = await this.head(identity, slug);
        const versions = await this.store.listDefinitionVersions(WORKFLOW_KIND, head.name, { limit: 100 });
        const v = toWorkflowVersion(head);
        return { ...this.summary(v, head.active), document: v.document, versions: versions.items.map((x) => x.version) };
    }
    async head(identity, slug) {
        const head = typeof slug === 'string' ? await this.store.definitionHead(WORKFLOW_KIND, definitionName(WorkflowService.tenantOf(identity), slug)) : undefined;
        if (!head)
            throw new DefinitionNotFoundError(WORKFLOW_KIND, String(slug));
        return head;
    }
    /** (De)activation never touches running attachments: they run their pinned version. */
    async setActive(identity, slug, active) {
        const head = await this.head(identity, slug);
        const updated = await this.store.setDefinitionActive(WORKFLOW_KIND, head.name, active, this.now);
        if (!updated)
            throw new DefinitionNotFoundError(WORKFLOW_KIND, slug);
        return this.summary(toWorkflowVersion(updated), updated.active);
    }
    /** Deleting never touches running attachments (their version stays readable). */
    async delete(identity, slug) {
        const head = await this.head(identity, slug);
        await this.store.deleteDefinition(WORKFLOW_KIND, head.name);
    }
    /** A version's nested structure with approval counts by type and strategy. */
    async introspect(identity, slug, version) {
        const head = await this.head(identity, slug);
        const v = version === undefined ? toWorkflowVersion(head) : await this.runtime.loadVersion(WorkflowService.tenantOf(identity), slug, version);
        const doc = v.document;
        const counts = { units: 0, approvals: 0, byType: {}, byStrategy: {}, withForm: 0 };
        const info = (list) => (list ?? []).map((a) => {
            const strategy = a.by === 'user' ? 'user' : strategyLabel(a.strategy);
            const type = a.type ?? 'approve';
            counts.approvals += 1;
            counts.byType[type] = (counts.byType[type] ?? 0) + 1;
            counts.byStrategy[strategy] = (counts.byStrategy[strategy] ?? 0) + 1;
            if (a.form)
                counts.withForm += 1;
            return { by: a.by, who: a.by === 'user' ? a.user : a.group, strategy, type, form: a.form !== undefined };
        });
        counts.units = unitsOf(doc).length;
        return {
            slug: v.slug, version: v.version, strategy: doc.strategy, name: doc.name,
            pipelines: (doc.pipelines ?? []).map((p) => ({ id: p.id, name: p.name, approvals: info(p.approvals), stages: (p.stages ?? []).map((s) => ({ id: s.id, name: s.name, approvals: info(s.approvals) })) })),
            approvals: info(doc.approvals),
            counts,
        };
    }
    // ── attachments ───────────────────────────────────────────────────────
    async attach(identity, slug, input) {
        const tenant = WorkflowService.tenantOf(identity);
        const problems = {};
        const object = input?.object;
        if (typeof object?.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(object.type))
            (problems['object.type'] ??= []).push('an object type such as PurchaseRequest is required');
        if (typeof object?.id !== 'string' || object.id === '' || object.id.length > 128 || /[\u0000-\u001f]/.test(object.id))
            (problems['object.id'] ??= []).push('an object id of 1–128 characters is required');
        if (input?.metadata !== undefined && (typeof input.metadata !== 'object' || input.metadata === null || Array.isArray(input.metadata)))
            problems.metadata = ['metadata is an object'];
        if (input?.start !== undefined && typeof input.start !== 'boolean')
            problems.start = ['start is true or false'];
        // refused rather than ignored: an attachment starts when it is attached (attach-now, start-later is not built)
        else if (input?.start === false)
            problems.start = ['start: false is not supported: an attachment starts when it is attached'];
        if (input?.restart !== undefined && typeof input.restart !== 'boolean')
            problems.restart = ['restart is true or false'];
        if (Object.keys(problems).length)
            throw new DataValidationErrorWithFields(problems);
        const head = await this.head(identity, slug);
        if (!head.active)
            throw new InstanceStateError(`The workflow "${slug}" is inactive: it takes no new attachments`);
        const version = toWorkflowVersion(head);
        const ref = { type: object.type, id: object.id };
        const metadata = (input.metadata ?? {});
        let restartedFrom;
        try {
            const { id } = await this.runtime.attach(version, { object: ref, metadata, by: identity.id });
            return this.viewOf(await this.attachment(identity, id));
        }
        catch (error) {
            if (!(error instanceof AttachmentConflictError) || !input.restart || error.holder === undefined)
                throw error;
            restartedFrom = error.holder;
        }
        await this.runtime.cancel(restartedFrom, identity.id, 'restarted');
        const { id } = await this.runtime.attach(version, { object: ref, metadata, by: identity.id, restartedFrom });
        await this.markReplaced(restartedFrom, id);
        return this.viewOf(await this.attachment(identity, id));
    }
    async markReplaced(old, by) {
        for (let attempt = 0; attempt < 20; attempt++) {
            const state = await this.store.get(old);
            if (!state)
                return;
            const data = { ...state.data, replacedBy: by };
            if (await this.store.commit({ expectedVersion: state.version, state: { ...state, version: state.version + 1, data }, tasks: [] }))
                return;
            await new Promise((r) => setTimeout(r, 5));
        }
    }
    /** The attachment, when it belongs to the identity's tenant (else 404, like one that does not exist). */
    async attachment(identity, id) {
        const state = typeof id === 'string' ? await this.store.get(id) : undefined;
        if (!state || state.definition?.kind !== WORKFLOW_KIND || dataOf(state).tenant !== WorkflowService.tenantOf(identity))
            throw new WorkflowNotFoundError(`No attachment "${String(id)}"`);
        return state;
    }
    async view(identity, id) {
        return this.viewOf(await this.attachment(identity, id));
    }
    async viewOf(state) {
        const data = dataOf(state);
        const compiled = await this.runtime.compiledOf(state.definition);
        const current = data.currentUnit >= 0 ? compiled.units[data.currentUnit] : undefined;
        const next = compiled.units[Math.max(0, data.currentUnit + 1)];
        const open = data.status === 'inProgress' ? openStepOf(state) : undefined;
        let waitingFor = null;
        if (open) {
            const items = [];
            for (const item of open.step.items) {
                if (item.status !== 'open')
                    continue;
                if (item.user !== undefined)
                    items.push({ user: item.user, ...(item.slot !== item.user && !item.slot.startsWith('group:') ? { onBehalfOf: item.slot } : {}) });
                else
                    items.push({ group: item.group, members: (await this.runtime.directory.groupMembers(item.group, data.tenant).catch(() => [])).map((m) => m.id) });
            }
            waitingFor = { step: open.node, type: open.step.type, strategy: open.step.mode, required: open.step.required, approvals: open.step.votes.length, items };
        }
        const stageOf = (u) => (u && u.kind !== 'workflow' ? { id: u.id, name: u.name } : null);
        return {
            id: state.id, tenant: data.tenant, workflow: data.workflow, version: data.version, object: data.object, metadata: data.metadata, status: data.status,
            error: state.status === 'error' ? (state.error?.message ?? 'error') : null,
            startedBy: data.startedBy, startedAt: data.startedAt, finishedAt: data.finishedAt, finishedBy: data.finishedBy,
            currentPipeline: current?.pipeline ? { id: current.pipeline.id, name: current.pipeline.name } : null,
            currentStage: current?.kind === 'stage' ? stageOf(current) : current?.kind === 'pipeline' ? null : null,
            nextStage: data.status === 'inProgress' && data.currentUnit >= 0 ? stageOf(compiled.units[data.currentUnit + 1]) : data.currentUnit < 0 ? stageOf(next) : null,
            waitingFor,
            progress: progressOf(data), completedUnits: data.completedUnits, totalUnits: data.totalUnits,
            timeline: data.timeline, values: data.values,
            restartedFrom: data.restartedFrom ?? null, replacedBy: data.replacedBy ?? null,
            actions: data.outbox.flatMap((e) => e.actions.filter((a) => a.status !== 'done').map((a) => ({ event: e.event.type, seq: e.event.seq, action: a.action, status: a.status, attempts: a.attempts, error: a.error ?? null }))),
        };
    }
    /** The object's current attachment (the active one, else its latest), or 404. */
    async objectState(identity, object) {
        const tenant = WorkflowService.tenantOf(identity);
        if (typeof object?.type !== 'string' || typeof object?.id !== 'string')
            throw new DataValidationError('object type and id are required', 422);
        const active = await this.store.findUnique(`workflow-object:${tenant}:${object.type}:${object.id}`);
        const id = active ?? (await this.runtime.latestAttachmentOf(tenant, object));
        if (!id)
            throw new WorkflowNotFoundError(`${object.type} ${object.id} has no workflow`);
        return this.view(identity, id);
    }
    /** A decision by the identity; 404 for another tenant's attachment. */
    async decide(identity, id, request) {
        await this.attachment(identity, id);
        if (typeof request !== 'object' || request === null)
            throw new DataValidationErrorWithFields({ action: ['required'] });
        const effect = await this.runtime.decide(id, identity.id, request);
        return { effect, attachment: await this.view(identity, id) };
    }
    /** Cancels an attachment in progress (an operator or its starter). */
    async cancel(identity, id, reason = 'cancelled') {
        const state = await this.attachment(identity, id);
        if (dataOf(state).startedBy !== identity.id && !identity.superuser)
            throw new AutomationError(`Only the starter or an operator may cancel attachment ${id}`, 403, 'forbidden');
        await this.runtime.cancel(id, identity.id, reason);
        return this.view(identity, id);
    }
    /** Re-runs an attachment stopped on an error (e.g. after fixing an approver group). */
    async retry(identity, id) {
        const state = await this.attachment(identity, id);
        if (state.status !== 'error')
            throw new InstanceStateError(`Attachment ${id} is not stopped on an error`);
        await this.runtime.engine.retry(id);
        return this.view(identity, id);
    }
    /** Attachments of the tenant (optionally of one workflow and status), newest first. */
    async listAttachments(identity, query = {}) {
        const states = await this.tenantAttachments(WorkflowService.tenantOf(identity), query.workflow);
        const out = [];
        for (const s of states.sort((a, b) => b.created - a.created))
            if (query.status === undefined || dataOf(s).status === query.status)
                out.push(await this.viewOf(s));
        return out;
    }
    async tenantAttachments(tenant, workflow) {
        const slugs = workflow !== undefined ? [workflow] : await this.slugsOf(tenant);
        const out = [];
        for (const slug of slugs) {
            let cursor;
            do {
                const page = await this.store.list({ automation: attachmentAutomation(tenant, slug), limit: 100, ...(cursor ? { cursor } : {}) });
                for (const item of page.items) {
                    const state = await this.store.get(item.id);
                    if (state)
                        out.push(state);
                }
                cursor = page.cursor;
            } while (cursor);
        }
        return out;
    }
    /** Slugs of the tenant's definitions, deleted ones included (their attachments still count). */
    async slugsOf(tenant) {
        const prefix = `${tenant}/`;
        const out = [];
        let cursor;
        do {
            const page = await this.store.listDefinitions(WORKFLOW_KIND, { limit: 100, ...(cursor ? { cursor } : {}) });
            for (const head of page.items)
                if (head.name.startsWith(prefix))
                    out.push(head.name.slice(prefix.length));
            cursor = page.cursor;
        } while (cursor);
        return out;
    }
    /** Per tenant: definitions (not versions), active ones, attachments by status. */
    async statistics(identity) {
        const tenant = WorkflowService.tenantOf(identity);
        const defs = await this.list(identity);
        const attachments = { inProgress: 0, completed: 0, rejected: 0, cancelled: 0, total: 0, error: 0 };
        for (const s of await this.tenantAttachments(tenant)) {
            attachments[dataOf(s).status] += 1;
            attachments.total += 1;
            if (s.status === 'error')
                attachments.error += 1;
        }
        return { tenant, definitions: defs.length, active: defs.filter((d) => d.active).length, attachments };
    }
    // ── cleanup ───────────────────────────────────────────────────────────
    /** Deletes the tenant's finished attachments (completed, rejected, cancelled) older than `days`, with their history; never definitions, never anything in progress. */
    async cleanup(identity, options) {
        const days = options?.days;
        if (!(typeof days === 'number' && Number.isFinite(days) && days >= 0))
            throw new DataValidationErrorWithFields({ days: ['a number of days of at least 0'] });
        if (options.status !== undefined && !FINISHED.includes(options.status))
            throw new DataValidationErrorWithFields({ status: [`one of ${FINISHED.join(', ')}: attachments in progress are never cleaned up`] });
        const cutoff = this.now - days * DAY;
        const matched = [];
        for (const s of await this.tenantAttachments(WorkflowService.tenantOf(identity))) {
            const data = dataOf(s);
            if (!FINISHED.includes(data.status) || data.finishedAt === null || data.finishedAt >= cutoff)
                continue;
            if (options.status !== undefined && data.status !== options.status)
                continue;
            if (s.paths.some((p) => p.node === OUTBOX_NODE) && s.status !== 'finished')
                continue; // its actions still run
            matched.push({ id: s.id, workflow: data.workflow, status: data.status, finishedAt: data.finishedAt });
        }
        let deleted = 0;
        if (!options.dryRun)
            for (const m of matched)
                if (await this.store.delete(m.id))
                    deleted += 1;
        return { dryRun: options.dryRun === true, cutoff, matched, deleted };
    }
    async cleanupStats(identity) {
        const byStatus = { inProgress: 0, completed: 0, rejected: 0, cancelled: 0 };
        const older = { days30: 0, days90: 0, days365: 0 };
        const now = this.now;
        for (const s of await this.tenantAttachments(WorkflowService.tenantOf(identity))) {
            const data = dataOf(s);
            byStatus[data.status] += 1;
            if (data.finishedAt === null || !FINISHED.includes(data.status))
                continue;
            const age = now - data.finishedAt;
            if (age > 30 * DAY)
                older.days30 += 1;
            if (age > 90 * DAY)
                older.days90 += 1;
            if (age > 365 * DAY)
                older.days365 += 1;
        }
        const recommendation = older.days90 > 0
            ? `${older.days90} finished attachment(s) are older than 90 days: run cleanup --days 90`
            : older.days30 > 0 ? `${older.days30} finished attachment(s) are older than 30 days: cleanup --days 30 would remove them` : 'nothing to clean up';
        return { byStatus, finishedOlderThan: older, recommendation };
    }
    /** The workflow's name in a locale (for lists). */
    static nameIn(doc, locale) {
        return localizedName(doc.name, locale);
    }
}
/** 422 with field errors (attach input, decisions, cleanup options). */
export class DataValidationErrorWithFields extends AutomationError {
    fieldErrors;
    constructor(fieldErrors) {
        super(`The input is invalid: ${Object.entries(fieldErrors).map(([f, e]) => `${f}: ${e.join(', ')}`).join('; ')}`, 422, 'invalid_input');
        this.fieldErrors = fieldErrors;
    }
    get details() {
        return this.fieldErrors;
    }
}
export { InstanceNotFoundError };
