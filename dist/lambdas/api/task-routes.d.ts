import * as z from 'zod';
import type { OpenTask } from '../../lib/engine/task-list.js';
import { type RouteModule } from './route.js';
import { type UserAuth } from './user-auth.js';
/**
 * Human tasks over HTTP, for people signed in with a user token (JWT): their task list, a
 * task's form, its submission (the instance continues in the same request), and what the
 * dashboard shows (automations with counts, instance pages); plus the page-view hook a
 * website includes to send a message to an instance when a page is viewed (the seeds'
 * AutomationHook). The bearer-token routes of core-routes.ts are untouched.
 */
/** Who may see every automation and instance in the dashboard (besides superusers). */
export declare const VIEW_PERMISSION = "automations.view";
/** Counting stops here per automation and status; the dashboard shows "1000+". */
export declare const COUNT_CAP = 1000;
export declare const TaskItem: z.ZodObject<{
    instanceId: z.ZodString;
    task: z.ZodNumber;
    automation: z.ZodString;
    verboseName: z.ZodString;
    node: z.ZodString;
    description: z.ZodNullable<z.ZodString>;
    created: z.ZodString;
    hoursSinceCreated: z.ZodNumber;
    assignment: z.ZodObject<{
        user: z.ZodOptional<z.ZodString>;
        groups: z.ZodOptional<z.ZodArray<z.ZodString>>;
        permissions: z.ZodOptional<z.ZodArray<z.ZodString>>;
    }, z.core.$strip>;
    expiresAt: z.ZodNullable<z.ZodString>;
    schema: z.ZodRecord<z.ZodString, z.ZodUnknown>;
}, z.core.$strip>;
export declare const TaskFormView: z.ZodObject<{
    instanceId: z.ZodString;
    task: z.ZodNumber;
    automation: z.ZodString;
    verboseName: z.ZodString;
    node: z.ZodString;
    description: z.ZodNullable<z.ZodString>;
    created: z.ZodString;
    hoursSinceCreated: z.ZodNumber;
    assignment: z.ZodObject<{
        user: z.ZodOptional<z.ZodString>;
        groups: z.ZodOptional<z.ZodArray<z.ZodString>>;
        permissions: z.ZodOptional<z.ZodArray<z.ZodString>>;
    }, z.core.$strip>;
    expiresAt: z.ZodNullable<z.ZodString>;
    schema: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    values: z.ZodNullable<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    context: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    data: z.ZodRecord<z.ZodString, z.ZodUnknown>;
}, z.core.$strip>;
export declare const TaskListQuery: z.ZodObject<{
    automation: z.ZodOptional<z.ZodString>;
    limit: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare const SubmitBody: z.ZodObject<{
    values: z.ZodRecord<z.ZodString, z.ZodUnknown>;
}, z.core.$strict>;
export declare const SubmitResponse: z.ZodObject<{
    instanceId: z.ZodString;
    task: z.ZodNumber;
    completedBy: z.ZodString;
    run: z.ZodObject<{
        id: z.ZodString;
        automation: z.ZodString;
        status: z.ZodEnum<{
            running: "running";
            finished: "finished";
            error: "error";
            waiting: "waiting";
        }>;
        wake: z.ZodObject<{
            kind: z.ZodEnum<{
                at: "at";
                none: "none";
                poll: "poll";
                external: "external";
            }>;
            at: z.ZodOptional<z.ZodString>;
        }, z.core.$strip>;
        steps: z.ZodNumber;
    }, z.core.$strip>;
    instance: z.ZodObject<{
        status: z.ZodString;
        current: z.ZodArray<z.ZodString>;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const Me: z.ZodObject<{
    id: z.ZodString;
    groups: z.ZodArray<z.ZodString>;
    permissions: z.ZodArray<z.ZodString>;
    superuser: z.ZodBoolean;
    viewer: z.ZodBoolean;
    expiresAt: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export declare const AutomationCounts: z.ZodObject<{
    name: z.ZodString;
    verboseName: z.ZodString;
    verboseNamePlural: z.ZodString;
    counts: z.ZodObject<{
        running: z.ZodNumber;
        waiting: z.ZodNumber;
        error: z.ZodNumber;
        finished: z.ZodNumber;
    }, z.core.$strip>;
    capped: z.ZodBoolean;
}, z.core.$strip>;
export declare const InstancePage: z.ZodObject<{
    id: z.ZodString;
    automation: z.ZodString;
    verboseName: z.ZodString;
    status: z.ZodEnum<{
        running: "running";
        finished: "finished";
        error: "error";
        waiting: "waiting";
    }>;
    created: z.ZodString;
    updated: z.ZodString;
    finishedAt: z.ZodNullable<z.ZodString>;
    dueAt: z.ZodNullable<z.ZodString>;
    data: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    current: z.ZodArray<z.ZodObject<{
        path: z.ZodNumber;
        node: z.ZodString;
        task: z.ZodNullable<z.ZodNumber>;
        waiting: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    error: z.ZodNullable<z.ZodObject<{
        node: z.ZodString;
        task: z.ZodNumber;
        message: z.ZodString;
        stack: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    history: z.ZodArray<z.ZodObject<{
        seq: z.ZodNumber;
        node: z.ZodString;
        path: z.ZodNumber;
        created: z.ZodString;
        finished: z.ZodNullable<z.ZodString>;
        message: z.ZodNullable<z.ZodString>;
        completedBy: z.ZodNullable<z.ZodString>;
        result: z.ZodUnknown;
        error: z.ZodNullable<z.ZodObject<{
            name: z.ZodString;
            message: z.ZodString;
            stack: z.ZodNullable<z.ZodString>;
        }, z.core.$strip>>;
    }, z.core.$strip>>;
    openTasks: z.ZodArray<z.ZodObject<{
        task: z.ZodNumber;
        node: z.ZodString;
        openToYou: z.ZodBoolean;
    }, z.core.$strip>>;
    diagram: z.ZodString;
    key: z.ZodNullable<z.ZodString>;
    receivers: z.ZodArray<z.ZodString>;
}, z.core.$strip>;
export declare function taskItem(t: OpenTask): {
    instanceId: string;
    task: number;
    automation: string;
    verboseName: string;
    node: string;
    description: string | null;
    created: string;
    hoursSinceCreated: number;
    assignment: import("../../lib/engine/state.js").Assignment;
    expiresAt: string | null;
    schema: import("../../lib/engine/json.js").JsonObject;
};
export interface TaskRoutesOptions {
    /** How users are authenticated (default: IdentityVerifier from the ATM_* variables). */
    auth?: UserAuth;
}
/**
 * The routes where people act. They are not behind the API token (`public` for the bearer
 * check); each one verifies the user's JWT itself (`auth: 'user'` in the OpenAPI document),
 * except /auth/config and the page-view hook, which are public.
 */
export declare function createTaskRoutes(options?: TaskRoutesOptions): RouteModule;
/** The task routes with identity from the ATM_* variables (what the API function mounts). */
export declare const taskRoutes: RouteModule;
