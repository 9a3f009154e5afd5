import type { Identity } from '../identity.js';
import { WorkflowService, type AttachmentView } from './service.js';
import { type WorkflowProblem } from './validate-workflow.js';
export declare const AUTOSTART_KIND = "autostart";
export declare const OBJECT_TYPE_PATTERN: RegExp;
export declare const FIELD_TYPES: readonly ["string", "number", "boolean"];
export type FieldType = (typeof FIELD_TYPES)[number];
export declare const CONDITION_OPS: readonly ["eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"];
export type ConditionOp = (typeof CONDITION_OPS)[number];
export declare const OBJECT_EVENTS: readonly ["created", "updated"];
export type ObjectEventKind = (typeof OBJECT_EVENTS)[number];
export type FieldValue = string | number | boolean;
export interface Condition {
    field: string;
    op: ConditionOp;
    /** eq/ne: a value of the field's type; gt…lte: a number (number fields) or string; in: a list; exists: true (default) or false. */
    value?: FieldValue | FieldValue[];
}
export interface AutoStartRule {
    workflow: string;
    conditions: Condition[];
    /** Only on these events (default both). */
    on?: ObjectEventKind[];
}
export interface AutoStartDocument {
    objectType: string;
    tenant: string;
    /** The object type's fields and their types: conditions may name only these. */
    fields: Record<string, FieldType>;
    rules: AutoStartRule[];
}
export interface ObjectEvent {
    /** The event's id as the sender knows it: a repeat with the same id never starts twice. */
    id: string;
    event: ObjectEventKind;
    object: {
        type: string;
        id: string;
    };
    fields: Record<string, unknown>;
}
export interface AutoStartOutcome {
    /** The rule (index) that matched, or null. */
    rule: number | null;
    workflow: string | null;
    /** The attachment started, or null (no rule matched, the object already has an active attachment, or a duplicate). */
    attachment: string | null;
    duplicate: boolean;
    reason: string;
}
/** Remembers object events: `begin` claims an event id (a repeat answers the recorded outcome); `done` records it. */
export interface EventLedger {
    begin(key: string, payload: unknown): Promise<{
        duplicate: false;
    } | {
        duplicate: true;
        outcome: AutoStartOutcome | null;
    }>;
    done(key: string, outcome: AutoStartOutcome): Promise<void>;
}
/** An in-memory ledger (tests, single-process tools). */
export declare class MemoryEventLedger implements EventLedger {
    #private;
    begin(key: string): Promise<{
        duplicate: false;
    } | {
        duplicate: true;
        outcome: AutoStartOutcome | null;
    }>;
    done(key: string, outcome: AutoStartOutcome): Promise<void>;
}
/** Every problem of an auto-start document, by path. */
export declare function autoStartProblems(input: unknown): WorkflowProblem[];
/** Whether `fields` satisfy every condition (and). A missing field fails every condition except `exists: false`. */
export declare function matches(conditions: readonly Condition[], fields: Record<string, unknown>): boolean;
export declare class AutoStartService {
    private readonly workflows;
    private readonly ledger;
    constructor(workflows: WorkflowService, ledger: EventLedger);
    private get store();
    /** Validates (422 naming every problem, unknown workflows included) and saves a new version for the object type. */
    save(identity: Identity, input: unknown): Promise<{
        objectType: string;
        version: number;
        document: AutoStartDocument;
    }>;
    get(identity: Identity, objectType: string): Promise<{
        objectType: string;
        version: number;
        document: AutoStartDocument;
    } | undefined>;
    list(identity: Identity): Promise<{
        objectType: string;
        version: number;
        rules: number;
    }[]>;
    /**
     * Evaluates the object type's rules on an event and starts the first matching rule's workflow
     * (as the identity). A repeated event id answers its first outcome and never attaches twice;
     * an object with an active attachment is left as it is.
     */
    onEvent(identity: Identity, event: ObjectEvent): Promise<AutoStartOutcome & {
        view?: AttachmentView;
    }>;
    private evaluate;
}
