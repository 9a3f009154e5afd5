/**
 * Approval workflows on the engine: a workflow version compiles into a flow of Approval steps
 * (units in order, each unit's approvals in the configured order) plus an outbox path; an
 * attachment is an engine instance of that flow (`automation = 'workflow:<tenant>/<slug>'`,
 * the version pinned in `state.definition`). Decisions are applied under the instance's lease;
 * events are recorded in the same commit and published, with their actions, after it.
 */
import { randomUUID } from 'node:crypto';
import type { Directory } from '../../identity/directory.js';
import type { ActionContext, ActionLogger, ActionRegistry, AutomationPort } from '../actions/registry.js';
import { Automation } from '../automation.js';
import type { FlowDefinition, FlowNode } from '../definition.js';
import type { Engine } from '../engine.js';
import { AutomationError, DefinitionNotFoundError, InstanceNotFoundError } from '../errors.js';
import { toJsonResult, type JsonObject } from '../json.js';
import {
  applyDecision, ApprovalStep, checkDecision, closeOpenItems, DecisionConflictError, DecisionForbiddenError, DecisionInvalidError, actorItem, openStepOf, resolveApprovers,
  type ApprovalObserver, type ApprovalStepState, type DecisionEffect, type FormValidator,
} from '../nodes/approval.js';
import { StoreRotation, type Rotation } from '../nodes/approval-rotation.js';
import { Node } from '../nodes/node.js';
import { ServiceNode } from '../nodes/service-node.js';
import type { NodeContext, Outcome } from '../nodes/outcome.js';
import { parseDurationText } from '../processes/duration-text.js';
import type { InstanceRun } from '../runner.js';
import type { DefinitionRef, InstanceState, TaskRecord } from '../state.js';
import type { WorkflowEventContext } from './email-action.js';
import type { OutboxAction, OutboxEvent, WorkflowEvent, WorkflowEvents } from './events.js';
import { compileForm } from './form-schema.js';
import type { NotificationKind, RecipientRole } from './notifications.js';
import { STATUS_WEBHOOK_ACTION } from './validate-workflow.js';
import { AttachmentIndex } from './attachment-index.js';
import type { AttachmentStatus, TimelineView } from './views.js';
import { unitsOf, WORKFLOW_KIND, type ActionDoc, type ObjectRef, type Unit, type WorkflowDocument, type WorkflowEventType, type WorkflowVersion } from './types.js';

/** Definitions are stored under `<tenant>/<slug>` (slugs are per tenant). */
export const definitionName = (tenant: string, slug: string): string => `${tenant}/${slug}`;
export const attachmentAutomation = (tenant: string, slug: string): string => `workflow:${tenant}/${slug}`;
/** The unique claim of an object's one active attachment. */
export const objectClaim = (tenant: string, object: ObjectRef): string => `workflow-object:${tenant}:${object.type}:${object.id}`;
/** The record pointing at an object's latest attachment. */
export const objectPointerId = (tenant: string, object: ObjectRef): string => `workflow-object:${tenant}:${object.type}:${object.id}`;
export const OBJECT_POINTER_AUTOMATION = 'workflow-object';

export const OUTBOX_NODE = 'outbox';
export const COMPLETE_NODE = 'complete';
export const REJECTED_NODE = 'rejected';
/** A failing (or false) action is tried this many times in all, `ACTION_BACKOFF_MS * 2^(n-1)` apart. */
export const ACTION_ATTEMPTS = 3;
export const ACTION_BACKOFF_MS = 30_000;
/** An event the bus refused is published again after ACTION_BACKOFF_MS * 2^(n-1), at most this long apart (never given up). */
export const PUBLISH_BACKOFF_MAX_MS = 15 * 60_000;
const ACTION_TIMEOUT_MS = 60_000;
/** Settled outbox events kept in the state (the timeline keeps the history). */
const KEEP_SETTLED_EVENTS = 20;

export type { AttachmentStatus };

/** A timeline entry as stored: its view (views.ts) with the instant in epoch ms. */
export interface TimelineEntry extends Omit<TimelineView, 'at' | 'values'> {
  at: number;
  values?: JsonObject;
}

/** The data of an attachment instance. */
export interface AttachmentData {
  tenant: string;
  workflow: string;
  version: number;
  object: ObjectRef;
  metadata: JsonObject;
  /** Who attached it; once started, who started it. */
  startedBy: string;
  /** null while only attached (`start: false`). */
  startedAt: number | null;
  attachedAt: number;
  attachedBy: string;
  status: AttachmentStatus;
  finishedAt: number | null;
  finishedBy: string | null;
  /** Index of the unit the attachment stands in (-1 before the first step opened). */
  currentUnit: number;
  completedUnits: number;
  totalUnits: number;
  /** Submitted values by step. */
  values: Record<string, JsonObject>;
  timeline: TimelineEntry[];
  eventSeq: number;
  outbox: OutboxEvent[];
  restartedFrom?: string;
  replacedBy?: string;
}

/** What a compiled version knows of its steps. */
export interface CompiledWorkflow {
  flow: FlowDefinition;
  version: WorkflowVersion;
  units: Unit[];
  /** Step node → its unit and position. */
  steps: Map<string, { unit: number; approval: number; last: boolean; form?: FormValidator }>;
  /** Unit index → its first step node. */
  firstStep: string[];
}

export interface WorkflowRuntimeOptions {
  engine: Engine;
  actions: ActionRegistry;
  directory: Directory;
  events: WorkflowEvents;
  rotation?: Rotation;
  logger?: ActionLogger;
  /** Project-wide actions, used for events no stage, pipeline or workflow has actions for. */
  projectActions?: ActionDoc[];
  /** Built-in notifications (the `email` action) when no level has actions; default on when `email` is registered. */
  defaultNotifications?: boolean;
}

export interface DecisionRequest {
  action: 'approve' | 'reject' | 'delegate' | 'resubmit';
  reason?: unknown;
  values?: unknown;
  to?: unknown;
  stage?: unknown;
}

/** Events whose commit changed the attachment's status (the status index is synced before they are published). */
const STATUS_EVENTS: ReadonlySet<WorkflowEventType> = new Set(['workflowStarted', 'workflowCompleted', 'rejected', 'workflowCancelled']);

const silentLogger: ActionLogger = { debug() {}, info() {}, warn() {}, error() {} };

class WorkflowAttachment extends Automation<JsonObject> {}

export const dataOf = (state: InstanceState): AttachmentData => state.data as unknown as AttachmentData;

/** Built-in notifications per event: a template and its recipients by role (used only when no level configures actions). */
const DEFAULT_NOTIFICATIONS: Partial<Record<WorkflowEventType, { template: NotificationKind; roles: RecipientRole[] }>> = {
  workflowStarted: { template: 'actionRequired', roles: ['currentApprovers'] },
  approved: { template: 'approved', roles: ['creator'] },
  movedToStage: { template: 'actionRequired', roles: ['currentApprovers'] },
  rejected: { template: 'rejected', roles: ['creator'] },
  resubmissionRequested: { template: 'resubmissionRequired', roles: ['creator', 'currentApprovers'] },
  delegated: { template: 'delegated', roles: ['delegate', 'creator'] },
  workflowCompleted: { template: 'approved', roles: ['creator', 'starter'] },
  reminderDue: { template: 'actionRequired', roles: ['currentApprovers'] },
  escalated: { template: 'actionRequired', roles: ['currentApprovers'] },
};

/** The end of the approval path: completed (or, after a rejection, only the path's end). */
class FinishNode extends Node<object> {
  readonly kind = 'Finish';
  constructor(private readonly runtime: WorkflowRuntime, private readonly outcome: 'completed' | 'rejected') {
    super();
  }
  protected override ownSuccessors(): (string | null)[] {
    return [];
  }
  override get endsFlow(): boolean {
    return true;
  }
  override get hasEffects(): boolean {
    return false;
  }
  async run(ctx: NodeContext<object>): Promise<Outcome> {
    if (this.outcome === 'completed') await this.runtime.complete(ctx);
    ctx.releaseUniqueKey();
    return { kind: 'retire', end: true, message: this.outcome };
  }
}

export class WorkflowRuntime {
  readonly engine: Engine;
  readonly actions: ActionRegistry;
  readonly directory: Directory;
  readonly events: WorkflowEvents;
  readonly rotation: Rotation;
  readonly logger: ActionLogger;
  readonly projectActions: readonly ActionDoc[];
  private readonly defaultNotifications: boolean;
  private readonly compiled = new Map<string, Promise<CompiledWorkflow>>();
  readonly index: AttachmentIndex;

  constructor(options: WorkflowRuntimeOptions) {
    this.engine = options.engine;
    this.actions = options.actions;
    this.directory = options.directory;
    this.events = options.events;
    this.rotation = options.rotation ?? new StoreRotation(options.engine.store, options.engine.clock);
    this.logger = options.logger ?? silentLogger;
    this.projectActions = options.projectActions ?? [];
    this.defaultNotifications = options.defaultNotifications ?? options.actions.has('email');
    this.index = new AttachmentIndex(options.engine.store, () => options.engine.clock.now());
    this.engine.useFlowSource(WORKFLOW_KIND, { resolve: async (ref) => (await this.compiledOf(ref)).flow });
  }

  get store() {
    return this.engine.store;
  }
  get now(): number {
    return this.engine.clock.now();
  }

  // ── compiling ─────────────────────────────────────────────────────────

  async loadVersion(tenant: string, slug: string, version: number): Promise<WorkflowVersion> {
    const stored = await this.store.definitionVersion(WORKFLOW_KIND, definitionName(tenant, slug), version);
    if (!stored) throw new DefinitionNotFoundError(WORKFLOW_KIND, slug, version);
    return toWorkflowVersion(stored);
  }

  /** The compiled flow of a version (versions are immutable: compiled once per name and version). */
  async compiledOf(ref: DefinitionRef): Promise<CompiledWorkflow> {
    const key = `${ref.name}@${ref.version}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      const [tenant, slug] = splitName(ref.name);
      compiled = this.loadVersion(tenant, slug, ref.version).then((v) => this.compile(v));
      compiled.catch(() => this.compiled.delete(key));
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  /** Steps named `<unit id>.<n>`, each continuing with the next (the last with `complete`), rejections going to `rejected`; the outbox on its own path. */
  compile(version: WorkflowVersion): CompiledWorkflow {
    const doc = version.document;
    const units = unitsOf(doc);
    const steps = new Map<string, { unit: number; approval: number; last: boolean; form?: FormValidator }>();
    const firstStep: string[] = [];
    const entries: [string, Node<object>][] = [];
    const holder: { compiled?: CompiledWorkflow } = {};
    const observer = this.observer(() => holder.compiled!);
    units.forEach((unit, u) => {
      const remind = unit.options.remindAfter === undefined ? undefined : parseDurationText(unit.options.remindAfter);
      const escalate = unit.options.escalateAfter === undefined ? undefined : parseDurationText(unit.options.escalateAfter);
      unit.approvals.forEach((approval, a) => {
        const name = `${unit.id}.${a + 1}`;
        if (a === 0) firstStep.push(name);
        const form = approval.form ? compileForm(approval.form) : undefined;
        steps.set(name, { unit: u, approval: a, last: a === unit.approvals.length - 1, ...(form ? { form } : {}) });
        const { type = 'approve', form: _form, name: title, ...approver } = approval;
        const node = new ApprovalStep<object>(
          {
            approver, type, ...(form ? { form } : {}), title: localizedName(title ?? unit.name, doc.locale),
            ...(remind === undefined ? {} : { remindAfterMs: remind }),
            ...(escalate === undefined ? {} : { escalateAfterMs: escalate }),
            ...(unit.options.escalateTo === undefined ? {} : { escalateTo: unit.options.escalateTo }),
          },
          { directory: this.directory, rotation: this.rotation, tenantOf: (state) => dataOf(state).tenant, observer },
        ).OnReject(REJECTED_NODE);
        entries.push([name, node]);
      });
    });
    entries.push([COMPLETE_NODE, new FinishNode(this, 'completed')], [REJECTED_NODE, new FinishNode(this, 'rejected')], [OUTBOX_NODE, new ServiceNode('Outbox', (ctx) => this.drainOutbox(ctx), { afterCommit: true })] /* publishes events and runs their actions after the commit that recorded them */);
    const nodes: FlowNode[] = entries.map(([name, node], index) => ({
      name, index, node: Object.freeze(node) as Node<object>,
      next: node instanceof ApprovalStep ? (entries[index + 1]![0] === REJECTED_NODE ? COMPLETE_NODE : entries[index + 1]![0]) : null,
    }));
    const flow: FlowDefinition = Object.freeze({
      name: attachmentAutomation(version.tenant, version.slug),
      verboseName: localizedName(doc.name, doc.locale),
      verboseNamePlural: localizedName(doc.name, doc.locale),
      cls: WorkflowAttachment as unknown as FlowDefinition['cls'],
      nodes,
      byName: new Map(nodes.map((n) => [n.name, n])),
      first: nodes[0]!.name,
      unique: false,
      timeZone: undefined,
      pollIntervalMs: undefined,
      publishReceivers: false,
      receivers: new Map(),
      constants: {},
      prototype: Object.create(WorkflowAttachment.prototype) as Automation<object>,
      dataSchema: undefined,
    });
    holder.compiled = { flow, version, units, steps, firstStep };
    return holder.compiled;
  }

  private compiledOfState(state: InstanceState): Promise<CompiledWorkflow> {
    return this.compiledOf(state.definition!);
  }

  // ── events ────────────────────────────────────────────────────────────

  /** Records an event in the attachment's outbox (committed with the state change), its actions resolved now. */
  recordEvent(state: InstanceState, compiled: CompiledWorkflow, type: WorkflowEventType, now: number, extra: Partial<Pick<WorkflowEvent, 'by' | 'reason' | 'to' | 'status' | 'details'>> & { unit?: number } = {}): void {
    const data = dataOf(state);
    const unitIndex = extra.unit ?? Math.max(0, data.currentUnit);
    const unit = compiled.units[unitIndex];
    data.eventSeq += 1;
    const seq = data.eventSeq;
    const { unit: _u, ...rest } = extra;
    const event: WorkflowEvent = {
      id: `${state.id}:${seq}`, type, seq, at: now, tenant: data.tenant, workflow: data.workflow, version: data.version, attachment: state.id, object: data.object,
      ...(unit ? { unit: { kind: unit.kind, id: unit.id, ...(unit.pipeline ? { pipeline: unit.pipeline.id } : {}) } } : {}),
      progress: progressOf(data),
      ...rest,
    };
    const actions = this.resolveActions(compiled, unit, type);
    const webhookUrl = event.status ? compiled.version.document.statusSync?.[data.object.type]?.webhookUrl : undefined;
    // the status sync's webhook runs besides whatever the levels resolve to (it is not a notification)
    if (webhookUrl !== undefined && event.status) actions.push(pending(STATUS_WEBHOOK_ACTION, { url: webhookUrl, field: event.status.field, value: event.status.value }, Number.MAX_SAFE_INTEGER, 'statusSync'));
    data.outbox.push({ event, published: false, actions });
  }

  /** The most specific level with actions for the event wins: stage → pipeline → workflow → project → built-in notifications; ordered by `order`. */
  resolveActions(compiled: CompiledWorkflow, unit: Unit | undefined, type: WorkflowEventType): OutboxAction[] {
    const doc = compiled.version.document;
    const levels: [string, readonly ActionDoc[] | undefined][] = [];
    if (unit?.kind === 'stage') levels.push(['stage', unit.options.actions], ['pipeline', unit.pipelineOptions?.actions]);
    if (unit?.kind === 'pipeline') levels.push(['pipeline', unit.options.actions]);
    levels.push(['workflow', doc.actions], ['project', this.projectActions]);
    for (const [level, list] of levels) {
      const matching = (list ?? []).filter((a) => a.on === type);
      if (matching.length === 0) continue;
      return matching
        .map((a, i) => ({ a, i }))
        .sort((x, y) => (x.a.order ?? 0) - (y.a.order ?? 0) || x.i - y.i)
        .map(({ a }) => pending(a.action, a.params ?? {}, a.order ?? 0, level));
    }
    const builtIn = DEFAULT_NOTIFICATIONS[type];
    if (!this.defaultNotifications || !builtIn) return [];
    if (type === 'movedToStage' && compiled.version.document.strategy !== 'stages') return [];
    return [pending('email', { template: builtIn.template, to: { roles: builtIn.roles } }, 0, 'default')];
  }

  /** The outbox path: publishes each recorded event and runs its actions in order, committing after each; failures retry on the engine's timers. */
  async drainOutbox(ctx: NodeContext<object>): Promise<Outcome> {
    const state = ctx.instance;
    const data = dataOf(state);
    let wakeAt: number | null = null;
    for (const entry of data.outbox) {
      if (!entry.published) {
        // the status index follows the commit that recorded the event (again after a crash, until it is published)
        if (STATUS_EVENTS.has(entry.event.type)) await this.index.sync(state);
        try {
          await this.events.publish(entry.event);
        } catch (error) {
          // the bus refused or is away: the decision stands, the event waits (in order) and is published again later
          entry.publishAttempts = (entry.publishAttempts ?? 0) + 1;
          entry.publishError = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
          this.logger.warn('a workflow event could not be published; it is retried', { attachment: state.id, event: entry.event.type, seq: entry.event.seq, attempts: entry.publishAttempts, error: entry.publishError });
          wakeAt = ctx.now + Math.min(PUBLISH_BACKOFF_MAX_MS, ACTION_BACKOFF_MS * 2 ** (entry.publishAttempts - 1));
          ctx.changed();
          break;
        }
        entry.published = true;
        delete entry.publishAttempts;
        delete entry.publishError;
        ctx.changed();
        await ctx.commit();
      }
      for (const action of entry.actions) {
        if (action.status !== 'pending') continue;
        if (action.notBefore !== null && action.notBefore > ctx.now) {
          wakeAt = Math.min(wakeAt ?? Infinity, action.notBefore);
          break; // in order: later actions wait for this one
        }
        await this.runAction(state, entry, action, ctx.now);
        ctx.changed();
        await ctx.commit();
        if (action.status === 'pending') {
          wakeAt = Math.min(wakeAt ?? Infinity, action.notBefore!);
          break;
        }
      }
    }
    const settled = data.outbox.filter((e) => e.published && e.actions.every((a) => a.status !== 'pending'));
    if (settled.length > KEEP_SETTLED_EVENTS) {
      const drop = new Set(settled.slice(0, settled.length - KEEP_SETTLED_EVENTS));
      data.outbox = data.outbox.filter((e) => !drop.has(e));
      ctx.changed();
    }
    const busy = data.outbox.some((e) => !e.published || e.actions.some((a) => a.status === 'pending'));
    const alone = state.paths.every((p) => p.node === OUTBOX_NODE);
    if (!busy && alone) return { kind: 'retire', end: true, message: 'settled' };
    return { kind: 'wait', reason: 'time', ...(wakeAt === null ? {} : { until: wakeAt }) };
  }

  private async runAction(state: InstanceState, entry: OutboxEvent, action: OutboxAction, now: number): Promise<void> {
    const event = entry.event;
    const index = entry.actions.indexOf(action);
    const idempotencyKey = `${state.id}:${event.seq}:${index + 1}.${action.action}`;
    action.attempts += 1;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('the action timed out')), ACTION_TIMEOUT_MS);
    timer.unref?.();
    try {
      const ctx: ActionContext & { workflow: WorkflowEventContext; workflowEvent: WorkflowEvent } = {
        logger: this.logger, idempotencyKey, deadline: now + ACTION_TIMEOUT_MS, signal: controller.signal, automations: this.automationPort(),
        workflow: await this.eventContext(state, event), workflowEvent: event,
      };
      const output = await this.actions.invoke(action.action, action.params, ctx);
      if (output === false) throw new Error('the action returned false');
      action.status = 'done';
      action.output = toJsonResult(output, 2048);
      delete action.error;
    } catch (error) {
      action.error = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
      if (action.attempts >= ACTION_ATTEMPTS) {
        action.status = 'failed';
        action.notBefore = null;
        this.logger.error('a workflow action failed for good', { attachment: state.id, event: event.type, seq: event.seq, action: action.action, error: action.error });
      } else action.notBefore = now + ACTION_BACKOFF_MS * 2 ** (action.attempts - 1);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What the email action (and others) know of the event: names, people by role (current approvers after the change). */
  private async eventContext(state: InstanceState, event: WorkflowEvent): Promise<WorkflowEventContext> {
    const data = dataOf(state);
    const compiled = await this.compiledOfState(state);
    const doc = compiled.version.document;
    const unit = event.unit ? compiled.units.find((u) => u.id === event.unit!.id) : undefined;
    const creator = typeof data.metadata.createdBy === 'string' ? data.metadata.createdBy : data.startedBy;
    const actor = event.by === undefined ? undefined : await this.directory.user(event.by, data.tenant);
    const delegate = event.to === undefined ? undefined : await this.directory.user(event.to, data.tenant);
    return {
      ...(doc.locale ? { locale: doc.locale } : {}),
      notification: {
        workflow: { name: doc.name, slug: doc.slug },
        object: data.object,
        ...(unit ? (unit.kind === 'stage' ? { stage: unit.name, pipeline: unit.pipeline!.name } : { stage: unit.name }) : {}),
        ...(event.by ? { actor: { id: event.by, ...(actor?.name ? { name: actor.name } : {}) } } : {}),
        ...(event.to ? { delegate: { id: event.to, ...(delegate?.name ? { name: delegate.name } : {}) } } : {}),
        ...(event.reason ? { reason: event.reason } : {}),
      },
      recipients: {
        tenant: data.tenant,
        people: { creator, starter: data.startedBy, currentApprovers: await this.currentApprovers(state), ...(event.to ? { delegate: event.to } : {}) },
      },
    };
  }

  /** The users who may act now: open user items, and the active members of open group items. */
  async currentApprovers(state: InstanceState): Promise<string[]> {
    const open = openStepOf(state);
    if (!open) return [];
    const out = new Set<string>();
    for (const item of open.step.items) {
      if (item.status !== 'open') continue;
      if (item.user !== undefined) out.add(item.user);
      else if (item.group !== undefined) for (const m of await this.directory.groupMembers(item.group, open.step.tenant).catch(() => [])) out.add(m.id);
    }
    return [...out];
  }

  automationPort(): AutomationPort {
    const engine = this.engine;
    return {
      async start(automation, data) {
        const instance = await engine.start(engine.definition(automation).cls, data);
        return { id: instance.id };
      },
      async sendMessage(target, message, data) {
        if (target.id !== undefined) return (await engine.sendMessage(target.id, message, undefined, data, { automation: target.automation })).result;
        if (target.key !== undefined) return (await engine.sendMessage(engine.idFromKey(target.key), message, undefined, data, { automation: target.automation })).result;
        return engine.broadcastMessage(target.automation, message, undefined, data);
      },
    };
  }

  // ── what steps tell the workflow ──────────────────────────────────────

  private observer(compiledOf: () => CompiledWorkflow): ApprovalObserver {
    const withCompiled = (_ctx: NodeContext<object>) => compiledOf();
    return {
      opened: (ctx, node, step) => {
        const compiled = withCompiled(ctx);
        const data = dataOf(ctx.instance);
        const at = compiled.steps.get(node)!;
        const previous = data.currentUnit;
        const approvers = step.items.filter((i) => i.status === 'open').map((i) => i.user ?? `group:${i.group}`);
        data.timeline.push({ at: ctx.now, type: 'stepOpened', step: node, unit: compiled.units[at.unit]!.id, approvers });
        if (previous === -1) {
          data.currentUnit = at.unit;
          this.recordEvent(ctx.instance, compiled, 'workflowStarted', ctx.now, { by: data.startedBy, unit: at.unit });
        } else if (previous !== at.unit) {
          data.currentUnit = at.unit;
          const before = compiled.units[previous]!;
          const now = compiled.units[at.unit]!;
          if (now.pipeline && before.pipeline?.id !== now.pipeline.id) this.recordEvent(ctx.instance, compiled, 'movedToPipeline', ctx.now, { unit: at.unit });
          if (now.kind === 'stage') this.recordEvent(ctx.instance, compiled, 'movedToStage', ctx.now, { unit: at.unit });
        }
      },
      reminded: (ctx, node, step) => {
        const compiled = withCompiled(ctx);
        const data = dataOf(ctx.instance);
        data.timeline.push({ at: ctx.now, type: 'reminded', step: node, approvers: step.items.filter((i) => i.status === 'open').map((i) => i.user ?? `group:${i.group}`) });
        this.recordEvent(ctx.instance, compiled, 'reminderDue', ctx.now, { unit: compiled.steps.get(node)!.unit });
      },
      escalated: (ctx, node, step, from) => {
        const compiled = withCompiled(ctx);
        const data = dataOf(ctx.instance);
        data.timeline.push({ at: ctx.now, type: 'escalated', step: node, to: `group:${step.group}`, approvers: from });
        this.recordEvent(ctx.instance, compiled, 'escalated', ctx.now, { unit: compiled.steps.get(node)!.unit, to: `group:${step.group}` });
      },
    };
  }

  /** The last step was approved: completed, status synced, event recorded. */
  async complete(ctx: NodeContext<object>): Promise<void> {
    const compiled = await this.compiledOfState(ctx.instance);
    const data = dataOf(ctx.instance);
    if (data.status !== 'inProgress') return;
    data.status = 'completed';
    data.finishedAt = ctx.now;
    data.completedUnits = data.totalUnits;
    data.timeline.push({ at: ctx.now, type: 'completed' });
    ctx.changed();
    this.recordEvent(ctx.instance, compiled, 'workflowCompleted', ctx.now, { ...this.statusOf(compiled, data, 'completed'), unit: compiled.units.length - 1 });
  }

  private statusOf(compiled: CompiledWorkflow, data: AttachmentData, outcome: 'completed' | 'rejected'): { status?: { field: string; value: string } } {
    const sync = compiled.version.document.statusSync?.[data.object.type];
    if (!sync) return {};
    return { status: { field: sync.statusField, value: outcome === 'completed' ? sync.completedValue : sync.rejectedValue } };
  }

  // ── attaching ─────────────────────────────────────────────────────────

  /**
   * Creates an attachment of `version` for the object and (unless `start` is false) starts it:
   * the first step's approvers are checked first (nothing is written when they are wrong), the
   * object's claim is taken in the same write as the instance (409 when another attachment
   * holds it). Not started, it holds the claim with no path running until `start`.
   */
  async attach(version: WorkflowVersion, input: { object: ObjectRef; metadata: JsonObject; by: string; restartedFrom?: string; start?: boolean }): Promise<{ id: string; state: InstanceState }> {
    const compiled = await this.compiledOf({ kind: WORKFLOW_KIND, name: definitionName(version.tenant, version.slug), version: version.version });
    const start = input.start !== false;
    if (start) await this.checkFirstApprovers(compiled); // throws ApproverError, writes nothing
    const now = this.now;
    const id = `att-${randomUUID()}`;
    const status: AttachmentStatus = start ? 'inProgress' : 'attached';
    const data: AttachmentData = {
      tenant: version.tenant, workflow: version.slug, version: version.version, object: input.object, metadata: input.metadata,
      startedBy: input.by, startedAt: start ? now : null, attachedAt: now, attachedBy: input.by,
      status, finishedAt: null, finishedBy: null, currentUnit: -1, completedUnits: 0, totalUnits: compiled.units.length, values: {},
      timeline: [{ at: now, type: start ? 'started' : 'attached', by: input.by }], eventSeq: 0, outbox: [], ...(input.restartedFrom ? { restartedFrom: input.restartedFrom } : {}),
    };
    const paths = start ? [{ id: 0, node: compiled.flow.first, task: null, taskCreated: null, frames: [] }, { id: 1, node: OUTBOX_NODE, task: null, taskCreated: null, frames: [] }] : [];
    const state: InstanceState = {
      id, automation: compiled.flow.name, version: 1, status: start ? 'running' : 'waiting', data: data as unknown as JsonObject,
      paths, nextSeq: 1, nextPathId: paths.length, created: now, updated: now, finishedAt: null, dueAt: null, uniqueKey: objectClaim(version.tenant, input.object), lease: null, anchors: {}, error: null,
      definition: { kind: WORKFLOW_KIND, name: definitionName(version.tenant, version.slug), version: version.version },
      ...(version.document.removeAfterDays !== undefined ? { retentionDays: version.document.removeAfterDays } : {}),
    };
    // the index entry first: a crash after it leaves an entry without attachment, which readers skip
    await this.index.put({ tenant: version.tenant, workflow: version.slug, attachment: id, status, created: now, finishedAt: null });
    const { created } = await this.engine.createInstance(state, { run: start });
    if (!created) {
      await this.index.remove(version.tenant, version.slug, id);
      const holder = await this.store.findUnique(state.uniqueKey!);
      throw new AttachmentConflictError(input.object, holder);
    }
    await this.pointObject(version.tenant, input.object, id);
    const after = await this.store.get(id);
    return { id, state: after ?? state };
  }

  /** The first step's approvers exist (and a group has active members): else ApproverError, before anything is written. */
  private async checkFirstApprovers(compiled: CompiledWorkflow): Promise<void> {
    const first = compiled.units[0]!.approvals[0]!;
    const { type: _t, form: _f, name: _n, ...approver } = first;
    await resolveApprovers(approver, compiled.version.tenant, this.directory);
  }

  /**
   * Starts an attachment made with `start: false`: its first step opens now. Idempotent in
   * effect: one start wins, any other (a repeat, a race) is a 409 and changes nothing; wrong
   * approvers are refused before anything is written (it stays attached).
   */
  async start(id: string, by: string): Promise<void> {
    const before = await this.store.get(id);
    if (!before || before.definition?.kind !== WORKFLOW_KIND) throw new InstanceNotFoundError(id);
    const notAttached = (state: InstanceState) => {
      const status = dataOf(state).status;
      if (status !== 'attached') throw new AttachmentStateError(`The attachment ${id} is ${status === 'inProgress' ? 'already started' : status}: only an attachment that is attached and not started can be started`);
    };
    notAttached(before);
    const compiled = await this.compiledOfState(before);
    await this.checkFirstApprovers(compiled);
    await this.engine.update(id, ({ state, runner, now }) => {
      notAttached(state);
      const data = dataOf(state);
      data.status = 'inProgress';
      data.startedAt = now;
      data.startedBy = by;
      data.timeline.push({ at: now, type: 'started', by });
      state.status = 'running';
      runner.addPath(compiled.flow.first);
      runner.addPath(OUTBOX_NODE);
    });
    const after = await this.store.get(id);
    if (after) await this.index.sync(after);
  }

  /** Remembers the object's latest attachment (a small record, compare-and-set), for `GET /objects/{type}/{id}/workflow`. */
  private async pointObject(tenant: string, object: ObjectRef, attachment: string): Promise<void> {
    const id = objectPointerId(tenant, object);
    for (let attempt = 0; attempt < 20; attempt++) {
      const now = this.now;
      const existing = await this.store.get(id);
      if (!existing) {
        const record: InstanceState = {
          id, automation: OBJECT_POINTER_AUTOMATION, version: 1, status: 'waiting', data: { tenant, object: object as unknown as JsonObject, latest: attachment }, paths: [], nextSeq: 1, nextPathId: 0,
          created: now, updated: now, finishedAt: null, dueAt: null, uniqueKey: null, lease: null, anchors: {}, error: null,
        };
        try {
          if ((await this.store.create(record, [])).created) return;
        } catch {
          // created meanwhile: update it
        }
        continue;
      }
      if (await this.store.commit({ expectedVersion: existing.version, state: { ...existing, version: existing.version + 1, updated: now, data: { ...existing.data, latest: attachment } }, tasks: [] })) return;
    }
  }

  async latestAttachmentOf(tenant: string, object: ObjectRef): Promise<string | undefined> {
    const pointer = await this.store.get(objectPointerId(tenant, object));
    return typeof pointer?.data.latest === 'string' ? pointer.data.latest : undefined;
  }

  /** Cancels an attachment in progress (a restart): items closed, status cancelled, the claim given up, the event recorded. */
  async cancel(id: string, by: string, reason: string, replacedBy?: string): Promise<void> {
    await this.engine.update(id, async ({ state, runner, now }) => {
      const data = dataOf(state);
      if (data.status !== 'inProgress' && data.status !== 'attached') throw new DecisionConflictError(`The attachment ${id} is ${data.status}`);
      const wasAttached = data.status === 'attached';
      const compiled = await this.compiledOfState(state);
      for (const [node, step] of Object.entries(state.approvals ?? {})) if (step.status === 'open') closeOpenItems(state, node, step, 'cancelled', now, by, (r) => runner.writeTask(r));
      data.status = 'cancelled';
      data.finishedAt = now;
      data.finishedBy = by;
      if (replacedBy) data.replacedBy = replacedBy;
      data.timeline.push({ at: now, type: 'cancelled', by, reason });
      this.recordEvent(state, compiled, 'workflowCancelled', now, { by, reason });
      if (state.status === 'error' || wasAttached) {
        state.status = 'running';
        state.error = null;
      }
      for (const path of [...state.paths]) if (path.node !== OUTBOX_NODE) runner.retirePath(path, 'cancelled');
      if (!state.paths.some((p) => p.node === OUTBOX_NODE)) runner.addPath(OUTBOX_NODE);
      runner.releaseUniqueKey();
    });
  }

  // ── deciding ──────────────────────────────────────────────────────────

  /**
   * A decision by `actor` on the attachment's open step. Checked first on a plain read (a
   * refused decision writes nothing), then again under the instance's lease — so of racing
   * decisions one wins and the others see the step changed (409).
   */
  async decide(id: string, actor: string, request: DecisionRequest): Promise<DecisionEffect | { kind: 'resubmitted'; unit: string }> {
    const before = await this.store.get(id);
    if (!before) throw new InstanceNotFoundError(id);
    if (before.definition?.kind !== WORKFLOW_KIND) throw new InstanceNotFoundError(id);
    const compiled = await this.compiledOfState(before);
    await this.checkRequest(before, compiled, actor, request); // refused here: nothing written
    let effect: DecisionEffect | { kind: 'resubmitted'; unit: string } | undefined;
    await this.engine.update(id, async ({ state, runner, now }) => {
      const checked = await this.checkRequest(state, compiled, actor, request);
      const write = (r: TaskRecord) => runner.writeTask(r);
      const data = dataOf(state);
      if (checked.kind === 'resubmit') {
        effect = this.resubmit(state, compiled, runner, checked, actor, now, write);
        return;
      }
      const { node, step, inputs } = checked;
      const applied = applyDecision(state, node, step, request.action as 'approve' | 'reject' | 'delegate', inputs, actor, now, write);
      effect = applied;
      const at = compiled.steps.get(node)!;
      const unit = compiled.units[at.unit]!;
      switch (applied.kind) {
        case 'checkedIn':
          data.timeline.push({ at: now, type: 'checkedIn', by: actor, step: node, unit: unit.id });
          break;
        case 'voted':
        case 'approved':
          if (applied.values) data.values[node] = { ...(data.values[node] ?? {}), ...applied.values };
          data.timeline.push({ at: now, type: applied.kind, by: actor, step: node, unit: unit.id, ...(inputs.reason ? { reason: inputs.reason } : {}), ...(applied.values ? { values: applied.values } : {}) });
          if (applied.kind === 'approved') {
            if (at.last) data.completedUnits = Math.max(data.completedUnits, at.unit + 1);
            this.recordEvent(state, compiled, 'approved', now, { by: actor, unit: at.unit, ...(inputs.reason ? { reason: inputs.reason } : {}) });
          }
          break;
        case 'rejected':
          data.status = 'rejected';
          data.finishedAt = now;
          data.finishedBy = actor;
          data.timeline.push({ at: now, type: 'rejected', by: actor, step: node, unit: unit.id, reason: applied.reason });
          this.recordEvent(state, compiled, 'rejected', now, { by: actor, reason: applied.reason, unit: at.unit, ...this.statusOf(compiled, data, 'rejected') });
          break;
        case 'delegated':
          data.timeline.push({ at: now, type: 'delegated', by: actor, step: node, unit: unit.id, to: applied.to, ...(applied.reason ? { reason: applied.reason } : {}) });
          this.recordEvent(state, compiled, 'delegated', now, { by: actor, to: applied.to, unit: at.unit, ...(applied.reason ? { reason: applied.reason } : {}) });
          break;
      }
    });
    return effect!;
  }

  private async checkRequest(state: InstanceState, compiled: CompiledWorkflow, actor: string, request: DecisionRequest): Promise<
    | { kind: 'step'; node: string; step: ApprovalStepState; inputs: Awaited<ReturnType<typeof checkDecision>> }
    | { kind: 'resubmit'; node: string; step: ApprovalStepState; target: number; reason: string }
  > {
    const data = dataOf(state);
    if (data.status === 'attached') throw new DecisionConflictError(`The attachment ${state.id} is attached but not started: start it first`);
    if (data.status !== 'inProgress') throw new DecisionConflictError(`The attachment ${state.id} is ${data.status}: there is nothing left to decide`);
    if (state.status === 'error') throw new DecisionConflictError(`The attachment ${state.id} is stopped: ${state.error?.message ?? 'an error'}`);
    const open = openStepOf(state);
    if (!open) throw new DecisionConflictError(`The attachment ${state.id} has no step waiting for a decision right now`);
    const { node, step } = open;
    const action = request.action;
    if (action === 'resubmit') {
      await actorItem(step, actor, this.directory);
      const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
      const problems: Record<string, string[]> = {};
      if (reason === '') problems.reason = ['required'];
      const current = compiled.steps.get(node)!.unit;
      let target = current;
      if (request.stage !== undefined && request.stage !== null && request.stage !== '') {
        const index = compiled.units.findIndex((u) => u.id === request.stage);
        if (index === -1) problems.stage = [`no stage "${String(request.stage)}" in this workflow (${compiled.units.map((u) => u.id).join(', ')})`];
        else if (index > current) problems.stage = [`"${String(request.stage)}" comes after the current stage "${compiled.units[current]!.id}": a resubmission goes back, never forward`];
        else target = index;
      }
      if (Object.keys(problems).length) throw new DecisionInvalidError(problems);
      return { kind: 'resubmit', node, step, target, reason };
    }
    if (action !== 'approve' && action !== 'reject' && action !== 'delegate') throw new DecisionInvalidError({ action: ['must be approve, reject, delegate or resubmit'] });
    const inputs = await checkDecision(step, compiled.steps.get(node)!.form, { action, actor, values: request.values, reason: request.reason, to: request.to }, this.directory);
    return { kind: 'step', node, step, inputs };
  }

  private resubmit(state: InstanceState, compiled: CompiledWorkflow, runner: InstanceRun, checked: { node: string; step: ApprovalStepState; target: number; reason: string }, actor: string, now: number, write: (r: TaskRecord) => void): { kind: 'resubmitted'; unit: string } {
    const data = dataOf(state);
    const { node, step, target, reason } = checked;
    closeOpenItems(state, node, step, 'resubmitted', now, actor, write);
    const path = state.paths.find((p) => p.task === step.task)!;
    // the target unit's steps and every later one are approved again: their states start over
    for (const name of Object.keys(state.approvals ?? {})) if (compiled.steps.get(name)!.unit >= target) delete state.approvals![name];
    const unit = compiled.units[target]!;
    data.completedUnits = Math.min(data.completedUnits, target);
    data.currentUnit = target;
    data.timeline.push({ at: now, type: 'resubmitted', by: actor, step: node, unit: unit.id, reason });
    this.recordEvent(state, compiled, 'resubmissionRequested', now, { by: actor, reason, unit: target });
    runner.movePath(path, compiled.firstStep[target]!, 'resubmission requested');
    return { kind: 'resubmitted', unit: unit.id };
  }
}

function pending(action: string, params: JsonObject, order: number, level: string): OutboxAction {
  return { action, params, order, level, status: 'pending', attempts: 0, notBefore: null };
}

export function progressOf(data: Pick<AttachmentData, 'completedUnits' | 'totalUnits' | 'status'>): number {
  if (data.status === 'completed') return 100;
  if (data.totalUnits === 0) return 0;
  return Math.min(99, Math.floor((data.completedUnits / data.totalUnits) * 100));
}

export function localizedName(names: Record<string, string> | undefined, locale: string | undefined): string {
  if (!names) return '';
  return names[locale ?? 'en'] ?? names.en ?? Object.values(names)[0] ?? '';
}

function splitName(name: string): [string, string] {
  const i = name.indexOf('/');
  return [name.slice(0, i), name.slice(i + 1)];
}

export function toWorkflowVersion(stored: { name: string; version: number; document: JsonObject; savedAt: number; savedBy?: string }): WorkflowVersion {
  const [tenant, slug] = splitName(stored.name);
  return { tenant, slug, version: stored.version, document: stored.document as unknown as WorkflowDocument, savedAt: stored.savedAt, ...(stored.savedBy === undefined ? {} : { savedBy: stored.savedBy }) };
}

export class AttachmentConflictError extends AutomationError {
  constructor(object: ObjectRef, readonly holder: string | undefined) {
    super(`${object.type} ${object.id} already has an active workflow${holder ? ` (attachment ${holder})` : ''}: pass restart: true to cancel it and start again`, 409, 'attachment_exists');
  }
  override get details(): unknown {
    return this.holder === undefined ? undefined : { attachment: this.holder };
  }
}

/** 409: the attachment is not in the state the request needs (e.g. started twice). */
export class AttachmentStateError extends AutomationError {
  constructor(message: string) {
    super(message, 409, 'attachment_state');
  }
}

export { DecisionForbiddenError };
