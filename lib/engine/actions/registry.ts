/**
 * Registered actions: what a process task runs. A deploying team registers each action in code
 * (a name, a zod schema for its params, a function); a process document only names it, so data
 * never holds code or import paths. Params are validated when a definition is saved and again
 * (with the schema's defaults and transforms) when the task runs.
 */
import type { z } from 'zod';
import { DataValidationError } from '../errors.js';
import { toJsonResult, type Json } from '../json.js';

export interface ActionLogger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** How actions reach the code-defined automations of the engine they run in. */
export interface AutomationPort {
  start(automation: string, data: Record<string, unknown>, options?: { idempotencyKey?: string }): Promise<{ id: string }>;
  sendMessage(
    target: { id?: string; key?: string; automation: string },
    message: string,
    data: Record<string, unknown>,
    options?: { idempotencyKey?: string },
  ): Promise<unknown>;
}

export interface ActionContext {
  logger: ActionLogger;
  /** Stable across re-runs of the same task visit: pass it to the services you call. */
  idempotencyKey: string;
  /** Epoch ms by which the action must have finished (the task's timeout). */
  deadline: number;
  /** Aborted when the deadline passes or the run is cancelled. */
  signal: AbortSignal;
  automations: AutomationPort;
  /** Set when the action runs as a task of a process job (or its error hook). */
  process?: { name: string; version: number; job: string; task: string };
}

export interface ActionDefinition<P = unknown> {
  /** Letters, digits, `.`, `_` and `-`, starting with a letter (`http`, `sales.load`). */
  name: string;
  description?: string;
  /** Validates the params a task gives (at save and at run); its output is what `run` receives. */
  params: z.ZodType<P>;
  /** The returned JSON is the task's output (bounded when stored). */
  run(params: P, ctx: ActionContext): Promise<Json | void>;
}

export interface ParamProblem {
  /** Where in the params, `url`, `headers.Accept`, `items[2].id`; empty for the params as a whole. */
  path: string;
  message: string;
}

export type ParamsValidation<P = unknown> = { ok: true; params: P } | { ok: false; problems: ParamProblem[] };

export const ACTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9._-]{0,99}$/;

/** Identity helper that keeps the params type of `run` tied to the schema. */
export function defineAction<P>(def: ActionDefinition<P>): ActionDefinition<P> {
  return def;
}

/** `a.b[0].c` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Problems from zod issues; each unknown key becomes its own problem at its own path. */
export function problemsOfIssues(issues: readonly { code?: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] }[]): ParamProblem[] {
  const out: ParamProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) out.push({ path: formatIssuePath([...issue.path, key]), message: 'unknown field' });
    } else out.push({ path: formatIssuePath(issue.path), message: issue.message });
  }
  return out;
}

/** A task's params were refused when it ran (the definition was saved against another schema). */
export class ActionParamsError extends DataValidationError {
  constructor(readonly action: string, readonly problems: readonly ParamProblem[]) {
    super(`Params of action "${action}" are invalid: ${problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ')}`, 422);
  }
}

export class UnknownActionError extends DataValidationError {
  constructor(readonly action: string) {
    super(`No action named "${action}" is registered`, 404);
  }
}

export class ActionRegistry {
  readonly #actions = new Map<string, ActionDefinition<unknown>>();

  constructor(...defs: ActionDefinition<unknown>[]) {
    this.register(...defs);
  }

  /** Adds actions; a bad name, a missing schema or function, or a name taken throws (a deployment error). */
  register(...defs: ActionDefinition<unknown>[]): this {
    for (const def of defs) {
      if (typeof def?.name !== 'string' || !ACTION_NAME_PATTERN.test(def.name)) {
        throw new TypeError(`Action name ${JSON.stringify(def?.name)} is invalid: use letters, digits, ".", "_" and "-", starting with a letter (at most 100 characters)`);
      }
      if (typeof (def.params as { safeParse?: unknown } | undefined)?.safeParse !== 'function') throw new TypeError(`Action "${def.name}" needs a zod schema as params`);
      if (typeof def.run !== 'function') throw new TypeError(`Action "${def.name}" needs a run function`);
      if (this.#actions.has(def.name)) throw new TypeError(`An action named "${def.name}" is already registered`);
      this.#actions.set(def.name, def);
    }
    return this;
  }

  get(name: string): ActionDefinition<unknown> | undefined {
    return this.#actions.get(name);
  }

  has(name: string): boolean {
    return this.#actions.has(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#actions.keys()].sort();
  }

  /** Checks params (absent params count as `{}`) against the action's schema, listing every problem. */
  validateParams(name: string, params: unknown): ParamsValidation {
    const action = this.#actions.get(name);
    if (!action) return { ok: false, problems: [{ path: '', message: `no action named "${name}" is registered` }] };
    const result = action.params.safeParse(params === undefined ? {} : params);
    if (result.success) return { ok: true, params: result.data };
    return { ok: false, problems: problemsOfIssues(result.error.issues) };
  }

  /**
   * Runs an action: params are validated (and transformed) first, the output is bounded JSON
   * (`null` when the action returns nothing). The action's own errors propagate unchanged.
   */
  async invoke(name: string, params: unknown, ctx: ActionContext): Promise<Json> {
    const action = this.#actions.get(name);
    if (!action) throw new UnknownActionError(name);
    const checked = this.validateParams(name, params);
    if (!checked.ok) throw new ActionParamsError(name, checked.problems);
    return toJsonResult(await action.run(checked.params, ctx));
  }
}
