import type { Automation } from './automation.js';
import type { Clock } from './clock.js';
import type { FlowDefinition, FlowNode } from './definition.js';
import type { MessageTarget } from './messages.js';
import type { NodeContext } from './nodes/outcome.js';
import { Ref } from './refs.js';
import type { InstanceState, PathState, TaskRecord } from './state.js';
import type { Task } from './task.js';

/**
 * What a step's context reaches in its run (InstanceRun implements it). The task and context
 * of a step are class instances rather than object literals with getters and a dozen closures:
 * V8 builds such literals slowly, and they were the runner's largest cost per node in memory.
 */
export interface StepHost {
  readonly def: FlowDefinition;
  readonly state: InstanceState;
  readonly automation: Automation<object>;
  readonly clock: Clock;
  readonly timeZone: string;
  markChanged(): void;
  resolveMessageTarget(spec: unknown, evaluate: (spec: unknown) => Promise<unknown>): Promise<MessageTarget>;
  send(target: MessageTarget, message: string, token: string | undefined, data: unknown): Promise<unknown>;
  writeTask(record: TaskRecord): void;
  flush(): Promise<void>;
  releaseUniqueKey(): void;
}

/** The task object node functions receive. `data` and `services` read through to the instance. */
export class StepTask implements Task<object> {
  readonly created: Date;
  readonly now: Date;
  readonly idempotencyKey: string;
  readonly hoursSinceCreated: () => number;

  constructor(
    readonly instanceId: string,
    readonly seq: number,
    readonly node: string,
    created: number,
    now: number,
    readonly automation: Automation<object>,
    clock: Clock,
  ) {
    this.created = new Date(created);
    this.now = new Date(now);
    this.idempotencyKey = `${instanceId}:${seq}`;
    this.hoursSinceCreated = () => (clock.now() - created) / 3_600_000; // an own function: callable detached
  }

  get data(): object {
    return this.automation.data;
  }
  set data(value: object) {
    (this.automation as { data: object }).data = value;
  }
  get services(): object {
    return this.automation.services;
  }
}

/**
 * A node's context for one step. Its functions are made when first read (an Execute step reads
 * none) and work detached, as the object literal's closures did (`openItem(…, ctx.writeTask)`).
 */
export class StepContext implements NodeContext<object> {
  constructor(
    private readonly host: StepHost,
    private readonly path: PathState,
    private readonly fn: FlowNode,
    readonly task: Task<object>,
    readonly now: number,
  ) {}

  get timeZone(): string {
    return this.host.timeZone;
  }
  get firstNode(): string {
    return this.host.def.first;
  }
  get instance(): InstanceState {
    return this.host.state;
  }

  get evaluate(): (spec: unknown, ...args: unknown[]) => Promise<unknown> {
    const automation = this.host.automation as unknown as Record<string, unknown>;
    const task = this.task;
    return async (spec: unknown, ...args: unknown[]): Promise<unknown> => {
      if (spec instanceof Ref) {
        const member = automation[spec.name];
        return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).call(automation, task, ...args) : member;
      }
      if (typeof spec === 'function') return (spec as (...a: unknown[]) => unknown).call(automation, task, ...args);
      return spec;
    };
  }

  get nodeName(): (branch: unknown) => string | undefined {
    const def = this.host.def;
    return (branch: unknown): string | undefined => {
      const name = branch instanceof Ref ? branch.name : typeof branch === 'string' ? branch.replace(/^self\./, '') : undefined;
      return name !== undefined && def.byName.has(name) ? name : undefined;
    };
  }

  get target(): (ref: unknown) => string {
    const nodeName = this.nodeName;
    const def = this.host.def;
    return (ref: unknown): string => {
      const name = nodeName(ref);
      if (name === undefined) throw new Error(`'${String(ref)}' is not a node of ${def.name}`);
      return name;
    };
  }

  get changed(): () => void {
    const host = this.host;
    return () => host.markChanged();
  }

  get anchor(): () => number {
    const { host, path, fn } = this;
    return () => {
      const anchors = host.state.anchors;
      if (anchors[fn.name] === undefined) {
        anchors[fn.name] = path.taskCreated!;
        host.markChanged();
      }
      return anchors[fn.name]!;
    };
  }

  get resolveMessageTarget(): (spec: unknown) => Promise<MessageTarget> {
    const host = this.host;
    const evaluate = this.evaluate;
    return (spec: unknown) => host.resolveMessageTarget(spec, evaluate);
  }

  get send(): (target: MessageTarget, message: string, token: string | undefined, data: unknown) => Promise<unknown> {
    const host = this.host;
    return (target, message, token, data) => host.send(target, message, token, data);
  }

  get writeTask(): (record: TaskRecord) => void {
    const host = this.host;
    return (record) => host.writeTask(record);
  }

  get commit(): () => Promise<void> {
    const host = this.host;
    return () => host.flush();
  }

  get releaseUniqueKey(): () => void {
    const host = this.host;
    return () => host.releaseUniqueKey();
  }
}
