import type { Clock } from './clock.js';
import type { FlowDefinition } from './definition.js';
import { type Identity } from './identity.js';
import type { JsonObject } from './json.js';
import { assigneeKey, type Assignment, type DefinitionRef } from './state.js';
import type { Page, Store } from './store.js';
/** An open human task as a task list shows it. */
export interface OpenTask {
    instanceId: string;
    task: number;
    automation: string;
    verboseName: string;
    node: string;
    description: string | null;
    created: number;
    hoursSinceCreated: number;
    assignment: Assignment;
    /** When SkipAfter expires the task, if it does. */
    expiresAt: number | null;
    /** The form as JSON Schema. */
    schema: JsonObject;
}
/** Everything a form view needs. */
export interface TaskForm extends OpenTask {
    /** Values to prefill (the record a ModelForm edits). */
    values: JsonObject | null;
    context: JsonObject;
    data: JsonObject;
}
export interface TaskListQuery {
    automation?: string;
    limit?: number;
    cursor?: string;
}
/** The caller's open human tasks, and the form of one of them. */
export declare class TaskList {
    private readonly store;
    private readonly clock;
    /** The flow of a task's instance: its automation class, or (data-defined flows) its pinned definition. */
    private readonly definitionOf;
    constructor(store: Store, clock: Clock, 
    /** The flow of a task's instance: its automation class, or (data-defined flows) its pinned definition. */
    definitionOf: (of: {
        automation: string;
        definition?: DefinitionRef | undefined;
    }) => Promise<FlowDefinition | undefined>);
    /** Open tasks the user may complete, oldest (most urgent) first. */
    for(identity: Identity, query?: TaskListQuery): Promise<Page<OpenTask>>;
    /** The form of an open task, for a user it is open to. */
    form(instanceId: string, seq: number, identity: Identity): Promise<TaskForm>;
    private describe;
}
export { assigneeKey };
