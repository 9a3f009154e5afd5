import type { Duration } from '../duration.js';
import { memberRef, selfRef, type Ref, type SelfName, type Target } from '../refs.js';
import type { NodeContext, Outcome } from './outcome.js';
import type { Task } from '../task.js';

/**
 * Something evaluated against a task: a constant, a function, or a reference to a method or
 * property (a Ref, or its name as a string: `'self.isVip'` or `'isVip'`).
 */
export type Condition<D extends object> = boolean | Ref | string | ((this: unknown, task: Task<D>) => unknown);
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
