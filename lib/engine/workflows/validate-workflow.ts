/**
 * Checks a workflow document at save: its shape, the strategy's constraints, approvals, forms,
 * actions (registered names, params), deadlines and status sync — every problem named by its
 * path, in one 422. With a directory, approver users and groups (and escalation groups) must
 * exist in the workflow's tenant.
 */
import { UnknownGroupError, type Directory } from '../../identity/directory.js';
import { ACTION_NAME_PATTERN, type ActionRegistry } from '../actions/registry.js';
import { AutomationError } from '../errors.js';
import type { JsonObject } from '../json.js';
import { durationTextProblem, parseDurationText } from '../processes/duration-text.js';
import { formProblems } from './form-schema.js';
import { WORKFLOW_EVENTS, WORKFLOW_STRATEGIES, type WorkflowDocument } from './types.js';

export interface WorkflowProblem {
  path: string;
  message: string;
}

export type WorkflowValidation = { ok: true; document: WorkflowDocument } | { ok: false; problems: WorkflowProblem[] };

export class InvalidWorkflowError extends AutomationError {
  constructor(readonly problems: readonly WorkflowProblem[]) {
    super(`The workflow definition is invalid:\n${problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n')}`, 422, 'invalid_workflow');
  }
  override get details(): unknown {
    return this.problems;
  }
}

/** The registered action that sends status-sync webhooks (lib/app/status-webhook.ts). */
export const STATUS_WEBHOOK_ACTION = 'statusWebhook';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const UNIT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}$/;
export const WORKFLOW_LIMITS = { pipelines: 20, stagesPerPipeline: 20, approvalsPerUnit: 10, actionsPerUnit: 20 } as const;
const STRATEGY_TEXT = 'anyone, all, roundRobin, { "quorum": N } or { "quorum": "60%" }';
const TYPES = ['approve', 'submit', 'checkIn', 'move'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: WorkflowProblem[] = [];
  /** Approver users and groups to look up, with where they are named. */
  readonly users: { id: string; path: string }[] = [];
  readonly groups: { id: string; path: string }[] = [];
  constructor(private readonly actions: ActionRegistry) {}

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  unknownKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.add(path ? `${path}.${key}` : key, `unknown field (allowed: ${allowed.join(', ')})`);
  }

  names(value: unknown, path: string): void {
    if (!isObject(value) || Object.keys(value).length === 0) return this.add(path, 'names per locale are required: { "en": "…", "ar": "…" }');
    for (const [locale, text] of Object.entries(value)) {
      if (!LOCALE.test(locale)) this.add(`${path}.${locale}`, `"${locale}" is not a locale (en, ar, ar-SA…)`);
      if (typeof text !== 'string' || text.trim() === '' || text.length > 200) this.add(`${path}.${locale}`, 'a name is 1–200 characters of text');
    }
  }

  order(value: unknown, path: string): void {
    if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value))) this.add(path, 'order must be a whole number');
  }

  approvals(value: unknown, path: string): void {
    if (!Array.isArray(value) || value.length === 0) return this.add(path, 'a unit needs at least one approval');
    if (value.length > WORKFLOW_LIMITS.approvalsPerUnit) this.add(path, `at most ${WORKFLOW_LIMITS.approvalsPerUnit} approvals per unit`);
    value.forEach((a, i) => this.approval(a, `${path}[${i}]`));
  }

  approval(a: unknown, path: string): void {
    if (!isObject(a)) return this.add(path, 'an approval is { "by": "user", "user": … } or { "by": "group", "group": …, "strategy": … }');
    const type = a.type ?? 'approve';
    if (!TYPES.includes(type as string)) this.add(`${path}.type`, `type is one of ${TYPES.join(', ')}`);
    if (a.by === 'user') {
      this.unknownKeys(a, ['by', 'user', 'type', 'form', 'name'], path);
      if (typeof a.user !== 'string' || a.user.trim() === '') this.add(`${path}.user`, 'the approver user id is required');
      else this.users.push({ id: a.user, path: `${path}.user` });
    } else if (a.by === 'group') {
      this.unknownKeys(a, ['by', 'group', 'strategy', 'type', 'form', 'name'], path);
      if (typeof a.group !== 'string' || a.group.trim() === '') this.add(`${path}.group`, 'the approver group is required');
      else this.groups.push({ id: a.group, path: `${path}.group` });
      this.strategy(a.strategy, `${path}.strategy`);
    } else this.add(`${path}.by`, 'by is "user" or "group"');
    if (a.name !== undefined) this.names(a.name, `${path}.name`);
    if (type === 'submit' && a.form === undefined) this.add(`${path}.form`, 'a submit approval needs a form');
    if (type === 'move' && a.form !== undefined) this.add(`${path}.form`, 'a move approval takes no form');
    if (a.form !== undefined) for (const [p, m] of formProblems(a.form)) this.add(p ? `${path}.form.${p}` : `${path}.form`, m);
  }

  strategy(s: unknown, path: string): void {
    if (s === 'anyone' || s === 'all' || s === 'roundRobin') return;
    if (isObject(s) && Object.keys(s).length === 1 && 'quorum' in s) {
      const q = s.quorum;
      if (typeof q === 'number' && Number.isInteger(q) && q >= 1) return;
      if (typeof q === 'string' && /^\d{1,3}(\.\d+)?%$/.test(q) && Number.parseFloat(q) > 0 && Number.parseFloat(q) <= 100) return;
      return this.add(`${path}.quorum`, 'a quorum is a whole number of at least 1 or a percentage above 0% and at most 100% ("60%")');
    }
    this.add(path, `the strategy is ${STRATEGY_TEXT}`);
  }

  actionList(value: unknown, path: string): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) return this.add(path, 'actions is a list of { "on", "action", "params", "order" }');
    if (value.length > WORKFLOW_LIMITS.actionsPerUnit) this.add(path, `at most ${WORKFLOW_LIMITS.actionsPerUnit} actions per level`);
    value.forEach((a, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(a)) return this.add(at, 'an action is { "on", "action", "params", "order" }');
      this.unknownKeys(a, ['on', 'action', 'params', 'order'], at);
      if (!WORKFLOW_EVENTS.includes(a.on as never)) this.add(`${at}.on`, `on is one of ${WORKFLOW_EVENTS.join(', ')}`);
      this.order(a.order, `${at}.order`);
      if (typeof a.action !== 'string') return this.add(`${at}.action`, 'action names a registered action');
      if (!ACTION_NAME_PATTERN.test(a.action)) return this.add(`${at}.action`, `"${a.action}" is not an action name: actions are registered in code, a definition only names one`);
      if (!this.actions.has(a.action)) return this.add(`${at}.action`, `no action named "${a.action}" is registered (registered: ${this.actions.names().join(', ') || 'none'})`);
      if (a.params !== undefined && !isObject(a.params)) return this.add(`${at}.params`, 'params must be an object');
      const checked = this.actions.validateParams(a.action, a.params);
      if (!checked.ok) for (const p of checked.problems) this.add(p.path ? `${at}.params.${p.path}` : `${at}.params`, p.message);
    });
  }

  deadlines(unit: Record<string, unknown>, path: string, allowed: boolean): void {
    const present = ['remindAfter', 'escalateAfter', 'escalateTo'].filter((k) => unit[k] !== undefined);
    if (!allowed) {
      for (const k of present) this.add(`${path}.${k}`, 'deadlines belong to the units that hold approvals');
      return;
    }
    let remind: number | undefined;
    let escalate: number | undefined;
    for (const key of ['remindAfter', 'escalateAfter'] as const) {
      const v = unit[key];
      if (v === undefined) continue;
      const problem = durationTextProblem(v);
      if (problem) this.add(`${path}.${key}`, problem);
      else {
        const ms = parseDurationText(v as string);
        if (ms <= 0) this.add(`${path}.${key}`, `${key} must be longer than 0`);
        if (key === 'remindAfter') remind = ms;
        else escalate = ms;
      }
    }
    if (unit.escalateAfter !== undefined && (typeof unit.escalateTo !== 'string' || unit.escalateTo === '')) this.add(`${path}.escalateTo`, 'escalateAfter needs escalateTo (a group)');
    if (unit.escalateTo !== undefined) {
      if (typeof unit.escalateTo !== 'string' || unit.escalateTo === '') this.add(`${path}.escalateTo`, 'escalateTo names a group');
      else {
        if (unit.escalateAfter === undefined) this.add(`${path}.escalateAfter`, 'escalateTo needs escalateAfter');
        this.groups.push({ id: unit.escalateTo, path: `${path}.escalateTo` });
      }
    }
    if (remind !== undefined && escalate !== undefined && remind >= escalate) this.add(`${path}.remindAfter`, 'the reminder must come before the escalation');
  }
}

/** Shape and semantics (no directory): every problem, or the document. */
export function validateWorkflowDocument(input: unknown, actions: ActionRegistry): WorkflowValidation & { lookups?: { users: { id: string; path: string }[]; groups: { id: string; path: string }[] } } {
  const c = new Checker(actions);
  if (!isObject(input)) return { ok: false, problems: [{ path: '', message: 'a workflow definition is a JSON object' }] };
  const doc = input;
  const strategy = doc.strategy;
  c.unknownKeys(doc, ['slug', 'tenant', 'name', 'description', 'active', 'locale', 'strategy', 'pipelines', 'approvals', 'actions', 'statusSync', 'removeAfterDays', 'remindAfter', 'escalateAfter', 'escalateTo'], '');
  if (typeof doc.slug !== 'string' || !SLUG_PATTERN.test(doc.slug)) c.add('slug', 'the slug is 1–63 lower-case letters, digits and "-", starting with a letter or digit');
  if (typeof doc.tenant !== 'string' || !TENANT_PATTERN.test(doc.tenant)) c.add('tenant', 'the tenant is required: 1–63 letters, digits, ".", "_" or "-"');
  c.names(doc.name, 'name');
  if (doc.description !== undefined && (typeof doc.description !== 'string' || doc.description.length > 2000)) c.add('description', 'the description is text of at most 2,000 characters');
  if (doc.active !== undefined && typeof doc.active !== 'boolean') c.add('active', 'active is true or false');
  if (doc.removeAfterDays !== undefined && (typeof doc.removeAfterDays !== 'number' || !Number.isInteger(doc.removeAfterDays) || doc.removeAfterDays < 1 || doc.removeAfterDays > 3650)) {
    c.add('removeAfterDays', 'removeAfterDays is a whole number of days from 1 to 3650');
  }
  if (doc.locale !== undefined && (typeof doc.locale !== 'string' || !LOCALE.test(doc.locale))) c.add('locale', 'the locale is a language tag such as en or ar');
  if (!WORKFLOW_STRATEGIES.includes(strategy as never)) c.add('strategy', `the strategy is one of ${WORKFLOW_STRATEGIES.join(', ')}`);
  c.actionList(doc.actions, 'actions');

  if (strategy === 'single') {
    if (doc.pipelines !== undefined) c.add('pipelines', 'a single-strategy workflow has no pipelines: its approvals are on the workflow');
    c.approvals(doc.approvals, 'approvals');
    c.deadlines(doc, '', true);
  } else if (strategy === 'stages' || strategy === 'pipelines') {
    if (doc.approvals !== undefined) c.add('approvals', `under the ${strategy} strategy approvals belong to the ${strategy === 'stages' ? 'stages' : 'pipelines'}, not the workflow`);
    c.deadlines(doc, '', false);
    if (!Array.isArray(doc.pipelines) || doc.pipelines.length === 0) c.add('pipelines', `the ${strategy} strategy needs at least one pipeline`);
    else {
      if (doc.pipelines.length > WORKFLOW_LIMITS.pipelines) c.add('pipelines', `at most ${WORKFLOW_LIMITS.pipelines} pipelines`);
      const ids = new Map<string, string>();
      const seen = (id: unknown, path: string) => {
        if (typeof id !== 'string' || !UNIT_ID_PATTERN.test(id)) return c.add(`${path}.id`, 'an id is 1–63 lower-case letters, digits, "-" or "_"');
        const before = ids.get(id);
        if (before) c.add(`${path}.id`, `the id "${id}" is also used by ${before}: pipeline and stage ids are unique in a workflow`);
        else ids.set(id, path);
      };
      doc.pipelines.forEach((p: unknown, i: number) => {
        const at = `pipelines[${i}]`;
        if (!isObject(p)) return c.add(at, 'a pipeline is an object');
        c.unknownKeys(p, ['id', 'name', 'order', 'stages', 'approvals', 'actions', 'remindAfter', 'escalateAfter', 'escalateTo'], at);
        seen(p.id, at);
        c.names(p.name, `${at}.name`);
        c.order(p.order, `${at}.order`);
        c.actionList(p.actions, `${at}.actions`);
        if (strategy === 'pipelines') {
          if (p.stages !== undefined) c.add(`${at}.stages`, 'the pipelines strategy has no stages: approvals belong to the pipelines');
          c.approvals(p.approvals, `${at}.approvals`);
          c.deadlines(p, at, true);
          return;
        }
        if (p.approvals !== undefined) c.add(`${at}.approvals`, 'under the stages strategy approvals belong to the stages, not the pipeline');
        c.deadlines(p, at, false);
        if (!Array.isArray(p.stages) || p.stages.length === 0) return c.add(`${at}.stages`, 'a pipeline of the stages strategy needs at least one stage');
        if (p.stages.length > WORKFLOW_LIMITS.stagesPerPipeline) c.add(`${at}.stages`, `at most ${WORKFLOW_LIMITS.stagesPerPipeline} stages per pipeline`);
        p.stages.forEach((s: unknown, j: number) => {
          const sat = `${at}.stages[${j}]`;
          if (!isObject(s)) return c.add(sat, 'a stage is an object');
          c.unknownKeys(s, ['id', 'name', 'order', 'approvals', 'actions', 'remindAfter', 'escalateAfter', 'escalateTo'], sat);
          seen(s.id, sat);
          c.names(s.name, `${sat}.name`);
          c.order(s.order, `${sat}.order`);
          c.actionList(s.actions, `${sat}.actions`);
          c.approvals(s.approvals, `${sat}.approvals`);
          c.deadlines(s, sat, true);
        });
      });
    }
  }

  if (doc.statusSync !== undefined) {
    if (!isObject(doc.statusSync)) c.add('statusSync', 'statusSync maps object types to { statusField, completedValue, rejectedValue }');
    else {
      for (const [type, sync] of Object.entries(doc.statusSync)) {
        const at = `statusSync.${type}`;
        if (!isObject(sync)) {
          c.add(at, 'a status sync is { statusField, completedValue, rejectedValue }');
          continue;
        }
        c.unknownKeys(sync, ['statusField', 'completedValue', 'rejectedValue', 'webhookUrl'], at);
        for (const key of ['statusField', 'completedValue', 'rejectedValue']) if (typeof sync[key] !== 'string' || sync[key] === '') c.add(`${at}.${key}`, `${key} is required text`);
        if (sync.webhookUrl !== undefined) {
          // the registered statusWebhook action checks the URL (the http allowlist)
          if (!actions.has(STATUS_WEBHOOK_ACTION)) c.add(`${at}.webhookUrl`, `no ${STATUS_WEBHOOK_ACTION} action is registered: status webhooks are off here`);
          else {
            const checked = actions.validateParams(STATUS_WEBHOOK_ACTION, { url: sync.webhookUrl, field: 'status', value: 'x' });
            if (!checked.ok) for (const p of checked.problems) c.add(`${at}.webhookUrl`, p.message);
          }
        }
      }
    }
  }
  if (c.problems.length) return { ok: false, problems: c.problems };
  return { ok: true, document: structuredClone(doc) as unknown as WorkflowDocument, lookups: { users: c.users, groups: c.groups } };
}

/** validateWorkflowDocument, then (with a directory) approver users and groups must exist in the workflow's tenant. */
export async function checkWorkflowDocument(input: unknown, actions: ActionRegistry, directory?: Directory): Promise<WorkflowValidation> {
  const checked = validateWorkflowDocument(input, actions);
  if (!checked.ok || !directory) return checked.ok ? { ok: true, document: checked.document } : checked;
  const tenant = checked.document.tenant;
  const problems: WorkflowProblem[] = [];
  for (const { id, path } of checked.lookups!.users) {
    const user = await directory.user(id, tenant);
    if (!user) problems.push({ path, message: `no user "${id}" in tenant "${tenant}"` });
    else if (!user.active) problems.push({ path, message: `the user "${id}" is not active` });
  }
  for (const { id, path } of checked.lookups!.groups) {
    try {
      await directory.groupMembers(id, tenant);
    } catch (error) {
      if (error instanceof UnknownGroupError) problems.push({ path, message: `no group "${id}" exists` });
      else throw error;
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, document: checked.document };
}

export type { JsonObject };
