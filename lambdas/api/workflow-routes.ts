import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Identity } from '../../lib/engine/identity.js';
import { DEFAULT_TENANT, type AttachInput } from '../../lib/engine/workflows/service.js';
import { CONDITION_OPS, FIELD_TYPES, OBJECT_EVENTS } from '../../lib/engine/workflows/autostart.js';
import { header, HttpError, json, type HttpEvent } from '../shared/http.js';
import type { Runtime } from '../../lib/app/runtime.js';
import { ErrorResponse, JsonObject } from '../shared/schemas.js';
import type { WorkflowSurface } from '../../lib/app/workflow-surface.js';
import { defineRoute, type Route, type RouteContext, type RouteModule } from './route.js';
import { bearerToken, createUserAuth, type UserAuth } from './user-auth.js';

/**
 * Approval workflows over HTTP (issue 10): definitions, attachments, decisions, object state
 * and events (auto-start), statistics, cleanup and the directory's delegate picker. Each route
 * takes a user token (JWT: the user's tenant from its claim) or the API token (an operator:
 * superuser of the tenant named by the X-Tenant header, default "default"). Every refusal of
 * the WorkflowService is a typed error with its status (403, 404, 409, 422).
 */

export const TENANT_HEADER = 'x-tenant';
export const OPERATOR_ID = 'operator';

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (bad JSON, body, query or path parameter)',
  401: 'Missing or invalid token (a user token or the API token)',
  403: 'Not allowed: another tenant, or a decision this user may not take',
  404: "No such workflow, attachment or object workflow (another tenant's are not found either)",
  409: 'Conflict: the object has an active attachment, a racing decision won, or the attachment is not in that state',
  413: 'Body too large',
  422: 'Invalid definition, input or decision: details lists every problem',
  503: 'Approval workflows or user sign-in are not configured',
};
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: ErrorResponse }]));

// ── schemas ─────────────────────────────────────────────────────────────────

const Names = z.record(z.string(), z.string()).describe('A text per locale: { "en": "…", "ar": "…" }');
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a workflow slug (lower-case letters, digits, -)');
const ObjectType = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'an object type such as PurchaseRequest');
const ObjectId = z.string().min(1).max(128).regex(/^[^\u0000-\u001f]+$/, 'no control characters');
const ObjectRef = z.object({ type: ObjectType, id: ObjectId });
const Named = z.object({ id: z.string(), name: Names });
const AttachmentStatus = z.enum(['attached', 'inProgress', 'completed', 'rejected', 'cancelled']).describe('attached: attached with start: false, not started yet');
const Instant = z.string().describe('ISO 8601 instant');

export const TimelineEntry = z.object({
  at: Instant,
  type: z.enum(['attached', 'started', 'stepOpened', 'checkedIn', 'voted', 'approved', 'rejected', 'delegated', 'resubmitted', 'reminded', 'escalated', 'completed', 'cancelled']),
  by: z.string().optional(), step: z.string().optional(), unit: z.string().optional(), reason: z.string().optional(), to: z.string().optional(),
  approvers: z.array(z.string()).optional(), values: JsonObject.optional(),
});

export const AttachmentView = z.object({
  id: z.string(), tenant: z.string(), workflow: z.string(), version: z.number().int(), object: ObjectRef, metadata: JsonObject,
  status: AttachmentStatus,
  error: z.string().nullable().describe('The engine instance stopped on an error (e.g. an approver problem of a later step)'),
  startedBy: z.string().describe('Who attached it; once started, who started it'), startedAt: Instant.nullable().describe('null while attached, not started'), attachedAt: Instant,
  finishedAt: Instant.nullable(), finishedBy: z.string().nullable(),
  currentPipeline: Named.nullable(), currentStage: Named.nullable(), nextStage: Named.nullable(),
  waitingFor: z.object({
    step: z.string(), type: z.string(), strategy: z.string(), required: z.number().int(), approvals: z.number().int(),
    items: z.array(z.object({ user: z.string().optional(), group: z.string().optional(), members: z.array(z.string()).optional(), onBehalfOf: z.string().optional() })),
  }).nullable().describe('Who must act now'),
  progress: z.number().describe('completed units / all units, in percent'), completedUnits: z.number().int(), totalUnits: z.number().int(),
  timeline: z.array(TimelineEntry), values: z.record(z.string(), JsonObject),
  restartedFrom: z.string().nullable(), replacedBy: z.string().nullable(),
  actions: z.array(z.object({ event: z.string(), seq: z.number().int(), action: z.string(), status: z.string(), attempts: z.number().int(), error: z.string().nullable() })),
});

export const WorkflowSummary = z.object({
  slug: z.string(), tenant: z.string(), name: Names, strategy: z.string(), active: z.boolean(), version: z.number().int(), savedAt: Instant, savedBy: z.string().nullable(),
});

const ApprovalInfo = z.object({ by: z.string(), who: z.string(), strategy: z.string(), type: z.string(), form: z.boolean() });
export const WorkflowIntrospection = z.object({
  slug: z.string(), version: z.number().int(), strategy: z.string(), name: Names,
  pipelines: z.array(z.object({ id: z.string(), name: Names, approvals: z.array(ApprovalInfo), stages: z.array(z.object({ id: z.string(), name: Names, approvals: z.array(ApprovalInfo) })) })),
  approvals: z.array(ApprovalInfo),
  counts: z.object({ units: z.number().int(), approvals: z.number().int(), byType: z.record(z.string(), z.number()), byStrategy: z.record(z.string(), z.number()), withForm: z.number().int() }),
});

export const WorkflowDetail = WorkflowSummary.extend({
  document: JsonObject.describe('The head version\'s document (docs/workflows.md)'),
  versions: z.array(z.number().int()),
  introspection: WorkflowIntrospection,
});

export const SavedWorkflow = z.object({ slug: z.string(), tenant: z.string(), version: z.number().int(), savedAt: Instant, document: JsonObject });

export const AttachBody = z.strictObject({
  object: ObjectRef,
  metadata: JsonObject.optional(),
  start: z.boolean().optional().describe('Start now (default true); false attaches it (status attached, the object\'s one active attachment) to start later with POST /attachments/{id}/start'),
  restart: z.boolean().optional().describe("Cancel the object's active attachment and attach anew"),
});

export const DecisionBody = z.strictObject({
  action: z.enum(['approve', 'reject', 'delegate', 'resubmit']),
  reason: z.string().max(2000).optional().describe('Required for reject and resubmit'),
  values: JsonObject.optional().describe("The step's form values (approve / submit)"),
  to: z.string().max(256).optional().describe('delegate: the user to delegate to'),
  stage: z.string().max(128).optional().describe('resubmit: the current or an earlier stage'),
});

const DecisionEffect = z.object({ kind: z.string() }).passthrough();
export const DecisionResponse = z.object({ effect: DecisionEffect, attachment: AttachmentView });

const CancelBody = z.strictObject({ reason: z.string().max(2000).optional() });

const AttachmentsQuery = z.strictObject({ workflow: Slug.optional(), status: AttachmentStatus.optional() });

const Condition = z.object({ field: z.string(), op: z.enum(CONDITION_OPS), value: z.unknown().optional() });
export const AutoStartDocument = z.object({
  objectType: ObjectType, tenant: z.string().optional(),
  fields: z.record(z.string(), z.enum(FIELD_TYPES)).describe('The object type\'s fields: conditions may name only these'),
  rules: z.array(z.object({ workflow: Slug, conditions: z.array(Condition), on: z.array(z.enum(OBJECT_EVENTS)).optional() })),
});
export const AutoStartView = z.object({ objectType: z.string(), version: z.number().int(), document: AutoStartDocument });

export const ObjectEventBody = z.strictObject({
  id: z.string().min(1).max(256).regex(/^[^\u0000-\u001f]+$/).optional().describe('The event id: a repeat with the same id never starts twice (default: the Idempotency-Key header)'),
  event: z.enum(OBJECT_EVENTS),
  fields: JsonObject.default({}),
});
export const ObjectEventResponse = z.object({
  rule: z.number().int().nullable(), workflow: z.string().nullable(), attachment: z.string().nullable(), duplicate: z.boolean(), reason: z.string(),
});

const Statistics = z.object({
  tenant: z.string(), definitions: z.number().int(), active: z.number().int(),
  attachments: z.object({ attached: z.number().int(), inProgress: z.number().int(), completed: z.number().int(), rejected: z.number().int(), cancelled: z.number().int(), total: z.number().int(), error: z.number().int() }),
});
const CleanupStats = z.object({
  byStatus: z.record(AttachmentStatus, z.number().int()),
  finishedOlderThan: z.object({ days30: z.number().int(), days90: z.number().int(), days365: z.number().int() }),
  recommendation: z.string(),
});
export const CleanupBody = z.strictObject({
  days: z.number().min(0).max(36_500),
  status: z.enum(['completed', 'rejected', 'cancelled']).optional(),
  dryRun: z.boolean().default(false),
});
const CleanupReport = z.object({
  dryRun: z.boolean(), cutoff: Instant, deleted: z.number().int(),
  matched: z.array(z.object({ id: z.string(), workflow: z.string(), status: AttachmentStatus, finishedAt: Instant })),
});

const DirectoryQuery = z.strictObject({ group: z.string().min(1).max(128).optional(), q: z.string().max(100).optional() });
export const DirectoryUsers = z.object({ users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().optional().describe('Superusers only') })) });

// ── auth ────────────────────────────────────────────────────────────────────

function isApiToken(token: string, apiToken: string): boolean {
  const a = Buffer.from(token);
  const b = Buffer.from(apiToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The acting identity: an operator (the API token) or a verified user (JWT). */
export async function actingIdentity(auth: UserAuth, runtime: Runtime, event: HttpEvent): Promise<Identity> {
  const token = bearerToken(event);
  if (isApiToken(token, runtime.secrets.apiToken)) {
    const tenant = header(event, TENANT_HEADER)?.trim() || DEFAULT_TENANT;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(tenant)) throw new HttpError(400, 'invalid_request', `"${tenant}" is not a tenant`);
    return { id: OPERATOR_ID, superuser: true, tenant, groups: [], permissions: [] };
  }
  return auth.authenticate(event);
}

function pathParam(schema: z.ZodType<string>, value: string | undefined, name: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `Path parameter ${name}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
  return parsed.data;
}

function surfaceOf(runtime: Runtime): Promise<WorkflowSurface> {
  if (!runtime.workflows) throw new HttpError(503, 'workflows_off', 'Approval workflows are not configured in this runtime');
  return runtime.workflows(); // built by the first request that needs it (runtime.ts)
}

type Handler<B, Q> = (ctx: RouteContext<B, Q> & { who: Identity; wf: WorkflowSurface }) => Promise<ReturnType<typeof json>> | ReturnType<typeof json>;

export interface WorkflowRoutesOptions {
  auth?: UserAuth;
}

export function createWorkflowRoutes(options: WorkflowRoutesOptions = {}): RouteModule {
  const auth = options.auth ?? createUserAuth();
  const route = <SB extends z.ZodType = z.ZodUnknown, SQ extends z.ZodType = z.ZodUnknown>(
    spec: Omit<Route<z.output<SB>, z.output<SQ>>, 'body' | 'query' | 'handle' | 'public' | 'tags'> & { body?: SB; query?: SQ; handle: Handler<z.output<SB>, z.output<SQ>> },
  ): Route => {
    const { handle, ...rest } = spec;
    return defineRoute<SB, SQ>({
      ...rest,
      tags: ['workflows'],
      public: true,
      auth: 'operator-or-user',
      description: `${spec.description ? `${spec.description} ` : ''}Authenticated by a user token (JWT; the tenant from its claim) or the API token (an operator; tenant from the X-Tenant header, default "default").`,
      responses: { ...spec.responses, ...errors(401, 503) },
      async handle(ctx) {
        const who = await actingIdentity(auth, ctx.runtime, ctx.event);
        return handle({ ...ctx, who, wf: await surfaceOf(ctx.runtime) });
      },
    });
  };
  const slug = (params: Record<string, string>) => pathParam(Slug, params.slug, 'slug');

  return {
    name: 'workflows',
    routes: [
      route({
        method: 'GET', path: '/workflows', operationId: 'listWorkflows', summary: "The tenant's workflow definitions (heads)",
        responses: { 200: { description: 'Definitions', schema: z.object({ workflows: z.array(WorkflowSummary) }) } },
        handle: async ({ wf, who }) => json(200, { workflows: await wf.service.list(who) }),
      }),
      route({
        method: 'PUT', path: '/workflows/{slug}', operationId: 'saveWorkflow', summary: 'Save a workflow definition: a new version (the slug of the path wins)',
        description: 'Every problem is named in one 422 (details: [{ path, message }]). Running attachments keep their version.',
        body: JsonObject,
        responses: { 200: { description: 'Saved', schema: z.object({ workflow: SavedWorkflow }) }, ...errors(400, 403, 413, 422) },
        async handle({ wf, who, params, body }) {
          const v = await wf.service.save(who, { ...body, slug: params.slug });
          return json(200, { workflow: { slug: v.slug, tenant: v.tenant, version: v.version, savedAt: new Date(v.savedAt).toISOString(), document: v.document } });
        },
      }),
      route({
        method: 'GET', path: '/workflows/{slug}', operationId: 'getWorkflow', summary: 'A definition: head document, versions and introspection',
        responses: { 200: { description: 'The definition', schema: z.object({ workflow: WorkflowDetail }) }, ...errors(404) },
        async handle({ wf, who, params }) {
          const s = slug(params);
          const head = await wf.service.get(who, s);
          return json(200, { workflow: { ...head, introspection: await wf.service.introspect(who, s) } });
        },
      }),
      route({
        method: 'POST', path: '/workflows/{slug}/activate', operationId: 'activateWorkflow', summary: 'Activate a definition (it takes new attachments)',
        responses: { 200: { description: 'Activated', schema: z.object({ workflow: WorkflowSummary }) }, ...errors(404) },
        handle: async ({ wf, who, params }) => json(200, { workflow: await wf.service.setActive(who, slug(params), true) }),
      }),
      route({
        method: 'POST', path: '/workflows/{slug}/deactivate', operationId: 'deactivateWorkflow', summary: 'Deactivate a definition (running attachments continue)',
        responses: { 200: { description: 'Deactivated', schema: z.object({ workflow: WorkflowSummary }) }, ...errors(404) },
        handle: async ({ wf, who, params }) => json(200, { workflow: await wf.service.setActive(who, slug(params), false) }),
      }),
      route({
        method: 'DELETE', path: '/workflows/{slug}', operationId: 'deleteWorkflow', summary: 'Delete a definition (running attachments continue on their version)',
        responses: { 204: { description: 'Deleted' }, ...errors(404) },
        async handle({ wf, who, params }) {
          await wf.service.delete(who, slug(params));
          return json(204, null);
        },
      }),
      route({
        method: 'POST', path: '/workflows/{slug}/attachments', operationId: 'attachWorkflow', summary: 'Attach the workflow to an object and start it (or, with start: false, only attach it)',
        description: 'One active attachment per object (an attached, not yet started one counts): 409 unless restart is true (the old one is cancelled, both record it).',
        body: AttachBody,
        responses: { 201: { description: 'Attached', schema: z.object({ attachment: AttachmentView }) }, ...errors(400, 404, 409, 413, 422) },
        handle: async ({ wf, who, params, body }) => json(201, { attachment: await wf.service.attach(who, slug(params), body as AttachInput) }),
      }),
      route({
        method: 'GET', path: '/attachments', operationId: 'listAttachments', summary: "The tenant's attachments, newest first (optionally of one workflow and status)",
        query: AttachmentsQuery,
        responses: { 200: { description: 'Attachments', schema: z.object({ attachments: z.array(AttachmentView) }) }, ...errors(400) },
        handle: async ({ wf, who, query }) => json(200, { attachments: await wf.service.listAttachments(who, query) }),
      }),
      route({
        method: 'GET', path: '/attachments/{id}', operationId: 'getAttachment', summary: 'An attachment: status, stage, who must act, progress, timeline',
        responses: { 200: { description: 'The attachment', schema: z.object({ attachment: AttachmentView }) }, ...errors(400, 404) },
        handle: async ({ wf, who, params }) => json(200, { attachment: await wf.service.view(who, params.id!) }),
      }),
      route({
        method: 'POST', path: '/attachments/{id}/decisions', operationId: 'decide', summary: 'Approve, reject, delegate or resubmit as the acting user',
        description: 'Exactly one of racing decisions wins; the others get 409. A user who may not act gets 403; invalid values 422 per field. A refused decision changes nothing.',
        body: DecisionBody,
        responses: { 200: { description: 'Decided', schema: DecisionResponse }, ...errors(400, 403, 404, 409, 413, 422) },
        handle: async ({ wf, who, params, body }) => json(200, await wf.service.decide(who, params.id!, body)),
      }),
      route({
        method: 'POST', path: '/attachments/{id}/start', operationId: 'startAttachment', summary: 'Start an attachment made with start: false (whoever attached it, or an operator)',
        description: 'Its first step opens now (its approvers are checked first: 422 and it stays attached). Starting one that is already started (a repeat or a race) is a 409 and changes nothing.',
        responses: { 200: { description: 'Started', schema: z.object({ attachment: AttachmentView }) }, ...errors(400, 403, 404, 409, 422) },
        handle: async ({ wf, who, params }) => json(200, { attachment: await wf.service.start(who, params.id!) }),
      }),
      route({
        method: 'POST', path: '/attachments/{id}/cancel', operationId: 'cancelAttachment', summary: 'Cancel an attachment in progress or attached (its starter or an operator)',
        body: CancelBody,
        responses: { 200: { description: 'Cancelled', schema: z.object({ attachment: AttachmentView }) }, ...errors(400, 403, 404, 409) },
        handle: async ({ wf, who, params, body }) => json(200, { attachment: await wf.service.cancel(who, params.id!, body.reason) }),
      }),
      route({
        method: 'GET', path: '/objects/{type}/{id}/workflow', operationId: 'objectWorkflow', summary: "An object's current workflow state (its active attachment, else its latest)",
        responses: { 200: { description: 'The attachment', schema: z.object({ attachment: AttachmentView }) }, ...errors(400, 404) },
        handle: async ({ wf, who, params }) => json(200, { attachment: await wf.service.objectState(who, { type: pathParam(ObjectType, params.type, 'type'), id: params.id! }) }),
      }),
      route({
        method: 'POST', path: '/objects/{type}/{id}/events', operationId: 'objectEvent', summary: "An object was created or updated: its type's auto-start rules are evaluated",
        description: 'The first matching rule starts its workflow. A repeated event id answers the first outcome (duplicate: true) and never attaches twice.',
        body: ObjectEventBody,
        responses: { 200: { description: 'Evaluated', schema: ObjectEventResponse }, ...errors(400, 404, 409, 413, 422) },
        async handle({ wf, who, params, body, event }) {
          const id = body.id ?? header(event, 'idempotency-key');
          if (!id) throw new HttpError(400, 'invalid_request', 'An event id is required: the body\'s "id" or the Idempotency-Key header');
          const { view: _view, ...outcome } = await wf.autostart.onEvent(who, { id, event: body.event, object: { type: pathParam(ObjectType, params.type, 'type'), id: params.id! }, fields: body.fields });
          return json(200, outcome);
        },
      }),
      route({
        method: 'GET', path: '/autostart', operationId: 'listAutoStart', summary: "The tenant's object types with auto-start rules",
        responses: { 200: { description: 'Object types', schema: z.object({ objectTypes: z.array(z.object({ objectType: z.string(), version: z.number().int(), rules: z.number().int() })) }) } },
        handle: async ({ wf, who }) => json(200, { objectTypes: await wf.autostart.list(who) }),
      }),
      route({
        method: 'GET', path: '/autostart/{type}', operationId: 'getAutoStart', summary: "An object type's auto-start rules (head version)",
        responses: { 200: { description: 'The rules', schema: z.object({ autostart: AutoStartView }) }, ...errors(400, 404) },
        async handle({ wf, who, params }) {
          const found = await wf.autostart.get(who, pathParam(ObjectType, params.type, 'type'));
          if (!found) throw new HttpError(404, 'not_found', `No auto-start rules for ${params.type}`);
          return json(200, { autostart: found });
        },
      }),
      route({
        method: 'PUT', path: '/autostart/{type}', operationId: 'saveAutoStart', summary: "Save an object type's fields and auto-start rules (a new version)",
        description: 'An unknown field or operator, an ill-typed value or an unknown workflow is a 422 naming each problem.',
        body: JsonObject,
        responses: { 200: { description: 'Saved', schema: z.object({ autostart: AutoStartView }) }, ...errors(400, 403, 413, 422) },
        handle: async ({ wf, who, params, body }) => json(200, { autostart: await wf.autostart.save(who, { ...body, objectType: pathParam(ObjectType, params.type, 'type') }) }),
      }),
      route({
        method: 'GET', path: '/workflows-stats', operationId: 'workflowStatistics', summary: 'Statistics of the tenant: definitions, active ones, attachments by status',
        responses: { 200: { description: 'Statistics', schema: Statistics } },
        handle: async ({ wf, who }) => json(200, await wf.service.statistics(who)),
      }),
      route({
        method: 'GET', path: '/workflows-cleanup', operationId: 'workflowCleanupStats', summary: 'Attachments by status and finished ones by age, with a recommendation',
        responses: { 200: { description: 'Cleanup statistics', schema: CleanupStats } },
        handle: async ({ wf, who }) => json(200, await wf.service.cleanupStats(who)),
      }),
      route({
        method: 'POST', path: '/workflows-cleanup', operationId: 'workflowCleanup', summary: 'Delete finished attachments older than days (never definitions, never anything in progress)',
        body: CleanupBody,
        responses: { 200: { description: 'What was (or would be) deleted', schema: CleanupReport }, ...errors(400, 422) },
        handle: async ({ wf, who, body }) => json(200, await wf.service.cleanup(who, { days: body.days, dryRun: body.dryRun, ...(body.status ? { status: body.status } : {}) })),
      }),
      route({
        method: 'GET', path: '/directory/users', operationId: 'directoryUsers', summary: "Active users of the caller's tenant (the delegate picker): id and name",
        description: 'With group: its active members; without: every active user when the directory can list them (else 400: name a group). E-mail addresses only for superusers.',
        query: DirectoryQuery,
        responses: { 200: { description: 'Users', schema: DirectoryUsers }, ...errors(400, 404) },
        async handle({ wf, who, query }) {
          const tenant = who.tenant ?? DEFAULT_TENANT;
          let users;
          if (query.group !== undefined) {
            try {
              users = await wf.directory.groupMembers(query.group, tenant);
            } catch (error) {
              if ((error as Error).name === 'UnknownGroupError') throw new HttpError(404, 'not_found', (error as Error).message);
              throw error;
            }
          } else if (wf.directory.listUsers) users = (await wf.directory.listUsers(tenant)).filter((u) => u.active);
          else throw new HttpError(400, 'invalid_request', 'This directory lists users by group: pass ?group=');
          const q = query.q?.toLowerCase();
          const found = q ? users.filter((u) => u.id.toLowerCase().includes(q) || (u.name ?? '').toLowerCase().includes(q)) : users;
          return json(200, { users: found.slice(0, 200).map((u) => ({ id: u.id, name: u.name ?? u.id, ...(who.superuser && u.email ? { email: u.email } : {}) })) });
        },
      }),
    ],
  };
}

/** The workflow routes with user identity from the ATM_* variables (what the API function mounts). */
export const workflowRoutes: RouteModule = createWorkflowRoutes();
