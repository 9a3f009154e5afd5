import * as z from 'zod';
import type { Identity } from '../../lib/engine/identity.js';
import { type RouteModule } from './route.js';
import { type UserAuth } from './user-auth.js';
/**
 * Processes over HTTP (django-process): definitions as data (create or new version, list,
 * show, activate, deactivate, delete), jobs (run now, list, show, cancel) and the operator
 * actions on a job's tasks. Every route takes the API token (operators, the CLI) or a user
 * token (the dashboard) whose user has the route's permission; superusers always may.
 */
/** Read processes and jobs. */
export declare const PROCESS_VIEW = "processes.view";
/** Save, activate, deactivate and delete processes (and read them). */
export declare const PROCESS_MANAGE = "processes.manage";
/** Run processes now, cancel jobs, retry/force/cancel/reopen tasks (and read them). */
export declare const PROCESS_RUN = "processes.run";
type Need = 'view' | 'manage' | 'run';
export declare const ProcessSummaryView: z.ZodObject<{
    name: z.ZodString;
    description: z.ZodNullable<z.ZodString>;
    active: z.ZodBoolean;
    version: z.ZodNumber;
    savedAt: z.ZodString;
    savedBy: z.ZodNullable<z.ZodString>;
    schedule: z.ZodNullable<z.ZodString>;
    cron: z.ZodNullable<z.ZodString>;
    timeZone: z.ZodNullable<z.ZodString>;
    nextFireTimes: z.ZodArray<z.ZodString>;
    lastJob: z.ZodNullable<z.ZodObject<{
        id: z.ZodString;
        status: z.ZodEnum<{
            cancelled: "cancelled";
            finished: "finished";
            error: "error";
            skipped: "skipped";
            initialized: "initialized";
        }>;
        created: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const ProcessDetailsView: z.ZodObject<{
    name: z.ZodString;
    description: z.ZodNullable<z.ZodString>;
    active: z.ZodBoolean;
    version: z.ZodNumber;
    savedAt: z.ZodString;
    savedBy: z.ZodNullable<z.ZodString>;
    schedule: z.ZodNullable<z.ZodString>;
    cron: z.ZodNullable<z.ZodString>;
    timeZone: z.ZodNullable<z.ZodString>;
    nextFireTimes: z.ZodArray<z.ZodString>;
    lastJob: z.ZodNullable<z.ZodObject<{
        id: z.ZodString;
        status: z.ZodEnum<{
            cancelled: "cancelled";
            finished: "finished";
            error: "error";
            skipped: "skipped";
            initialized: "initialized";
        }>;
        created: z.ZodString;
    }, z.core.$strip>>;
    document: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    versions: z.ZodArray<z.ZodObject<{
        version: z.ZodNumber;
        savedAt: z.ZodString;
        savedBy: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    fires: z.ZodNullable<z.ZodObject<{
        started: z.ZodNumber;
        skipped: z.ZodNumber;
        missed: z.ZodNumber;
        recent: z.ZodArray<z.ZodObject<{
            fireTime: z.ZodString;
            outcome: z.ZodEnum<{
                exists: "exists";
                skipped: "skipped";
                started: "started";
                missed: "missed";
            }>;
            job: z.ZodNullable<z.ZodString>;
            reason: z.ZodNullable<z.ZodString>;
            at: z.ZodString;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    diagram: z.ZodString;
}, z.core.$strip>;
export declare const JobSummaryView: z.ZodObject<{
    id: z.ZodString;
    process: z.ZodString;
    version: z.ZodNumber;
    status: z.ZodEnum<{
        cancelled: "cancelled";
        finished: "finished";
        error: "error";
        skipped: "skipped";
        initialized: "initialized";
    }>;
    trigger: z.ZodString;
    fireTime: z.ZodNullable<z.ZodString>;
    created: z.ZodString;
    reason: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export declare const JobTaskView: z.ZodObject<{
    name: z.ZodString;
    action: z.ZodString;
    status: z.ZodEnum<{
        cancelled: "cancelled";
        awaiting: "awaiting";
        running: "running";
        finished: "finished";
        error: "error";
        forced: "forced";
        skipped: "skipped";
        reopened: "reopened";
    }>;
    after: z.ZodArray<z.ZodString>;
    waitingFor: z.ZodArray<z.ZodString>;
    attempts: z.ZodNumber;
    visit: z.ZodNumber;
    started: z.ZodNullable<z.ZodString>;
    finished: z.ZodNullable<z.ZodString>;
    deadline: z.ZodNullable<z.ZodString>;
    notBefore: z.ZodNullable<z.ZodString>;
    output: z.ZodUnknown;
    error: z.ZodNullable<z.ZodObject<{
        name: z.ZodString;
        message: z.ZodString;
    }, z.core.$strip>>;
    actions: z.ZodArray<z.ZodEnum<{
        retry: "retry";
        force: "force";
        cancel: "cancel";
        reopen: "reopen";
    }>>;
}, z.core.$strip>;
export declare const JobPageView: z.ZodObject<{
    id: z.ZodString;
    process: z.ZodString;
    version: z.ZodNumber;
    status: z.ZodEnum<{
        cancelled: "cancelled";
        finished: "finished";
        error: "error";
        skipped: "skipped";
        initialized: "initialized";
    }>;
    trigger: z.ZodString;
    fireTime: z.ZodNullable<z.ZodString>;
    created: z.ZodString;
    reason: z.ZodNullable<z.ZodString>;
    updated: z.ZodString;
    finishedAt: z.ZodNullable<z.ZodString>;
    tasks: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        action: z.ZodString;
        status: z.ZodEnum<{
            cancelled: "cancelled";
            awaiting: "awaiting";
            running: "running";
            finished: "finished";
            error: "error";
            forced: "forced";
            skipped: "skipped";
            reopened: "reopened";
        }>;
        after: z.ZodArray<z.ZodString>;
        waitingFor: z.ZodArray<z.ZodString>;
        attempts: z.ZodNumber;
        visit: z.ZodNumber;
        started: z.ZodNullable<z.ZodString>;
        finished: z.ZodNullable<z.ZodString>;
        deadline: z.ZodNullable<z.ZodString>;
        notBefore: z.ZodNullable<z.ZodString>;
        output: z.ZodUnknown;
        error: z.ZodNullable<z.ZodObject<{
            name: z.ZodString;
            message: z.ZodString;
        }, z.core.$strip>>;
        actions: z.ZodArray<z.ZodEnum<{
            retry: "retry";
            force: "force";
            cancel: "cancel";
            reopen: "reopen";
        }>>;
    }, z.core.$strip>>;
    diagram: z.ZodString;
}, z.core.$strip>;
/** Who called: an operator (the API token) or a user with the permission. */
export type Caller = {
    kind: 'operator';
} | {
    kind: 'user';
    user: Identity;
};
export declare function mayProcesses(user: Identity, need: Need): boolean;
export interface ProcessRoutesOptions {
    auth?: UserAuth;
}
export declare function createProcessRoutes(options?: ProcessRoutesOptions): RouteModule;
/** The process routes with identity from the ATM_* variables (what the API function mounts). */
export declare const processRoutes: RouteModule;
export {};
