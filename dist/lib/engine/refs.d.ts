/**
 * A reference to a member of the automation by name, resolved when the flow is compiled.
 * Class fields are initialised in order, so `this.later` is still undefined while an earlier
 * node is declared: a Ref (from `self.later`, or the string 'later') stands in for it.
 */
export declare class Ref<K extends string = string> {
    readonly name: K;
    constructor(name: K);
    toString(): string;
}
export type Refs<T> = {
    readonly [K in keyof T & string]: Ref<K>;
};
/**
 * `const self = refs<IssueDiscussion>()` before the class, then `.Next(self.moderation)`:
 * forward references that the compiler checks against the class's members.
 */
export declare function refs<T>(): Refs<T>;
/** An untyped reference proxy, for the seeds' `this.member` style: `flow.this.member`. */
export declare const self: Readonly<Record<string, Ref>>;
/** A node reference: its name, `'self.name'`, or a Ref. */
export type Target = string | Ref;
export declare function targetName(target: Target): string;
/** The node or member name a value refers to (a Ref, 'name' or 'self.name'), or undefined for anything else. */
export declare function refName(value: unknown): string | undefined;
/** The seeds' string form of a member reference: `'self.worker_job'` means `this.worker_job`. */
export type SelfName = `self.${string}`;
/**
 * Where a string may also be a value (a time, an instance id, a node name), only `'self.name'`
 * is a reference: it becomes a Ref when the node is declared, so the compiler checks it.
 */
export declare function selfRef<T>(value: T): T | Ref;
/**
 * Where a string can only name a member (a condition, a function, a duration), `'name'` and
 * `'self.name'` both become a Ref: a string is never taken as a truthy constant.
 */
export declare function memberRef<T>(value: T): Exclude<T, string> | Ref;
