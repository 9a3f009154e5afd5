import type { FormValidator } from '../nodes/approval.js';
export type FieldType = 'string' | 'number' | 'integer' | 'boolean';
export interface FormField {
    type: FieldType;
    title?: string;
    description?: string;
    enum?: (string | number | boolean)[];
    minimum?: number;
    maximum?: number;
    minLength?: number;
    maxLength?: number;
}
export interface FormSchema {
    type: 'object';
    properties: Record<string, FormField>;
    required?: string[];
}
export declare const MAX_FORM_FIELDS = 50;
/** Every problem of a form, as [path below the form, message]. */
export declare function formProblems(form: unknown): [string, string][];
/** A validator for a form that passed `formProblems`. */
export declare function compileForm(form: FormSchema): FormValidator;
