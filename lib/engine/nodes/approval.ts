import type { Directory, DirectoryUser } from '../../identity/directory.js';
import { UnknownGroupError } from '../../identity/directory.js';
import type { FlowDefinition, FlowNode } from '../definition.js';
import { AutomationError, FormValidationError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { refName, type Target } from '../refs.js';
import type { Assignment, InstanceState, TaskRecord } from '../state.js';
import type { ApprovalItemState, ApprovalMode, ApprovalStepState, ApprovalType, ApproverSpec, GroupStrategy, ItemStatus } from './approval-state.js';
import type { Rotation } from './approval-rotation.js';
import { Node, type HumanTask, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

export type { ApprovalItemState, ApprovalStepState, ApprovalType, ApproverSpec, GroupStrategy, ItemStatus } from './approval-state.js';

/** Validates the values of an approval (a form compiled from JSON Schema, or any validator). */
export interface FormValidator {
  validate(values: unknown): { ok: true; values: JsonObject } | { ok: false; fieldErrors: Record<string, string[]> };
  jsonSchema(): JsonObject;
}

export interface ApprovalConfig {
  approver: ApproverSpec;
  type: ApprovalType;
  form?: FormValidator;
  /** Shown in the task inbox. */
  title?: string;
  /** A reminder after this long (the observer's `reminded`), then reassignment to `escalateTo` after `escalateAfterMs`. */
  remindAfterMs?: number;
  escalateAfterMs?: number;
  escalateTo?: string;
}

/** Told when a step opens, is reminded or escalated (within the run, before its commit). */
export interface ApprovalObserver {
  opened?(ctx: NodeContext<object>, node: string, step: ApprovalStepState): void;
  reminded?(ctx: NodeContext<object>, node: string, step: ApprovalStepState): void;
  escalated?(ctx: NodeContext<object>, node: string, step: ApprovalStepState, from: string[]): void;
}

export interface ApprovalDeps {
  directory: Directory;
  rotation: Rotation;
  /** The tenant whose users may approve; undefined: users of any tenant. */
  tenantOf?(state: InstanceState): string | undefined;
  observer?: ApprovalObserver;
}

/** A misconfigured approver (unknown user or group, a group without active members, a quorum larger than the group). */
export class ApproverError extends AutomationError {
  constructor(message: string) {
    super(message, 422, 'approver_problem');
  }
}

export class DecisionForbiddenError extends AutomationError {
  constructor(message: string) {
    super(message, 403, 'forbidden');
  }
}

export class DecisionConflictError extends AutomationError {
  constructor(message: string) {
    super(message, 409, 'conflict');
  }
}

export class DecisionInvalidError extends AutomationError {
  readonly fieldErrors: Readonly<Record<string, string[]>>;
  constructor(fieldErrors: Record<string, string[]>) {
    super(`The decision is invalid: ${Object.entries(fieldErrors).map(([f, e]) => `${f}: ${e.join(', ')}`).join('; ')}`, 422, 'invalid_decision');
    this.fieldErrors = fieldErrors;
  }
  override get details(): unknown {
    return this.fieldErrors;
  }
}

export function strategyLabel(strategy: GroupStrategy): string {
  return typeof strategy === 'string' ? strategy : `quorum ${strategy.quorum}`;
}

const inTenantText = (tenant: string | undefined) => (tenant === undefined ? '' : ` of tenant "${tenant}"`);

export interface ResolvedApprovers {
  mode: ApprovalMode;
  group?: string;
  required: number;
  /** Vote slots. */
  members: string[];
  /** Items to open: per user, or one group item. */
  items: { user?: string; group?: string; slot: string }[];
}

/** Votes needed for a quorum of `n` members: a count, or a percentage rounded up (at least one). */
export function quorumOf(quorum: number | string, n: number): number {
  if (typeof quorum === 'number') return quorum;
  const pct = Number.parseFloat(quorum);
  return Math.max(1, Math.ceil((pct * n) / 100 - 1e-9));
}

/**
 * Who approves a step, from the directory: an unknown or inactive user, an unknown group, a
 * group without active members (of the tenant) or a quorum larger than the group is an
 * ApproverError — never a fall-back to someone else. With `rotation`, a round-robin group takes
 * its next turn (a write); without, the first member stands in (a check only).
 */
export async function resolveApprovers(spec: ApproverSpec, tenant: string | undefined, directory: Directory, rotation?: Rotation): Promise<ResolvedApprovers> {
  if (spec.by === 'user') {
    const user = await directory.user(spec.user, tenant);
    if (!user) throw new ApproverError(`The approver user "${spec.user}" is unknown${inTenantText(tenant)}`);
    if (!user.active) throw new ApproverError(`The approver user "${spec.user}" is not active`);
    return { mode: 'user', required: 1, members: [user.id], items: [{ user: user.id, slot: user.id }] };
  }
  let members: DirectoryUser[];
  try {
    members = await directory.groupMembers(spec.group, tenant);
  } catch (error) {
    if (error instanceof UnknownGroupError) throw new ApproverError(`The approver group "${spec.group}" does not exist`);
    throw error;
  }
  if (members.length === 0) throw new ApproverError(`The approver group "${spec.group}" has no active members${inTenantText(tenant)}`);
  const ids = members.map((m) => m.id);
  const strategy = spec.strategy;
  if (strategy === 'anyone') return { mode: 'anyone', group: spec.group, required: 1, members: [`group:${spec.group}`], items: [{ group: spec.group, slot: `group:${spec.group}` }] };
  if (strategy === 'all') return { mode: 'all', group: spec.group, required: ids.length, members: ids, items: ids.map((id) => ({ user: id, slot: id })) };
  if (strategy === 'roundRobin') {
    const turn = rotation ? await rotation.next(tenant ?? '', spec.group) : 0;
    const chosen = ids[turn % ids.length]!;
    return { mode: 'roundRobin', group: spec.group, required: 1, members: [chosen], items: [{ user: chosen, slot: chosen }] };
  }
  const required = quorumOf(strategy.quorum, ids.length);
  if (required > ids.length) throw new ApproverError(`The quorum of ${strategy.quorum} cannot be met: the group "${spec.group}" has ${ids.length} active member${ids.length === 1 ? '' : 's'}${inTenantText(tenant)}`);
  return { mode: 'quorum', group: spec.group, required, members: ids, items: ids.map((id) => ({ user: id, slot: id })) };
}

function assignmentOf(item: Pick<ApprovalItemState, 'user' | 'group'>, tenant: string | undefined): Assignment {
  const base: Assignment = item.user !== undefined ? { user: item.user } : { groups: [item.group!] };
  return tenant === undefined ? base : { ...base, tenant };
}

/** The task record of an item (open or closed). */
export function itemRecord(state: InstanceState, node: string, step: ApprovalStepState, item: ApprovalItemState): TaskRecord {
  return {
    instanceId: state.id, automation: state.automation, seq: item.seq, node, path: step.path, created: item.created,
    finished: item.closed, message: item.status === 'open' ? null : item.status, result: item.to === undefined ? null : { to: item.to },
    error: null, assignment: assignmentOf(item, step.tenant), ...(item.by !== undefined && item.status !== 'superseded' && item.status !== 'escalated' ? { completedBy: item.by } : {}),
    ...(state.definition ? { definition: state.definition } : {}),
  };
}

/** Opens an item in the step (a new task record, written with the next commit). */
export function openItem(state: InstanceState, node: string, step: ApprovalStepState, spec: { user?: string; group?: string; slot: string }, now: number, write: (r: TaskRecord) => void): ApprovalItemState {
  const item: ApprovalItemState = { seq: state.nextSeq++, ...(spec.user !== undefined ? { user: spec.user } : {}), ...(spec.group !== undefined ? { group: spec.group } : {}), slot: spec.slot, status: 'open', created: now, closed: null };
  step.items.push(item);
  write(itemRecord(state, node, step, item));
  return item;
}

/** Closes an open item with `status`. */
export function closeItem(state: InstanceState, node: string, step: ApprovalStepState, item: ApprovalItemState, status: ItemStatus, now: number, by: string, write: (r: TaskRecord) => void, to?: string): void {
  item.status = status;
  item.closed = now;
  item.by = by;
  if (to !== undefined) item.to = to;
  write(itemRecord(state, node, step, item));
}

/** Closes every open item of the step with `status` (superseded, resubmitted, cancelled, escalated). */
export function closeOpenItems(state: InstanceState, node: string, step: ApprovalStepState, status: ItemStatus, now: number, by: string, write: (r: TaskRecord) => void): void {
  for (const item of step.items) if (item.status === 'open') closeItem(state, node, step, item, status, now, by, write);
}

function humanTaskOf(node: ApprovalStep<object>): HumanTask {
  const form = node.config.form;
  return {
    assignment: {},
    decisionOnly: true,
    formOptions: node.config.title === undefined ? {} : { description: node.config.title },
    schema: {
      safeParse(value: unknown) {
        if (!form) return { success: true as const, data: value };
        const checked = form.validate(value);
        if (checked.ok) return { success: true as const, data: checked.values };
        return { success: false as const, error: { issues: Object.entries(checked.fieldErrors).flatMap(([path, messages]) => messages.map((message) => ({ path: path === '_root' ? [] : path.split('.'), message }))) } };
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
export class ApprovalStep<D extends object = object> extends Node<D> {
  readonly kind = 'Approval';
  protected rejectTarget: Target | undefined;

  constructor(readonly config: ApprovalConfig, readonly deps: ApprovalDeps) {
    super();
    if (config.title !== undefined) this.modifiers = { description: config.title };
  }

  /** Where to continue when the step is rejected (default: the next node, with the rejection as the task's result). */
  OnReject(target: Target): this {
    return this.with((copy) => {
      copy.rejectTarget = target;
    });
  }

  get onReject(): Target | undefined {
    return this.rejectTarget;
  }

  override targets(): Target[] {
    return this.rejectTarget === undefined ? [] : [this.rejectTarget];
  }

  protected override ownSuccessors(_def: FlowDefinition, n: FlowNode): (string | null)[] {
    return this.rejectTarget === undefined ? [n.next] : [n.next, refName(this.rejectTarget)!];
  }

  override problems(check: NodeCheck): void {
    if (this.rejectTarget !== undefined) check.checkNodeTarget('.OnReject()', this.rejectTarget);
    const { approver, type, form } = this.config;
    if (type === 'submit' && !form) check.problem(`Approval node '${check.n.name}' of type submit needs a form`);
    if (type === 'move' && form) check.problem(`Approval node '${check.n.name}' of type move takes no form`);
    if (approver.by === 'group' && typeof approver.strategy === 'object' && typeof approver.strategy.quorum === 'number' && !(Number.isInteger(approver.strategy.quorum) && approver.strategy.quorum >= 1)) {
      check.problem(`Approval node '${check.n.name}': a quorum is a whole number of at least 1 or a percentage`);
    }
  }

  override humanTask(): HumanTask {
    return humanTaskOf(this as unknown as ApprovalStep<object>);
  }

  override diagramShape(label: string): string {
    return `[/${label}\\]`;
  }

  override diagramNotes(): string[] {
    const a = this.config.approver;
    return [a.by === 'user' ? `user ${a.user}` : `${a.group} (${strategyLabel(a.strategy)})`];
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    const node = ctx.task.node;
    const state = ctx.instance;
    const steps = (state.approvals ??= {});
    let step = steps[node];
    const now = ctx.now;
    if (!step || step.task !== ctx.task.seq) {
      step = await this.open(ctx as unknown as NodeContext<object>);
      steps[node] = step;
      ctx.changed();
      this.deps.observer?.opened?.(ctx as unknown as NodeContext<object>, node, step);
      return this.waiting(step);
    }
    if (step.status === 'approved') return { kind: 'next', result: stepResult(step) };
    if (step.status === 'rejected') {
      return { kind: 'next', result: stepResult(step), ...(this.rejectTarget === undefined ? {} : { to: ctx.target(this.rejectTarget) }) };
    }
    if (step.remindAt !== null && step.reminded === null && now >= step.remindAt) {
      step.reminded = now;
      ctx.changed();
      this.deps.observer?.reminded?.(ctx as unknown as NodeContext<object>, node, step);
    }
    if (step.escalateAt !== null && step.escalated === null && now >= step.escalateAt) {
      await this.escalate(ctx as unknown as NodeContext<object>, step);
    }
    return this.waiting(step);
  }

  private waiting(step: ApprovalStepState): Outcome {
    const next = [step.reminded === null ? step.remindAt : null, step.escalated === null ? step.escalateAt : null].filter((t): t is number => t !== null);
    return { kind: 'wait', reason: 'form', assignment: null, ...(next.length ? { until: Math.min(...next) } : {}) };
  }

  private async open(ctx: NodeContext<object>): Promise<ApprovalStepState> {
    const state = ctx.instance;
    const node = ctx.task.node;
    const tenant = this.deps.tenantOf?.(state);
    const resolved = await resolveApprovers(this.config.approver, tenant, this.deps.directory, this.deps.rotation);
    const path = state.paths.find((p) => p.task === ctx.task.seq)?.id ?? 0;
    const now = ctx.now;
    const step: ApprovalStepState = {
      task: ctx.task.seq, path, ...(tenant === undefined ? {} : { tenant }), type: this.config.type, status: 'open', mode: resolved.mode,
      ...(resolved.group === undefined ? {} : { group: resolved.group }), required: resolved.required, members: resolved.members,
      items: [], votes: [], checkIn: null, opened: now, decided: null, decidedBy: null, reason: null,
      remindAt: this.config.remindAfterMs === undefined ? null : now + this.config.remindAfterMs,
      escalateAt: this.config.escalateAfterMs === undefined || this.config.escalateTo === undefined ? null : now + this.config.escalateAfterMs,
      reminded: null, escalated: null,
    };
    for (const spec of resolved.items) openItem(state, node, step, spec, now, ctx.writeTask);
    return step;
  }

  /** Reassigns an undecided step to the escalation group: one member of it decides (anyone). */
  private async escalate(ctx: NodeContext<object>, step: ApprovalStepState): Promise<void> {
    const group = this.config.escalateTo!;
    const resolved = await resolveApprovers({ by: 'group', group, strategy: 'anyone' }, step.tenant, this.deps.directory);
    const from = step.items.filter((i) => i.status === 'open').map((i) => i.user ?? `group:${i.group}`);
    const now = ctx.now;
    closeOpenItems(ctx.instance, ctx.task.node, step, 'escalated', now, 'system', ctx.writeTask);
    step.escalated = now;
    step.mode = 'anyone';
    step.group = group;
    step.required = step.votes.length + 1;
    step.members = resolved.members;
    for (const spec of resolved.items) openItem(ctx.instance, ctx.task.node, step, spec, now, ctx.writeTask);
    ctx.changed();
    this.deps.observer?.escalated?.(ctx, ctx.task.node, step, from);
  }
}

function stepResult(step: ApprovalStepState): JsonObject {
  return { decision: step.status, decidedBy: step.decidedBy, votes: step.votes.length, ...(step.reason === null ? {} : { reason: step.reason }) };
}

// ── decisions ─────────────────────────────────────────────────────────────

export type StepAction = 'approve' | 'reject' | 'delegate';

export interface StepDecision {
  action: StepAction;
  actor: string;
  values?: unknown;
  reason?: unknown;
  to?: unknown;
}

export type DecisionEffect =
  | { kind: 'checkedIn'; item: ApprovalItemState }
  | { kind: 'voted'; item: ApprovalItemState; values: JsonObject | null }
  | { kind: 'approved'; item: ApprovalItemState; values: JsonObject | null }
  | { kind: 'rejected'; item: ApprovalItemState; reason: string }
  | { kind: 'delegated'; item: ApprovalItemState; to: string; reason: string | null };

/** The open step of the instance at an Approval node, or undefined. */
export function openStepOf(state: InstanceState, node?: string): { node: string; step: ApprovalStepState } | undefined {
  for (const [name, step] of Object.entries(state.approvals ?? {})) {
    if (step.status !== 'open' || (node !== undefined && name !== node)) continue;
    if (!state.paths.some((p) => p.task === step.task)) continue; // a stale step of a path that moved on
    return { node: name, step };
  }
  return undefined;
}

async function isGroupMember(directory: Directory, group: string, user: string, tenant: string | undefined): Promise<boolean> {
  try {
    return (await directory.groupMembers(group, tenant)).some((m) => m.id === user);
  } catch (error) {
    if (error instanceof UnknownGroupError) return false;
    throw error;
  }
}

/** The actor's open item in the step: 403 when they never were an approver of it, 409 when their item is closed. */
export async function actorItem(step: ApprovalStepState, actor: string, directory: Directory): Promise<ApprovalItemState> {
  const mine = async (item: ApprovalItemState) => item.user === actor || (item.group !== undefined && (await isGroupMember(directory, item.group, actor, step.tenant)));
  for (const item of step.items) if (item.status === 'open' && (await mine(item))) return item;
  for (const item of [...step.items].reverse()) {
    if (await mine(item)) throw new DecisionConflictError(`${actor}'s item of this step is ${item.status}${item.by && item.by !== actor && item.by !== 'system' ? ` (by ${item.by})` : ''}: there is nothing left to decide`);
  }
  throw new DecisionForbiddenError(`${actor} is not an approver of this step`);
}

function hasValues(values: unknown): boolean {
  return values !== undefined && values !== null && !(typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length === 0);
}

/** Checks the values of an approval against the step's type and form; the parsed values (or null). */
export function checkValues(type: ApprovalType, form: FormValidator | undefined, values: unknown): JsonObject | null {
  if (type === 'move') {
    if (hasValues(values)) throw new DecisionInvalidError({ values: ['a move step takes no values'] });
    return null;
  }
  if (type === 'submit' && !hasValues(values)) throw new DecisionInvalidError({ values: ['a submit step needs values for its form'] });
  if (!hasValues(values)) {
    if (form) {
      const checked = form.validate(values ?? {});
      if (!checked.ok) throw new FormValidationError(checked.fieldErrors);
    }
    return null;
  }
  if (!form) throw new DecisionInvalidError({ values: ['this step has no form: it takes no values'] });
  const checked = form.validate(values);
  if (!checked.ok) throw new FormValidationError(checked.fieldErrors);
  return checked.values;
}

function textOf(value: unknown, field: string, required: boolean): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (required) throw new DecisionInvalidError({ [field]: ['required'] });
    return null;
  }
  if (typeof value !== 'string') throw new DecisionInvalidError({ [field]: ['must be text'] });
  if (value.length > 2_000) throw new DecisionInvalidError({ [field]: ['at most 2,000 characters'] });
  return value.trim();
}

/**
 * Checks a decision against the open step without changing anything: who may act (403/409),
 * the values (422 per field), the reason and the delegate (422). Returns the actor's item and
 * the checked inputs, for `applyDecision` under the lease.
 */
export async function checkDecision(step: ApprovalStepState, form: FormValidator | undefined, decision: StepDecision, directory: Directory): Promise<{ item: ApprovalItemState; values: JsonObject | null; reason: string | null; to: string | null }> {
  const item = await actorItem(step, decision.actor, directory);
  switch (decision.action) {
    case 'approve':
      return { item, values: checkValues(step.type, form, decision.values), reason: textOf(decision.reason, 'reason', false), to: null };
    case 'reject':
      return { item, values: null, reason: textOf(decision.reason, 'reason', true), to: null };
    case 'delegate': {
      const to = textOf(decision.to, 'to', true)!;
      if (to === decision.actor) throw new DecisionInvalidError({ to: ['you cannot delegate to yourself'] });
      const user = await directory.user(to, step.tenant);
      if (!user) throw new DecisionInvalidError({ to: [`no user "${to}"${inTenantText(step.tenant)}`] });
      if (!user.active) throw new DecisionInvalidError({ to: [`the user "${to}" is not active`] });
      if (step.items.some((i) => i.status === 'open' && i.user === to)) throw new DecisionInvalidError({ to: [`"${to}" already has an item in this step`] });
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
export function applyDecision(state: InstanceState, node: string, step: ApprovalStepState, action: StepAction, checked: { item: ApprovalItemState; values: JsonObject | null; reason: string | null; to: string | null }, actor: string, now: number, write: (r: TaskRecord) => void): DecisionEffect {
  const { item } = checked;
  if (action === 'delegate') {
    closeItem(state, node, step, item, 'delegated', now, actor, write, checked.to!);
    const delegated = openItem(state, node, step, { user: checked.to!, slot: item.slot }, now, write);
    if (step.mode === 'anyone' || step.mode === 'roundRobin' || step.mode === 'user') step.members = [...step.members.filter((m) => m !== item.slot), item.slot];
    return { kind: 'delegated', item: delegated, to: checked.to!, reason: checked.reason };
  }
  if (action === 'reject') {
    closeItem(state, node, step, item, 'rejected', now, actor, write);
    closeOpenItems(state, node, step, 'superseded', now, 'system', write);
    step.status = 'rejected';
    step.decided = now;
    step.decidedBy = actor;
    step.reason = checked.reason;
    return { kind: 'rejected', item, reason: checked.reason! };
  }
  if (step.type === 'checkIn' && step.checkIn === null) {
    step.checkIn = { by: actor, at: now };
    return { kind: 'checkedIn', item };
  }
  step.votes.push({ slot: item.slot, by: actor, at: now, ...(checked.values ? { values: checked.values } : {}) });
  closeItem(state, node, step, item, 'approved', now, actor, write);
  if (step.votes.length < step.required) return { kind: 'voted', item, values: checked.values };
  closeOpenItems(state, node, step, 'superseded', now, 'system', write);
  step.status = 'approved';
  step.decided = now;
  step.decidedBy = actor;
  return { kind: 'approved', item, values: checked.values };
}
