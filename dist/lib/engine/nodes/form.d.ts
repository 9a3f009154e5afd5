import * as z from 'zod';
import type { JsonObject } from '../json.js';
import type { Assignment } from '../state.js';
import { Node, type HumanTask, type NodeCheck } from './node.js';
import type { NodeContext, Outcome } from './outcome.js';
export interface FormOptions {
    description?: string;
    /** Extra values for whoever renders the form. */
    context?: JsonObject;
    /**
     * The data key the submitted values are stored under (default: the node's name). Set it to
     * an existing record's key to edit that record, ModelForm-style: its values prefill the form.
     */
    saveAs?: string;
}
/**
 * A human task: the instance waits here until a user the task is assigned to submits values
 * that satisfy `schema`. Every assignment given must hold (user, each group, each permission).
 */
export declare class Form<D extends object = object, S extends z.ZodType = z.ZodType> extends Node<D> {
    readonly schema: S;
    readonly formOptions: FormOptions;
    readonly kind = "Form";
    protected assigned: Assignment;
    constructor(schema: S, formOptions?: FormOptions);
    User(userId: string): this;
    Group(name: string): this;
    Permission(name: string): this;
    get assignment(): Assignment;
    /** The form as JSON Schema, for renderers. */
    jsonSchema(): JsonObject;
    problems(check: NodeCheck): void;
    get hasEffects(): boolean;
    humanTask(): HumanTask;
    diagramShape(label: string): string;
    run(_ctx: NodeContext<D>): Promise<Outcome>;
}
/** A Form that edits the record stored under `key` in the instance's data. */
export declare function modelForm<D extends object, S extends z.ZodType>(schema: S, key: string, options?: Omit<FormOptions, 'saveAs'>): Form<D, S>;
