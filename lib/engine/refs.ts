/**
 * A reference to a member of the automation by name, resolved when the flow is compiled.
 * Class fields are initialised in order, so `this.later` is still undefined while an earlier
 * node is declared: a Ref (from `self.later`, or the string 'later') stands in for it.
 */
export class Ref<K extends string = string> {
  constructor(readonly name: K) {}
  toString(): string {
    return `self.${this.name}`;
  }
}

export type Refs<T> = { readonly [K in keyof T & string]: Ref<K> };

const anyRefs = new Proxy({} as Record<string, Ref>, {
  get: (_target, name) => (typeof name === 'string' ? new Ref(name) : undefined),
});

/**
 * `const self = refs<IssueDiscussion>()` before the class, then `.Next(self.moderation)`:
 * forward references that the compiler checks against the class's members.
 */
export function refs<T>(): Refs<T> {
  return anyRefs as Refs<T>;
}

/** An untyped reference proxy, for the seeds' `this.member` style: `flow.this.member`. */
export const self: Readonly<Record<string, Ref>> = anyRefs;

/** A node reference: its name, `'self.name'`, or a Ref. */
export type Target = string | Ref;

export function targetName(target: Target): string {
  if (target instanceof Ref) return target.name;
  return target.startsWith('self.') ? target.slice(5) : target;
}

/** The node or member name a value refers to (a Ref, 'name' or 'self.name'), or undefined for anything else. */
export function refName(value: unknown): string | undefined {
  if (value instanceof Ref) return value.name;
  if (typeof value === 'string') return value.startsWith('self.') ? value.slice(5) : value;
  return undefined;
}
