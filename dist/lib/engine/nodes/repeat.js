import { HOUR, MINUTE } from '../duration.js';
import { refName } from '../refs.js';
import { describeSchedule, nextOccurrence } from '../schedule.js';
import { Node } from './node.js';
/**
 * Loops back to `start` (the first node by default) on a schedule, for automations that run
 * forever. The schedule counts from the Repeat's first execution, in the automation's time zone.
 */
export class Repeat extends Node {
    start;
    kind = 'Repeat';
    plan = undefined;
    constructor(start) {
        super();
        this.start = start;
    }
    schedule(plan) {
        return this.with((copy) => {
            copy.plan = plan;
        });
    }
    /** Daily at this wall-clock time. */
    At(hour, minute = 0) {
        return this.schedule({ kind: 'at', hour, minute });
    }
    EveryHour(hours = 1) {
        return this.schedule({ kind: 'interval', ms: hours * HOUR });
    }
    EveryNMinutes(minutes) {
        return this.schedule({ kind: 'interval', ms: minutes * MINUTE });
    }
    EveryNDays(days) {
        return this.schedule({ kind: 'days', days });
    }
    EveryDay() {
        return this.schedule({ kind: 'days', days: 1 });
    }
    get scheduled() {
        return this.plan;
    }
    targets() {
        return this.start === undefined ? [] : [this.start];
    }
    ownSuccessors(def, _n) {
        return [refName(this.start) ?? def.first];
    }
    problems(check) {
        const name = check.n.name;
        check.checkNodeTarget('The start', this.start);
        const plan = this.plan;
        if (!plan)
            check.problem(`Repeat node '${name}' has no schedule: add .At(h, m), .EveryHour(), .EveryNMinutes(n), .EveryNDays(n) or .EveryDay()`);
        else if (plan.kind === 'at' && !(Number.isInteger(plan.hour) && plan.hour >= 0 && plan.hour < 24 && Number.isInteger(plan.minute) && plan.minute >= 0 && plan.minute < 60)) {
            check.problem(`Repeat node '${name}': .At(${plan.hour}, ${plan.minute}) is not a time of day`);
        }
        else if (plan.kind === 'interval' && !(plan.ms >= 60_000))
            check.problem(`Repeat node '${name}' must repeat at most once a minute`);
        else if (plan.kind === 'days' && !(Number.isInteger(plan.days) && plan.days >= 1))
            check.problem(`Repeat node '${name}': the number of days must be a whole number of at least 1`);
    }
    get hasEffects() {
        return false;
    }
    get endsFlow() {
        return true;
    }
    diagramShape(label) {
        return `{{${label}}}`;
    }
    diagramNotes() {
        return this.plan ? [describeSchedule(this.plan)] : [];
    }
    plainEdge(to) {
        return { to, style: 'dotted', label: 'repeat' };
    }
    async run(ctx) {
        const due = nextOccurrence(this.plan, ctx.anchor(), ctx.task.created.getTime(), ctx.timeZone);
        if (ctx.now < due)
            return { kind: 'wait', reason: 'time', until: due };
        return { kind: 'next', to: this.start === undefined ? ctx.firstNode : ctx.target(this.start) };
    }
}
