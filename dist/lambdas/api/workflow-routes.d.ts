import * as z from 'zod';
import type { Identity } from '../../lib/engine/identity.js';
import { type HttpEvent } from '../shared/http.js';
import type { Runtime } from '../shared/runtime.js';
import { type RouteModule } from './route.js';
import { type UserAuth } from './user-auth.js';
/**
 * Approval workflows over HTTP (issue 10): definitions, attachments, decisions, object state
 * and events (auto-start), statistics, cleanup and the directory's delegate picker. Each route
 * takes a user token (JWT: the user's tenant from its claim) or the API token (an operator:
 * superuser of the tenant named by the X-Tenant header, default "default"). Every refusal of
 * the WorkflowService is a typed error with its status (403, 404, 409, 422).
 */
export declare const TENANT_HEADER = "x-tenant";
export declare const OPERATOR_ID = "operator";
export declare const TimelineEntry: z.ZodObject<{
    at: z.ZodNumber;
    type: z.ZodEnum<{
        approved: "approved";
        rejected: "rejected";
        delegated: "delegated";
        escalated: "escalated";
        resubmitted: "resubmitted";
        cancelled: "cancelled";
        started: "started";
        reminded: "reminded";
        checkedIn: "checkedIn";
        voted: "voted";
        completed: "completed";
        stepOpened: "stepOpened";
    }>;
    by: z.ZodOptional<z.ZodString>;
    step: z.ZodOptional<z.ZodString>;
    unit: z.ZodOptional<z.ZodString>;
    reason: z.ZodOptional<z.ZodString>;
    to: z.ZodOptional<z.ZodString>;
    approvers: z.ZodOptional<z.ZodArray<z.ZodString>>;
    values: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strip>;
export declare const AttachmentView: z.ZodObject<{
    id: z.ZodString;
    tenant: z.ZodString;
    workflow: z.ZodString;
    version: z.ZodNumber;
    object: z.ZodObject<{
        type: z.ZodString;
        id: z.ZodString;
    }, z.core.$strip>;
    metadata: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    status: z.ZodEnum<{
        rejected: "rejected";
        cancelled: "cancelled";
        inProgress: "inProgress";
        completed: "completed";
    }>;
    error: z.ZodNullable<z.ZodString>;
    startedBy: z.ZodString;
    startedAt: z.ZodNumber;
    finishedAt: z.ZodNullable<z.ZodNumber>;
    finishedBy: z.ZodNullable<z.ZodString>;
    currentPipeline: z.ZodNullable<z.ZodObject<{
        id: z.ZodString;
        name: z.ZodRecord<z.ZodString, z.ZodString>;
    }, z.core.$strip>>;
    currentStage: z.ZodNullable<z.ZodObject<{
        id: z.ZodString;
        name: z.ZodRecord<z.ZodString, z.ZodString>;
    }, z.core.$strip>>;
    nextStage: z.ZodNullable<z.ZodObject<{
        id: z.ZodString;
        name: z.ZodRecord<z.ZodString, z.ZodString>;
    }, z.core.$strip>>;
    waitingFor: z.ZodNullable<z.ZodObject<{
        step: z.ZodString;
        type: z.ZodString;
        strategy: z.ZodString;
        required: z.ZodNumber;
        approvals: z.ZodNumber;
        items: z.ZodArray<z.ZodObject<{
            user: z.ZodOptional<z.ZodString>;
            group: z.ZodOptional<z.ZodString>;
            members: z.ZodOptional<z.ZodArray<z.ZodString>>;
            onBehalfOf: z.ZodOptional<z.ZodString>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    progress: z.ZodNumber;
    completedUnits: z.ZodNumber;
    totalUnits: z.ZodNumber;
    timeline: z.ZodArray<z.ZodObject<{
        at: z.ZodNumber;
        type: z.ZodEnum<{
            approved: "approved";
            rejected: "rejected";
            delegated: "delegated";
            escalated: "escalated";
            resubmitted: "resubmitted";
            cancelled: "cancelled";
            started: "started";
            reminded: "reminded";
            checkedIn: "checkedIn";
            voted: "voted";
            completed: "completed";
            stepOpened: "stepOpened";
        }>;
        by: z.ZodOptional<z.ZodString>;
        step: z.ZodOptional<z.ZodString>;
        unit: z.ZodOptional<z.ZodString>;
        reason: z.ZodOptional<z.ZodString>;
        to: z.ZodOptional<z.ZodString>;
        approvers: z.ZodOptional<z.ZodArray<z.ZodString>>;
        values: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    }, z.core.$strip>>;
    values: z.ZodRecord<z.ZodString, z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    restartedFrom: z.ZodNullable<z.ZodString>;
    replacedBy: z.ZodNullable<z.ZodString>;
    actions: z.ZodArray<z.ZodObject<{
        event: z.ZodString;
        seq: z.ZodNumber;
        action: z.ZodString;
        status: z.ZodString;
        attempts: z.ZodNumber;
        error: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const WorkflowSummary: z.ZodObject<{
    slug: z.ZodString;
    tenant: z.ZodString;
    name: z.ZodRecord<z.ZodString, z.ZodString>;
    strategy: z.ZodString;
    active: z.ZodBoolean;
    version: z.ZodNumber;
    savedAt: z.ZodNumber;
    savedBy: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export declare const WorkflowIntrospection: z.ZodObject<{
    slug: z.ZodString;
    version: z.ZodNumber;
    strategy: z.ZodString;
    name: z.ZodRecord<z.ZodString, z.ZodString>;
    pipelines: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        name: z.ZodRecord<z.ZodString, z.ZodString>;
        approvals: z.ZodArray<z.ZodObject<{
            by: z.ZodString;
            who: z.ZodString;
            strategy: z.ZodString;
            type: z.ZodString;
            form: z.ZodBoolean;
        }, z.core.$strip>>;
        stages: z.ZodArray<z.ZodObject<{
            id: z.ZodString;
            name: z.ZodRecord<z.ZodString, z.ZodString>;
            approvals: z.ZodArray<z.ZodObject<{
                by: z.ZodString;
                who: z.ZodString;
                strategy: z.ZodString;
                type: z.ZodString;
                form: z.ZodBoolean;
            }, z.core.$strip>>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    approvals: z.ZodArray<z.ZodObject<{
        by: z.ZodString;
        who: z.ZodString;
        strategy: z.ZodString;
        type: z.ZodString;
        form: z.ZodBoolean;
    }, z.core.$strip>>;
    counts: z.ZodObject<{
        units: z.ZodNumber;
        approvals: z.ZodNumber;
        byType: z.ZodRecord<z.ZodString, z.ZodNumber>;
        byStrategy: z.ZodRecord<z.ZodString, z.ZodNumber>;
        withForm: z.ZodNumber;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const WorkflowDetail: z.ZodObject<{
    slug: z.ZodString;
    tenant: z.ZodString;
    name: z.ZodRecord<z.ZodString, z.ZodString>;
    strategy: z.ZodString;
    active: z.ZodBoolean;
    version: z.ZodNumber;
    savedAt: z.ZodNumber;
    savedBy: z.ZodNullable<z.ZodString>;
    document: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    versions: z.ZodArray<z.ZodNumber>;
    introspection: z.ZodObject<{
        slug: z.ZodString;
        version: z.ZodNumber;
        strategy: z.ZodString;
        name: z.ZodRecord<z.ZodString, z.ZodString>;
        pipelines: z.ZodArray<z.ZodObject<{
            id: z.ZodString;
            name: z.ZodRecord<z.ZodString, z.ZodString>;
            approvals: z.ZodArray<z.ZodObject<{
                by: z.ZodString;
                who: z.ZodString;
                strategy: z.ZodString;
                type: z.ZodString;
                form: z.ZodBoolean;
            }, z.core.$strip>>;
            stages: z.ZodArray<z.ZodObject<{
                id: z.ZodString;
                name: z.ZodRecord<z.ZodString, z.ZodString>;
                approvals: z.ZodArray<z.ZodObject<{
                    by: z.ZodString;
                    who: z.ZodString;
                    strategy: z.ZodString;
                    type: z.ZodString;
                    form: z.ZodBoolean;
                }, z.core.$strip>>;
            }, z.core.$strip>>;
        }, z.core.$strip>>;
        approvals: z.ZodArray<z.ZodObject<{
            by: z.ZodString;
            who: z.ZodString;
            strategy: z.ZodString;
            type: z.ZodString;
            form: z.ZodBoolean;
        }, z.core.$strip>>;
        counts: z.ZodObject<{
            units: z.ZodNumber;
            approvals: z.ZodNumber;
            byType: z.ZodRecord<z.ZodString, z.ZodNumber>;
            byStrategy: z.ZodRecord<z.ZodString, z.ZodNumber>;
            withForm: z.ZodNumber;
        }, z.core.$strip>;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const SavedWorkflow: z.ZodObject<{
    slug: z.ZodString;
    tenant: z.ZodString;
    version: z.ZodNumber;
    savedAt: z.ZodNumber;
    document: z.ZodRecord<z.ZodString, z.ZodUnknown>;
}, z.core.$strip>;
export declare const AttachBody: z.ZodObject<{
    object: z.ZodObject<{
        type: z.ZodString;
        id: z.ZodString;
    }, z.core.$strip>;
    metadata: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    start: z.ZodOptional<z.ZodBoolean>;
    restart: z.ZodOptional<z.ZodBoolean>;
}, z.core.$strict>;
export declare const DecisionBody: z.ZodObject<{
    action: z.ZodEnum<{
        approve: "approve";
        reject: "reject";
        delegate: "delegate";
        resubmit: "resubmit";
    }>;
    reason: z.ZodOptional<z.ZodString>;
    values: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    to: z.ZodOptional<z.ZodString>;
    stage: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare const DecisionResponse: z.ZodObject<{
    effect: z.ZodObject<{
        kind: z.ZodString;
    }, z.core.$loose>;
    attachment: z.ZodObject<{
        id: z.ZodString;
        tenant: z.ZodString;
        workflow: z.ZodString;
        version: z.ZodNumber;
        object: z.ZodObject<{
            type: z.ZodString;
            id: z.ZodString;
        }, z.core.$strip>;
        metadata: z.ZodRecord<z.ZodString, z.ZodUnknown>;
        status: z.ZodEnum<{
            rejected: "rejected";
            cancelled: "cancelled";
            inProgress: "inProgress";
            completed: "completed";
        }>;
        error: z.ZodNullable<z.ZodString>;
        startedBy: z.ZodString;
        startedAt: z.ZodNumber;
        finishedAt: z.ZodNullable<z.ZodNumber>;
        finishedBy: z.ZodNullable<z.ZodString>;
        currentPipeline: z.ZodNullable<z.ZodObject<{
            id: z.ZodString;
            name: z.ZodRecord<z.ZodString, z.ZodString>;
        }, z.core.$strip>>;
        currentStage: z.ZodNullable<z.ZodObject<{
            id: z.ZodString;
            name: z.ZodRecord<z.ZodString, z.ZodString>;
        }, z.core.$strip>>;
        nextStage: z.ZodNullable<z.ZodObject<{
            id: z.ZodString;
            name: z.ZodRecord<z.ZodString, z.ZodString>;
        }, z.core.$strip>>;
        waitingFor: z.ZodNullable<z.ZodObject<{
            step: z.ZodString;
            type: z.ZodString;
            strategy: z.ZodString;
            required: z.ZodNumber;
            approvals: z.ZodNumber;
            items: z.ZodArray<z.ZodObject<{
                user: z.ZodOptional<z.ZodString>;
                group: z.ZodOptional<z.ZodString>;
                members: z.ZodOptional<z.ZodArray<z.ZodString>>;
                onBehalfOf: z.ZodOptional<z.ZodString>;
            }, z.core.$strip>>;
        }, z.core.$strip>>;
        progress: z.ZodNumber;
        completedUnits: z.ZodNumber;
        totalUnits: z.ZodNumber;
        timeline: z.ZodArray<z.ZodObject<{
            at: z.ZodNumber;
            type: z.ZodEnum<{
                approved: "approved";
                rejected: "rejected";
                delegated: "delegated";
                escalated: "escalated";
                resubmitted: "resubmitted";
                cancelled: "cancelled";
                started: "started";
                reminded: "reminded";
                checkedIn: "checkedIn";
                voted: "voted";
                completed: "completed";
                stepOpened: "stepOpened";
            }>;
            by: z.ZodOptional<z.ZodString>;
            step: z.ZodOptional<z.ZodString>;
            unit: z.ZodOptional<z.ZodString>;
            reason: z.ZodOptional<z.ZodString>;
            to: z.ZodOptional<z.ZodString>;
            approvers: z.ZodOptional<z.ZodArray<z.ZodString>>;
            values: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
        }, z.core.$strip>>;
        values: z.ZodRecord<z.ZodString, z.ZodRecord<z.ZodString, z.ZodUnknown>>;
        restartedFrom: z.ZodNullable<z.ZodString>;
        replacedBy: z.ZodNullable<z.ZodString>;
        actions: z.ZodArray<z.ZodObject<{
            event: z.ZodString;
            seq: z.ZodNumber;
            action: z.ZodString;
            status: z.ZodString;
            attempts: z.ZodNumber;
            error: z.ZodNullable<z.ZodString>;
        }, z.core.$strip>>;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const AutoStartDocument: z.ZodObject<{
    objectType: z.ZodString;
    tenant: z.ZodOptional<z.ZodString>;
    fields: z.ZodRecord<z.ZodString, z.ZodEnum<{
        string: "string";
        number: "number";
        boolean: "boolean";
    }>>;
    rules: z.ZodArray<z.ZodObject<{
        workflow: z.ZodString;
        conditions: z.ZodArray<z.ZodObject<{
            field: z.ZodString;
            op: z.ZodEnum<{
                exists: "exists";
                in: "in";
                eq: "eq";
                ne: "ne";
                gt: "gt";
                gte: "gte";
                lt: "lt";
                lte: "lte";
            }>;
            value: z.ZodOptional<z.ZodUnknown>;
        }, z.core.$strip>>;
        on: z.ZodOptional<z.ZodArray<z.ZodEnum<{
            created: "created";
            updated: "updated";
        }>>>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const AutoStartView: z.ZodObject<{
    objectType: z.ZodString;
    version: z.ZodNumber;
    document: z.ZodObject<{
        objectType: z.ZodString;
        tenant: z.ZodOptional<z.ZodString>;
        fields: z.ZodRecord<z.ZodString, z.ZodEnum<{
            string: "string";
            number: "number";
            boolean: "boolean";
        }>>;
        rules: z.ZodArray<z.ZodObject<{
            workflow: z.ZodString;
            conditions: z.ZodArray<z.ZodObject<{
                field: z.ZodString;
                op: z.ZodEnum<{
                    exists: "exists";
                    in: "in";
                    eq: "eq";
                    ne: "ne";
                    gt: "gt";
                    gte: "gte";
                    lt: "lt";
                    lte: "lte";
                }>;
                value: z.ZodOptional<z.ZodUnknown>;
            }, z.core.$strip>>;
            on: z.ZodOptional<z.ZodArray<z.ZodEnum<{
                created: "created";
                updated: "updated";
            }>>>;
        }, z.core.$strip>>;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const ObjectEventBody: z.ZodObject<{
    id: z.ZodOptional<z.ZodString>;
    event: z.ZodEnum<{
        created: "created";
        updated: "updated";
    }>;
    fields: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
export declare const ObjectEventResponse: z.ZodObject<{
    rule: z.ZodNullable<z.ZodNumber>;
    workflow: z.ZodNullable<z.ZodString>;
    attachment: z.ZodNullable<z.ZodString>;
    duplicate: z.ZodBoolean;
    reason: z.ZodString;
}, z.core.$strip>;
export declare const CleanupBody: z.ZodObject<{
    days: z.ZodNumber;
    status: z.ZodOptional<z.ZodEnum<{
        rejected: "rejected";
        cancelled: "cancelled";
        completed: "completed";
    }>>;
    dryRun: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
export declare const DirectoryUsers: z.ZodObject<{
    users: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        name: z.ZodString;
        email: z.ZodOptional<z.ZodString>;
    }, z.core.$strip>>;
}, z.core.$strip>;
/** The acting identity: an operator (the API token) or a verified user (JWT). */
export declare function actingIdentity(auth: UserAuth, runtime: Runtime, event: HttpEvent): Promise<Identity>;
export interface WorkflowRoutesOptions {
    auth?: UserAuth;
}
export declare function createWorkflowRoutes(options?: WorkflowRoutesOptions): RouteModule;
/** The workflow routes with user identity from the ATM_* variables (what the API function mounts). */
export declare const workflowRoutes: RouteModule;
