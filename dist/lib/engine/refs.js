/**
 * A reference to a member of the automation by name, resolved when the flow is compiled.
 * Class fields are initialised in order, so `this.later` is still undefined while an earlier
 * node is declared: a Ref (from `self.later`, or the string 'later') stands in for it.
 */
export class Ref {
    name;
    constructor(name) {
        this.name = name;
    }
    toString() {
        return `self.${this.name}`;
    }
}
const anyRefs = new Proxy({}, {
    get: (_target, name) => (typeof name === 'string' ? new Ref(name) : undefined),
});
/**
 * `const self = refs<IssueDiscussion>()` before the class, then `.Next(self.moderation)`:
 * forward references that the compiler checks against the class's members.
 */
export function refs() {
    return anyRefs;
}
/** An untyped reference proxy, for the seeds' `this.member` style: `flow.this.member`. */
export const self = anyRefs;
export function targetName(target) {
    if (target instanceof Ref)
        return target.name;
    return target.startsWith('self.') ? target.slice(5) : target;
}
/** The node or member name a value refers to (a Ref, 'name' or 'self.name'), or undefined for anything else. */
export function refName(value) {
    if (value instanceof Ref)
        return value.name;
    if (typeof value === 'string')
        return value.startsWith('self.') ? value.slice(5) : value;
    return undefined;
}
/**
 * Where a string may also be a value (a time, an instance id, a node name), only `'self.name'`
 * is a reference: it becomes a Ref when the node is declared, so the compiler checks it.
 */
export function selfRef(value) {
    return typeof value === 'string' && value.startsWith('self.') ? new Ref(value.slice(5)) : value;
}
/**
 * Where a string can only name a member (a condition, a function, a duration), `'name'` and
 * `'self.name'` both become a Ref: a string is never taken as a truthy constant.
 */
export function memberRef(value) {
    return typeof value === 'string' ? new Ref(targetName(value)) : value;
}
