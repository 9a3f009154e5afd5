import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { Identity } from '../../lib/engine/identity.js';
import type { JobSummary, JobView, ProcessDetails, ProcessSummary } from '../../lib/engine/processes/service.js';
import type { JobStatus, TaskOperatorAction } from '../../lib/engine/processes/types.js';
import type { JobListItem, JobPage, ProcessListItem, ProcessPage } from '../../lib/engine/processes/views.js';
import { InvalidProcessError, PROCESS_NAME_PATTERN, validateProcessDocument, type ProcessProblem } from '../../lib/engine/processes/validate-process.js';
import { header, HttpError, json, type HttpEvent, type HttpResult } from '../shared/http.js';
import type { ProcessSurface, Runtime } from '../../lib/app/runtime.js';
import { ErrorResponse } from '../shared/schemas.js';
import { defineRoute, type Route, type RouteContext, type RouteModule } from './route.js';
import { createUserAuth, type UserAuth } from './user-auth.js';
import { iso } from '../../lib/app/views.js';

/**
 * Processes over HTTP (django-process): definitions as data (create or new version, list,
 * show, activate, deactivate, delete), jobs (run now, list, show, cancel) and the operator
 * actions on a job's tasks. Every route takes the API token (operators, the CLI) or a user
 * token (the dashboard) whose user has the route's permission; superusers always may.
 */

/** Read processes and jobs. */
export const PROCESS_VIEW = 'processes.view';
/** Save, activate, deactivate and delete processes (and read them). */
export const PROCESS_MANAGE = 'processes.manage';
/** Run processes now, cancel jobs, retry/force/cancel/reopen tasks (and read them). */
export const PROCESS_RUN = 'processes.run';

type Need = 'view' | 'manage' | 'run';
const PERMISSION: Record<Need, string> = { view: PROCESS_VIEW, manage: PROCESS_MANAGE, run: PROCESS_RUN };

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (bad JSON, query or path)',
  401: 'Missing or wrong API token, or a forged, expired or wrong-audience user token',
  403: 'The user lacks the permission this route needs',
  404: 'No such process, version, job or task',
  409: 'Not a legal transition now (the job or task is in another state), or the job is busy',
  413: 'Body too large',
  422: 'The process definition is invalid: details lists every problem with its path',
};
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'Error', schema: ErrorResponse }]));

// ── schemas ─────────────────────────────────────────────────────────────────

const Name = z.string().regex(PROCESS_NAME_PATTERN, 'a process name: 1–63 lower-case letters, digits, "-", "_" or ".", starting with a letter or digit');
const JOB_STATUSES = ['initialized', 'finished', 'error', 'cancelled', 'skipped'] as const satisfies readonly JobStatus[];
const TASK_STATUSES = ['awaiting', 'running', 'finished', 'error', 'forced', 'cancelled', 'skipped', 'reopened'] as const;
const ACTIONS = ['retry', 'force', 'cancel', 'reopen'] as const satisfies readonly TaskOperatorAction[];

const Document = z.record(z.string(), z.unknown()).describe('A process definition (docs/process-definitions.md)');

export const ProcessSummaryView = z.object({
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  savedAt: z.string(),
  savedBy: z.string().nullable(),
  schedule: z.string().nullable().describe('The schedule in words, or null (on demand only)'),
  cron: z.string().nullable(),
  timeZone: z.string().nullable(),
  nextFireTimes: z.array(z.string()).describe('The next five fire times (none while inactive)'),
  lastJob: z.object({ id: z.string(), status: z.enum(JOB_STATUSES), created: z.string() }).nullable().describe('The newest unfinished job, else the last job the schedule started'),
});

const FireEventView = z.object({ fireTime: z.string(), outcome: z.enum(['started', 'skipped', 'missed', 'exists']), job: z.string().nullable(), reason: z.string().nullable(), at: z.string() });

export const ProcessDetailsView = ProcessSummaryView.extend({
  document: Document,
  versions: z.array(z.object({ version: z.number().int(), savedAt: z.string(), savedBy: z.string().nullable() })),
  fires: z.object({ started: z.number().int(), skipped: z.number().int(), missed: z.number().int(), recent: z.array(FireEventView) }).nullable(),
  diagram: z.string().describe('Mermaid flowchart of the tasks'),
});

export const JobSummaryView = z.object({
  id: z.string(), process: z.string(), version: z.number().int(), status: z.enum(JOB_STATUSES),
  trigger: z.string(), fireTime: z.string().nullable(), created: z.string(),
  reason: z.string().nullable().describe('Why a scheduled fire was skipped (status skipped)'),
});

export const JobTaskView = z.object({
  name: z.string(),
  action: z.string(),
  status: z.enum(TASK_STATUSES),
  after: z.array(z.string()),
  waitingFor: z.array(z.string()).describe('For an awaiting task: the parents that are not done yet'),
  attempts: z.number().int(),
  visit: z.number().int(),
  started: z.string().nullable(),
  finished: z.string().nullable(),
  deadline: z.string().nullable(),
  notBefore: z.string().nullable(),
  output: z.unknown(),
  error: z.object({ name: z.string(), message: z.string() }).nullable(),
  actions: z.array(z.enum(ACTIONS)).describe('The operator actions legal now'),
});

export const JobPageView = JobSummaryView.extend({
  updated: z.string(),
  finishedAt: z.string().nullable(),
  tasks: z.array(JobTaskView),
  diagram: z.string().describe('Mermaid flowchart, each task coloured by its status'),
});

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});

const JobsQuery = z.strictObject({
  process: Name.optional().describe('The process; without it, the unfinished jobs of every process'),
  status: z.enum(JOB_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});

const VersionParam = z.coerce.number().int().min(1).max(1_000_000);

// ── views ───────────────────────────────────────────────────────────────────

function summaryOut(s: ProcessSummary, lastJob: JobSummary | null, doc?: { schedule?: { cron: string; timeZone?: string } }): ProcessListItem {
  return {
    name: s.name, description: s.description, active: s.active, version: s.version, savedAt: iso(s.savedAt)!, savedBy: s.savedBy, schedule: s.schedule,
    cron: doc?.schedule?.cron ?? null, timeZone: doc?.schedule ? (doc.schedule.timeZone ?? 'UTC') : null,
    nextFireTimes: s.nextFireTimes.map((t) => iso(t)!),
    lastJob: lastJob ? { id: lastJob.id, status: lastJob.status, created: iso(lastJob.created)! } : null,
  };
}

function jobSummaryOut(j: JobSummary): JobListItem {
  return { id: j.id, process: j.process, version: j.version, status: j.status, trigger: j.trigger, fireTime: iso(j.fireTime), created: iso(j.created)!, reason: j.reason };
}

function jobOut(j: JobView, diagram: string): JobPage {
  return {
    ...jobSummaryOut(j),
    updated: iso(j.updated)!,
    finishedAt: iso(j.finishedAt),
    tasks: j.tasks.map((t) => ({ ...t, started: iso(t.started), finished: iso(t.finished), deadline: iso(t.deadline), notBefore: iso(t.notBefore) })),
    diagram,
  };
}

/** The newest unfinished job of a process, else the last job its schedule started (null when neither). */
async function lastJobOf(p: ProcessSurface, name: string): Promise<JobSummary | null> {
  const active = await p.runtime.activeJobs(name);
  const newest = active.filter((s) => s.dag && s.definition).sort((a, b) => b.created - a.created || b.id.localeCompare(a.id))[0];
  const id = newest?.id ?? (await p.runtime.schedulerData(name))?.lastJob?.id;
  if (!id) return null;
  try {
    return await p.service.getJob(id);
  } catch {
    return null; // deleted by the history clean-up
  }
}

async function detailsOut(p: ProcessSurface, d: ProcessDetails): Promise<ProcessPage> {
  return {
    ...summaryOut(d, await lastJobOf(p, d.name), d.document),
    document: d.document,
    versions: d.versions.map((v) => ({ version: v.version, savedAt: iso(v.savedAt)!, savedBy: v.savedBy })),
    fires: d.fires
      ? { ...d.fires, recent: d.fires.recent.map((f) => ({ fireTime: iso(f.fireTime)!, outcome: f.outcome, job: f.job ?? null, reason: f.reason ?? null, at: iso(f.at)! })) }
      : null,
    diagram: await p.service.diagram(d.name),
  };
}

async function jobPage(p: ProcessSurface, job: JobView): Promise<HttpResult> {
  return json(200, jobOut(job, await p.service.jobDiagram(job.id)));
}

/**
 * The document to save from PUT /processes/{name}: the name is filled in when absent; a
 * different one is a problem listed with the document's own (one 422 with all of them).
 */
function documentFor(p: ProcessSurface, name: string, body: Record<string, unknown>): Record<string, unknown> {
  const problems: ProcessProblem[] = [];
  if (body.name !== undefined && body.name !== name) problems.push({ path: 'name', message: `must match the name in the path ("${name}"), or be left out` });
  const document = { ...body, name };
  const checked = validateProcessDocument(document, p.runtime.actions);
  if (!checked.ok) problems.push(...checked.problems);
  if (problems.length) throw new InvalidProcessError(problems);
  return document;
}

// ── authentication ──────────────────────────────────────────────────────────

/** Who called: an operator (the API token) or a user with the permission. */
export type Caller = { kind: 'operator' } | { kind: 'user'; user: Identity };

function isApiToken(event: HttpEvent, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec((header(event, 'authorization') ?? '').trim());
  if (!match) return false;
  const expected = Buffer.from(token);
  const actual = Buffer.from(match[1]!);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function mayProcesses(user: Identity, need: Need): boolean {
  if (user.superuser === true) return true;
  const held = user.permissions ?? [];
  // Whoever may manage or run processes may also read them.
  return held.includes(PERMISSION[need]) || (need === 'view' && (held.includes(PROCESS_MANAGE) || held.includes(PROCESS_RUN)));
}

async function authorize(auth: UserAuth, event: HttpEvent, runtime: Runtime, need: Need): Promise<Caller> {
  if (!header(event, 'authorization')) throw new HttpError(401, 'unauthorized', 'Send the API token or a user token as "Authorization: Bearer <token>"');
  if (isApiToken(event, runtime.secrets.apiToken)) return { kind: 'operator' };
  let user: Identity;
  try {
    user = await auth.authenticate(event);
  } catch (error) {
    // Without user sign-in, a token that is not the API token is simply wrong.
    if (error instanceof HttpError && error.status === 503) throw new HttpError(401, 'unauthorized', 'Send the API token as "Authorization: Bearer <token>" (user sign-in is not configured)');
    throw error;
  }
  if (!mayProcesses(user, need)) {
    throw new HttpError(403, 'forbidden', `This needs the ${PERMISSION[need]} permission (or the superuser group); ${user.id} has ${(user.permissions ?? []).join(', ') || 'no permissions'}`);
  }
  return { kind: 'user', user };
}

const by = (caller: Caller) => (caller.kind === 'operator' ? 'api-token' : caller.user.id);

// ── the module ──────────────────────────────────────────────────────────────

/** `p`: the runtime's processes, loaded on the first request that needs them (runtime.ts). */
type Handler<B, Q> = (ctx: RouteContext<B, Q> & { caller: Caller; p: ProcessSurface }) => Promise<HttpResult> | HttpResult;

export interface ProcessRoutesOptions {
  auth?: UserAuth;
}

export function createProcessRoutes(options: ProcessRoutesOptions = {}): RouteModule {
  const auth = options.auth ?? createUserAuth();
  const route = <SB extends z.ZodType = z.ZodUnknown, SQ extends z.ZodType = z.ZodUnknown>(
    need: Need,
    spec: Omit<Route<z.output<SB>, z.output<SQ>>, 'body' | 'query' | 'handle' | 'public' | 'auth' | 'tags'> & { body?: SB; query?: SQ; tags?: readonly string[]; handle: Handler<z.output<SB>, z.output<SQ>> },
  ): Route => {
    const { handle, ...rest } = spec;
    return defineRoute<SB, SQ>({
      tags: ['processes'],
      ...rest,
      public: true,
      auth: 'operator-or-user',
      description: `${spec.description ? `${spec.description} ` : ''}The API token, or a user token with ${PERMISSION[need]}${need === 'view' ? ` (or ${PROCESS_MANAGE} or ${PROCESS_RUN})` : ''}; superusers always.`,
      responses: { ...spec.responses, ...errors(401, 403) },
      async handle(ctx) {
        const caller = await authorize(auth, ctx.event, ctx.runtime, need);
        return handle({ ...ctx, caller, p: await ctx.runtime.processes() });
      },
    });
  };
  const name = (params: Record<string, string>): string => {
    const parsed = Name.safeParse(params.name);
    if (!parsed.success) throw new HttpError(404, 'process_not_found', `No process named "${params.name}" (names are lower-case letters, digits, "-", "_", ".")`);
    return parsed.data;
  };

  const taskActionRoutes = ACTIONS.map((action) =>
    route('run', {
      method: 'POST', path: `/jobs/{job}/tasks/{taskName}/${action}`, operationId: `${action}JobTask`,
      summary: {
        retry: 'Retry a task in error (error → awaiting; it runs again)',
        force: 'Force a task in error (error → forced; its dependents go on)',
        cancel: 'Cancel a task (awaiting or error → cancelled; its dependents go on)',
        reopen: 'Reopen a done task (finished, forced, cancelled or skipped → reopened; every descendant → awaiting)',
      }[action],
      description: 'Only legal transitions: 409 otherwise (reopen also while a descendant is running).',
      responses: { 200: { description: 'The job after the change', schema: JobPageView }, ...errors(404, 409) },
      async handle({ p, params }) {
        return jobPage(p, await p.service.taskAction(params.job!, params.taskName!, action));
      },
    }),
  );

  return {
    name: 'processes',
    routes: [
      route('view', {
        method: 'GET', path: '/actions', operationId: 'listActions', summary: 'The actions process tasks may name (built-in and registered in code), with the JSON Schema of their params',
        responses: { 200: { description: 'Actions', schema: z.object({ actions: z.array(z.object({ name: z.string(), description: z.string().nullable(), params: z.record(z.string(), z.unknown()) })) }) } },
        handle({ p }) {
          const registry = p.runtime.actions;
          const actions = registry.names().map((actionName) => {
            const def = registry.get(actionName)!;
            let params: Record<string, unknown> = {};
            try {
              params = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
            } catch {
              // a schema JSON Schema cannot express (transforms, refinements): the editor shows no hint
            }
            return { name: actionName, description: def.description ?? null, params };
          });
          return json(200, { actions });
        },
      }),
      route('view', {
        method: 'GET', path: '/processes', operationId: 'listProcesses', summary: 'Processes: schedule in words, next fire times, last job',
        query: ListQuery,
        responses: { 200: { description: 'A page of processes', schema: z.object({ items: z.array(ProcessSummaryView), cursor: z.string().optional() }) }, ...errors(400) },
        async handle({ p, query }) {
          const page = await p.service.list({ limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
          const items = await Promise.all(page.items.map(async (s) => {
            const version = await p.service.version(s.name, s.version);
            return summaryOut(s, await lastJobOf(p, s.name), version.document);
          }));
          return json(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
        },
      }),
      route('manage', {
        method: 'PUT', path: '/processes/{name}', operationId: 'saveProcess', summary: 'Create a process, or save a new version of it',
        description: 'The body is the definition; its name may be left out (the path names it). Every problem is listed in one 422, and nothing is saved. Jobs keep the version they started with.',
        body: Document,
        responses: {
          201: { description: 'Saved as version 1 (a new process)', schema: ProcessDetailsView },
          200: { description: 'Saved as a new version', schema: ProcessDetailsView },
          ...errors(400, 413, 422),
        },
        async handle({ p, params, body, caller }) {
          const processName = params.name!;
          const saved = await p.service.save(documentFor(p, processName, body), by(caller));
          return json(saved.version === 1 ? 201 : 200, await detailsOut(p, await p.service.get(processName)));
        },
      }),
      route('view', {
        method: 'GET', path: '/processes/{name}', operationId: 'getProcess', summary: 'A process: its definition, versions, next fire times, fires and diagram',
        responses: { 200: { description: 'The process', schema: ProcessDetailsView }, ...errors(404) },
        async handle({ p, params }) {
          return json(200, await detailsOut(p, await p.service.get(name(params))));
        },
      }),
      route('view', {
        method: 'GET', path: '/processes/{name}/versions/{version}', operationId: 'getProcessVersion', summary: 'One saved version of a process (immutable)',
        responses: { 200: { description: 'The version', schema: z.object({ name: z.string(), version: z.number().int(), savedAt: z.string(), savedBy: z.string().nullable(), document: Document, diagram: z.string() }) }, ...errors(404) },
        async handle({ p, params }) {
          const parsed = VersionParam.safeParse(params.version);
          if (!parsed.success) throw new HttpError(404, 'version_not_found', `"${params.version}" is not a version number`);
          const v = await p.service.version(name(params), parsed.data);
          return json(200, { name: v.name, version: v.version, savedAt: iso(v.savedAt)!, savedBy: v.savedBy ?? null, document: v.document, diagram: await p.service.diagram(v.name, v.version) });
        },
      }),
      route('manage', {
        method: 'POST', path: '/processes/{name}/activate', operationId: 'activateProcess', summary: 'Activate a process: its schedule fires from now on',
        responses: { 200: { description: 'The process', schema: ProcessDetailsView }, ...errors(404) },
        async handle({ p, params }) {
          await p.service.setActive(name(params), true);
          return json(200, await detailsOut(p, await p.service.get(params.name!)));
        },
      }),
      route('manage', {
        method: 'POST', path: '/processes/{name}/deactivate', operationId: 'deactivateProcess', summary: 'Deactivate a process: no more fires and no runs now; running jobs go on',
        responses: { 200: { description: 'The process', schema: ProcessDetailsView }, ...errors(404) },
        async handle({ p, params }) {
          await p.service.setActive(name(params), false);
          return json(200, await detailsOut(p, await p.service.get(params.name!)));
        },
      }),
      route('manage', {
        method: 'DELETE', path: '/processes/{name}', operationId: 'deleteProcess', summary: 'Delete a process: gone from the list, its schedule stops; its versions stay for the jobs that run them',
        responses: { 204: { description: 'Deleted' }, ...errors(404) },
        async handle({ p, params }) {
          await p.service.delete(name(params));
          return json(204, null);
        },
      }),
      route('run', {
        method: 'POST', path: '/processes/{name}/jobs', operationId: 'runProcess', summary: 'Run a process now (a job of its current version; the schedule guards do not apply)',
        responses: { 201: { description: 'The job, as created (its tasks run in the background)', schema: JobPageView }, ...errors(404, 409) },
        async handle({ p, params, caller }) {
          const job = await p.service.runNow(name(params), by(caller));
          return json(201, jobOut(job, await p.service.jobDiagram(job.id)));
        },
      }),
      route('view', {
        method: 'GET', path: '/jobs', operationId: 'listJobs', summary: "A process's jobs (oldest first, paged), or without process the unfinished jobs of every process",
        query: JobsQuery,
        responses: { 200: { description: 'A page of jobs', schema: z.object({ items: z.array(JobSummaryView), cursor: z.string().optional() }) }, ...errors(400, 404) },
        async handle({ p, query }) {
          if (query.process !== undefined) {
            await p.service.get(query.process); // 404 for an unknown process
            const page = await p.service.listJobs({ process: query.process, limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { cursor: query.cursor } : {}) });
            return json(200, { items: page.items.map(jobSummaryOut), ...(page.cursor ? { cursor: page.cursor } : {}) });
          }
          if (query.cursor) throw new HttpError(400, 'invalid_request', 'cursor pages the jobs of one process: give process too');
          const items: JobSummary[] = [];
          let cursor: string | undefined;
          do {
            const page = await p.service.list({ limit: 100, ...(cursor ? { cursor } : {}) });
            for (const listed of page.items) {
              for (const state of await p.runtime.activeJobs(listed.name)) {
                if (!state.dag || !state.definition) continue;
                const job = await p.service.getJob(state.id);
                if (query.status === undefined || job.status === query.status) items.push(job);
              }
            }
            cursor = page.cursor;
          } while (cursor && items.length < query.limit);
          items.sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
          return json(200, { items: items.slice(0, query.limit).map(jobSummaryOut) });
        },
      }),
      route('view', {
        method: 'GET', path: '/jobs/{job}', operationId: 'getJob', summary: 'A job: its tasks with status, times, output, error, what each awaiting task waits for, and the legal actions',
        responses: { 200: { description: 'The job', schema: JobPageView }, ...errors(404) },
        async handle({ p, params }) {
          return jobPage(p, await p.service.getJob(params.job!));
        },
      }),
      route('run', {
        method: 'POST', path: '/jobs/{job}/cancel', operationId: 'cancelJob', summary: 'Cancel a job (initialized or error → cancelled; its awaiting and error tasks are cancelled)',
        description: 'A finished job cannot be cancelled (409). A task still running finishes; its result is recorded but does not revive the job.',
        responses: { 200: { description: 'The job', schema: JobPageView }, ...errors(404, 409) },
        async handle({ p, params }) {
          return jobPage(p, await p.service.cancelJob(params.job!));
        },
      }),
      ...taskActionRoutes,
    ],
  };
}

/** The process routes with identity from the ATM_* variables (what the API function mounts). */
export const processRoutes: RouteModule = createProcessRoutes();
