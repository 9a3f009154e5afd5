import { ApiClient } from './client.js';
/**
 * `automations workflows …`, `attachments …` and `decide …`: approval workflows (docs/workflows.md)
 * over the HTTP API. The API token acts as an operator of the tenant named by --tenant (the
 * X-Tenant header); --user <dev user> acts as that development user, with a token from the local
 * stack's /auth/dev-token, and --token as whoever the token names.
 */
interface Out {
    out: (text: string) => void;
}
export interface WorkflowFlags {
    json: boolean;
    tenant?: string;
    user?: string;
    type?: string;
    id?: string;
    metadata?: string;
    restart?: boolean;
    workflow?: string;
    status?: string;
    reason?: string;
    to?: string;
    stage?: string;
    values?: string;
    days?: string;
    stats?: boolean;
    dryRun?: boolean;
}
type Names = Record<string, string>;
interface Named {
    id: string;
    name: Names;
}
export interface AttachmentView {
    id: string;
    tenant: string;
    workflow: string;
    version: number;
    object: {
        type: string;
        id: string;
    };
    metadata: Record<string, unknown>;
    status: string;
    error: string | null;
    startedBy: string;
    startedAt: number;
    finishedAt: number | null;
    finishedBy: string | null;
    currentPipeline: Named | null;
    currentStage: Named | null;
    nextStage: Named | null;
    waitingFor: {
        step: string;
        type: string;
        strategy: string;
        required: number;
        approvals: number;
        items: {
            user?: string;
            group?: string;
            members?: string[];
            onBehalfOf?: string;
        }[];
    } | null;
    progress: number;
    completedUnits: number;
    totalUnits: number;
    timeline: {
        at: number;
        type: string;
        by?: string;
        step?: string;
        unit?: string;
        reason?: string;
        to?: string;
    }[];
    replacedBy: string | null;
    restartedFrom: string | null;
}
/** The client to act with: the API token (operator of --tenant), or a development user's token (--user). */
export declare function actingClient(api: ApiClient, flags: Pick<WorkflowFlags, 'user' | 'tenant'>, fetchImpl?: typeof fetch): Promise<{
    api: ApiClient;
    headers: Record<string, string>;
}>;
export declare function formatAttachment(a: AttachmentView): string;
export declare function workflowCommand(base: ApiClient, args: readonly string[], flags: WorkflowFlags, io: Out, readFile: (path: string) => string, fetchImpl?: typeof fetch): Promise<number>;
export declare function attachmentCommand(base: ApiClient, args: readonly string[], flags: WorkflowFlags, io: Out, fetchImpl?: typeof fetch): Promise<number>;
export declare function decideCommand(base: ApiClient, args: readonly string[], flags: WorkflowFlags, io: Out, fetchImpl?: typeof fetch): Promise<number>;
export {};
