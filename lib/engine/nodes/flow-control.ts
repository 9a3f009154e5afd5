import type { Target } from '../refs.js';
import { Node } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

/** Starts one parallel path per `.Next()`; the paths meet again at a Join. */
export class Split<D extends object = object> extends Node<D> {
  readonly kind = 'Split';
  protected paths: readonly Target[] = [];

  /** On a Split, each `.Next()` adds a path. */
  override Next(target: Target): this {
    return this.with((copy) => {
      copy.paths = [...copy.paths, target];
    });
  }

  override targets(): Target[] {
    return [...this.paths];
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    return { kind: 'split', to: this.paths.map((p) => ctx.target(p)) };
  }
}

/** Waits until every path started by the same Split has arrived. */
export class Join<D extends object = object> extends Node<D> {
  readonly kind = 'Join';
  async run(): Promise<Outcome> {
    return { kind: 'join' };
  }
}

/** Finishes the instance (and cancels any other paths still open). */
export class End<D extends object = object> extends Node<D> {
  readonly kind = 'End';
  async run(): Promise<Outcome> {
    return { kind: 'end' };
  }
}
