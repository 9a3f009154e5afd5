/**
 * Auto-start rules per object type, stored as a versioned definition of kind `autostart`
 * (name `<tenant>/<objectType>`): the object type's declared fields and its rules
 * `{ workflow, conditions: [{ field, op, value }] }` (conditions combined with and; the first
 * rule that matches starts its workflow). Unknown fields, operators, ill-typed values and
 * unknown workflows are refused at save (422, every problem named). Evaluated on object events
 * (`created` / `updated` with the object's fields); each event id starts at most once (the
 * EventLedger, the delivery inbox in the deployment).
 */
import { AutomationError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { JsonObject } from '../json.js';
import { AttachmentConflictError, definitionName } from './runtime.js';
import { DEFAULT_TENANT, WorkflowService, type AttachmentView } from './service.js';
import { CONDITION_OPS, FIELD_TYPES, OBJECT_EVENTS, WORKFLOW_KIND, type ConditionOp, type FieldType, type ObjectEventKind } from './types.js';
import { InvalidWorkflowError, SLUG_PATTERN, type WorkflowProblem } from './validate-workflow.js';

export const AUTOSTART_KIND = 'autostart';
export const OBJECT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export { CONDITION_OPS, FIELD_TYPES, OBJECT_EVENTS, type ConditionOp, type FieldType, type ObjectEventKind };

export type FieldValue = string | number | boolean;

export interface Condition {
  field: string;
  op: ConditionOp;
  /** eq/ne: a value of the field's type; gt…lte: a number (number fields) or string; in: a list; exists: true (default) or false. */
  value?: FieldValue | FieldValue[];
}

export interface AutoStartRule {
  workflow: string;
  conditions: Condition[];
  /** Only on these events (default both). */
  on?: ObjectEventKind[];
}

export interface AutoStartDocument {
  objectType: string;
  tenant: string;
  /** The object type's fields and their types: conditions may name only these. */
  fields: Record<string, FieldType>;
  rules: AutoStartRule[];
}

export interface ObjectEvent {
  /** The event's id as the sender knows it: a repeat with the same id never starts twice. */
  id: string;
  event: ObjectEventKind;
  object: { type: string; id: string };
  fields: Record<string, unknown>;
}

export interface AutoStartOutcome {
  /** The rule (index) that matched, or null. */
  rule: number | null;
  workflow: string | null;
  /** The attachment started, or null (no rule matched, the object already has an active attachment, or a duplicate). */
  attachment: string | null;
  duplicate: boolean;
  reason: string;
}

/** Remembers object events: `begin` claims an event id (a repeat answers the recorded outcome); `done` records it. */
export interface EventLedger {
  begin(key: string, payload: unknown): Promise<{ duplicate: false } | { duplicate: true; outcome: AutoStartOutcome | null }>;
  done(key: string, outcome: AutoStartOutcome): Promise<void>;
}

/** An in-memory ledger (tests, single-process tools). */
export class MemoryEventLedger implements EventLedger {
  readonly #seen = new Map<string, AutoStartOutcome | null>();
  async begin(key: string): Promise<{ duplicate: false } | { duplicate: true; outcome: AutoStartOutcome | null }> {
    if (this.#seen.has(key)) return { duplicate: true, outcome: this.#seen.get(key) ?? null };
    this.#seen.set(key, null);
    return { duplicate: false };
  }
  async done(key: string, outcome: AutoStartOutcome): Promise<void> {
    this.#seen.set(key, outcome);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_RULES = 50;
const MAX_CONDITIONS = 20;

/** Every problem of an auto-start document, by path. */
export function autoStartProblems(input: unknown): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(input)) return [{ path: '', message: 'an object { objectType, fields, rules }' }];
  for (const key of Object.keys(input)) if (!['objectType', 'tenant', 'fields', 'rules'].includes(key)) add(key, 'unknown property');
  if (typeof input.objectType !== 'string' || !OBJECT_TYPE_PATTERN.test(input.objectType)) add('objectType', 'an object type such as PurchaseRequest');
  const fields = isObject(input.fields) ? input.fields : (add('fields', 'an object of field names and types (string, number, boolean)'), {});
  for (const [name, type] of Object.entries(fields)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) add(`fields.${name}`, 'a field name of letters, digits and _');
    if (!FIELD_TYPES.includes(type as FieldType)) add(`fields.${name}`, `the type is one of ${FIELD_TYPES.join(', ')}`);
  }
  if (!Array.isArray(input.rules)) {
    add('rules', 'a list of { workflow, conditions }');
    return problems;
  }
  if (input.rules.length > MAX_RULES) add('rules', `at most ${MAX_RULES} rules`);
  input.rules.forEach((rule: unknown, r) => {
    const at = `rules[${r}]`;
    if (!isObject(rule)) return add(at, 'an object { workflow, conditions }');
    for (const key of Object.keys(rule)) if (!['workflow', 'conditions', 'on'].includes(key)) add(`${at}.${key}`, 'unknown property');
    if (typeof rule.workflow !== 'string' || !SLUG_PATTERN.test(rule.workflow)) add(`${at}.workflow`, 'a workflow slug');
    if (rule.on !== undefined && (!Array.isArray(rule.on) || rule.on.length === 0 || rule.on.some((e) => !OBJECT_EVENTS.includes(e as ObjectEventKind)))) add(`${at}.on`, `a non-empty list of ${OBJECT_EVENTS.join(', ')}`);
    if (!Array.isArray(rule.conditions)) return add(`${at}.conditions`, 'a list of { field, op, value } (empty: always)');
    if (rule.conditions.length > MAX_CONDITIONS) add(`${at}.conditions`, `at most ${MAX_CONDITIONS} conditions`);
    rule.conditions.forEach((c: unknown, i) => {
      const cat = `${at}.conditions[${i}]`;
      if (!isObject(c)) return add(cat, 'an object { field, op, value }');
      for (const key of Object.keys(c)) if (!['field', 'op', 'value'].includes(key)) add(`${cat}.${key}`, 'unknown property');
      const type = typeof c.field === 'string' ? (fields[c.field] as FieldType | undefined) : undefined;
      if (typeof c.field !== 'string' || type === undefined) add(`${cat}.field`, `an unknown field${typeof c.field === 'string' ? ` "${c.field}"` : ''}: declare it in fields (${Object.keys(fields).join(', ') || 'none declared'})`);
      if (!CONDITION_OPS.includes(c.op as ConditionOp)) return add(`${cat}.op`, `an unknown operator${typeof c.op === 'string' ? ` "${c.op}"` : ''}: one of ${CONDITION_OPS.join(', ')}`);
      const op = c.op as ConditionOp;
      const ofType = (v: unknown) => (type === undefined ? ['string', 'number', 'boolean'].includes(typeof v) : typeof v === type);
      if (op === 'exists') {
        if (c.value !== undefined && typeof c.value !== 'boolean') add(`${cat}.value`, 'true (the field is present) or false (absent)');
      } else if (op === 'in') {
        if (!Array.isArray(c.value) || c.value.length === 0 || c.value.length > 100 || !c.value.every(ofType)) add(`${cat}.value`, `a non-empty list (at most 100) of ${type ?? 'values'}`);
      } else if (['gt', 'gte', 'lt', 'lte'].includes(op)) {
        if (type === 'boolean') add(`${cat}.op`, `${op} does not apply to a boolean field`);
        else if (!ofType(c.value)) add(`${cat}.value`, `a ${type ?? 'number or string'}`);
      } else if (!ofType(c.value)) add(`${cat}.value`, `a ${type ?? 'value'}`);
    });
  });
  return problems;
}

/** Whether `fields` satisfy every condition (and). A missing field fails every condition except `exists: false`. */
export function matches(conditions: readonly Condition[], fields: Record<string, unknown>): boolean {
  return conditions.every((c) => {
    const present = Object.prototype.hasOwnProperty.call(fields, c.field) && fields[c.field] !== null && fields[c.field] !== undefined;
    if (c.op === 'exists') return present === (c.value === undefined ? true : c.value === true);
    if (!present) return false;
    const v = fields[c.field];
    switch (c.op) {
      case 'eq': return v === c.value;
      case 'ne': return v !== c.value;
      case 'in': return Array.isArray(c.value) && c.value.includes(v as FieldValue);
      default: {
        if (typeof v !== typeof c.value || (typeof v !== 'number' && typeof v !== 'string')) return false;
        const a = v as number | string;
        const b = c.value as number | string;
        return c.op === 'gt' ? a > b : c.op === 'gte' ? a >= b : c.op === 'lt' ? a < b : a <= b;
      }
    }
  });
}

export class AutoStartService {
  constructor(
    private readonly workflows: WorkflowService,
    private readonly ledger: EventLedger,
  ) {}

  private get store() {
    return this.workflows.runtime.store;
  }

  /** Validates (422 naming every problem, unknown workflows included) and saves a new version for the object type. */
  async save(identity: Identity, input: unknown): Promise<{ objectType: string; version: number; document: AutoStartDocument }> {
    const tenant = WorkflowService.tenantOf(identity);
    if (isObject(input) && input.tenant !== undefined && input.tenant !== tenant) throw new AutomationError(`You may configure tenant "${tenant}" only`, 403, 'forbidden');
    const problems = autoStartProblems(isObject(input) ? { ...input, tenant } : input);
    const doc = { ...(input as AutoStartDocument), tenant };
    if (problems.length === 0) {
      for (const [r, rule] of doc.rules.entries()) {
        if (!(await this.store.definitionHead(WORKFLOW_KIND, definitionName(tenant, rule.workflow)))) problems.push({ path: `rules[${r}].workflow`, message: `no workflow "${rule.workflow}" in tenant ${tenant}` });
      }
    }
    if (problems.length) throw new InvalidWorkflowError(problems);
    const saved = await this.store.saveDefinition({
      kind: AUTOSTART_KIND, name: definitionName(tenant, doc.objectType), document: doc as unknown as JsonObject, active: true, savedAt: this.workflows.runtime.now, ...(identity.id ? { savedBy: identity.id } : {}),
    });
    return { objectType: doc.objectType, version: saved.version, document: doc };
  }

  async get(identity: Identity, objectType: string): Promise<{ objectType: string; version: number; document: AutoStartDocument } | undefined> {
    const head = await this.store.definitionHead(AUTOSTART_KIND, definitionName(WorkflowService.tenantOf(identity), objectType));
    return head ? { objectType, version: head.version, document: head.document as unknown as AutoStartDocument } : undefined;
  }

  async list(identity: Identity): Promise<{ objectType: string; version: number; rules: number }[]> {
    const prefix = `${WorkflowService.tenantOf(identity)}/`;
    const out: { objectType: string; version: number; rules: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.listDefinitions(AUTOSTART_KIND, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const head of page.items) if (head.name.startsWith(prefix)) out.push({ objectType: head.name.slice(prefix.length), version: head.version, rules: (head.document as unknown as AutoStartDocument).rules.length });
      cursor = page.cursor;
    } while (cursor);
    return out;
  }

  /**
   * Evaluates the object type's rules on an event and starts the first matching rule's workflow
   * (as the identity). A repeated event id answers its first outcome and never attaches twice;
   * an object with an active attachment is left as it is.
   */
  async onEvent(identity: Identity, event: ObjectEvent): Promise<AutoStartOutcome & { view?: AttachmentView }> {
    const tenant = WorkflowService.tenantOf(identity) ?? DEFAULT_TENANT;
    const key = `object-event:${tenant}/${event.object.type}/${event.id}`;
    const claim = await this.ledger.begin(key, { event: event.event, object: event.object, fields: event.fields });
    if (claim.duplicate && claim.outcome) return { ...claim.outcome, duplicate: true };
    const outcome = await this.evaluate(identity, event);
    await this.ledger.done(key, { rule: outcome.rule, workflow: outcome.workflow, attachment: outcome.attachment, duplicate: false, reason: outcome.reason });
    return claim.duplicate ? { ...outcome, duplicate: true } : outcome;
  }

  private async evaluate(identity: Identity, event: ObjectEvent): Promise<AutoStartOutcome & { view?: AttachmentView }> {
    const config = await this.get(identity, event.object.type);
    const none = (reason: string, rule: number | null = null, workflow: string | null = null) => ({ rule, workflow, attachment: null, duplicate: false, reason });
    if (!config) return none(`no auto-start rules for ${event.object.type}`);
    const index = config.document.rules.findIndex((r) => (r.on ?? OBJECT_EVENTS).includes(event.event) && matches(r.conditions, event.fields));
    if (index < 0) return none('no rule matched');
    const rule = config.document.rules[index]!;
    try {
      const view = await this.workflows.attach(identity, rule.workflow, { object: event.object, metadata: event.fields as JsonObject });
      return { rule: index, workflow: rule.workflow, attachment: view.id, duplicate: false, reason: 'started', view };
    } catch (error) {
      // an object with an active attachment keeps it (a repeat of a lost outcome lands here too)
      if (error instanceof AttachmentConflictError) return { ...none('the object already has an active attachment', index, rule.workflow), attachment: error.holder ?? null };
      throw error;
    }
  }
}
