import * as z from 'zod';
import { Node } from './node.js';
/**
 * A human task: the instance waits here until a user the task is assigned to submits values
 * that satisfy `schema`. Every assignment given must hold (user, each group, each permission).
 */
export class Form extends Node {
    schema;
    formOptions;
    kind = 'Form';
    assigned = {};
    constructor(schema, formOptions = {}) {
        super();
        this.schema = schema;
        this.formOptions = formOptions;
        if (formOptions.description !== undefined)
            this.modifiers = { description: formOptions.description };
    }
    User(userId) {
        return this.with((copy) => {
            copy.assigned = { ...copy.assigned, user: userId };
        });
    }
    Group(name) {
        return this.with((copy) => {
            copy.assigned = { ...copy.assigned, groups: [...(copy.assigned.groups ?? []), name] };
        });
    }
    Permission(name) {
        return this.with((copy) => {
            copy.assigned = { ...copy.assigned, permissions: [...(copy.assigned.permissions ?? []), name] };
        });
    }
    get assignment() {
        return this.assigned;
    }
    /** The form as JSON Schema, for renderers. */
    jsonSchema() {
        return z.toJSONSchema(this.schema, { unrepresentable: 'any' });
    }
    problems(check) {
        if (typeof this.schema?.safeParse !== 'function')
            check.problem(`Form node '${check.n.name}' needs a zod schema`);
    }
    get hasEffects() {
        return false;
    }
    humanTask() {
        return this;
    }
    diagramShape(label) {
        return `[/${label}/]`;
    }
    async run(_ctx) {
        return { kind: 'wait', reason: 'form', assignment: this.assigned };
    }
}
/** A Form that edits the record stored under `key` in the instance's data. */
export function modelForm(schema, key, options = {}) {
    return new Form(schema, { ...options, saveAs: key });
}
