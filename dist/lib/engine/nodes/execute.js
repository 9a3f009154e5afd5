import { memberRef, Ref } from '../refs.js';
import { Node } from './node.js';
/**
 * Runs a function (or the subclass's `method`) with the task and the node's extra arguments.
 * Subclass it for speaking nodes: `class SendMail extends Execute<Data, [template: string]> { method(task, template) {…} }`.
 */
export class Execute extends Node {
    kind = 'Execute';
    fn = undefined;
    args;
    background = false;
    errorTarget = undefined;
    constructor(...args) {
        super();
        this.args = args;
    }
    /** `fn` is a function, a Ref, or a method's name (`'self.init'` or `'init'`). */
    static of(fn, ...args) {
        const node = new Execute(...args);
        node.fn = memberRef(fn);
        return node;
    }
    /** Run in its own invocation (a background job); the instance continues when it completes. */
    Threaded(on = true) {
        return this.with((copy) => {
            copy.background = on;
        });
    }
    /** Where to continue when the function throws; without it, the instance stops in the error state. */
    OnError(target) {
        return this.with((copy) => {
            copy.errorTarget = target;
        });
    }
    get threaded() {
        return this.background;
    }
    get runsInBackground() {
        return this.background;
    }
    get onError() {
        return this.errorTarget;
    }
    get callable() {
        return this.fn;
    }
    targets() {
        return this.errorTarget === undefined ? [] : [this.errorTarget];
    }
    problems(check) {
        const fn = this.fn;
        const name = check.n.name;
        if (fn instanceof Ref && typeof check.members[fn.name] !== 'function')
            check.problem(`Execute node '${name}' refers to '${fn.name}', which is not a method`);
        if (fn === undefined && typeof this.method !== 'function') {
            check.problem(`Execute node '${name}' has no function: pass one (a method reference such as this.init) or subclass Execute with a method`);
        }
    }
    async run(ctx) {
        try {
            const result = this.fn !== undefined
                ? await ctx.evaluate(this.fn, ...this.args)
                : await this.invokeMethod(ctx.task);
            return { kind: 'next', result };
        }
        catch (error) {
            return { kind: 'fail', error, ...(this.errorTarget === undefined ? {} : { to: ctx.target(this.errorTarget) }) };
        }
    }
    async invokeMethod(task) {
        if (typeof this.method !== 'function')
            throw new TypeError('An Execute node needs a function, or a subclass with a method');
        return this.method(task, ...this.args);
    }
}
