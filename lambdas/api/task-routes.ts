import * as z from 'zod';
import { InstanceNotFoundError } from '../../lib/engine/errors.js';
import { isOpenTo, type Identity } from '../../lib/engine/identity.js';
import { toMermaid } from '../../lib/engine/mermaid.js';
import type { InstanceState, TaskRecord } from '../../lib/engine/state.js';
import type { OpenTask, TaskForm } from '../../lib/engine/task-list.js';
import type { VerifiedIdentity } from '../../lib/identity/verifier.js';
import { header, HttpError, json, type HttpEvent, type HttpResult } from '../shared/http.js';
import type { Runtime } from '../shared/runtime.js';
import { Cursor, ErrorResponse, JsonObject, RunView } from '../shared/schemas.js';
import { defineRoute, type Route, type RouteContext, type RouteModule } from './route.js';
import { createUserAuth, type UserAuth } from './user-auth.js';
import { currentPositions, iso, runView, summaryView, taskView } from './views.js';

/**
 * Human tasks over HTTP, for people signed in with a user token (JWT): their task list, a
 * task's form, its submission (the instance continues in the same request), and what the
 * dashboard shows (automations with counts, instance pages); plus the page-view hook a
 * website includes to send a message to an instance when a page is viewed (the seeds'
 * AutomationHook). The bearer-token routes of core-routes.ts are untouched.
 */

/** Who may see every automation and instance in the dashboard (besides superusers). */
export const VIEW_PERMISSION = 'automations.view';
/** Counting stops here per automation and status; the dashboard shows "1000+". */
export const COUNT_CAP = 1_000;


const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (bad JSON, nesting deeper than 64 levels, body, query, path parameter or cursor)',
  401: 'Missing, forged, expired or wrong-audience user token',
  403: 'The task (or instance) is not open to this user',
  404: 'No such instance, task or route',
  409: 'The task was already completed (by someone else, or a racing submission), or the instance is busy',
  410: 'The form expired (SkipAfter)',
  413: 'Body or data too large',
  422: 'The form values are invalid: details lists the errors per field',
  503: 'User sign-in is not configured',
};
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: ErrorResponse }]));

// ── schemas ─────────────────────────────────────────────────────────────────

const Assignment = z.object({ user: z.string().optional(), groups: z.array(z.string()).optional(), permissions: z.array(z.string()).optional() });

export const TaskItem = z.object({
  instanceId: z.string(),
  task: z.number().int(),
  automation: z.string(),
  verboseName: z.string(),
  node: z.string(),
  description: z.string().nullable(),
  created: z.string(),
  hoursSinceCreated: z.number().describe('Age of the open task in hours: the dashboard colours by it'),
  assignment: Assignment,
  expiresAt: z.string().nullable().describe('When SkipAfter expires the form'),
  schema: JsonObject.describe("The form's JSON Schema"),
});

export const TaskFormView = TaskItem.extend({
  values: JsonObject.nullable().describe('Values to prefill (the record a ModelForm edits)'),
  context: JsonObject,
  data: JsonObject.describe("The instance's data"),
});

export const TaskListQuery = z.strictObject({
  automation: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional(),
});

export const SubmitBody = z.strictObject({ values: z.record(z.string(), z.unknown()).describe('The form values') });

export const SubmitResponse = z.object({
  instanceId: z.string(),
  task: z.number().int(),
  completedBy: z.string(),
  run: RunView,
  instance: z.object({ status: z.string(), current: z.array(z.string()) }),
});

export const Me = z.object({ id: z.string(), groups: z.array(z.string()), permissions: z.array(z.string()), superuser: z.boolean(), viewer: z.boolean(), expiresAt: z.string().nullable() });

const Counts = z.object({ running: z.number().int(), waiting: z.number().int(), error: z.number().int(), finished: z.number().int() });
export const AutomationCounts = z.object({
  name: z.string(),
  verboseName: z.string(),
  verboseNamePlural: z.string(),
  counts: Counts,
  capped: z.boolean().describe(`Some count reached ${COUNT_CAP} and stopped there`),
});

export const InstancePage = z.object({
  id: z.string(),
  automation: z.string(),
  verboseName: z.string(),
  status: z.enum(['running', 'waiting', 'error', 'finished']),
  created: z.string(),
  updated: z.string(),
  finishedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  data: JsonObject,
  current: z.array(z.object({ path: z.number().int(), node: z.string(), task: z.number().int().nullable(), waiting: z.string().nullable() })),
  error: z.object({ node: z.string(), task: z.number().int(), message: z.string(), stack: z.string().nullable() }).nullable(),
  history: z.array(z.object({
    seq: z.number().int(), node: z.string(), path: z.number().int(), created: z.string(), finished: z.string().nullable(),
    message: z.string().nullable(), completedBy: z.string().nullable(), result: z.unknown(),
    error: z.object({ name: z.string(), message: z.string(), stack: z.string().nullable() }).nullable(),
  })),
  openTasks: z.array(z.object({ task: z.number().int(), node: z.string(), openToYou: z.boolean() })),
  diagram: z.string().describe('Mermaid flowchart, current nodes highlighted'),
  key: z.string().nullable().describe('The instance key (viewers only): for page-view hooks and links'),
  receivers: z.array(z.string()).describe('Messages a page view may send to this instance'),
});

const PageViewQuery = z.strictObject({
  key: z.string().min(1).max(256).describe('The instance key (engine.getKey)'),
  message: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/).describe('A receiver the automation publishes'),
  token: z.string().max(256).optional(),
  page: z.string().max(2048).optional().describe('The page viewed (default: the Referer header)'),
});

const ListQuery = z.strictObject({
  status: z.enum(['running', 'waiting', 'error', 'finished']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: Cursor.optional(),
});

// ── helpers ─────────────────────────────────────────────────────────────────

export function taskItem(t: OpenTask) {
  return {
    instanceId: t.instanceId,
    task: t.task,
    automation: t.automation,
    verboseName: t.verboseName,
    node: t.node,
    description: t.description,
    created: iso(t.created)!,
    hoursSinceCreated: Math.round(t.hoursSinceCreated * 100) / 100,
    assignment: t.assignment,
    expiresAt: iso(t.expiresAt),
    schema: t.schema,
  };
}

function formView(f: TaskForm) {
  return { ...taskItem(f), values: f.values, context: f.context, data: f.data };
}

function taskNumber(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new HttpError(400, 'invalid_request', `"${text}" is not a task number`);
  return n;
}

const isViewer = (user: Identity) => user.superuser === true || (user.permissions ?? []).includes(VIEW_PERMISSION);

function requireViewer(user: Identity): void {
  if (!isViewer(user)) throw new HttpError(403, 'forbidden', `Seeing all automations needs the ${VIEW_PERMISSION} permission (or the superuser group)`);
}

/** What a page view may send: the receivers of automations that publish them (meta.publishReceivers). */
function publishedMessages(runtime: Runtime, automation: string): string[] {
  return runtime.engine.publishedReceivers().filter((r) => r.automation === automation).map((r) => r.message);
}

async function instancePage(runtime: Runtime, state: InstanceState, tasks: readonly TaskRecord[], user: Identity) {
  const def = await runtime.engine.flowOf(state);
  const viewer = isViewer(user);
  const current = currentPositions(state);
  const failed = state.error ? tasks.find((t) => t.seq === state.error!.task) : undefined;
  return {
    id: state.id,
    automation: state.automation,
    verboseName: def.verboseName,
    status: state.status,
    created: iso(state.created)!,
    updated: iso(state.updated)!,
    finishedAt: iso(state.finishedAt),
    dueAt: iso(state.dueAt),
    data: state.data,
    current,
    error: state.error ? { ...state.error, stack: viewer ? (failed?.error?.stack ?? null) : null } : null,
    history: tasks.map((t) => taskView(t, { stacks: viewer })),
    openTasks: tasks.filter((t) => t.finished === null && t.assignment).map((t) => ({ task: t.seq, node: t.node, openToYou: isOpenTo(t.assignment, user) })),
    diagram: toMermaid(def, { highlight: current.map((c) => c.node) }),
    key: viewer ? runtime.engine.getKey(state.id) : null,
    receivers: publishedMessages(runtime, state.automation),
  };
}

/** 1×1 transparent GIF: what an <img> page-view beacon gets back. */
const PIXEL = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

async function pageView(runtime: Runtime, event: HttpEvent, query: z.output<typeof PageViewQuery>): Promise<void> {
  let id: string;
  try {
    id = runtime.engine.idFromKey(query.key);
  } catch {
    throw new HttpError(404, 'not_found', 'No instance has this key');
  }
  const state = await runtime.engine.get(id);
  if (!state) throw new InstanceNotFoundError(id);
  if (!publishedMessages(runtime, state.automation).includes(query.message)) {
    throw new HttpError(404, 'no_receiver', `${state.automation} publishes no receiver for "${query.message}" (page views may send only published receivers: meta.publishReceivers)`);
  }
  const page = query.page ?? header(event, 'referer') ?? null;
  await runtime.engine.sendMessage(id, query.message, query.token, { page, viewedAt: new Date(runtime.engine.clock.now()).toISOString() });
}

// ── the module ──────────────────────────────────────────────────────────────

type UserHandler<B, Q> = (ctx: RouteContext<B, Q> & { user: VerifiedIdentity }) => Promise<HttpResult> | HttpResult;

export interface TaskRoutesOptions {
  /** How users are authenticated (default: IdentityVerifier from the ATM_* variables). */
  auth?: UserAuth;
}

/**
 * The routes where people act. They are not behind the API token (`public` for the bearer
 * check); each one verifies the user's JWT itself (`auth: 'user'` in the OpenAPI document),
 * except /auth/config and the page-view hook, which are public.
 */
export function createTaskRoutes(options: TaskRoutesOptions = {}): RouteModule {
  const auth = options.auth ?? createUserAuth();
  const userRoute = <SB extends z.ZodType = z.ZodUnknown, SQ extends z.ZodType = z.ZodUnknown>(
    spec: Omit<Route<z.output<SB>, z.output<SQ>>, 'body' | 'query' | 'handle' | 'public'> & { body?: SB; query?: SQ; handle: UserHandler<z.output<SB>, z.output<SQ>> },
  ): Route => {
    const { handle, ...rest } = spec;
    return defineRoute<SB, SQ>({
      ...rest,
      public: true,
      auth: 'user',
      description: `${spec.description ? `${spec.description} ` : ''}Authenticated by a user token (JWT): Authorization: Bearer <token>.`,
      responses: { ...spec.responses, ...errors(401, 503) },
      async handle(ctx) {
        const user = await auth.authenticate(ctx.event);
        return handle({ ...ctx, user });
      },
    });
  };

  return {
    name: 'tasks',
    routes: [
      defineRoute({
        method: 'GET', path: '/auth/config', operationId: 'signInOptions', summary: 'How the dashboard signs users in (development users, the Cognito hosted UI, or a pasted token)', tags: ['users'], public: true,
        responses: { 200: { description: 'Sign-in options', schema: z.object({ mode: z.enum(['dev', 'cognito', 'token', 'off']), cognito: z.object({ domain: z.string(), clientId: z.string() }).optional() }) } },
        handle: () => json(200, auth.signIn()),
      }),
      userRoute({
        method: 'GET', path: '/me', operationId: 'me', summary: 'The signed-in user: id, groups, permissions, superuser', tags: ['users'],
        responses: { 200: { description: 'The user', schema: Me } },
        handle: ({ user }) => json(200, { id: user.id, groups: user.groups ?? [], permissions: user.permissions ?? [], superuser: user.superuser === true, viewer: isViewer(user), expiresAt: iso(user.expiresAt) }),
      }),
      userRoute({
        method: 'GET', path: '/tasks', operationId: 'listTasks', summary: "The caller's open tasks (forms whose every assignment holds), oldest first", tags: ['tasks'],
        query: TaskListQuery,
        responses: { 200: { description: 'A page of tasks', schema: z.object({ items: z.array(TaskItem), cursor: z.string().optional() }) }, ...errors(400) },
        async handle({ runtime, user, query }) {
          if (query.automation !== undefined && !runtime.engine.listAutomations().some((a) => a.name === query.automation)) {
            throw new HttpError(400, 'invalid_request', `No automation named "${query.automation}"`);
          }
          const page = await runtime.engine.tasksFor(user, { limit: query.limit, ...(query.automation ? { automation: query.automation } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
          // A form past its SkipAfter stays open until the next tick skips it; it answers 410 already, so it is not listed.
          const now = runtime.engine.clock.now();
          const open = page.items.filter((t) => t.expiresAt === null || t.expiresAt > now);
          return json(200, { items: open.map(taskItem), ...(page.cursor ? { cursor: page.cursor } : {}) });
        },
      }),
      userRoute({
        method: 'GET', path: '/tasks/{instanceId}/{task}', operationId: 'getTaskForm', summary: "A task's form: JSON Schema, prefilled values, context and the instance's data", tags: ['tasks'],
        responses: { 200: { description: 'The form', schema: TaskFormView }, ...errors(400, 403, 404, 409) },
        async handle({ runtime, user, params }) {
          return json(200, formView(await runtime.engine.taskForm(params.instanceId!, taskNumber(params.task), user)));
        },
      }),
      userRoute({
        method: 'POST', path: '/tasks/{instanceId}/{task}', operationId: 'submitTaskForm', summary: 'Submit a form: validated against its schema, then the instance continues in this request', tags: ['tasks'],
        description: 'Exactly one of several racing submissions wins; the others get 409. An expired form (SkipAfter) answers 410. A refused submission changes nothing.',
        body: SubmitBody,
        responses: { 200: { description: 'Completed; the run that followed', schema: SubmitResponse }, ...errors(400, 403, 404, 409, 410, 413, 422) },
        async handle({ runtime, user, params, body }) {
          const task = taskNumber(params.task);
          const run = await runtime.engine.submitForm({ instanceId: params.instanceId!, task, user, values: body.values });
          const state = await runtime.engine.get(params.instanceId!);
          return json(200, {
            instanceId: params.instanceId!,
            task,
            completedBy: user.id,
            run: runView(run),
            instance: { status: state?.status ?? run.status, current: state && state.status !== 'finished' ? state.paths.map((p) => p.node) : [] },
          });
        },
      }),
      userRoute({
        method: 'GET', path: '/views/automations', operationId: 'automationCounts', summary: 'Automations with their running, waiting, error and finished counts', tags: ['dashboard'],
        description: `Needs the ${VIEW_PERMISSION} permission or the superuser group.`,
        responses: { 200: { description: 'Automations', schema: z.object({ automations: z.array(AutomationCounts) }) }, ...errors(403) },
        async handle({ runtime, user }) {
          requireViewer(user);
          const automations = await Promise.all(
            runtime.engine.listAutomations().map(async (a) => {
              const { counts, capped } = await runtime.store.countByStatus(a.name, COUNT_CAP);
              return { name: a.name, verboseName: a.verboseName, verboseNamePlural: a.verboseNamePlural, counts, capped };
            }),
          );
          return json(200, { automations });
        },
      }),
      userRoute({
        method: 'GET', path: '/views/automations/{automation}/instances', operationId: 'automationInstances', summary: "An automation's instances, oldest first", tags: ['dashboard'],
        description: `Needs the ${VIEW_PERMISSION} permission or the superuser group.`,
        query: ListQuery,
        responses: { 200: { description: 'A page of instances', schema: z.object({ items: z.array(z.object({ id: z.string(), status: z.string(), created: z.string(), updated: z.string() }).passthrough()), cursor: z.string().optional() }) }, ...errors(400, 403, 404) },
        async handle({ runtime, user, params, query }) {
          requireViewer(user);
          const def = runtime.engine.definition(params.automation!);
          const page = await runtime.store.list({ automation: def.name, limit: query.limit, ...(query.status ? { statuses: [query.status] } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
          return json(200, { items: page.items.map(summaryView), ...(page.cursor ? { cursor: page.cursor } : {}) });
        },
      }),
      userRoute({
        method: 'GET', path: '/views/instances/{id}', operationId: 'instancePage', summary: "An instance's page: data, history timeline, errors, diagram with the current nodes", tags: ['dashboard'],
        description: `Open to viewers (${VIEW_PERMISSION} or superuser), to users an open task of the instance is open to, and to users who completed one of its tasks. Error stacks and the key are for viewers only.`,
        responses: { 200: { description: 'The instance', schema: InstancePage }, ...errors(403, 404) },
        async handle({ runtime, user, params }) {
          const state = await runtime.engine.get(params.id!);
          if (!state) throw new InstanceNotFoundError(params.id!);
          const tasks = await runtime.engine.tasks(state.id);
          const participant = tasks.some((t) => (t.finished === null && t.assignment && isOpenTo(t.assignment, user)) || (t.completedBy != null && t.completedBy === user.id));
          if (!isViewer(user) && !participant) throw new HttpError(403, 'forbidden', `Instance "${state.id}" has no task for ${user.id}`);
          return json(200, await instancePage(runtime, state, tasks, user));
        },
      }),
      defineRoute({
        method: 'GET', path: '/hooks/page-view', operationId: 'pageViewPixel', summary: 'Page-view hook: send a published message to the instance a key stands for (an <img> beacon)', tags: ['hooks'], public: true,
        description: 'Include `<img src=".../hooks/page-view?key=KEY&message=MESSAGE" alt="" width="1" height="1">` in a page. Answers a 1×1 GIF. The key authorises; only receivers of automations with meta.publishReceivers may be sent.',
        query: PageViewQuery,
        responses: { 200: { description: 'Sent (image/gif)' }, ...errors(400, 404, 409, 422) },
        async handle({ runtime, event, query }) {
          await pageView(runtime, event, query);
          return { statusCode: 200, headers: { 'content-type': 'image/gif', 'cache-control': 'no-store' }, body: PIXEL, isBase64Encoded: true };
        },
      }),
      defineRoute({
        method: 'POST', path: '/hooks/page-view', operationId: 'pageViewBeacon', summary: 'Page-view hook for navigator.sendBeacon / fetch: the same as GET, answered with 204', tags: ['hooks'], public: true,
        query: PageViewQuery,
        responses: { 204: { description: 'Sent' }, ...errors(400, 404, 409, 422) },
        async handle({ runtime, event, query }) {
          await pageView(runtime, event, query);
          return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
        },
      }),
    ],
  };
}

/** The task routes with identity from the ATM_* variables (what the API function mounts). */
export const taskRoutes: RouteModule = createTaskRoutes();

