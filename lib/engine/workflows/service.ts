/**
 * What the HTTP API, the CLI and the dashboard call for approval workflows: platform-neutral,
 * every call scoped to the acting identity's tenant (another tenant's work is a 404), every
 * refusal a typed error carrying its HTTP status (403, 404, 409, 422).
 */
import type { ActionRegistry } from '../actions/registry.js';
import { AutomationError, DataValidationError, DefinitionNotFoundError, InstanceNotFoundError, InstanceStateError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { JsonObject } from '../json.js';
import { openStepOf, strategyLabel, type DecisionEffect } from '../nodes/approval.js';
import type { InstanceState } from '../state.js';
import type { Page } from '../store.js';
import {
  attachmentAutomation, AttachmentConflictError, dataOf, definitionName, localizedName, OUTBOX_NODE, progressOf, toWorkflowVersion,
  type AttachmentStatus, type DecisionRequest, type WorkflowRuntime,
} from './runtime.js';
import { DEFAULT_TENANT, unitsOf, WORKFLOW_KIND, type ObjectRef, type WorkflowDocument, type WorkflowVersion } from './types.js';
import type {
  ApprovalInfo, AttachmentView, CleanupReport, CleanupStats, FinishedStatus, TimelineView, WorkflowIntrospection, WorkflowStatistics, WorkflowSummary,
} from './views.js';
import { checkWorkflowDocument, InvalidWorkflowError } from './validate-workflow.js';

export { DEFAULT_TENANT };
const DAY = 86_400_000;
const FINISHED: readonly FinishedStatus[] = ['completed', 'rejected', 'cancelled'];
const STATUSES: readonly AttachmentStatus[] = ['attached', 'inProgress', ...FINISHED];
const isFinished = (status: AttachmentStatus): status is FinishedStatus => (FINISHED as readonly string[]).includes(status);
const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export type { AttachmentView, CleanupReport, CleanupStats, WorkflowIntrospection, WorkflowStatistics, WorkflowSummary };

export class WorkflowNotFoundError extends AutomationError {
  constructor(what: string) {
    super(what, 404, 'not_found');
  }
}

export interface AttachInput {
  object: ObjectRef;
  metadata?: JsonObject;
  /** Start now (default true); false leaves it attached but not started, for `start`. */
  start?: boolean;
  /** Cancel the object's active attachment (recorded in both) and attach anew. */
  restart?: boolean;
}

export interface CleanupOptions {
  /** Attachments finished more than this many days ago. */
  days: number;
  status?: FinishedStatus;
  dryRun?: boolean;
}

export class WorkflowService {
  constructor(
    readonly runtime: WorkflowRuntime,
    private readonly actions: ActionRegistry = runtime.actions,
  ) {}

  private get store() {
    return this.runtime.store;
  }
  private get now(): number {
    return this.runtime.now;
  }

  static tenantOf(identity: Identity): string {
    return identity.tenant ?? DEFAULT_TENANT;
  }

  // ── definitions ───────────────────────────────────────────────────────

  /** Validates (422 naming every problem) and saves a new version; the tenant is the identity's (another is 403). */
  async save(identity: Identity, input: unknown): Promise<WorkflowVersion> {
    const tenant = WorkflowService.tenantOf(identity);
    const doc = typeof input === 'object' && input !== null && !Array.isArray(input) ? { tenant, ...(input as Record<string, unknown>) } : input;
    if (typeof doc === 'object' && doc !== null && (doc as { tenant?: unknown }).tenant !== tenant) {
      throw new AutomationError(`You may define workflows of tenant "${tenant}" only`, 403, 'forbidden');
    }
    return this.saveDocument(doc, identity.id);
  }

  private async saveDocument(input: unknown, by: string | undefined): Promise<WorkflowVersion> {
    const checked = await checkWorkflowDocument(input, this.actions, this.runtime.directory);
    if (!checked.ok) throw new InvalidWorkflowError(checked.problems);
    const doc = checked.document;
    const saved = await this.store.saveDefinition({
      kind: WORKFLOW_KIND, name: definitionName(doc.tenant, doc.slug), document: doc as unknown as JsonObject, active: doc.active !== false, savedAt: this.now, ...(by === undefined ? {} : { savedBy: by }),
    });
    return toWorkflowVersion(saved);
  }

  /** Saves `document` only when it differs from the head (definitions kept in flows/, at start-up). */
  async upsert(input: unknown, by = 'system'): Promise<{ version: WorkflowVersion; saved: boolean }> {
    const checked = await checkWorkflowDocument(input, this.actions, this.runtime.directory);
    if (!checked.ok) throw new InvalidWorkflowError(checked.problems);
    const head = await this.store.definitionHead(WORKFLOW_KIND, definitionName(checked.document.tenant, checked.document.slug));
    if (head && JSON.stringify(head.document) === JSON.stringify(checked.document) && head.active === (checked.document.active !== false)) return { version: toWorkflowVersion(head), saved: false };
    return { version: await this.saveDocument(checked.document, by), saved: true };
  }

  async list(identity: Identity): Promise<WorkflowSummary[]> {
    const prefix = `${WorkflowService.tenantOf(identity)}/`;
    const out: WorkflowSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.listDefinitions(WORKFLOW_KIND, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const head of page.items) if (head.name.startsWith(prefix)) out.push(this.summary(toWorkflowVersion(head), head.active));
      cursor = page.cursor;
    } while (cursor);
    return out;
  }

  private summary(v: WorkflowVersion, active: boolean): WorkflowSummary {
    return { slug: v.slug, tenant: v.tenant, name: v.document.name, strategy: v.document.strategy, active, version: v.version, savedAt: iso(v.savedAt), savedBy: v.savedBy ?? null };
  }

  async get(identity: Identity, slug: string): Promise<WorkflowSummary & { document: WorkflowDocument; versions: number[] }> {
    const head = await this.head(identity, slug);
    const versions = await this.store.listDefinitionVersions(WORKFLOW_KIND, head.name, { limit: 100 });
    const v = toWorkflowVersion(head);
    return { ...this.summary(v, head.active), document: v.document, versions: versions.items.map((x) => x.version) };
  }

  private async head(identity: Identity, slug: string) {
    const head = typeof slug === 'string' ? await this.store.definitionHead(WORKFLOW_KIND, definitionName(WorkflowService.tenantOf(identity), slug)) : undefined;
    if (!head) throw new DefinitionNotFoundError(WORKFLOW_KIND, String(slug));
    return head;
  }

  /** (De)activation never touches running attachments: they run their pinned version. */
  async setActive(identity: Identity, slug: string, active: boolean): Promise<WorkflowSummary> {
    const head = await this.head(identity, slug);
    const updated = await this.store.setDefinitionActive(WORKFLOW_KIND, head.name, active, this.now);
    if (!updated) throw new DefinitionNotFoundError(WORKFLOW_KIND, slug);
    return this.summary(toWorkflowVersion(updated), updated.active);
  }

  /** Deleting never touches running attachments (their version stays readable). */
  async delete(identity: Identity, slug: string): Promise<void> {
    const head = await this.head(identity, slug);
    await this.store.deleteDefinition(WORKFLOW_KIND, head.name);
  }

  /** A version's nested structure with approval counts by type and strategy. */
  async introspect(identity: Identity, slug: string, version?: number): Promise<WorkflowIntrospection> {
    const head = await this.head(identity, slug);
    const v = version === undefined ? toWorkflowVersion(head) : await this.runtime.loadVersion(WorkflowService.tenantOf(identity), slug, version);
    const doc = v.document;
    const counts = { units: 0, approvals: 0, byType: {} as Record<string, number>, byStrategy: {} as Record<string, number>, withForm: 0 };
    const info = (list: WorkflowDocument['approvals']): ApprovalInfo[] =>
      (list ?? []).map((a) => {
        const strategy = a.by === 'user' ? 'user' : strategyLabel(a.strategy);
        const type = a.type ?? 'approve';
        counts.approvals += 1;
        counts.byType[type] = (counts.byType[type] ?? 0) + 1;
        counts.byStrategy[strategy] = (counts.byStrategy[strategy] ?? 0) + 1;
        if (a.form) counts.withForm += 1;
        return { by: a.by, who: a.by === 'user' ? a.user : a.group, strategy, type, form: a.form !== undefined };
      });
    counts.units = unitsOf(doc).length;
    return {
      slug: v.slug, version: v.version, strategy: doc.strategy, name: doc.name,
      pipelines: (doc.pipelines ?? []).map((p) => ({ id: p.id, name: p.name, approvals: info(p.approvals), stages: (p.stages ?? []).map((s) => ({ id: s.id, name: s.name, approvals: info(s.approvals) })) })),
      approvals: info(doc.approvals),
      counts,
    };
  }

  // ── attachments ───────────────────────────────────────────────────────

  async attach(identity: Identity, slug: string, input: AttachInput): Promise<AttachmentView> {
    const tenant = WorkflowService.tenantOf(identity);
    const problems: Record<string, string[]> = {};
    const object = input?.object as Partial<ObjectRef> | undefined;
    if (typeof object?.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(object.type)) (problems['object.type'] ??= []).push('an object type such as PurchaseRequest is required');
    if (typeof object?.id !== 'string' || object.id === '' || object.id.length > 128 || /[\u0000-\u001f]/.test(object.id)) (problems['object.id'] ??= []).push('an object id of 1–128 characters is required');
    if (input?.metadata !== undefined && (typeof input.metadata !== 'object' || input.metadata === null || Array.isArray(input.metadata))) problems.metadata = ['metadata is an object'];
    if (input?.start !== undefined && typeof input.start !== 'boolean') problems.start = ['start is true or false'];
    if (input?.restart !== undefined && typeof input.restart !== 'boolean') problems.restart = ['restart is true or false'];
    if (Object.keys(problems).length) throw new DataValidationErrorWithFields(problems);
    const head = await this.head(identity, slug);
    if (!head.active) throw new InstanceStateError(`The workflow "${slug}" is inactive: it takes no new attachments`);
    const version = toWorkflowVersion(head);
    const ref = { type: object!.type!, id: object!.id! };
    const metadata = (input.metadata ?? {}) as JsonObject;
    const start = input.start !== false;
    let restartedFrom: string | undefined;
    try {
      const { id } = await this.runtime.attach(version, { object: ref, metadata, by: identity.id, start });
      return this.viewOf(await this.attachment(identity, id));
    } catch (error) {
      if (!(error instanceof AttachmentConflictError) || !input.restart || error.holder === undefined) throw error;
      restartedFrom = error.holder;
    }
    await this.runtime.cancel(restartedFrom, identity.id, 'restarted');
    const { id } = await this.runtime.attach(version, { object: ref, metadata, by: identity.id, restartedFrom, start });
    await this.markReplaced(restartedFrom, id);
    return this.viewOf(await this.attachment(identity, id));
  }

  private async markReplaced(old: string, by: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const state = await this.store.get(old);
      if (!state) return;
      const data = { ...state.data, replacedBy: by };
      if (await this.store.commit({ expectedVersion: state.version, state: { ...state, version: state.version + 1, data }, tasks: [] })) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** The attachment, when it belongs to the identity's tenant (else 404, like one that does not exist). */
  async attachment(identity: Identity, id: string): Promise<InstanceState> {
    const state = typeof id === 'string' ? await this.store.get(id) : undefined;
    if (!state || state.definition?.kind !== WORKFLOW_KIND || dataOf(state).tenant !== WorkflowService.tenantOf(identity)) throw new WorkflowNotFoundError(`No attachment "${String(id)}"`);
    return state;
  }

  async view(identity: Identity, id: string): Promise<AttachmentView> {
    return this.viewOf(await this.attachment(identity, id));
  }

  async viewOf(state: InstanceState): Promise<AttachmentView> {
    const data = dataOf(state);
    const compiled = await this.runtime.compiledOf(state.definition!);
    const current = data.currentUnit >= 0 ? compiled.units[data.currentUnit] : undefined;
    const next = compiled.units[Math.max(0, data.currentUnit + 1)];
    const open = data.status === 'inProgress' ? openStepOf(state) : undefined;
    const attachedAt = data.attachedAt ?? data.startedAt ?? state.created;
    let waitingFor: AttachmentView['waitingFor'] = null;
    if (open) {
      const items: NonNullable<AttachmentView['waitingFor']>['items'] = [];
      for (const item of open.step.items) {
        if (item.status !== 'open') continue;
        if (item.user !== undefined) items.push({ user: item.user, ...(item.slot !== item.user && !item.slot.startsWith('group:') ? { onBehalfOf: item.slot } : {}) });
        else items.push({ group: item.group!, members: (await this.runtime.directory.groupMembers(item.group!, data.tenant).catch(() => [])).map((m) => m.id) });
      }
      waitingFor = { step: open.node, type: open.step.type, strategy: open.step.mode, required: open.step.required, approvals: open.step.votes.length, items };
    }
    const stageOf = (u: typeof current) => (u && u.kind !== 'workflow' ? { id: u.id, name: u.name } : null);
    return {
      id: state.id, tenant: data.tenant, workflow: data.workflow, version: data.version, object: data.object, metadata: data.metadata, status: data.status,
      error: state.status === 'error' ? (state.error?.message ?? 'error') : null,
      startedBy: data.startedBy, startedAt: isoOrNull(data.startedAt), attachedAt: iso(attachedAt), finishedAt: isoOrNull(data.finishedAt), finishedBy: data.finishedBy,
      currentPipeline: current?.pipeline ? { id: current.pipeline.id, name: current.pipeline.name } : null,
      currentStage: current?.kind === 'stage' ? stageOf(current) : current?.kind === 'pipeline' ? null : null,
      nextStage: data.status === 'inProgress' && data.currentUnit >= 0 ? stageOf(compiled.units[data.currentUnit + 1]) : data.currentUnit < 0 ? stageOf(next) : null,
      waitingFor,
      progress: progressOf(data), completedUnits: data.completedUnits, totalUnits: data.totalUnits,
      timeline: data.timeline.map((t): TimelineView => ({ ...t, at: iso(t.at) })), values: data.values,
      restartedFrom: data.restartedFrom ?? null, replacedBy: data.replacedBy ?? null,
      actions: data.outbox.flatMap((e) => e.actions.filter((a) => a.status !== 'done').map((a) => ({ event: e.event.type, seq: e.event.seq, action: a.action, status: a.status, attempts: a.attempts, error: a.error ?? null }))),
    };
  }

  /** The object's current attachment (the active one, else its latest), or 404. */
  async objectState(identity: Identity, object: ObjectRef): Promise<AttachmentView> {
    const tenant = WorkflowService.tenantOf(identity);
    if (typeof object?.type !== 'string' || typeof object?.id !== 'string') throw new DataValidationError('object type and id are required', 422);
    const active = await this.store.findUnique(`workflow-object:${tenant}:${object.type}:${object.id}`);
    const id = active ?? (await this.runtime.latestAttachmentOf(tenant, object));
    if (!id) throw new WorkflowNotFoundError(`${object.type} ${object.id} has no workflow`);
    return this.view(identity, id);
  }

  /** A decision by the identity; 404 for another tenant's attachment. */
  async decide(identity: Identity, id: string, request: DecisionRequest): Promise<{ effect: DecisionEffect | { kind: 'resubmitted'; unit: string }; attachment: AttachmentView }> {
    await this.attachment(identity, id);
    if (typeof request !== 'object' || request === null) throw new DataValidationErrorWithFields({ action: ['required'] });
    const effect = await this.runtime.decide(id, identity.id, request);
    return { effect, attachment: await this.view(identity, id) };
  }

  /** Cancels an attachment in progress (an operator or its starter). */
  async cancel(identity: Identity, id: string, reason = 'cancelled'): Promise<AttachmentView> {
    const state = await this.attachment(identity, id);
    if (dataOf(state).startedBy !== identity.id && !identity.superuser) throw new AutomationError(`Only the starter or an operator may cancel attachment ${id}`, 403, 'forbidden');
    await this.runtime.cancel(id, identity.id, reason);
    return this.view(identity, id);
  }

  /** Starts an attachment made with `start: false` (its starter or an operator; 409 when it is not attached-and-waiting). */
  async start(identity: Identity, id: string): Promise<AttachmentView> {
    const state = await this.attachment(identity, id);
    const data = dataOf(state);
    if ((data.attachedBy ?? data.startedBy) !== identity.id && !identity.superuser) throw new AutomationError(`Only whoever attached it or an operator may start attachment ${id}`, 403, 'forbidden');
    await this.runtime.start(id, identity.id);
    return this.view(identity, id);
  }

  /** Re-runs an attachment stopped on an error (e.g. after fixing an approver group). */
  async retry(identity: Identity, id: string): Promise<AttachmentView> {
    const state = await this.attachment(identity, id);
    if (state.status !== 'error') throw new InstanceStateError(`Attachment ${id} is not stopped on an error`);
    await this.runtime.engine.retry(id);
    return this.view(identity, id);
  }

  /**
   * Attachments of the tenant (optionally of one workflow and status), newest first. With a
   * status only that status's index entries are read; each listed attachment is checked
   * against its own head (an entry whose attachment is gone is dropped from the index).
   */
  async listAttachments(identity: Identity, query: { workflow?: string; status?: AttachmentStatus } = {}): Promise<AttachmentView[]> {
    const tenant = WorkflowService.tenantOf(identity);
    const statuses = query.status === undefined ? STATUSES : [query.status];
    const states: InstanceState[] = [];
    for (const status of statuses) {
      for (const entry of await this.index.list(tenant, status)) {
        if (query.workflow !== undefined && entry.workflow !== query.workflow) continue;
        const state = await this.store.get(entry.attachment);
        if (!state) {
          await this.index.remove(tenant, entry.workflow, entry.attachment);
          continue;
        }
        const actual = dataOf(state).status;
        if (actual === status) states.push(state);
        else await this.index.sync(state); // a status change whose index move a crash cut off: listed under its own status
      }
    }
    const out: AttachmentView[] = [];
    for (const s of states.sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1))) out.push(await this.viewOf(s));
    return out;
  }

  private get index() {
    return this.runtime.index;
  }

  /** Per tenant: definitions (not versions), active ones, attachments by status (index entries only: no attachment is read). */
  async statistics(identity: Identity): Promise<WorkflowStatistics> {
    const tenant = WorkflowService.tenantOf(identity);
    const defs = await this.list(identity);
    const attachments = { attached: 0, inProgress: 0, completed: 0, rejected: 0, cancelled: 0, total: 0, error: 0 };
    for (const status of STATUSES) {
      attachments[status] = (await this.index.list(tenant, status)).length;
      attachments.total += attachments[status];
    }
    // stopped on an error: only attachments in progress can be; those are read
    for (const entry of await this.index.list(tenant, 'inProgress')) if ((await this.store.get(entry.attachment))?.status === 'error') attachments.error += 1;
    return { tenant, definitions: defs.length, active: defs.filter((d) => d.active).length, attachments };
  }

  // ── cleanup ───────────────────────────────────────────────────────────

  /**
   * Deletes the tenant's finished attachments (completed, rejected, cancelled) older than `days`,
   * with their history; never definitions, never anything in progress. Reads only the finished
   * statuses' index entries, and only the attachments old enough to go.
   */
  async cleanup(identity: Identity, options: CleanupOptions): Promise<CleanupReport> {
    const days = options?.days;
    if (!(typeof days === 'number' && Number.isFinite(days) && days >= 0)) throw new DataValidationErrorWithFields({ days: ['a number of days of at least 0'] });
    if (options.status !== undefined && !FINISHED.includes(options.status)) throw new DataValidationErrorWithFields({ status: [`one of ${FINISHED.join(', ')}: attachments in progress are never cleaned up`] });
    const tenant = WorkflowService.tenantOf(identity);
    const cutoff = this.now - days * DAY;
    const matched: { id: string; workflow: string; status: FinishedStatus; finishedAt: number }[] = [];
    for (const status of options.status === undefined ? FINISHED : [options.status]) {
      for (const entry of await this.index.list(tenant, status)) {
        if (entry.finishedAt === null || entry.finishedAt >= cutoff) continue;
        const s = await this.store.get(entry.attachment);
        if (!s) {
          await this.index.remove(tenant, entry.workflow, entry.attachment);
          continue;
        }
        const data = dataOf(s);
        if (!isFinished(data.status) || data.status !== status || data.finishedAt === null || data.finishedAt >= cutoff) continue;
        if (s.paths.some((p) => p.node === OUTBOX_NODE) && s.status !== 'finished') continue; // its actions still run
        matched.push({ id: s.id, workflow: data.workflow, status: data.status, finishedAt: data.finishedAt });
      }
    }
    let deleted = 0;
    if (!options.dryRun) {
      for (const m of matched) {
        if (await this.store.delete(m.id)) deleted += 1;
        await this.index.remove(tenant, m.workflow, m.id);
      }
    }
    return { dryRun: options.dryRun === true, cutoff: iso(cutoff), matched: matched.map((m) => ({ ...m, finishedAt: iso(m.finishedAt) })), deleted };
  }

  /** Attachments by status and finished ones by age: index entries only (they carry finishedAt), no attachment is read. */
  async cleanupStats(identity: Identity): Promise<CleanupStats> {
    const tenant = WorkflowService.tenantOf(identity);
    const byStatus: Record<AttachmentStatus, number> = { attached: 0, inProgress: 0, completed: 0, rejected: 0, cancelled: 0 };
    const older = { days30: 0, days90: 0, days365: 0 };
    const now = this.now;
    for (const status of STATUSES) {
      const entries = await this.index.list(tenant, status);
      byStatus[status] = entries.length;
      if (!isFinished(status)) continue;
      for (const entry of entries) {
        if (entry.finishedAt === null) continue;
        const age = now - entry.finishedAt;
        if (age > 30 * DAY) older.days30 += 1;
        if (age > 90 * DAY) older.days90 += 1;
        if (age > 365 * DAY) older.days365 += 1;
      }
    }
    const recommendation = older.days90 > 0
      ? `${older.days90} finished attachment(s) are older than 90 days: run cleanup --days 90`
      : older.days30 > 0 ? `${older.days30} finished attachment(s) are older than 30 days: cleanup --days 30 would remove them` : 'nothing to clean up';
    return { byStatus, finishedOlderThan: older, recommendation };
  }

  /** The workflow's name in a locale (for lists). */
  static nameIn(doc: Pick<WorkflowDocument, 'name'>, locale: string): string {
    return localizedName(doc.name, locale);
  }
}

/** 422 with field errors (attach input, decisions, cleanup options). */
export class DataValidationErrorWithFields extends AutomationError {
  constructor(readonly fieldErrors: Record<string, string[]>) {
    super(`The input is invalid: ${Object.entries(fieldErrors).map(([f, e]) => `${f}: ${e.join(', ')}`).join('; ')}`, 422, 'invalid_input');
  }
  override get details(): unknown {
    return this.fieldErrors;
  }
}

export { InstanceNotFoundError };
