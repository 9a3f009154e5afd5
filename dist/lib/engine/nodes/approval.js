import { UnknownGroupError } from '../../identity/directory.js';
import { AutomationError, FormValidationError } from '../errors.js';
import { refName } from '../refs.js';
import { Node } from './node.js';
/** A misconfigured approver (unknown user or group, a group without active members, a quorum larger than the group). */
export class ApproverError extends AutomationError {
    constructor(message) {
        super(message, 422, 'approver_problem');
    }
}
export class DecisionForbiddenError extends AutomationError {
    constructor(message) {
        super(message, 403, 'forbidden');
    }
}
export class DecisionConflictError extends AutomationError {
    constructor(message) {
        super(message, 409, 'conflict');
    }
}
export class DecisionInvalidError extends AutomationError {
    fieldErrors;
    constructor(fieldErrors) {
        super(`The decision is invalid: ${Object.entries(fieldErrors).map(([f, e]) => `${f}: ${e.join(', ')}`).join('; ')}`, 422, 'invalid_decision');
        this.fieldErrors = fieldErrors;
    }
    get details() {
        return this.fieldErrors;
    }
}
export function strategyLabel(strategy) {
    return typeof strategy === 'string' ? strategy : `quorum ${strategy.quorum}`;
}
const inTenantText = (tenant) => (tenant === undefined ? '' : ` of tenant "${tenant}"`);
/** Votes needed for a quorum of `n` members: a count, or a percentage rounded up (at least one). */
export function quorumOf(quorum, n) {
    if (typeof quorum === 'number')
        return quorum;
    const pct = Number.parseFloat(quorum);
    return Math.max(1, Math.ceil((pct * n) / 100 - 1e-9));
}
/**
 * Who approves a step, from the directory: an unknown or inactive user, an unknown group, a
 * group without active members (of the tenant) or a quorum larger than the group is an
 * ApproverError — never a fall-back to someone else. With `rotation`, a round-robin group takes
 * its next turn (a write); without, the first member stands in (a check only).
 */
export async function resolveApprovers(spec, tenant, directory, rotation) {
    if (spec.by === 'user') {
        const user = await directory.user(spec.user, tenant);
        if (!user)
            throw new ApproverError(`The approver user "${spec.user}" is unknown${inTenantText(tenant)}`);
        if (!user.active)
            throw new ApproverError(`The approver user "${spec.user}" is not active`);
        return { mode: 'user', required: 1, members: [user.id], items: [{ user: user.id, slot: user.id }] };
    }
    let members;
    try {
        members = await directory.groupMembers(spec.group, tenant);
    }
    catch (error) {
        if (error instanceof UnknownGroupError)
            throw new ApproverError(`The approver group "${spec.group}" does not exist`);
        throw error;
    }
    if (members.length === 0)
        throw new ApproverError(`The approver group "${spec.group}" has no active members${inTenantText(tenant)}`);
    const ids = members.map((m) => m.id);
    const strategy = spec.strategy;
    if (strategy === 'anyone')
        return { mode: 'anyone', group: spec.group, required: 1, members: [`group:${spec.group}`], items: [{ group: spec.group, slot: `group:${spec.group}` }] };
    if (strategy === 'all')
        return { mode: 'all', group: spec.group, required: ids.length, members: ids, items: ids.map((id) => ({ user: id, slot: id })) };
    if (strategy === 'roundRobin') {
        const turn = rotation ? await rotation.next(tenant ?? '', spec.group) : 0;
        const chosen = ids[turn % ids.length];
        return { mode: 'roundRobin', group: spec.group, required: 1, members: [chosen], items: [{ user: chosen, slot: chosen }] };
    }
    const required = quorumOf(strategy.quorum, ids.length);
    if (required > ids.length)
        throw new ApproverError(`The quorum of ${strategy.quorum} cannot be met: the group "${spec.group}" has ${ids.length} active member${ids.length === 1 ? '' : 's'}${inTenantText(tenant)}`);
    return { mode: 'quorum', group: spec.group, required, members: ids, items: ids.map((id) => ({ user: id, slot: id })) };
}
function assignmentOf(item, tenant) {
    const base = item.user !== undefined ? { user: item.user } : { groups: [item.group] };
    return tenant === undefined ? base : { ...base, tenant };
}
/** The task record of an item (open or closed). */
export function itemRecord(state, node, step, item) {
    return {
        instanceId: state.id, automation: state.automation, seq: item.seq, node, path: step.path, created: item.created,
        finished: item.closed, message: item.status === 'open' ? null : item.status, result: item.to === undefined ? null : { to: item.to },
        error: null, assignment: assignmentOf(item, step.tenant), ...(item.by !== undefined && item.status !== 'superseded' && item.status !== 'escalated' ? { completedBy: item.by } : {}),
        ...(state.definition ? { definition: state.definition } : {}),
    };
}
/** Opens an item in the step (a new task record, written with the next commit). */
export function openItem(state, node, step, spec, now, write) {
    const item = { seq: state.nextSeq++, ...(spec.user !== undefined ? { user: spec.user } : {}), ...(spec.group !== undefined ? { group: spec.group } : {}), slot: spec.slot, status: 'open', created: now, closed: null };
    step.items.push(item);
    write(itemRecord(state, node, step, item));
    return item;
}
/** Closes an open item with `status`. */
export function closeItem(state, node, step, item, status, now, by, write, to) {
    item.status = status;
    item.closed = now;
    item.by = by;
    if (to !== undefined)
        item.to = to;
    write(itemRecord(state, node, step, item));
}
/** Closes every open item of the step with `status` (superseded, resubmitted, cancelled, escalated). */
export function closeOpenItems(state, node, step, status, now, by, write) {
    for (const item of step.items)
        if (item.status === 'open')
            closeItem(state, node, step, item, status, now, by, write);
}
function humanTaskOf(node) {
    const form = node.config.form;
    return {
        assignment: {},
        decisionOnly: true,
        formOptions: node.config.title === undefined ? {} : { description: node.config.title },
        schema: {
            safeParse(value) {
                if (!form)
                    return { success: true, data: value };
                const checked = form.validate(value);
                if (checked.ok)
                    return { success: true, data: checked.values };
                return { success: false, error: { issues: Object.entries(checked.fieldErrors).flatMap(([path, messages]) => messages.map((message) => ({ path: path === '_root' ? [] : path.split('.'), message }))) } };
            },
        },
        jsonSchema: () => (form ? form.jsonSchema() : { type: 'object', properties: {} }),
    };
}
/**
 * An approval step: a human task with an approver spec, a strategy and decisions. When the path
 * reaches it, the approvers are resolved from the directory and one item per approver (a group
 * item for `anyone`) is opened; those items are what the task inbox lists. Decisions
 * (`applyDecision`, under the instance's lease) close items and settle the step; the node then
 * continues with its next node (approved) or its `OnReject` target (rejected). Per step,
 * `remindAfterMs` and `escalateAfterMs` wake it on the engine's timers.
 */
export class ApprovalStep extends Node {
    config;
    deps;
    kind = 'Approval';
    rejectTarget;
    constructor(config, deps) {
        super();
        this.config = config;
        this.deps = deps;
        if (config.title !== undefined)
            this.modifiers = { description: config.title };
    }
    /** Where to continue when the step is rejected (default: the next node, with the rejection as the task's result). */
    OnReject(target) {
        return this.with((copy) => {
            copy.rejectTarget = target;
        });
    }
    get onReject() {
        return this.rejectTarget;
    }
    targets() {
        return this.rejectTarget === undefined ? [] : [this.rejectTarget];
    }
    ownSuccessors(_def, n) {
        return this.rejectTarget === undefined ? [n.next] : [n.next, refName(this.rejectTarget)];
    }
    problems(check) {
        if (this.rejectTarget !== undefined)
            check.checkNodeTarget('.OnReject()', this.rejectTarget);
        const { approver, type, form } = this.config;
        if (type === 'submit' && !form)
            check.problem(`Approval node '${check.n.name}' of type submit needs a form`);
        if (type === 'move' && form)
            check.problem(`Approval node '${check.n.name}' of type move takes no form`);
        if (approver.by === 'group' && typeof approver.strategy === 'object' && typeof approver.strategy.quorum === 'number' && !(Number.isInteger(approver.strategy.quorum) && approver.strategy.quorum >= 1)) {
            check.problem(`Approval node '${check.n.name}': a quorum is a whole number of at least 1 or a percentage`);
        }
    }
    humanTask() {
        return humanTaskOf(this);
    }
    diagramShape(label) {
        return `[/${label}\\]`;
    }
    diagramNotes() {
        const a = this.config.approver;
        return [a.by === 'user' ? `user ${a.user}` : `${a.group} (${strategyLabel(a.strategy)})`];
    }
    async run(ctx) {
        const node = ctx.task.node;
        const state = ctx.instance;
        const steps = (state.approvals ??= {});
        let step = steps[node];
        const now = ctx.now;
        if (!step || step.task !== ctx.task.seq) {
            step = await this.open(ctx);
            steps[node] = step;
            ctx.changed();
            this.deps.observer?.opened?.(ctx, node, step);
            return this.waiting(step);
        }
        if (step.status === 'approved')
            return { kind: 'next', result: stepResult(step) };
        if (step.status === 'rejected') {
            return { kind: 'next', result: stepResult(step), ...(this.rejectTarget === undefined ? {} : { to: ctx.target(this.rejectTarget) }) };
        }
        if (step.remindAt !== null && step.reminded === null && now >= step.remindAt) {
            step.reminded = now;
            ctx.changed();
            this.deps.observer?.reminded?.(ctx, node, step);
        }
        if (step.escalateAt !== null && step.escalated === null && now >= step.escalateAt) {
            await this.escalate(ctx, step);
        }
        return this.waiting(step);
    }
    waiting(step) {
        const next = [step.reminded === null ? step.remindAt : null, step.escalated === null ? step.escalateAt : null].filter((t) => t !== null);
        return { kind: 'wait', reason: 'form', assignment: null, ...(next.length ? { until: Math.min(...next) } : {}) };
    }
    async open(ctx) {
        const state = ctx.instance;
        const node = ctx.task.node;
        const tenant = this.deps.tenantOf?.(state);
        const resolved = await resolveApprovers(this.config.approver, tenant, this.deps.directory, this.deps.rotation);
        const path = state.paths.find((p) => p.task === ctx.task.seq)?.id ?? 0;
        const now = ctx.now;
        const step = {
            task: ctx.task.seq, path, ...(tenant === undefined ? {} : { tenant }), type: this.config.type, status: 'open', mode: resolved.mode,
            ...(resolved.group === undefined ? {} : { group: resolved.group }), required: resolved.required, members: resolved.members,
            items: [], votes: [], checkIn: null, opened: now, decided: null, decidedBy: null, reason: null,
            remindAt: this.config.remindAfterMs === undefined ? null : now + this.config.remindAfterMs,
            escalateAt: this.config.escalateAfterMs === undefined || this.config.escalateTo === undefined ? null : now + this.config.escalateAfterMs,
            reminded: null, escalated: null,
        };
        for (const spec of resolved.items)
            openItem(state, node, step, spec, now, ctx.writeTask);
        return step;
    }
    /** Reassigns an undecided step to the escalation group: one member of it decides (anyone). */
    async escalate(ctx, step) {
        const group = this.config.escalateTo;
        const resolved = await resolveApprovers({ by: 'group', group, strategy: 'anyone' }, step.tenant, this.deps.directory);
        const from = step.items.filter((i) => i.status === 'open').map((i) => i.user ?? `group:${i.group}`);
        const now = ctx.now;
        closeOpenItems(ctx.instance, ctx.task.node, step, 'escalated', now, 'system', ctx.writeTask);
        step.escalated = now;
        step.mode = 'anyone';
        step.group = group;
        step.required = step.votes.length + 1;
        step.members = resolved.members;
        for (const spec of resolved.items)
            openItem(ctx.instance, ctx.task.node, step, spec, now, ctx.writeTask);
        ctx.changed();
        this.deps.observer?.escalated?.(ctx, ctx.task.node, step, from);
    }
}
function stepResult(step) {
    return { decision: step.status, decidedBy: step.decidedBy, votes: step.votes.length, ...(step.reason === null ? {} : { reason: step.reason }) };
}
/** The open step of the instance at an Approval node, or undefined. */
export function openStepOf(state, node) {
    for (const [name, step] of Object.entries(state.approvals ?? {})) {
        if (step.status !== 'open' || (node !== undefined && name !== node))
            continue;
        if (!state.paths.some((p) => p.task === step.task))
            continue; // a stale step of a path that moved on
        return { node: name, step };
    }
    return undefined;
}
async function isGroupMember(directory, group, user, tenant) {
    try {
        return (await directory.groupMembers(group, tenant)).some((m) => m.id === user);
    }
    catch (error) {
        if (error instanceof UnknownGroupError)
            return false;
        throw error;
    }
}
/** The actor's open item in the step: 403 when they never were an approver of it, 409 when their item is closed. */
export async function actorItem(step, actor, directory) {
    const mine = async (item) => item.user === actor || (item.group !== undefined && (await isGroupMember(directory, item.group, actor, step.tenant)));
    for (const item of step.items)
        if (item.status === 'open' && (await mine(item)))
            return item;
    for (const item of [...step.items].reverse()) {
        if (await mine(item))
            throw new DecisionConflictError(`${actor}'s item of this step is ${item.status}${item.by && item.by !== actor && item.by !== 'system' ? ` (by ${item.by})` : ''}: there is nothing left to decide`);
    }
    throw new DecisionForbiddenError(`${actor} is not an approver of this step`);
}
function hasValues(values) {
    return values !== undefined && values !== null && !(typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length === 0);
}
/** Checks the values of an approval against the step's type and form; the parsed values (or null). */
export function checkValues(type, form, values) {
    if (type === 'move') {
        if (hasValues(values))
            throw new DecisionInvalidError({ values: ['a move step takes no values'] });
        return null;
    }
    if (type === 'submit' && !hasValues(values))
        throw new DecisionInvalidError({ values: ['a submit step needs values for its form'] });
    if (!hasValues(values)) {
        if (form) {
            const checked = form.validate(values ?? {});
            if (!checked.ok)
                throw new FormValidationError(checked.fieldErrors);
        }
        return null;
    }
    if (!form)
        throw new DecisionInvalidError({ values: ['this step has no form: it takes no values'] });
    const checked = form.validate(values);
    if (!checked.ok)
        throw new FormValidationError(checked.fieldErrors);
    return checked.values;
}
function textOf(value, field, required) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        if (required)
            throw new DecisionInvalidError({ [field]: ['required'] });
        return null;
    }
    if (typeof value !== 'string')
        throw new DecisionInvalidError({ [field]: ['must be text'] });
    if (value.length > 2_000)
        throw new DecisionInvalidError({ [field]: ['at most 2,000 characters'] });
    return value.trim();
}
/**
 * Checks a decision against the open step without changing anything: who may act (403/409),
 * the values (422 per field), the reason and the delegate (422). Returns the actor's item and
 * the checked inputs, for `applyDecision` under the lease.
 */
export async function checkDecision(step, form, decision, directory) {
    const item = await actorItem(step, decision.actor, directory);
    switch (decision.action) {
        case 'approve':
            return { item, values: checkValues(step.type, form, decision.values), reason: textOf(decision.reason, 'reason', false), to: null };
        case 'reject':
            return { item, values: null, reason: textOf(decision.reason, 'reason', true), to: null };
        case 'delegate': {
            const to = textOf(decision.to, 'to', true);
            if (to === decision.actor)
                throw new DecisionInvalidError({ to: ['you cannot delegate to yourself'] });
            const user = await directory.user(to, step.tenant);
            if (!user)
                throw new DecisionInvalidError({ to: [`no user "${to}"${inTenantText(step.tenant)}`] });
            if (!user.active)
                throw new DecisionInvalidError({ to: [`the user "${to}" is not active`] });
            if (step.items.some((i) => i.status === 'open' && i.user === to))
                throw new DecisionInvalidError({ to: [`"${to}" already has an item in this step`] });
            return { item, values: null, reason: textOf(decision.reason, 'reason', false), to };
        }
        default:
            throw new DecisionInvalidError({ action: ['must be approve, reject, delegate or resubmit'] });
    }
}
/**
 * Applies a checked decision to the step (under the instance's lease): closes and opens items
 * through `write`, records the vote, and settles the step when its strategy is satisfied (the
 * other open items are superseded, kept in the history) or when it is rejected.
 */
export function applyDecision(state, node, step, action, checked, actor, now, write) {
    const { item } = checked;
    if (action === 'delegate') {
        closeItem(state, node, step, item, 'delegated', now, actor, write, checked.to);
        const delegated = openItem(state, node, step, { user: checked.to, slot: item.slot }, now, write);
        if (step.mode === 'anyone' || step.mode === 'roundRobin' || step.mode === 'user')
            step.members = [...step.members.filter((m) => m !== item.slot), item.slot];
        return { kind: 'delegated', item: delegated, to: checked.to, reason: checked.reason };
    }
    if (action === 'reject') {
        closeItem(state, node, step, item, 'rejected', now, actor, write);
        closeOpenItems(state, node, step, 'superseded', now, 'system', write);
        step.status = 'rejected';
        step.decided = now;
        step.decidedBy = actor;
        step.reason = checked.reason;
        return { kind: 'rejected', item, reason: checked.reason };
    }
    if (step.type === 'checkIn' && step.checkIn === null) {
        step.checkIn = { by: actor, at: now };
        return { kind: 'checkedIn', item };
    }
    step.votes.push({ slot: item.slot, by: actor, at: now, ...(checked.values ? { values: checked.values } : {}) });
    closeItem(state, node, step, item, 'approved', now, actor, write);
    if (step.votes.length < step.required)
        return { kind: 'voted', item, values: checked.values };
    closeOpenItems(state, node, step, 'superseded', now, 'system', write);
    step.status = 'approved';
    step.decided = now;
    step.decidedBy = actor;
    return { kind: 'approved', item, values: checked.values };
}
