/**
 * Approval workflows on the engine: a workflow version compiles into a flow of Approval steps
 * (units in order, each unit's approvals in the configured order) plus an outbox path; an
 * attachment is an engine instance of that flow (`automation = 'workflow:<tenant>/<slug>'`,
 * the version pinned in `state.definition`). Decisions are applied under the instance's lease;
 * events are recorded in the same commit and published, with their actions, after it.
 */
import { randomUUID } from 'node:crypto';
import { Automation } from '../automation.js';
import { AutomationError, DefinitionNotFoundError, InstanceNotFoundError } from '../errors.js';
import { toJsonResult } from '../json.js';
import { applyDecision, ApprovalStep, checkDecision, closeOpenItems, DecisionConflictError, DecisionForbiddenError, DecisionInvalidError, actorItem, openStepOf, resolveApprovers, } from '../nodes/approval.js';
import { StoreRotation } from '../nodes/approval-rotation.js';
import { Node } from '../nodes/node.js';
import { parseDurationText } from '../processes/duration-text.js';
import { compileForm } from './form-schema.js';
import { STATUS_WEBHOOK_ACTION } from './validate-workflow.js';
import { unitsOf, WORKFLOW_KIND } from './types.js';
/** Definitions are stored under `<tenant>/<slug>` (slugs are per tenant). */
export const definitionName = (tenant, slug) => `${tenant}/${slug}`;
export const attachmentAutomation = (tenant, slug) => `workflow:${tenant}/${slug}`;
/** The unique claim of an object's one active attachment. */
export const objectClaim = (tenant, object) => `workflow-object:${tenant}:${object.type}:${object.id}`;
/** The record pointing at an object's latest attachment. */
export const objectPointerId = (tenant, object) => `workflow-object:${tenant}:${object.type}:${object.id}`;
export const OBJECT_POINTER_AUTOMATION = 'workflow-object';
export const OUTBOX_NODE = 'outbox';
export const COMPLETE_NODE = 'complete';
export const REJECTED_NODE = 'rejected';
/** A failing (or false) action is tried this many times in all, `ACTION_BACKOFF_MS * 2^(n-1)` apart. */
export const ACTION_ATTEMPTS = 3;
export const ACTION_BACKOFF_MS = 30_000;
const ACTION_TIMEOUT_MS = 60_000;
/** Settled outbox events kept in the state (the timeline keeps the history). */
const KEEP_SETTLED_EVENTS = 20;
const silentLogger = { debug() { }, info() { }, warn() { }, error() { } };
class WorkflowAttachment extends Automation {
}
export const dataOf = (state) => state.data;
/** Built-in notifications per event: a template and its recipients by role (used only when no level configures actions). */
const DEFAULT_NOTIFICATIONS = {
    workflowStarted: { template: 'actionRequired', roles: ['currentApprovers'] },
    approved: { template: 'approved', roles: ['creator'] },
    movedToStage: { template: 'actionRequired', roles: ['currentApprovers'] },
    rejected: { template: 'rejected', roles: ['creator'] },
    resubmissionRequested: { template: 'resubmissionRequired', roles: ['creator', 'currentApprovers'] },
    delegated: { template: 'delegated', roles: ['delegate', 'creator'] },
    workflowCompleted: { template: 'approved', roles: ['creator', 'starter'] },
    reminderDue: { template: 'actionRequired', roles: ['currentApprovers'] },
    escalated: { template: 'actionRequired', roles: ['currentApprovers'] },
};
/** Where each attachment goes next: the outbox path publishes events and runs their actions after the commit that recorded them. */
class OutboxNode extends Node {
    runtime;
    kind = 'Outbox';
    constructor(runtime) {
        super();
        this.runtime = runtime;
    }
    ownSuccessors() {
        return [];
    }
    get endsFlow() {
        return true;
    }
    async run(ctx) {
        return this.runtime.drainOutbox(ctx);
    }
}
/** The end of the approval path: completed (or, after a rejection, only the path's end). */
class FinishNode extends Node {
    runtime;
    outcome;
    kind = 'Finish';
    constructor(runtime, outcome) {
        super();
        this.runtime = runtime;
        this.outcome = outcome;
    }
    ownSuccessors() {
        return [];
    }
    get endsFlow() {
        return true;
    }
    get hasEffects() {
        return false;
    }
    async run(ctx) {
        if (this.outcome === 'completed')
            await this.runtime.complete(ctx);
        ctx.releaseUniqueKey();
        return { kind: 'retire', end: true, message: this.outcome };
    }
}
export class WorkflowRuntime {
    engine;
    actions;
    directory;
    events;
    rotation;
    logger;
    projectActions;
    defaultNotifications;
    compiled = new Map();
    constructor(options) {
        this.engine = options.engine;
        this.actions = options.actions;
        this.directory = options.directory;
        this.events = options.events;
        this.rotation = options.rotation ?? new StoreRotation(options.engine.store, options.engine.clock);
        this.logger = options.logger ?? silentLogger;
        this.projectActions = options.projectActions ?? [];
        this.defaultNotifications = options.defaultNotifications ?? options.actions.has('email');
        this.engine.useFlowSource(WORKFLOW_KIND, { resolve: async (ref) => (await this.compiledOf(ref)).flow });
    }
    get store() {
        return this.engine.store;
    }
    get now() {
        return this.engine.clock.now();
    }
    // ── compiling ─────────────────────────────────────────────────────────
    async loadVersion(tenant, slug, version) {
        const stored = await this.store.definitionVersion(WORKFLOW_KIND, definitionName(tenant, slug), version);
        if (!stored)
            throw new DefinitionNotFoundError(WORKFLOW_KIND, slug, version);
        return toWorkflowVersion(stored);
    }
    /** The compiled flow of a version (versions are immutable: compiled once per name and version). */
    async compiledOf(ref) {
        const key = `${ref.name}@${ref.version}`;
        let compiled = this.compiled.get(key);
        if (!compiled) {
            const [tenant, slug] = splitName(ref.name);
            compiled = this.loadVersion(tenant, slug, ref.version).then((v) => this.compile(v));
            compiled.catch(() => this.compiled.delete(key));
            this.compiled.set(key, compiled);
        }
        return compiled;
    }
    /** Steps named `<unit id>.<n>`, each continuing with the next (the last with `complete`), rejections going to `rejected`; the outbox on its own path. */
    compile(version) {
        const doc = version.document;
        const units = unitsOf(doc);
        const steps = new Map();
        const firstStep = [];
        const entries = [];
        const holder = {};
        const observer = this.observer(() => holder.compiled);
        units.forEach((unit, u) => {
            const remind = unit.options.remindAfter === undefined ? undefined : parseDurationText(unit.options.remindAfter);
            const escalate = unit.options.escalateAfter === undefined ? undefined : parseDurationText(unit.options.escalateAfter);
            unit.approvals.forEach((approval, a) => {
                const name = `${unit.id}.${a + 1}`;
                if (a === 0)
                    firstStep.push(name);
                const form = approval.form ? compileForm(approval.form) : undefined;
                steps.set(name, { unit: u, approval: a, last: a === unit.approvals.length - 1, ...(form ? { form } : {}) });
                const { type = 'approve', form: _form, name: title, ...approver } = approval;
                const node = new ApprovalStep({
                    approver, type, ...(form ? { form } : {}), title: localizedName(title ?? unit.name, doc.locale),
                    ...(remind === undefined ? {} : { remindAfterMs: remind }),
                    ...(escalate === undefined ? {} : { escalateAfterMs: escalate }),
                    ...(unit.options.escalateTo === undefined ? {} : { escalateTo: unit.options.escalateTo }),
                }, { directory: this.directory, rotation: this.rotation, tenantOf: (state) => dataOf(state).tenant, observer }).OnReject(REJECTED_NODE);
                entries.push([name, node]);
            });
        });
        entries.push([COMPLETE_NODE, new FinishNode(this, 'completed')], [REJECTED_NODE, new FinishNode(this, 'rejected')], [OUTBOX_NODE, new OutboxNode(this)]);
        const nodes = entries.map(([name, node], index) => ({
            name, index, node: Object.freeze(node),
            next: node instanceof ApprovalStep ? (entries[index + 1][0] === REJECTED_NODE ? COMPLETE_NODE : entries[index + 1][0]) : null,
        }));
        const flow = Object.freeze({
            name: attachmentAutomation(version.tenant, version.slug),
            verboseName: localizedName(doc.name, doc.locale),
            verboseNamePlural: localizedName(doc.name, doc.locale),
            cls: WorkflowAttachment,
            nodes,
            byName: new Map(nodes.map((n) => [n.name, n])),
            first: nodes[0].name,
            unique: false,
            timeZone: undefined,
            pollIntervalMs: undefined,
            publishReceivers: false,
            receivers: new Map(),
            constants: {},
            prototype: Object.create(WorkflowAttachment.prototype),
            dataSchema: undefined,
        });
        holder.compiled = { flow, version, units, steps, firstStep };
        return holder.compiled;
    }
    compiledOfState(state) {
        return this.compiledOf(state.definition);
    }
    // ── events ────────────────────────────────────────────────────────────
    /** Records an event in the attachment's outbox (committed with the state change), its actions resolved now. */
    recordEvent(state, compiled, type, now, extra = {}) {
        const data = dataOf(state);
        const unitIndex = extra.unit ?? Math.max(0, data.currentUnit);
        const unit = compiled.units[unitIndex];
        data.eventSeq += 1;
        const seq = data.eventSeq;
        const { unit: _u, ...rest } = extra;
        const event = {
            id: `${state.id}:${seq}`, type, seq, at: now, tenant: data.tenant, workflow: data.workflow, version: data.version, attachment: state.id, object: data.object,
            ...(unit ? { unit: { kind: unit.kind, id: unit.id, ...(unit.pipeline ? { pipeline: unit.pipeline.id } : {}) } } : {}),
            progress: progressOf(data),
            ...rest,
        };
        const actions = this.resolveActions(compiled, unit, type);
        const webhookUrl = event.status ? compiled.version.document.statusSync?.[data.object.type]?.webhookUrl : undefined;
        // the status sync's webhook runs besides whatever the levels resolve to (it is not a notification)
        if (webhookUrl !== undefined && event.status)
            actions.push(pending(STATUS_WEBHOOK_ACTION, { url: webhookUrl, field: event.status.field, value: event.status.value }, Number.MAX_SAFE_INTEGER, 'statusSync'));
        data.outbox.push({ event, published: false, actions });
    }
    /** The most specific level with actions for the event wins: stage → pipeline → workflow → project → built-in notifications; ordered by `order`. */
    resolveActions(compiled, unit, type) {
        const doc = compiled.version.document;
        const levels = [];
        if (unit?.kind === 'stage')
            levels.push(['stage', unit.options.actions], ['pipeline', unit.pipelineOptions?.actions]);
        if (unit?.kind === 'pipeline')
            levels.push(['pipeline', unit.options.actions]);
        levels.push(['workflow', doc.actions], ['project', this.projectActions]);
        for (const [level, list] of levels) {
            const matching = (list ?? []).filter((a) => a.on === type);
            if (matching.length === 0)
                continue;
            return matching
                .map((a, i) => ({ a, i }))
                .sort((x, y) => (x.a.order ?? 0) - (y.a.order ?? 0) || x.i - y.i)
                .map(({ a }) => pending(a.action, a.params ?? {}, a.order ?? 0, level));
        }
        const builtIn = DEFAULT_NOTIFICATIONS[type];
        if (!this.defaultNotifications || !builtIn)
            return [];
        if (type === 'movedToStage' && compiled.version.document.strategy !== 'stages')
            return [];
        return [pending('email', { template: builtIn.template, to: { roles: builtIn.roles } }, 0, 'default')];
    }
    /** The outbox path: publishes each recorded event and runs its actions in order, committing after each; failures retry on the engine's timers. */
    async drainOutbox(ctx) {
        const state = ctx.instance;
        const data = dataOf(state);
        let wakeAt = null;
        for (const entry of data.outbox) {
            if (!entry.published) {
                await this.events.publish(entry.event);
                entry.published = true;
                ctx.changed();
                await ctx.commit();
            }
            for (const action of entry.actions) {
                if (action.status !== 'pending')
                    continue;
                if (action.notBefore !== null && action.notBefore > ctx.now) {
                    wakeAt = Math.min(wakeAt ?? Infinity, action.notBefore);
                    break; // in order: later actions wait for this one
                }
                await this.runAction(state, entry, action, ctx.now);
                ctx.changed();
                await ctx.commit();
                if (action.status === 'pending') {
                    wakeAt = Math.min(wakeAt ?? Infinity, action.notBefore);
                    break;
                }
            }
        }
        const settled = data.outbox.filter((e) => e.published && e.actions.every((a) => a.status !== 'pending'));
        if (settled.length > KEEP_SETTLED_EVENTS) {
            const drop = new Set(settled.slice(0, settled.length - KEEP_SETTLED_EVENTS));
            data.outbox = data.outbox.filter((e) => !drop.has(e));
            ctx.changed();
        }
        const busy = data.outbox.some((e) => !e.published || e.actions.some((a) => a.status === 'pending'));
        const alone = state.paths.every((p) => p.node === OUTBOX_NODE);
        if (!busy && alone)
            return { kind: 'retire', end: true, message: 'settled' };
        return { kind: 'wait', reason: 'time', ...(wakeAt === null ? {} : { until: wakeAt }) };
    }
    async runAction(state, entry, action, now) {
        const event = entry.event;
        const index = entry.actions.indexOf(action);
        const idempotencyKey = `${state.id}:${event.seq}:${index + 1}.${action.action}`;
        action.attempts += 1;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error('the action timed out')), ACTION_TIMEOUT_MS);
        timer.unref?.();
        try {
            const ctx = {
                logger: this.logger, idempotencyKey, deadline: now + ACTION_TIMEOUT_MS, signal: controller.signal, automations: this.automationPort(),
                workflow: await this.eventContext(state, event), workflowEvent: event,
            };
            const output = await this.actions.invoke(action.action, action.params, ctx);
            if (output === false)
                throw new Error('the action returned false');
            action.status = 'done';
            action.output = toJsonResult(output, 2048);
            delete action.error;
        }
        catch (error) {
            action.error = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
            if (action.attempts >= ACTION_ATTEMPTS) {
                action.status = 'failed';
                action.notBefore = null;
                this.logger.error('a workflow action failed for good', { attachment: state.id, event: event.type, seq: event.seq, action: action.action, error: action.error });
            }
            else
                action.notBefore = now + ACTION_BACKOFF_MS * 2 ** (action.attempts - 1);
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** What the email action (and others) know of the event: names, people by role (current approvers after the change). */
    async eventContext(state, event) {
        const data = dataOf(state);
        const compiled = await this.compiledOfState(state);
        const doc = compiled.version.document;
        const unit = event.unit ? compiled.units.find((u) => u.id === event.unit.id) : undefined;
        const creator = typeof data.metadata.createdBy === 'string' ? data.metadata.createdBy : data.startedBy;
        const actor = event.by === undefined ? undefined : await this.directory.user(event.by, data.tenant);
        const delegate = event.to === undefined ? undefined : await this.directory.user(event.to, data.tenant);
        return {
            ...(doc.locale ? { locale: doc.locale } : {}),
            notification: {
                workflow: { name: doc.name, slug: doc.slug },
                object: data.object,
                ...(unit ? (unit.kind === 'stage' ? { stage: unit.name, pipeline: unit.pipeline.name } : { stage: unit.name }) : {}),
                ...(event.by ? { actor: { id: event.by, ...(actor?.name ? { name: actor.name } : {}) } } : {}),
                ...(event.to ? { delegate: { id: event.to, ...(delegate?.name ? { name: delegate.name } : {}) } } : {}),
                ...(event.reason ? { reason: event.reason } : {}),
            },
            recipients: {
                tenant: data.tenant,
                people: { creator, starter: data.startedBy, currentApprovers: await this.currentApprovers(state), ...(event.to ? { delegate: event.to } : {}) },
            },
        };
    }
    /** The users who may act now: open user items, and the active members of open group items. */
    async currentApprovers(state) {
        const open = openStepOf(state);
        if (!open)
            return [];
        const out = new Set();
        for (const item of open.step.items) {
            if (item.status !== 'open')
                continue;
            if (item.user !== undefined)
                out.add(item.user);
            else if (item.group !== undefined)
                for (const m of await this.directory.groupMembers(item.group, open.step.tenant).catch(() => []))
                    out.add(m.id);
        }
        return [...out];
    }
    automationPort() {
        const engine = this.engine;
        return {
            async start(automation, data) {
                const instance = await engine.start(engine.definition(automation).cls, data);
                return { id: instance.id };
            },
            async sendMessage(target, message, data) {
                if (target.id !== undefined)
                    return (await engine.sendMessage(target.id, message, undefined, data, { automation: target.automation })).result;
                if (target.key !== undefined)
                    return (await engine.sendMessage(engine.idFromKey(target.key), message, undefined, data, { automation: target.automation })).result;
                return engine.broadcastMessage(target.automation, message, undefined, data);
            },
        };
    }
    // ── what steps tell the workflow ──────────────────────────────────────
    observer(compiledOf) {
        const withCompiled = (_ctx) => compiledOf();
        return {
            opened: (ctx, node, step) => {
                const compiled = withCompiled(ctx);
                const data = dataOf(ctx.instance);
                const at = compiled.steps.get(node);
                const previous = data.currentUnit;
                const approvers = step.items.filter((i) => i.status === 'open').map((i) => i.user ?? `group:${i.group}`);
                data.timeline.push({ at: ctx.now, type: 'stepOpened', step: node, unit: compiled.units[at.unit].id, approvers });
                if (previous === -1) {
                    data.currentUnit = at.unit;
                    this.recordEvent(ctx.instance, compiled, 'workflowStarted', ctx.now, { by: data.startedBy, unit: at.unit });
                }
                else if (previous !== at.unit) {
                    data.currentUnit = at.unit;
                    const before = compiled.units[previous];
                    const now = compiled.units[at.unit];
                    if (now.pipeline && before.pipeline?.id !== now.pipeline.id)
                        this.recordEvent(ctx.instance, compiled, 'movedToPipeline', ctx.now, { unit: at.unit });
                    if (now.kind === 'stage')
                        this.recordEvent(ctx.instance, compiled, 'movedToStage', ctx.now, { unit: at.unit });
                }
            },
            reminded: (ctx, node, step) => {
                const compiled = withCompiled(ctx);
                const data = dataOf(ctx.instance);
                data.timeline.push({ at: ctx.now, type: 'reminded', step: node, approvers: step.items.filter((i) => i.status === 'open').map((i) => i.user ?? `group:${i.group}`) });
                this.recordEvent(ctx.instance, compiled, 'reminderDue', ctx.now, { unit: compiled.steps.get(node).unit });
            },
            escalated: (ctx, node, step, from) => {
                const compiled = withCompiled(ctx);
                const data = dataOf(ctx.instance);
                data.timeline.push({ at: ctx.now, type: 'escalated', step: node, to: `group:${step.group}`, approvers: from });
                this.recordEvent(ctx.instance, compiled, 'escalated', ctx.now, { unit: compiled.steps.get(node).unit, to: `group:${step.group}` });
            },
        };
    }
    /** The last step was approved: completed, status synced, event recorded. */
    async complete(ctx) {
        const compiled = await this.compiledOfState(ctx.instance);
        const data = dataOf(ctx.instance);
        if (data.status !== 'inProgress')
            return;
        data.status = 'completed';
        data.finishedAt = ctx.now;
        data.completedUnits = data.totalUnits;
        data.timeline.push({ at: ctx.now, type: 'completed' });
        ctx.changed();
        this.recordEvent(ctx.instance, compiled, 'workflowCompleted', ctx.now, { ...this.statusOf(compiled, data, 'completed'), unit: compiled.units.length - 1 });
    }
    statusOf(compiled, data, outcome) {
        const sync = compiled.version.document.statusSync?.[data.object.type];
        if (!sync)
            return {};
        return { status: { field: sync.statusField, value: outcome === 'completed' ? sync.completedValue : sync.rejectedValue } };
    }
    // ── attaching ─────────────────────────────────────────────────────────
    /**
     * Creates an attachment of `version` for the object and starts it: the first step's
     * approvers are checked first (nothing is written when they are wrong), the object's claim
     * is taken in the same write as the instance (409 when another attachment holds it).
     */
    async attach(version, input) {
        const compiled = await this.compiledOf({ kind: WORKFLOW_KIND, name: definitionName(version.tenant, version.slug), version: version.version });
        const first = compiled.units[0].approvals[0];
        const { type: _t, form: _f, name: _n, ...approver } = first;
        await resolveApprovers(approver, version.tenant, this.directory); // a check: throws ApproverError, writes nothing
        const now = this.now;
        const id = `att-${randomUUID()}`;
        const data = {
            tenant: version.tenant, workflow: version.slug, version: version.version, object: input.object, metadata: input.metadata, startedBy: input.by, startedAt: now,
            status: 'inProgress', finishedAt: null, finishedBy: null, currentUnit: -1, completedUnits: 0, totalUnits: compiled.units.length, values: {},
            timeline: [{ at: now, type: 'started', by: input.by }], eventSeq: 0, outbox: [], ...(input.restartedFrom ? { restartedFrom: input.restartedFrom } : {}),
        };
        const state = {
            id, automation: compiled.flow.name, version: 1, status: 'running', data: data,
            paths: [{ id: 0, node: compiled.flow.first, task: null, taskCreated: null, frames: [] }, { id: 1, node: OUTBOX_NODE, task: null, taskCreated: null, frames: [] }],
            nextSeq: 1, nextPathId: 2, created: now, updated: now, finishedAt: null, dueAt: null, uniqueKey: objectClaim(version.tenant, input.object), lease: null, anchors: {}, error: null,
            definition: { kind: WORKFLOW_KIND, name: definitionName(version.tenant, version.slug), version: version.version },
        };
        const { created } = await this.engine.createInstance(state);
        if (!created) {
            const holder = await this.store.findUnique(state.uniqueKey);
            throw new AttachmentConflictError(input.object, holder);
        }
        await this.pointObject(version.tenant, input.object, id);
        const after = await this.store.get(id);
        return { id, state: after ?? state };
    }
    /** Remembers the object's latest attachment (a small record, compare-and-set), for `GET /objects/{type}/{id}/workflow`. */
    async pointObject(tenant, object, attachment) {
        const id = objectPointerId(tenant, object);
        for (let attempt = 0; attempt < 20; attempt++) {
            const now = this.now;
            const existing = await this.store.get(id);
            if (!existing) {
                const record = {
                    id, automation: OBJECT_POINTER_AUTOMATION, version: 1, status: 'waiting', data: { tenant, object: object, latest: attachment }, paths: [], nextSeq: 1, nextPathId: 0,
                    created: now, updated: now, finishedAt: null, dueAt: null, uniqueKey: null, lease: null, anchors: {}, error: null,
                };
                try {
                    if ((await this.store.create(record, [])).created)
                        return;
                }
                catch {
                    // created meanwhile: update it
                }
                continue;
            }
            if (await this.store.commit({ expectedVersion: existing.version, state: { ...existing, version: existing.version + 1, updated: now, data: { ...existing.data, latest: attachment } }, tasks: [] }))
                return;
        }
    }
    async latestAttachmentOf(tenant, object) {
        const pointer = await this.store.get(objectPointerId(tenant, object));
        return typeof pointer?.data.latest === 'string' ? pointer.data.latest : undefined;
    }
    /** Cancels an attachment in progress (a restart): items closed, status cancelled, the claim given up, the event recorded. */
    async cancel(id, by, reason, replacedBy) {
        await this.engine.update(id, async ({ state, runner, now }) => {
            const data = dataOf(state);
            if (data.status !== 'inProgress')
                throw new DecisionConflictError(`The attachment ${id} is ${data.status}`);
            const compiled = await this.compiledOfState(state);
            for (const [node, step] of Object.entries(state.approvals ?? {}))
                if (step.status === 'open')
                    closeOpenItems(state, node, step, 'cancelled', now, by, (r) => runner.writeTask(r));
            data.status = 'cancelled';
            data.finishedAt = now;
            data.finishedBy = by;
            if (replacedBy)
                data.replacedBy = replacedBy;
            data.timeline.push({ at: now, type: 'cancelled', by, reason });
            this.recordEvent(state, compiled, 'workflowCancelled', now, { by, reason });
            if (state.status === 'error') {
                state.status = 'running';
                state.error = null;
            }
            for (const path of [...state.paths])
                if (path.node !== OUTBOX_NODE)
                    runner.retirePath(path, 'cancelled');
            if (!state.paths.some((p) => p.node === OUTBOX_NODE))
                runner.addPath(OUTBOX_NODE);
            runner.releaseUniqueKey();
        });
    }
    // ── deciding ──────────────────────────────────────────────────────────
    /**
     * A decision by `actor` on the attachment's open step. Checked first on a plain read (a
     * refused decision writes nothing), then again under the instance's lease — so of racing
     * decisions one wins and the others see the step changed (409).
     */
    async decide(id, actor, request) {
        const before = await this.store.get(id);
        if (!before)
            throw new InstanceNotFoundError(id);
        if (before.definition?.kind !== WORKFLOW_KIND)
            throw new InstanceNotFoundError(id);
        const compiled = await this.compiledOfState(before);
        await this.checkRequest(before, compiled, actor, request); // refused here: nothing written
        let effect;
        await this.engine.update(id, async ({ state, runner, now }) => {
            const checked = await this.checkRequest(state, compiled, actor, request);
            const write = (r) => runner.writeTask(r);
            const data = dataOf(state);
            if (checked.kind === 'resubmit') {
                effect = this.resubmit(state, compiled, runner, checked, actor, now, write);
                return;
            }
            const { node, step, inputs } = checked;
            const applied = applyDecision(state, node, step, request.action, inputs, actor, now, write);
            effect = applied;
            const at = compiled.steps.get(node);
            const unit = compiled.units[at.unit];
            switch (applied.kind) {
                case 'checkedIn':
                    data.timeline.push({ at: now, type: 'checkedIn', by: actor, step: node, unit: unit.id });
                    break;
                case 'voted':
                case 'approved':
                    if (applied.values)
                        data.values[node] = { ...(data.values[node] ?? {}), ...applied.values };
                    data.timeline.push({ at: now, type: applied.kind, by: actor, step: node, unit: unit.id, ...(inputs.reason ? { reason: inputs.reason } : {}), ...(applied.values ? { values: applied.values } : {}) });
                    if (applied.kind === 'approved') {
                        if (at.last)
                            data.completedUnits = Math.max(data.completedUnits, at.unit + 1);
                        this.recordEvent(state, compiled, 'approved', now, { by: actor, unit: at.unit, ...(inputs.reason ? { reason: inputs.reason } : {}) });
                    }
                    break;
                case 'rejected':
                    data.status = 'rejected';
                    data.finishedAt = now;
                    data.finishedBy = actor;
                    data.timeline.push({ at: now, type: 'rejected', by: actor, step: node, unit: unit.id, reason: applied.reason });
                    this.recordEvent(state, compiled, 'rejected', now, { by: actor, reason: applied.reason, unit: at.unit, ...this.statusOf(compiled, data, 'rejected') });
                    break;
                case 'delegated':
                    data.timeline.push({ at: now, type: 'delegated', by: actor, step: node, unit: unit.id, to: applied.to, ...(applied.reason ? { reason: applied.reason } : {}) });
                    this.recordEvent(state, compiled, 'delegated', now, { by: actor, to: applied.to, unit: at.unit, ...(applied.reason ? { reason: applied.reason } : {}) });
                    break;
            }
        });
        return effect;
    }
    async checkRequest(state, compiled, actor, request) {
        const data = dataOf(state);
        if (data.status !== 'inProgress')
            throw new DecisionConflictError(`The attachment ${state.id} is ${data.status}: there is nothing left to decide`);
        if (state.status === 'error')
            throw new DecisionConflictError(`The attachment ${state.id} is stopped: ${state.error?.message ?? 'an error'}`);
        const open = openStepOf(state);
        if (!open)
            throw new DecisionConflictError(`The attachment ${state.id} has no step waiting for a decision right now`);
        const { node, step } = open;
        const action = request.action;
        if (action === 'resubmit') {
            await actorItem(step, actor, this.directory);
            const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
            const problems = {};
            if (reason === '')
                problems.reason = ['required'];
            const current = compiled.steps.get(node).unit;
            let target = current;
            if (request.stage !== undefined && request.stage !== null && request.stage !== '') {
                const index = compiled.units.findIndex((u) => u.id === request.stage);
                if (index === -1)
                    problems.stage = [`no stage "${String(request.stage)}" in this workflow (${compiled.units.map((u) => u.id).join(', ')})`];
                else if (index > current)
                    problems.stage = [`"${String(request.stage)}" comes after the current stage "${compiled.units[current].id}": a resubmission goes back, never forward`];
                else
                    target = index;
            }
            if (Object.keys(problems).length)
                throw new DecisionInvalidError(problems);
            return { kind: 'resubmit', node, step, target, reason };
        }
        if (action !== 'approve' && action !== 'reject' && action !== 'delegate')
            throw new DecisionInvalidError({ action: ['must be approve, reject, delegate or resubmit'] });
        const inputs = await checkDecision(step, compiled.steps.get(node).form, { action, actor, values: request.values, reason: request.reason, to: request.to }, this.directory);
        return { kind: 'step', node, step, inputs };
    }
    resubmit(state, compiled, runner, checked, actor, now, write) {
        const data = dataOf(state);
        const { node, step, target, reason } = checked;
        closeOpenItems(state, node, step, 'resubmitted', now, actor, write);
        const path = state.paths.find((p) => p.task === step.task);
        // the target unit's steps and every later one are approved again: their states start over
        for (const name of Object.keys(state.approvals ?? {}))
            if (compiled.steps.get(name).unit >= target)
                delete state.approvals[name];
        const unit = compiled.units[target];
        data.completedUnits = Math.min(data.completedUnits, target);
        data.currentUnit = target;
        data.timeline.push({ at: now, type: 'resubmitted', by: actor, step: node, unit: unit.id, reason });
        this.recordEvent(state, compiled, 'resubmissionRequested', now, { by: actor, reason, unit: target });
        runner.movePath(path, compiled.firstStep[target], 'resubmission requested');
        return { kind: 'resubmitted', unit: unit.id };
    }
}
function pending(action, params, order, level) {
    return { action, params, order, level, status: 'pending', attempts: 0, notBefore: null };
}
export function progressOf(data) {
    if (data.status === 'completed')
        return 100;
    if (data.totalUnits === 0)
        return 0;
    return Math.min(99, Math.floor((data.completedUnits / data.totalUnits) * 100));
}
export function localizedName(names, locale) {
    if (!names)
        return '';
    return names[locale ?? 'en'] ?? names.en ?? Object.values(names)[0] ?? '';
}
function splitName(name) {
    const i = name.indexOf('/');
    return [name.slice(0, i), name.slice(i + 1)];
}
export function toWorkflowVersion(stored) {
    const [tenant, slug] = splitName(stored.name);
    return { tenant, slug, version: stored.version, document: stored.document, savedAt: stored.savedAt, ...(stored.savedBy === undefined ? {} : { savedBy: stored.savedBy }) };
}
export class AttachmentConflictError extends AutomationError {
    holder;
    constructor(object, holder) {
        super(`${object.type} ${object.id} already has an active workflow${holder ? ` (attachment ${holder})` : ''}: pass restart: true to cancel it and start again`, 409, 'attachment_exists');
        this.holder = holder;
    }
    get details() {
        return this.holder === undefined ? undefined : { attachment: this.holder };
    }
}
export { DecisionForbiddenError };
