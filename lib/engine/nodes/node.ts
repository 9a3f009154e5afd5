import type { FlowDefinition, FlowNode } from '../definition.js';
import type { Duration } from '../duration.js';
import type { JsonObject } from '../json.js';
import { memberRef, refName, selfRef, type Ref, type SelfName, type Target } from '../refs.js';
import type { Assignment } from '../state.js';
import type { NodeContext, Outcome } from './outcome.js';
import type { Task } from '../task.js';

/**
 * Something evaluated against a task: a constant, a function, or a reference to a method or
 * property (a Ref, or its name as a string: `'self.isVip'` or `'isVip'`).
 */
export type Condition<D extends object, S extends object = object> = boolean | Ref | string | ((this: unknown, task: Task<D, S>) => unknown);
/** A point in time; a string is an ISO time unless it is a `'self.name'` reference. */
export type TimeSpec<D extends object> = Date | number | string | Ref | ((this: unknown, task: Task<D>) => Date | number | string | Promise<Date | number | string>);
/** A span of time (zero or negative: already over); a string names a member (`'self.delay'`). */
export type DurationSpec<D extends object> = Duration | Ref | SelfName | string | ((this: unknown, task: Task<D>) => Duration | Promise<Duration>);

/** What a node's modifiers add to it. Plain data, so nodes can be copied and frozen. */
export interface Modifiers<D extends object> {
  next?: Target;
  asSoonAs?: Condition<D>;
  waitUntil?: TimeSpec<D>;
  waitFor?: DurationSpec<D>;
  skipIf?: Condition<D>;
  skipAfter?: Duration;
  description?: string;
}

/** An edge of a node in a diagram. */
export interface DiagramEdge {
  to: string;
  label?: string;
  style?: 'normal' | 'dotted' | 'thick';
}

/** What a kind's `problems()` may use: the flow, the node, and reporters that name the node. */
export interface NodeCheck {
  readonly def: FlowDefinition;
  readonly n: FlowNode;
  /** The declaration's members (methods and constants), for member references. */
  readonly members: Readonly<Record<string, unknown>>;
  /** A member of the automation that is not a node. */
  isMember(name: string): boolean;
  problem(text: string): void;
  /** Reports a reference to a node that does not exist. */
  checkNodeTarget(what: string, target: unknown): void;
  /** Reports a Ref to a member that does not exist. */
  checkMemberRef(what: string, spec: unknown): void;
}

/** A node a person completes: what task lists and form submission need. */
export interface HumanTask {
  readonly assignment: Assignment;
  readonly schema: { safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } };
  readonly formOptions: { description?: string; context?: JsonObject; saveAs?: string };
  jsonSchema(): JsonObject;
  /** Set for Approval steps: their items are decided through decisions (approve, reject…), never through submitForm. */
  readonly decisionOnly?: boolean;
}

/**
 * Base of every node. Nodes are immutable: each modifier returns a modified copy, so one
 * declaration can never carry state from one instance (or one automation) to the next.
 */
export abstract class Node<D extends object = object> {
  /** Short type name used in diagrams and task lists. */
  abstract readonly kind: string;
  protected modifiers: Modifiers<D> = {};

  get options(): Readonly<Modifiers<D>> {
    return this.modifiers;
  }

  /** Where the node continues when it fails (Execute and SendMessage offer `.OnError()`). */
  get onError(): Target | undefined {
    return undefined;
  }

  /** Node references this node makes besides `.Next()`, for validation and diagrams. */
  targets(): Target[] {
    return [];
  }

  /** Executes the node for one path, once its skip and wait modifiers have let it through. */
  abstract run(ctx: NodeContext<D>): Promise<Outcome>;

  /** The work of a node that handed itself to a background job (outcome 'background'); by default its run. */
  runDetached(ctx: NodeContext<D>): Promise<Outcome> {
    return this.run(ctx);
  }

  /**
   * Turns what a background job brought back (or a missed deadline, as a 'fail') into the
   * path's outcome, under the instance's lease. By default the job's outcome as is.
   */
  async settle(_ctx: NodeContext<D>, outcome: Outcome): Promise<Outcome> {
    return outcome;
  }

  /**
   * Whether `settle(ctx, outcome)` only changes this path's own entry and retires the path, so
   * that a background job's result can be committed without the lease and without a run (see
   * `Leases.withoutLease`). It must have no effects and start nothing. Default: no.
   */
  settlesAlone(_def: FlowDefinition, _ctx: NodeContext<D>, _outcome: Outcome): boolean {
    return false;
  }

  // ── what the validator, the diagram, the runner and the task list ask of a node ──
  // Each kind answers for itself here, so that adding a kind touches only its own module.

  /** Where the node itself continues (before `.OnError()` and skipping): by default its `next`. */
  protected ownSuccessors(_def: FlowDefinition, n: FlowNode): (string | null)[] {
    return [n.next];
  }

  /** Every node the node may continue at; null means "past the last node". */
  successors(def: FlowDefinition, n: FlowNode): (string | null)[] {
    const out = this.ownSuccessors(def, n);
    if (this.onError !== undefined) out.push(refName(this.onError)!);
    if (this.modifiers.skipIf !== undefined || this.modifiers.skipAfter !== undefined) out.push(n.next);
    return [...new Set(out)];
  }

  /** Problems specific to this kind, reported through `check` (the common ones are checked by validate.ts). */
  problems(_check: NodeCheck): void {}

  /**
   * Whether running the node may have effects outside the instance. Before such a node the run
   * holds the lease in the committed state; the outcomes of the nodes before it may still be
   * uncommitted (a crash re-runs them, each under its idempotency key) unless `afterCommit`.
   */
  get hasEffects(): boolean {
    return true;
  }

  /** Whether the node's effects announce what came before it (events of a committed change): everything before it is committed first. */
  get afterCommit(): boolean {
    return false;
  }

  /** `hasEffects` for the node as it stands in `def` (a kind whose effects depend on what its references name overrides it). */
  hasEffectsIn(_def: FlowDefinition): boolean {
    return this.hasEffects;
  }

  /** Whether the node always runs in its own invocation (a background job) rather than in the run. */
  get runsInBackground(): boolean {
    return false;
  }

  /** The flow may end at this node (End finishes it, Repeat loops forever). */
  get endsFlow(): boolean {
    return false;
  }

  /** Opens ('split') or closes ('join') parallel paths, for the split/join checks. */
  get splitRole(): 'split' | 'join' | undefined {
    return undefined;
  }

  /** A human task (a form) a person completes, or undefined for nodes the engine runs itself. */
  humanTask(): HumanTask | undefined {
    return undefined;
  }

  /** Mermaid's shape around a node's quoted label. */
  diagramShape(label: string): string {
    return `[${label}]`;
  }

  /** Extra lines under the node's name in diagrams. */
  diagramNotes(): string[] {
    return [];
  }

  /** The node's outgoing edges in a diagram. */
  diagramEdges(def: FlowDefinition, n: FlowNode): DiagramEdge[] {
    const errorTarget = this.onError === undefined ? undefined : refName(this.onError);
    const edges: DiagramEdge[] = [];
    for (const s of this.successors(def, n)) {
      if (s === null) continue;
      edges.push(s === errorTarget ? { to: s, style: 'dotted', label: 'error' } : this.plainEdge(s));
    }
    if ((this.modifiers.skipIf !== undefined || this.modifiers.skipAfter !== undefined) && n.next) edges.push({ to: n.next, style: 'dotted', label: 'skipped' });
    return edges;
  }

  protected plainEdge(to: string): DiagramEdge {
    return { to };
  }

  /** A copy of this node (same class, same fields) with `change` applied. */
  protected with(change: (copy: this) => void): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    change(copy);
    return copy;
  }

  protected modify(patch: Modifiers<D>): this {
    return this.with((copy) => {
      copy.modifiers = { ...copy.modifiers, ...patch };
    });
  }

  /** Continue with `target` instead of the next declared node. */
  Next(target: Target): this {
    return this.modify({ next: target });
  }
  /** Wait until `condition` holds; it is checked again on every run (polled and after messages). */
  AsSoonAs(condition: Condition<D>): this {
    return this.modify({ asSoonAs: memberRef(condition) });
  }
  /** Do not execute before this point in time (a Date, ms timestamp, ISO string, or a function of the task). */
  AfterWaitingUntil(time: TimeSpec<D>): this {
    return this.modify({ waitUntil: selfRef(time) });
  }
  /** Do not execute before this long after the node was reached (zero or negative: at once). */
  AfterWaitingFor(duration: DurationSpec<D>): this {
    return this.modify({ waitFor: memberRef(duration) });
  }
  /** Leave the node unexecuted (task message 'skipped') when `condition` holds. Checked before any waiting. */
  SkipIf(condition: Condition<D>): this {
    return this.modify({ skipIf: memberRef(condition) });
  }
  /** Skip the node once it has waited this long (e.g. a form nobody filled in). */
  SkipAfter(duration: Duration): this {
    return this.modify({ skipAfter: duration });
  }
  Description(text: string): this {
    return this.modify({ description: text });
  }
}
