/**
 * Checks a workflow document at save: its shape, the strategy's constraints, approvals, forms,
 * actions (registered names, params), deadlines and status sync — every problem named by its
 * path, in one 422. With a directory, approver users and groups (and escalation groups) must
 * exist in the workflow's tenant.
 */
import { type Directory } from '../../identity/directory.js';
import { type ActionRegistry } from '../actions/registry.js';
import { AutomationError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { type WorkflowDocument } from './types.js';
export interface WorkflowProblem {
    path: string;
    message: string;
}
export type WorkflowValidation = {
    ok: true;
    document: WorkflowDocument;
} | {
    ok: false;
    problems: WorkflowProblem[];
};
export declare class InvalidWorkflowError extends AutomationError {
    readonly problems: readonly WorkflowProblem[];
    constructor(problems: readonly WorkflowProblem[]);
    get details(): unknown;
}
/** The registered action that sends status-sync webhooks (lambdas/shared/status-webhook.ts). */
export declare const STATUS_WEBHOOK_ACTION = "statusWebhook";
export declare const SLUG_PATTERN: RegExp;
export declare const TENANT_PATTERN: RegExp;
export declare const UNIT_ID_PATTERN: RegExp;
export declare const WORKFLOW_LIMITS: {
    readonly pipelines: 20;
    readonly stagesPerPipeline: 20;
    readonly approvalsPerUnit: 10;
    readonly actionsPerUnit: 20;
};
/** Shape and semantics (no directory): every problem, or the document. */
export declare function validateWorkflowDocument(input: unknown, actions: ActionRegistry): WorkflowValidation & {
    lookups?: {
        users: {
            id: string;
            path: string;
        }[];
        groups: {
            id: string;
            path: string;
        }[];
    };
};
/** validateWorkflowDocument, then (with a directory) approver users and groups must exist in the workflow's tenant. */
export declare function checkWorkflowDocument(input: unknown, actions: ActionRegistry, directory?: Directory): Promise<WorkflowValidation>;
export type { JsonObject };
