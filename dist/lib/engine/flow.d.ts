import type { z } from 'zod';
import { DagTask } from './nodes/dag-task.js';
import { Execute, type ExecuteFn } from './nodes/execute.js';
import { End, Join, Split } from './nodes/flow-control.js';
import { Form, type FormOptions } from './nodes/form.js';
import { If } from './nodes/if.js';
import type { Condition } from './nodes/node.js';
import { Repeat } from './nodes/repeat.js';
import { SendMessage } from './nodes/send-message.js';
import type { MessageTarget } from './messages.js';
import { type Ref, type Target } from './refs.js';
import type { Task } from './task.js';
import type { JsonObject } from './json.js';
type Computed<D extends object, T> = T | ((this: unknown, task: Task<D>) => T | Promise<T>);
/** The node factories, typed for automations whose data is `D`. */
export interface FlowBuilder<D extends object> {
    /** `fn`: a function, a Ref, or a method's name (`'self.init'`). */
    Execute<A extends unknown[]>(fn: ExecuteFn<D, A> | Ref | string, ...args: A): Execute<D, A>;
    /** A DAG task: `flow.Task(fn).After('extract', 'clean')` runs once both have finished (see docs/engine.md). */
    Task(fn: ((this: unknown, task: Task<D>) => unknown) | Ref): DagTask<D>;
    If(condition: Condition<D>): If<D>;
    Split(): Split<D>;
    Join(): Join<D>;
    End(): End<D>;
    Form<S extends z.ZodType>(schema: S, options?: FormOptions): Form<D, S>;
    /** A Form that edits the record under `key` in the data (the seeds' ModelForm). */
    ModelForm<S extends z.ZodType>(schema: S, key: string, options?: Omit<FormOptions, 'saveAs'>): Form<D, S>;
    Repeat(start?: Target): Repeat<D>;
    SendMessage(to: MessageTarget | Ref | ((this: unknown, task: Task<D>) => MessageTarget | Promise<MessageTarget>), message: string, token?: Computed<D, string | undefined>, data?: Computed<D, Record<string, unknown> | undefined>): SendMessage<D>;
    /** Untyped forward references: `flow.this.later`. Prefer `refs<MyAutomation>()` for checked names. */
    readonly this: Readonly<Record<string, Ref>>;
    /** The same factories typed for other data. */
    typed<T extends object>(): FlowBuilder<T>;
}
/** `flow.Execute(…)`, `flow.If(…)` … as in the seeds; `flow.typed<Data>()` types the callbacks. */
export declare const flow: FlowBuilder<JsonObject>;
export {};
