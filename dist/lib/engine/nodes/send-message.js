import { isValidMessageName } from '../messages.js';
import { selfRef } from '../refs.js';
import { Node } from './node.js';
/**
 * Sends a message to an instance (by id or object) or to every running instance of a class.
 * The target may also be a member (a Ref or `'self.name'`): a method of the task, or a property.
 */
export class SendMessage extends Node {
    message;
    token;
    payload;
    kind = 'SendMessage';
    errorTarget = undefined;
    to;
    constructor(to, message, token, payload) {
        super();
        this.message = message;
        this.token = token;
        this.payload = payload;
        this.to = selfRef(to);
    }
    /** Where to continue when the message cannot be delivered (e.g. the target does not exist). */
    OnError(target) {
        return this.with((copy) => {
            copy.errorTarget = target;
        });
    }
    get onError() {
        return this.errorTarget;
    }
    targets() {
        return this.errorTarget === undefined ? [] : [this.errorTarget];
    }
    problems(check) {
        check.checkMemberRef('The target', this.to);
        if (!isValidMessageName(this.message))
            check.problem(`SendMessage node '${check.n.name}': "${this.message}" is not a valid message name`);
    }
    async run(ctx) {
        try {
            const target = await ctx.resolveMessageTarget(this.to);
            const token = typeof this.token === 'function' ? await ctx.evaluate(this.token) : this.token;
            const data = typeof this.payload === 'function' ? await ctx.evaluate(this.payload) : this.payload;
            const result = await ctx.send(target, this.message, token, data ?? {});
            return { kind: 'next', result };
        }
        catch (error) {
            return { kind: 'fail', error, ...(this.errorTarget === undefined ? {} : { to: ctx.target(this.errorTarget) }) };
        }
    }
}
