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
export class Form<D extends object = object, S extends z.ZodType = z.ZodType> extends Node<D> {
  readonly kind = 'Form';
  protected assigned: Assignment = {};

  constructor(readonly schema: S, readonly formOptions: FormOptions = {}) {
    super();
    if (formOptions.description !== undefined) this.modifiers = { description: formOptions.description };
  }

  User(userId: string): this {
    return this.with((copy) => {
      copy.assigned = { ...copy.assigned, user: userId };
    });
  }
  Group(name: string): this {
    return this.with((copy) => {
      copy.assigned = { ...copy.assigned, groups: [...(copy.assigned.groups ?? []), name] };
    });
  }
  Permission(name: string): this {
    return this.with((copy) => {
      copy.assigned = { ...copy.assigned, permissions: [...(copy.assigned.permissions ?? []), name] };
    });
  }

  get assignment(): Assignment {
    return this.assigned;
  }

  /** The form as JSON Schema, for renderers. */
  jsonSchema(): JsonObject {
    return z.toJSONSchema(this.schema, { unrepresentable: 'any' }) as JsonObject;
  }

  override problems(check: NodeCheck): void {
    if (typeof (this.schema as { safeParse?: unknown } | undefined)?.safeParse !== 'function') check.problem(`Form node '${check.n.name}' needs a zod schema`);
  }
  override get hasEffects(): boolean {
    return false;
  }
  override humanTask(): HumanTask {
    return this as unknown as HumanTask;
  }
  override diagramShape(label: string): string {
    return `[/${label}/]`;
  }

  async run(_ctx: NodeContext<D>): Promise<Outcome> {
    return { kind: 'wait', reason: 'form', assignment: this.assigned };
  }
}

/** A Form that edits the record stored under `key` in the instance's data. */
export function modelForm<D extends object, S extends z.ZodType>(schema: S, key: string, options: Omit<FormOptions, 'saveAs'> = {}): Form<D, S> {
  return new Form<D, S>(schema, { ...options, saveAs: key });
}
