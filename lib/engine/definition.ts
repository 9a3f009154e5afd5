import type { z } from 'zod';
import { Automation, type AutomationMeta } from './automation.js';
import { toMilliseconds } from './duration.js';
import { FlowDefinitionError } from './errors.js';
import { humanize, messageOfReceiver, receiverName, requirementsOf, type DataRequirements } from './messages.js';
import { Node } from './nodes/node.js';
import { isValidTimeZone } from './schedule.js';
import { flowProblems } from './validate.js';
export { RESERVED_NAMES } from './reserved-names.js';

export type AutomationClass<A extends Automation<object> = Automation<object>> = (new () => A) & { meta?: AutomationMeta };

export interface FlowNode {
  name: string;
  index: number;
  node: Node<object>;
  /** Where the node continues by default: `.Next()` or the next declared node; null past the last. */
  next: string | null;
}

export interface ReceiverInfo {
  message: string;
  method: string;
  label: string;
  requirements: DataRequirements | undefined;
}

/** An automation class compiled once: its nodes in order, resolved and validated. */
export interface FlowDefinition {
  name: string;
  verboseName: string;
  verboseNamePlural: string;
  cls: AutomationClass;
  nodes: readonly FlowNode[];
  byName: ReadonlyMap<string, FlowNode>;
  first: string;
  unique: boolean | readonly string[];
  timeZone: string | undefined;
  pollIntervalMs: number | undefined;
  publishReceivers: boolean;
  /** Receivers by message name ('updateSubscriber'). */
  receivers: ReadonlyMap<string, ReceiverInfo>;
  /** The class's other fields (constants), copied onto every instance. */
  constants: Readonly<Record<string, unknown>>;
  /** A declaration object, for resolving member references. */
  prototype: Automation<object>;
  /** The schema start data must match (meta.data), if any. */
  dataSchema: z.ZodType | undefined;
}

const cache = new WeakMap<AutomationClass, FlowDefinition>();

function collectReceivers(proto: object, declared: AutomationMeta['requireDataParameters'] = {}): Map<string, ReceiverInfo> {
  const receivers = new Map<string, ReceiverInfo>();
  for (let p: object | null = proto; p && p !== Automation.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const method of Object.getOwnPropertyNames(p)) {
      const message = messageOfReceiver(method);
      const value = (p as Record<string, unknown>)[method];
      if (message === undefined || typeof value !== 'function' || receivers.has(message)) continue;
      receivers.set(message, { message, method, label: humanize(message), requirements: declared[message] ?? requirementsOf(value) });
    }
  }
  return receivers;
}

export function automationName(cls: AutomationClass): string {
  return cls.meta?.name ?? cls.name;
}

/** Compiles (once per class) and validates an automation; every problem is reported in one error. */
export function defineFlow(cls: AutomationClass): FlowDefinition {
  const cached = cache.get(cls);
  if (cached) return cached;
  const name = automationName(cls);
  if (typeof cls !== 'function' || !(cls.prototype instanceof Automation)) {
    throw new FlowDefinitionError(String(name), ['is not a subclass of Automation']);
  }
  const meta: AutomationMeta = cls.meta ?? {};
  const problems: string[] = [];
  let declaration: Automation<object>;
  try {
    declaration = new cls();
  } catch (error) {
    throw new FlowDefinitionError(name, [`its declaration threw: ${(error as Error).message}`]);
  }

  const entries = Object.entries(declaration);
  const nodeEntries = entries.filter(([, v]) => v instanceof Node) as [string, Node<object>][];
  const constants = Object.fromEntries(entries.filter(([, v]) => !(v instanceof Node)));
  const nodes: FlowNode[] = nodeEntries.map(([nodeName, node], index) => ({
    name: nodeName,
    index,
    node: Object.freeze(node) as Node<object>,
    next: null,
  }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const n of nodes) {
    const explicit = n.node.options.next;
    const explicitName = explicit === undefined ? undefined : typeof explicit === 'string' ? explicit.replace(/^self\./, '') : explicit.name;
    n.next = explicitName ?? nodes[n.index + 1]?.name ?? null;
  }

  if (meta.timeZone !== undefined && !isValidTimeZone(meta.timeZone)) problems.push(`meta.timeZone "${meta.timeZone}" is not an IANA time zone`);
  let pollIntervalMs: number | undefined;
  if (meta.pollInterval !== undefined) {
    try {
      pollIntervalMs = toMilliseconds(meta.pollInterval);
    } catch (error) {
      problems.push(`meta.pollInterval: ${(error as Error).message}`);
    }
  }
  const unique = meta.unique ?? false;
  if (Array.isArray(unique) && (unique.length === 0 || unique.some((k) => typeof k !== 'string' || k === ''))) {
    problems.push('meta.unique must be true, false, or a non-empty list of data keys');
  }

  if (meta.data !== undefined && typeof (meta.data as { safeParse?: unknown }).safeParse !== 'function') problems.push('meta.data must be a zod schema');
  const types = new Set(['string', 'number', 'boolean', 'object', 'array']);
  for (const [message, requirements] of Object.entries(meta.requireDataParameters ?? {})) {
    if (typeof (cls.prototype as unknown as Record<string, unknown>)[receiverName(message)] !== 'function') {
      problems.push(`meta.requireDataParameters names "${message}", but there is no receiver ${receiverName(message)}()`);
    }
    for (const [key, type] of Object.entries(requirements)) {
      if (!types.has(type)) problems.push(`meta.requireDataParameters.${message}.${key}: "${type}" is not one of ${[...types].join(', ')}`);
    }
  }

  const definition: FlowDefinition = {
    name,
    verboseName: meta.verboseName ?? `Automation ${name}`,
    verboseNamePlural: meta.verboseNamePlural ?? `Automations ${name}`,
    cls,
    nodes,
    byName,
    first: nodes[0]?.name ?? '',
    unique,
    timeZone: meta.timeZone,
    pollIntervalMs,
    publishReceivers: meta.publishReceivers ?? false,
    receivers: collectReceivers(cls.prototype as object, meta.requireDataParameters),
    constants,
    prototype: declaration,
    dataSchema: meta.data,
  };
  problems.push(...flowProblems(definition));
  if (problems.length) throw new FlowDefinitionError(name, problems);
  Object.freeze(definition);
  cache.set(cls, definition);
  return definition;
}
