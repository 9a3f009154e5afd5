import type { Directory } from '../../identity/directory.js';
import type { FlowDefinition, FlowNode } from '../definition.js';
import { AutomationError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { type Target } from '../refs.js';
import type { InstanceState, TaskRecord } from '../state.js';
import type { ApprovalItemState, ApprovalMode, ApprovalStepState, ApprovalType, ApproverSpec, GroupStrategy, ItemStatus } from './approval-state.js';
import type { Rotation } from './approval-rotation.js';
import { Node, type HumanTask, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
export type { ApprovalItemState, ApprovalStepState, ApprovalType, ApproverSpec, GroupStrategy, ItemStatus } from './approval-state.js';
/** Validates the values of an approval (a form compiled from JSON Schema, or any validator). */
export interface FormValidator {
    validate(values: unknown): {
        ok: true;
        values: JsonObject;
    } | {
        ok: false;
        fieldErrors: Record<string, string[]>;
    };
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
export declare class ApproverError extends AutomationError {
    constructor(message: string);
}
export declare class DecisionForbiddenError extends AutomationError {
    constructor(message: string);
}
export declare class DecisionConflictError extends AutomationError {
    constructor(message: string);
}
export declare class DecisionInvalidError extends AutomationError {
    readonly fieldErrors: Readonly<Record<string, string[]>>;
    constructor(fieldErrors: Record<string, string[]>);
    get details(): unknown;
}
export declare function strategyLabel(strategy: GroupStrategy): string;
export interface ResolvedApprovers {
    mode: ApprovalMode;
    group?: string;
    required: number;
    /** Vote slots. */
    members: string[];
    /** Items to open: per user, or one group item. */
    items: {
        user?: string;
        group?: string;
        slot: string;
    }[];
}
/** Votes needed for a quorum of `n` members: a count, or a percentage rounded up (at least one). */
export declare function quorumOf(quorum: number | string, n: number): number;
/**
 * Who approves a step, from the directory: an unknown or inactive user, an unknown group, a
 * group without active members (of the tenant) or a quorum larger than the group is an
 * ApproverError — never a fall-back to someone else. With `rotation`, a round-robin group takes
 * its next turn (a write); without, the first member stands in (a check only).
 */
export declare function resolveApprovers(spec: ApproverSpec, tenant: string | undefined, directory: Directory, rotation?: Rotation): Promise<ResolvedApprovers>;
/** The task record of an item (open or closed). */
export declare function itemRecord(state: InstanceState, node: string, step: ApprovalStepState, item: ApprovalItemState): TaskRecord;
/** Opens an item in the step (a new task record, written with the next commit). */
export declare function openItem(state: InstanceState, node: string, step: ApprovalStepState, spec: {
    user?: string;
    group?: string;
    slot: string;
}, now: number, write: (r: TaskRecord) => void): ApprovalItemState;
/** Closes an open item with `status`. */
export declare function closeItem(state: InstanceState, node: string, step: ApprovalStepState, item: ApprovalItemState, status: ItemStatus, now: number, by: string, write: (r: TaskRecord) => void, to?: string): void;
/** Closes every open item of the step with `status` (superseded, resubmitted, cancelled, escalated). */
export declare function closeOpenItems(state: InstanceState, node: string, step: ApprovalStepState, status: ItemStatus, now: number, by: string, write: (r: TaskRecord) => void): void;
/**
 * An approval step: a human task with an approver spec, a strategy and decisions. When the path
 * reaches it, the approvers are resolved from the directory and one item per approver (a group
 * item for `anyone`) is opened; those items are what the task inbox lists. Decisions
 * (`applyDecision`, under the instance's lease) close items and settle the step; the node then
 * continues with its next node (approved) or its `OnReject` target (rejected). Per step,
 * `remindAfterMs` and `escalateAfterMs` wake it on the engine's timers.
 */
export declare class ApprovalStep<D extends object = object> extends Node<D> {
    readonly config: ApprovalConfig;
    readonly deps: ApprovalDeps;
    readonly kind = "Approval";
    protected rejectTarget: Target | undefined;
    constructor(config: ApprovalConfig, deps: ApprovalDeps);
    /** Where to continue when the step is rejected (default: the next node, with the rejection as the task's result). */
    OnReject(target: Target): this;
    get onReject(): Target | undefined;
    targets(): Target[];
    protected ownSuccessors(_def: FlowDefinition, n: FlowNode): (string | null)[];
    problems(check: NodeCheck): void;
    humanTask(): HumanTask;
    diagramShape(label: string): string;
    diagramNotes(): string[];
    run(ctx: NodeContext<D>): Promise<Outcome>;
    private waiting;
    private open;
    /** Reassigns an undecided step to the escalation group: one member of it decides (anyone). */
    private escalate;
}
export type StepAction = 'approve' | 'reject' | 'delegate';
export interface StepDecision {
    action: StepAction;
    actor: string;
    values?: unknown;
    reason?: unknown;
    to?: unknown;
}
export type DecisionEffect = {
    kind: 'checkedIn';
    item: ApprovalItemState;
} | {
    kind: 'voted';
    item: ApprovalItemState;
    values: JsonObject | null;
} | {
    kind: 'approved';
    item: ApprovalItemState;
    values: JsonObject | null;
} | {
    kind: 'rejected';
    item: ApprovalItemState;
    reason: string;
} | {
    kind: 'delegated';
    item: ApprovalItemState;
    to: string;
    reason: string | null;
};
/** The open step of the instance at an Approval node, or undefined. */
export declare function openStepOf(state: InstanceState, node?: string): {
    node: string;
    step: ApprovalStepState;
} | undefined;
/** The actor's open item in the step: 403 when they never were an approver of it, 409 when their item is closed. */
export declare function actorItem(step: ApprovalStepState, actor: string, directory: Directory): Promise<ApprovalItemState>;
/** Checks the values of an approval against the step's type and form; the parsed values (or null). */
export declare function checkValues(type: ApprovalType, form: FormValidator | undefined, values: unknown): JsonObject | null;
/**
 * Checks a decision against the open step without changing anything: who may act (403/409),
 * the values (422 per field), the reason and the delegate (422). Returns the actor's item and
 * the checked inputs, for `applyDecision` under the lease.
 */
export declare function checkDecision(step: ApprovalStepState, form: FormValidator | undefined, decision: StepDecision, directory: Directory): Promise<{
    item: ApprovalItemState;
    values: JsonObject | null;
    reason: string | null;
    to: string | null;
}>;
/**
 * Applies a checked decision to the step (under the instance's lease): closes and opens items
 * through `write`, records the vote, and settles the step when its strategy is satisfied (the
 * other open items are superseded, kept in the history) or when it is rejected.
 */
export declare function applyDecision(state: InstanceState, node: string, step: ApprovalStepState, action: StepAction, checked: {
    item: ApprovalItemState;
    values: JsonObject | null;
    reason: string | null;
    to: string | null;
}, actor: string, now: number, write: (r: TaskRecord) => void): DecisionEffect;
