import * as z from 'zod';
import { DELIVERY_ID_PATTERN } from '../../lib/aws/inbox.js';
import { DeliveryNotFoundError, redriveDelivery } from '../shared/deliveries.js';
import { json } from '../shared/http.js';
import { ErrorResponse } from '../shared/schemas.js';
import { defineRoute } from './route.js';
const ListDeliveriesQuery = z.strictObject({
    status: z.enum(['dead', 'pending']).default('dead').describe('dead: gave up, with their reason; pending: accepted, not yet applied'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(512).optional(),
});
const RedriveBody = z.strictObject({
    force: z.boolean().default(false).describe('For a delivery that died as delivery_uncertain: you checked that no earlier attempt applied it'),
}).default({ force: false });
const DeliveryView = z.object({
    id: z.string(),
    key: z.string().describe('webhook:<automation>/<message>/<deliveryId> or event:<trigger>/<event id>'),
    source: z.enum(['webhook', 'event']),
    status: z.enum(['pending', 'applied', 'dead']),
    automation: z.string(),
    message: z.string().nullable().describe('null for an event that starts an instance'),
    to: z.unknown().describe('{id}, {key}, "broadcast", "create"; null for a start'),
    attempts: z.number(),
    lastError: z.string().nullable(),
    acceptedAt: z.string(),
    updatedAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    appliedAt: z.string().nullable(),
    outcome: z.object({ instanceId: z.string().nullable(), deliveries: z.number(), duplicate: z.boolean() }).nullable(),
    data: z.unknown(),
});
const iso = (ms) => new Date(ms).toISOString();
export function deliveryView(r) {
    return {
        id: r.id, key: r.key, source: r.source, status: r.status, automation: r.work.automation,
        message: r.work.kind === 'message' ? r.work.message : null, to: r.work.kind === 'message' ? r.work.to : null,
        attempts: r.attempts, lastError: r.lastError, acceptedAt: iso(r.acceptedAt), updatedAt: iso(r.updatedAt),
        nextAttemptAt: r.status === 'pending' ? iso(r.nextAttemptAt) : null, appliedAt: r.appliedAt === null ? null : iso(r.appliedAt),
        outcome: r.outcome, data: r.work.data,
    };
}
function requireId(id) {
    if (!DELIVERY_ID_PATTERN.test(id))
        throw new DeliveryNotFoundError(id.slice(0, 64));
    return id;
}
const errors = (...statuses) => Object.fromEntries(statuses.map((s) => [s, { description: ERRORS[s] ?? 'Error', schema: ErrorResponse }]));
const ERRORS = {
    400: 'Invalid query, body or cursor',
    401: 'Missing or wrong API token',
    404: 'No such delivery',
    409: 'Already applied, or changed meanwhile',
};
/**
 * The inbox for operators (API token): what is still pending, what ended as a dead letter and
 * why, and a re-drive. Webhooks and events land here (lambdas/shared/deliveries.ts).
 */
export const deliveryRoutes = {
    name: 'deliveries',
    routes: [
        defineRoute({
            method: 'GET', path: '/deliveries', operationId: 'listDeliveries', summary: 'Accepted deliveries that are dead-lettered (default) or still pending', tags: ['deliveries'],
            query: ListDeliveriesQuery,
            responses: { 200: { description: 'A page of deliveries', schema: z.object({ items: z.array(DeliveryView), cursor: z.string().optional() }) }, ...errors(400, 401) },
            async handle({ runtime, query }) {
                const page = await runtime.inbox.listDeliveries({ status: query.status, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
                return json(200, { items: page.items.map(deliveryView), ...(page.cursor ? { cursor: page.cursor } : {}) });
            },
        }),
        defineRoute({
            method: 'GET', path: '/deliveries/{id}', operationId: 'getDelivery', summary: 'One delivery: status, attempts, last error, payload', tags: ['deliveries'],
            responses: { 200: { description: 'The delivery', schema: DeliveryView }, ...errors(401, 404) },
            async handle({ runtime, params }) {
                const record = await runtime.inbox.getDelivery(requireId(params.id));
                if (!record)
                    throw new DeliveryNotFoundError(params.id);
                return json(200, deliveryView(record));
            },
        }),
        defineRoute({
            method: 'POST', path: '/deliveries/{id}/redrive', operationId: 'redriveDelivery', summary: 'Re-drive a dead (or pending) delivery now: fresh attempts, one right away', tags: ['deliveries'],
            description: 'Answers the delivery as it stands after the attempt: applied, pending (it will be retried) or dead again with the new reason.',
            body: RedriveBody,
            responses: { 200: { description: 'The delivery after the attempt', schema: DeliveryView }, ...errors(400, 401, 404, 409) },
            async handle({ runtime, params, body }) {
                return json(200, deliveryView(await redriveDelivery(runtime, requireId(params.id), { force: body.force })));
            },
        }),
    ],
};
