import * as z from 'zod';
/**
 * Request and response bodies of the HTTP API. Requests are validated with these before
 * the engine sees them; the OpenAPI document (docs/openapi.json) is generated from them.
 * The engine checks what zod cannot: JSON-serialisability, size, receivers' data needs.
 */
export declare const JsonObject: z.ZodRecord<z.ZodString, z.ZodUnknown>;
declare const MessageName: z.ZodString;
/** Instance ids are UUIDs (engine.start); the rule leaves room for other stores' ids. */
export declare const InstanceId: z.ZodString;
export declare const AutomationName: z.ZodString;
export declare const InstanceKey: z.ZodString;
export declare const TaskNumber: z.ZodString;
/**
 * Opaque paging cursors as this API hands them out (base64url or digits, well under 512
 * characters); anything else is refused with 400 before it is decoded into a key.
 */
export declare const Cursor: z.ZodString;
/** The schema of each path parameter, by its name in the route's path (http.ts, pathParameters). */
export declare const PATH_PARAMETERS: Readonly<Record<string, z.ZodType<string>>>;
/** A path parameter whose name is not listed above. */
export declare const AnyPathParameter: z.ZodString;
export declare const StartBody: z.ZodObject<{
    data: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    autorun: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
export declare const MessageBody: z.ZodObject<{
    token: z.ZodOptional<z.ZodString>;
    data: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
export declare const ClassMessageBody: z.ZodObject<{
    token: z.ZodOptional<z.ZodString>;
    data: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
    mode: z.ZodDefault<z.ZodEnum<{
        broadcast: "broadcast";
        create: "create";
    }>>;
}, z.core.$strict>;
export declare const HistoryBody: z.ZodObject<{
    days: z.ZodNumber;
    dryRun: z.ZodDefault<z.ZodBoolean>;
    limit: z.ZodDefault<z.ZodNumber>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
export declare const ListInstancesQuery: z.ZodObject<{
    status: z.ZodOptional<z.ZodEnum<{
        running: "running";
        finished: "finished";
        error: "error";
        waiting: "waiting";
    }>>;
    limit: z.ZodDefault<z.ZodCoercedNumber<unknown>>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strict>;
/** The envelope of a webhook delivery (the body that is signed). */
export declare const WebhookEnvelope: z.ZodObject<{
    deliveryId: z.ZodOptional<z.ZodString>;
    instance: z.ZodOptional<z.ZodString>;
    key: z.ZodOptional<z.ZodString>;
    create: z.ZodOptional<z.ZodBoolean>;
    token: z.ZodOptional<z.ZodString>;
    data: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
export { MessageName };
export declare const ErrorResponse: z.ZodObject<{
    error: z.ZodObject<{
        code: z.ZodString;
        message: z.ZodString;
        details: z.ZodOptional<z.ZodUnknown>;
        requestId: z.ZodOptional<z.ZodString>;
    }, z.core.$strip>;
}, z.core.$strip>;
export declare const Position: z.ZodObject<{
    path: z.ZodNumber;
    node: z.ZodString;
    task: z.ZodNullable<z.ZodNumber>;
    waiting: z.ZodNullable<z.ZodEnum<{
        join: "join";
        time: "time";
        condition: "condition";
        form: "form";
        background: "background";
    }>>;
    until: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export declare const TaskView: z.ZodObject<{
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
}, z.core.$strip>;
export declare const InstanceView: z.ZodObject<{
    id: z.ZodString;
    key: z.ZodString;
    automation: z.ZodString;
    status: z.ZodEnum<{
        running: "running";
        finished: "finished";
        error: "error";
        waiting: "waiting";
    }>;
    version: z.ZodNumber;
    created: z.ZodString;
    updated: z.ZodString;
    finishedAt: z.ZodNullable<z.ZodString>;
    dueAt: z.ZodNullable<z.ZodString>;
    data: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    error: z.ZodNullable<z.ZodObject<{
        node: z.ZodString;
        task: z.ZodNumber;
        message: z.ZodString;
    }, z.core.$strip>>;
    current: z.ZodArray<z.ZodObject<{
        path: z.ZodNumber;
        node: z.ZodString;
        task: z.ZodNullable<z.ZodNumber>;
        waiting: z.ZodNullable<z.ZodEnum<{
            join: "join";
            time: "time";
            condition: "condition";
            form: "form";
            background: "background";
        }>>;
        until: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    tasks: z.ZodArray<z.ZodObject<{
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
    diagram: z.ZodString;
}, z.core.$strip>;
export declare const RunView: z.ZodObject<{
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
export declare const StartResponse: z.ZodObject<{
    id: z.ZodString;
    key: z.ZodString;
    automation: z.ZodString;
    status: z.ZodString;
    dueAt: z.ZodNullable<z.ZodString>;
}, z.core.$strip>;
export declare const DeliveryResponse: z.ZodObject<{
    instanceId: z.ZodString;
    result: z.ZodUnknown;
    run: z.ZodNullable<z.ZodObject<{
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
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const BroadcastResponse: z.ZodObject<{
    results: z.ZodArray<z.ZodUnknown>;
}, z.core.$strip>;
export declare const AutomationInfo: z.ZodObject<{
    name: z.ZodString;
    verboseName: z.ZodString;
    verboseNamePlural: z.ZodString;
    receivers: z.ZodArray<z.ZodObject<{
        message: z.ZodString;
        label: z.ZodString;
    }, z.core.$strip>>;
    events: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        pattern: z.ZodRecord<z.ZodString, z.ZodUnknown>;
        message: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const AutomationDetail: z.ZodObject<{
    name: z.ZodString;
    verboseName: z.ZodString;
    verboseNamePlural: z.ZodString;
    receivers: z.ZodArray<z.ZodObject<{
        message: z.ZodString;
        label: z.ZodString;
    }, z.core.$strip>>;
    events: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        pattern: z.ZodRecord<z.ZodString, z.ZodUnknown>;
        message: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    nodes: z.ZodArray<z.ZodObject<{
        name: z.ZodString;
        kind: z.ZodString;
        next: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    diagram: z.ZodString;
}, z.core.$strip>;
export declare const InstanceList: z.ZodObject<{
    items: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        automation: z.ZodString;
        status: z.ZodString;
        dueAt: z.ZodNullable<z.ZodString>;
        created: z.ZodString;
        updated: z.ZodString;
        finishedAt: z.ZodNullable<z.ZodString>;
    }, z.core.$strip>>;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export declare const HistoryResponse: z.ZodObject<{
    dryRun: z.ZodBoolean;
    matched: z.ZodNumber;
    deleted: z.ZodNumber;
    cursor: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export declare const TickResponse: z.ZodObject<{
    ran: z.ZodNumber;
    busy: z.ZodNumber;
    failed: z.ZodArray<z.ZodObject<{
        id: z.ZodString;
        automation: z.ZodString;
        error: z.ZodString;
    }, z.core.$strip>>;
}, z.core.$strip>;
export declare const WebhookAccepted: z.ZodObject<{
    accepted: z.ZodLiteral<true>;
    deliveryId: z.ZodString;
    delivery: z.ZodString;
    duplicate: z.ZodBoolean;
    status: z.ZodEnum<{
        pending: "pending";
        applied: "applied";
        dead: "dead";
    }>;
}, z.core.$strip>;
