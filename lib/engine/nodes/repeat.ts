import { HOUR, MINUTE } from '../duration.js';
import type { FlowDefinition, FlowNode } from '../definition.js';
import { refName, type Target } from '../refs.js';
import { describeSchedule, nextOccurrence, type Schedule } from '../schedule.js';
import { Node, type DiagramEdge, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';

/**
 * Loops back to `start` (the first node by default) on a schedule, for automations that run
 * forever. The schedule counts from the Repeat's first execution, in the automation's time zone.
 */
export class Repeat<D extends object = object> extends Node<D> {
  readonly kind = 'Repeat';
  protected plan: Schedule | undefined = undefined;

  constructor(readonly start?: Target) {
    super();
  }

  private schedule(plan: Schedule): this {
    return this.with((copy) => {
      copy.plan = plan;
    });
  }
  /** Daily at this wall-clock time. */
  At(hour: number, minute = 0): this {
    return this.schedule({ kind: 'at', hour, minute });
  }
  EveryHour(hours = 1): this {
    return this.schedule({ kind: 'interval', ms: hours * HOUR });
  }
  EveryNMinutes(minutes: number): this {
    return this.schedule({ kind: 'interval', ms: minutes * MINUTE });
  }
  EveryNDays(days: number): this {
    return this.schedule({ kind: 'days', days });
  }
  EveryDay(): this {
    return this.schedule({ kind: 'days', days: 1 });
  }

  get scheduled(): Schedule | undefined {
    return this.plan;
  }

  override targets(): Target[] {
    return this.start === undefined ? [] : [this.start];
  }

  protected override ownSuccessors(def: FlowDefinition, _n: FlowNode): (string | null)[] {
    return [refName(this.start) ?? def.first];
  }

  override problems(check: NodeCheck): void {
    const name = check.n.name;
    check.checkNodeTarget('The start', this.start);
    const plan = this.plan;
    if (!plan) check.problem(`Repeat node '${name}' has no schedule: add .At(h, m), .EveryHour(), .EveryNMinutes(n), .EveryNDays(n) or .EveryDay()`);
    else if (plan.kind === 'at' && !(Number.isInteger(plan.hour) && plan.hour >= 0 && plan.hour < 24 && Number.isInteger(plan.minute) && plan.minute >= 0 && plan.minute < 60)) {
      check.problem(`Repeat node '${name}': .At(${plan.hour}, ${plan.minute}) is not a time of day`);
    } else if (plan.kind === 'interval' && !(plan.ms >= 60_000)) check.problem(`Repeat node '${name}' must repeat at most once a minute`);
    else if (plan.kind === 'days' && !(Number.isInteger(plan.days) && plan.days >= 1)) check.problem(`Repeat node '${name}': the number of days must be a whole number of at least 1`);
  }

  override get hasEffects(): boolean {
    return false;
  }
  override get endsFlow(): boolean {
    return true;
  }
  override diagramShape(label: string): string {
    return `{{${label}}}`;
  }
  override diagramNotes(): string[] {
    return this.plan ? [describeSchedule(this.plan)] : [];
  }
  protected override plainEdge(to: string): DiagramEdge {
    return { to, style: 'dotted', label: 'repeat' };
  }

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    const due = nextOccurrence(this.plan!, ctx.anchor(), ctx.task.created.getTime(), ctx.timeZone);
    if (ctx.now < due) return { kind: 'wait', reason: 'time', until: due };
    return { kind: 'next', to: this.start === undefined ? ctx.firstNode : ctx.target(this.start) };
  }
}
