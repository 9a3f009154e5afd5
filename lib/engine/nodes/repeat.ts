import { HOUR, MINUTE } from '../duration.js';
import type { Target } from '../refs.js';
import { nextOccurrence, type Schedule } from '../schedule.js';
import { Node } from './node.js';
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

  async run(ctx: NodeContext<D>): Promise<Outcome> {
    const due = nextOccurrence(this.plan!, ctx.anchor(), ctx.task.created.getTime(), ctx.timeZone);
    if (ctx.now < due) return { kind: 'wait', reason: 'time', until: due };
    return { kind: 'next', to: this.start === undefined ? ctx.firstNode : ctx.target(this.start) };
  }
}
