import * as z from 'zod';
/**
 * Request and response bodies of the HTTP API. Requests are validated with these before
 * the engine sees them; the OpenAPI document (docs/openapi.json) is generated from them.
 * The engine checks what zod cannot: JSON-serialisability, size, receivers' data needs.
 */
export const JsonObject = z.record(z.string(), z.unknown()).describe('A JSON object');
const MessageName = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ and -, starting with a letter');
// ── identifiers: path parameters and cursors ────────────────────────────────
// Checked before anything reaches the store: DynamoDB refuses partition keys over 2 KB and
// sort keys over 1 KB with an error that would otherwise surface as a 500.
/** Instance ids are UUIDs (engine.start); the rule leaves room for other stores' ids. */
export const InstanceId = z
    .string()
    .min(1)
    .max(128, 'at most 128 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:~-]*$/, 'letters, digits, ".", "_", ":", "~" and "-", starting with a letter or digit')
    .describe('An instance id');
export const AutomationName = z.string().min(1).max(128, 'at most 128 characters').regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters').describe("An automation's name");
export const InstanceKey = z.string().min(1).max(256, 'at most 256 characters').describe('An instance key (engine.getKey)');
export const TaskNumber = z.string().regex(/^\d{1,15}$/, 'a task number').describe("A task's number (seq)");
const FileName = z.string().min(1).max(200, 'at most 200 characters');
/**
 * Opaque paging cursors as this API hands them out (base64url or digits, well under 512
 * characters); anything else is refused with 400 before it is decoded into a key.
 */
export const Cursor = z.string().max(512, 'at most 512 characters').regex(/^[A-Za-z0-9_-]+$/, 'a cursor this API returned').describe('Pass back the cursor of the previous page');
/** The schema of each path parameter, by its name in the route's path (http.ts, pathParameters). */
export const PATH_PARAMETERS = {
    id: InstanceId,
    instanceId: InstanceId,
    automation: AutomationName,
    message: MessageName,
    key: InstanceKey,
    task: TaskNumber,
    file: FileName,
};
/** A path parameter whose name is not listed above. */
export const AnyPathParameter = z.string().min(1).max(256, 'at most 256 characters');
export const StartBody = z.strictObject({
    data: JsonObject.default({}).describe("The instance's data"),
    autorun: z.boolean().default(true).describe('Run the instance right away'),
});
export const MessageBody = z.strictObject({
    token: z.string().max(1024).optional().describe("Passed to the receiver as its first argument"),
    data: JsonObject.default({}).describe("Passed to the receiver as its second argument"),
});
export const ClassMessageBody = z.strictObject({
    token: z.string().max(1024).optional(),
    data: JsonObject.default({}),
    mode: z.enum(['broadcast', 'create']).default('broadcast').describe("'broadcast': every running instance; 'create': create-on-message"),
});
export const HistoryBody = z.strictObject({
    days: z.number().min(0).max(36_500).describe('Delete instances finished more than this many days ago'),
    dryRun: z.boolean().default(false).describe('Only count what would be deleted'),
    limit: z.number().int().min(1).max(500).default(100).describe('At most this many instances per call; pass the cursor back for more'),
    cursor: Cursor.optional(),
});
export const ListInstancesQuery = z.strictObject({
    status: z.enum(['running', 'waiting', 'error', 'finished']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: Cursor.optional(),
});
/** The envelope of a webhook delivery (the body that is signed). */
export const WebhookEnvelope = z
    .strictObject({
    deliveryId: z.string().min(1).max(256).optional().describe('The sender\'s id for this delivery: repeated deliveries with the same id are processed once'),
    instance: InstanceId.optional().describe('Deliver to this instance id'),
    key: InstanceKey.optional().describe('Deliver to the instance with this key (engine.getKey)'),
    create: z.boolean().optional().describe('Without an instance: create-on-message instead of broadcast'),
    token: z.string().max(1024).optional(),
    data: JsonObject.default({}),
})
    .refine((e) => !(e.instance && e.key), { message: 'give either instance or key, not both' })
    .refine((e) => !(e.create && (e.instance || e.key)), { message: 'create applies only without an instance or key' });
export { MessageName };
// ── responses (for the OpenAPI document) ──────────────────────────────────
export const ErrorResponse = z.object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional(), requestId: z.string().optional() }),
});
const IsoTime = z.string().describe('ISO-8601 time');
export const Position = z.object({
    path: z.number().int(),
    node: z.string(),
    task: z.number().int().nullable(),
    waiting: z.enum(['time', 'condition', 'form', 'join', 'background']).nullable().describe('Why the path waits, or null while it can run'),
    until: IsoTime.nullable().describe('When the wait ends (time waits, polled conditions, SkipAfter deadlines)'),
});
export const TaskView = z.object({
    seq: z.number().int(),
    node: z.string(),
    path: z.number().int(),
    created: IsoTime,
    finished: IsoTime.nullable(),
    message: z.string().nullable(),
    completedBy: z.string().nullable().describe('Who completed a Form task'),
    result: z.unknown(),
    error: z.object({ name: z.string(), message: z.string(), stack: z.string().nullable() }).nullable(),
});
export const InstanceView = z.object({
    id: z.string(),
    key: z.string().describe('Unguessable key for links (?key=…) and POST /keys/{key}/messages/{message}'),
    automation: z.string(),
    status: z.enum(['running', 'waiting', 'error', 'finished']),
    version: z.number().int(),
    created: IsoTime,
    updated: IsoTime,
    finishedAt: IsoTime.nullable(),
    dueAt: IsoTime.nullable().describe('When a runner next looks at the instance'),
    data: JsonObject,
    error: z.object({ node: z.string(), task: z.number().int(), message: z.string() }).nullable(),
    current: z.array(Position).describe('Where each path stands'),
    tasks: z.array(TaskView).describe('The task history, oldest first'),
    diagram: z.string().describe('Mermaid flowchart with the current nodes highlighted'),
});
export const RunView = z.object({
    id: z.string(),
    automation: z.string(),
    status: z.enum(['running', 'waiting', 'error', 'finished']),
    wake: z.object({ kind: z.enum(['at', 'poll', 'external', 'none']), at: IsoTime.optional() }),
    steps: z.number().int(),
});
export const StartResponse = z.object({ id: z.string(), key: z.string(), automation: z.string(), status: z.string(), dueAt: IsoTime.nullable() });
export const DeliveryResponse = z.object({ instanceId: z.string(), result: z.unknown(), run: RunView.nullable() });
export const BroadcastResponse = z.object({ results: z.array(z.unknown()) });
export const AutomationInfo = z.object({
    name: z.string(),
    verboseName: z.string(),
    verboseNamePlural: z.string(),
    receivers: z.array(z.object({ message: z.string(), label: z.string() })),
    events: z.array(z.object({ name: z.string(), pattern: JsonObject, message: z.string().nullable() })),
});
export const AutomationDetail = AutomationInfo.extend({
    nodes: z.array(z.object({ name: z.string(), kind: z.string(), next: z.string().nullable() })),
    diagram: z.string(),
});
export const InstanceList = z.object({
    items: z.array(z.object({ id: z.string(), automation: z.string(), status: z.string(), dueAt: IsoTime.nullable(), created: IsoTime, updated: IsoTime, finishedAt: IsoTime.nullable() })),
    cursor: z.string().optional(),
});
export const HistoryResponse = z.object({
    dryRun: z.boolean(),
    matched: z.number().int().describe('Finished instances older than the cutoff seen by this call'),
    deleted: z.number().int(),
    cursor: z.string().optional().describe('Pass back to continue; absent when done'),
});
export const TickResponse = z.object({ ran: z.number().int(), busy: z.number().int(), failed: z.array(z.object({ id: z.string(), automation: z.string(), error: z.string() })) });
export const WebhookAccepted = z.object({
    accepted: z.literal(true),
    deliveryId: z.string().describe("The sender's delivery id, or `sig-…` made from the signature"),
    delivery: z.string().describe('The inbox record of this delivery (GET /deliveries/{id})'),
    duplicate: z.boolean().describe('The same delivery (same id, same payload) was accepted before'),
    status: z.enum(['pending', 'applied', 'dead']).describe('Where the delivery stands: just accepted is pending'),
});
