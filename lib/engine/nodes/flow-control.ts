import type { FlowDefinition, FlowNode } from '../definition.js';
import { refName, type Target } from '../refs.js';
import { Node, type DiagramEdge, type NodeCheck } from './node.js';
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

  protected override ownSuccessors(): (string | null)[] {
    return this.paths.map((t) => refName(t)!);
  }

  override problems(check: NodeCheck): void {
    if (this.paths.length === 0) check.problem(`Split node '${check.n.name}' starts no paths: add .Next(…) once per path`);
    this.paths.forEach((t) => check.checkNodeTarget('A path', t));
  }

  override get hasEffects(): boolean {
    return false;
  }
  override get splitRole(): 'split' {
    return 'split';
  }
  override diagramShape(label: string): string {
    return `[[${label}]]`;
  }
  override diagramEdges(_def: FlowDefinition, _n: FlowNode): DiagramEdge[] {
    return this.paths.map((t) => ({ to: refName(t)!, style: 'thick' as const }));
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    return { kind: 'split', to: this.paths.map((p) => ctx.target(p)) };
  }
}

/** Waits until every path started by the same Split has arrived. */
export class Join<D extends object = object> extends Node<D> {
  readonly kind = 'Join';
  override get hasEffects(): boolean {
    return false;
  }
  override get splitRole(): 'join' {
    return 'join';
  }
  override diagramShape(label: string): string {
    return `[[${label}]]`;
  }
  async run(): Promise<Outcome> {
    return { kind: 'join' };
  }
}

/** Finishes the instance (and cancels any other paths still open). */
export class End<D extends object = object> extends Node<D> {
  readonly kind = 'End';
  protected override ownSuccessors(): (string | null)[] {
    return [];
  }
  override successors(): (string | null)[] {
    return []; // an End goes nowhere, whatever its modifiers say
  }
  override get hasEffects(): boolean {
    return false;
  }
  override get endsFlow(): boolean {
    return true;
  }
  override diagramShape(label: string): string {
    return `([${label}])`;
  }
  async run(): Promise<Outcome> {
    return { kind: 'end' };
  }
}
