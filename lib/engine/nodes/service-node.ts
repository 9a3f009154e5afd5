import { Node } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

/**
 * A node of a flow built from data (a process scheduler, an approval attachment) whose step is
 * one call into the runtime that built it, and which ends its path: the process schedule's fire,
 * the workflow outbox's drain.
 */
export class ServiceNode extends Node<object> {
  constructor(
    readonly kind: string,
    private readonly step: (ctx: NodeContext<object>) => Promise<Outcome>,
    private readonly serviceOptions: { afterCommit?: boolean } = {},
  ) {
    super();
  }
  override get afterCommit(): boolean {
    return this.serviceOptions.afterCommit === true;
  }
  protected override ownSuccessors(): (string | null)[] {
    return [];
  }
  override get endsFlow(): boolean {
    return true;
  }
  async run(ctx: NodeContext<object>): Promise<Outcome> {
    return this.step(ctx);
  }
}
