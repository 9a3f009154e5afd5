import { DAY } from '../../lib/engine/duration.js';
import { DataValidationError, InstanceNotFoundError } from '../../lib/engine/errors.js';
import { toMermaid } from '../../lib/engine/mermaid.js';
import { json } from '../shared/http.js';
import { AutomationDetail, AutomationInfo, BroadcastResponse, ClassMessageBody, DeliveryResponse, ErrorResponse, HistoryBody, HistoryResponse, InstanceList, InstanceView, ListInstancesQuery, MessageBody, RunView, StartBody, StartResponse, TickResponse, } from '../shared/schemas.js';
import { runTick } from '../shared/tick.js';
import { defineRoute } from './route.js';
import { instanceView, runView, summaryView } from './views.js';
import * as z from 'zod';
const errors = (...statuses) => Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: ErrorResponse }]));
const ERROR_TEXT = {
    400: 'Invalid request (bad JSON, nesting deeper than 64 levels, a body, data, path parameter or cursor that fails validation)',
    401: 'Missing or wrong API token',
    404: 'No such automation, instance, receiver or route',
    409: 'Conflict: the instance is busy, finished, or in another state',
    413: 'Body or data too large',
    422: 'The message lacks data its receiver requires',
};
function automationInfo(runtime, name) {
    const info = runtime.engine.listAutomations().find((a) => a.name === name);
    const events = [...runtime.triggers.values()]
        .filter((t) => t.automation === name)
        .map((t) => ({ name: t.trigger.name, pattern: t.trigger.pattern, message: t.trigger.message ?? null }));
    return { ...info, events };
}
async function statusOf(runtime, id) {
    const state = await runtime.engine.get(id);
    if (!state)
        throw new InstanceNotFoundError(id);
    return await instanceView(runtime, state, await runtime.engine.tasks(id));
}
const encodeCursor = (c) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text) {
    if (!text)
        return { a: 0 };
    try {
        const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
        if (Number.isInteger(c.a) && c.a >= 0 && (c.c === undefined || typeof c.c === 'string'))
            return c;
    }
    catch {
        // fall through
    }
    throw new DataValidationError('The history cursor is not one this API returned');
}
/**
 * Deletes (or counts) up to `limit` instances finished before the cutoff, automation by
 * automation, and returns a cursor for the rest: the CLI's progress bar moves per call.
 * The scheduled job uses the store's bulk `deleteFinishedBefore` instead.
 */
export async function deleteHistoryPage(runtime, days, dryRun, limit, cursorText) {
    const cutoff = runtime.engine.clock.now() - days * DAY;
    const names = runtime.engine.listAutomations().map((a) => a.name).sort();
    const cursor = decodeCursor(cursorText);
    let { a, c } = cursor;
    let seen = 0;
    let matched = 0;
    let deleted = 0;
    while (a < names.length && seen < limit) {
        const page = await runtime.store.list({ automation: names[a], statuses: ['finished'], limit: limit - seen, ...(c ? { cursor: c } : {}) });
        for (const item of page.items) {
            seen++;
            if (item.finishedAt === null || item.finishedAt >= cutoff)
                continue;
            matched++;
            if (!dryRun && (await runtime.store.delete(item.id)))
                deleted++;
        }
        if (page.cursor)
            c = page.cursor;
        else {
            a++;
            c = undefined;
        }
    }
    return { dryRun, matched, deleted, ...(a < names.length ? { cursor: encodeCursor(c ? { a, c } : { a }) } : {}) };
}
export const coreRoutes = {
    name: 'core',
    routes: [
        defineRoute({
            method: 'GET', path: '/health', operationId: 'health', summary: 'Health check (the table answers)', tags: ['service'], public: true,
            responses: { 200: { description: 'Healthy', schema: z.object({ status: z.literal('ok'), automations: z.number(), time: z.string() }) }, 503: { description: 'The store does not answer', schema: ErrorResponse } },
            async handle({ runtime }) {
                try {
                    await runtime.store.get('health-check');
                }
                catch {
                    return json(503, { error: { code: 'unavailable', message: 'The state table does not answer' } });
                }
                return json(200, { status: 'ok', automations: runtime.engine.listAutomations().length, time: new Date().toISOString() });
            },
        }),
        defineRoute({
            method: 'GET', path: '/automations', operationId: 'listAutomations', summary: 'The registered automations, their receivers and event triggers', tags: ['automations'],
            responses: { 200: { description: 'Automations', schema: z.object({ automations: z.array(AutomationInfo) }) }, ...errors(401) },
            handle({ runtime }) {
                return json(200, { automations: runtime.engine.listAutomations().map((a) => automationInfo(runtime, a.name)) });
            },
        }),
        defineRoute({
            method: 'GET', path: '/automations/{automation}', operationId: 'getAutomation', summary: 'One automation: nodes, receivers, triggers and its Mermaid diagram', tags: ['automations'],
            responses: { 200: { description: 'The automation', schema: AutomationDetail }, ...errors(401, 404) },
            handle({ runtime, params }) {
                const def = runtime.engine.definition(params.automation);
                return json(200, {
                    ...automationInfo(runtime, def.name),
                    nodes: def.nodes.map((n) => ({ name: n.name, kind: n.node.kind, next: n.next })),
                    diagram: toMermaid(def),
                });
            },
        }),
        defineRoute({
            method: 'GET', path: '/automations/{automation}/instances', operationId: 'listInstances', summary: "An automation's instances, oldest first", tags: ['instances'],
            query: ListInstancesQuery,
            responses: { 200: { description: 'A page of instances', schema: InstanceList }, ...errors(400, 401, 404) },
            async handle({ runtime, params, query }) {
                const def = runtime.engine.definition(params.automation);
                const page = await runtime.store.list({ automation: def.name, limit: query.limit, ...(query.status ? { statuses: [query.status] } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
                return json(200, { items: page.items.map(summaryView), ...(page.cursor ? { cursor: page.cursor } : {}) });
            },
        }),
        defineRoute({
            method: 'POST', path: '/automations/{automation}/instances', operationId: 'startInstance', summary: 'Start an instance with data', tags: ['instances'],
            description: 'For a unique automation whose key is taken, answers 200 with the running instance instead of 201.',
            body: StartBody,
            responses: { 201: { description: 'Started', schema: StartResponse }, 200: { description: 'A unique automation: the running instance', schema: StartResponse }, ...errors(400, 401, 404, 409, 413) },
            async handle({ runtime, params, body }) {
                const def = runtime.engine.definition(params.automation);
                const before = runtime.engine.clock.now();
                const instance = await runtime.engine.start(def.cls, body.data, { autorun: body.autorun });
                const state = instance.state;
                const created = state.created >= before; // an existing unique instance was created earlier
                return json(created ? 201 : 200, { id: instance.id, key: instance.getKey(), automation: def.name, status: state.status, dueAt: state.dueAt === null ? null : new Date(state.dueAt).toISOString() });
            },
        }),
        defineRoute({
            method: 'POST', path: '/automations/{automation}/messages/{message}', operationId: 'messageAutomation', summary: 'Send a message to an automation: broadcast to its running instances, or create-on-message', tags: ['messages'],
            body: ClassMessageBody,
            responses: { 200: { description: 'Delivered', schema: z.union([BroadcastResponse, DeliveryResponse]) }, ...errors(400, 401, 404, 409, 413, 422) },
            async handle({ runtime, params, body }) {
                const def = runtime.engine.definition(params.automation);
                if (body.mode === 'create') {
                    const delivery = await runtime.engine.createOnMessage(def.cls, params.message, body.token, body.data);
                    return json(200, { instanceId: delivery.instanceId, result: delivery.result, run: delivery.run ? runView(delivery.run) : null });
                }
                return json(200, { results: await runtime.engine.broadcastMessage(def.cls, params.message, body.token, body.data) });
            },
        }),
        defineRoute({
            method: 'GET', path: '/instances/{id}', operationId: 'getInstance', summary: "An instance's status: current nodes, data, task history, due time and diagram", tags: ['instances'],
            responses: { 200: { description: 'The instance', schema: InstanceView }, ...errors(401, 404) },
            async handle({ runtime, params }) {
                return json(200, await statusOf(runtime, params.id));
            },
        }),
        defineRoute({
            method: 'DELETE', path: '/instances/{id}', operationId: 'killInstance', summary: 'Kill an instance: delete it and its history', tags: ['instances'],
            responses: { 204: { description: 'Deleted' }, ...errors(401, 404) },
            async handle({ runtime, params }) {
                await runtime.engine.kill(params.id);
                return json(204, null);
            },
        }),
        defineRoute({
            method: 'POST', path: '/instances/{id}/run', operationId: 'runInstance', summary: 'Run an instance now (what the tick would do when it is due)', tags: ['instances'],
            responses: { 200: { description: 'The run', schema: RunView }, ...errors(401, 404, 409) },
            async handle({ runtime, params }) {
                return json(200, runView(await runtime.engine.run(params.id)));
            },
        }),
        defineRoute({
            method: 'POST', path: '/instances/{id}/retry', operationId: 'retryInstance', summary: 'Retry an instance stopped on an error (re-runs the failed node)', tags: ['instances'],
            responses: { 200: { description: 'The run', schema: RunView }, ...errors(401, 404, 409) },
            async handle({ runtime, params }) {
                return json(200, runView(await runtime.engine.retry(params.id)));
            },
        }),
        defineRoute({
            method: 'POST', path: '/instances/{id}/messages/{message}', operationId: 'messageInstance', summary: 'Send a message to an instance', tags: ['messages'],
            body: MessageBody,
            responses: { 200: { description: 'Delivered', schema: DeliveryResponse }, ...errors(400, 401, 404, 409, 413, 422) },
            async handle({ runtime, params, body }) {
                const delivery = await runtime.engine.sendMessage(params.id, params.message, body.token, body.data);
                return json(200, { instanceId: delivery.instanceId, result: delivery.result, run: delivery.run ? runView(delivery.run) : null });
            },
        }),
        defineRoute({
            method: 'POST', path: '/keys/{key}/messages/{message}', operationId: 'messageInstanceByKey', summary: 'Send a message to the instance a key (engine.getKey) stands for', tags: ['messages'],
            body: MessageBody,
            responses: { 200: { description: 'Delivered', schema: DeliveryResponse }, ...errors(400, 401, 404, 409, 413, 422) },
            async handle({ runtime, params, body }) {
                const id = runtime.engine.idFromKey(params.key);
                const delivery = await runtime.engine.sendMessage(id, params.message, body.token, body.data);
                return json(200, { instanceId: delivery.instanceId, result: delivery.result, run: delivery.run ? runView(delivery.run) : null });
            },
        }),
        defineRoute({
            method: 'POST', path: '/tick', operationId: 'tick', summary: 'Run what is due now (one tick, as the schedule does every minute)', tags: ['service'],
            responses: { 200: { description: 'What ran', schema: TickResponse }, ...errors(401) },
            async handle({ runtime }) {
                const report = await runTick(runtime, { fanOut: false });
                return json(200, { ran: report.ran, busy: report.busy, failed: report.failed });
            },
        }),
        defineRoute({
            method: 'POST', path: '/history/delete', operationId: 'deleteHistory', summary: 'Delete (or count) instances finished more than `days` ago, page by page', tags: ['service'],
            body: HistoryBody,
            responses: { 200: { description: 'This page', schema: HistoryResponse }, ...errors(400, 401) },
            async handle({ runtime, body }) {
                return json(200, await deleteHistoryPage(runtime, body.days, body.dryRun, body.limit, body.cursor));
            },
        }),
    ],
};
