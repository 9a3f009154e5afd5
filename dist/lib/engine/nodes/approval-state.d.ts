import type { JsonObject } from '../json.js';
/** How a group decides a step: the first member (anyone), every member (all), one member in turn (roundRobin), or M of them / a share. */
export type GroupStrategy = 'anyone' | 'all' | 'roundRobin' | {
    quorum: number | string;
};
/** Who approves a step: one user, or a group with a strategy. */
export type ApproverSpec = {
    by: 'user';
    user: string;
} | {
    by: 'group';
    group: string;
    strategy: GroupStrategy;
};
/** approve (form optional), submit (form and values required), checkIn (a first approval checks in, a second completes), move (no values). */
export type ApprovalType = 'approve' | 'submit' | 'checkIn' | 'move';
export type ApprovalMode = 'user' | 'anyone' | 'all' | 'roundRobin' | 'quorum';
/** What became of one item (one approver's open task). */
export type ItemStatus = 'open' | 'approved' | 'rejected' | 'superseded' | 'delegated' | 'escalated' | 'resubmitted' | 'cancelled';
/** One approver's item: a task record of the instance, listed in the task inbox while open. */
export interface ApprovalItemState {
    /** The item's task record (sequence number in the instance). */
    seq: number;
    /** The user the item is for; a group item (strategy anyone) names the group instead. */
    user?: string;
    group?: string;
    /** Whose vote the item casts: the user's own, the delegator's (a delegated item), or `group:<name>`. */
    slot: string;
    status: ItemStatus;
    created: number;
    closed: number | null;
    /** Who closed it (the acting user, or the system for superseded and escalated items). */
    by?: string;
    /** Delegated items: whom it went to. */
    to?: string;
}
export interface ApprovalVote {
    slot: string;
    by: string;
    at: number;
    values?: JsonObject;
}
/** The state of one visit of one Approval node, kept in `state.approvals[node]`. */
export interface ApprovalStepState {
    /** The path task this visit belongs to (a new visit of the node opens a new step), and its path. */
    task: number;
    path: number;
    /** Items are open only to users of this tenant. */
    tenant?: string;
    type: ApprovalType;
    status: 'open' | 'approved' | 'rejected';
    mode: ApprovalMode;
    group?: string;
    /** Approvals needed to complete the step. */
    required: number;
    /** The approver slots when the step opened (users; `group:<name>` for anyone). */
    members: string[];
    items: ApprovalItemState[];
    votes: ApprovalVote[];
    /** checkIn steps: who checked in and when (the first approval). */
    checkIn: {
        by: string;
        at: number;
    } | null;
    opened: number;
    decided: number | null;
    decidedBy: string | null;
    reason: string | null;
    /** When the reminder and the escalation are due, and when they happened. */
    remindAt: number | null;
    escalateAt: number | null;
    reminded: number | null;
    escalated: number | null;
}
