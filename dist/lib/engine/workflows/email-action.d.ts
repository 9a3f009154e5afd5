import * as z from 'zod';
import type { Directory } from '../../identity/directory.js';
import { type Mailer } from '../mail.js';
import { type NotificationContext, type NotificationKind, type RecipientContext, type RecipientSpec, type SkippedRecipient } from './notifications.js';
export interface EmailActionParams {
    template: NotificationKind;
    /** Overrides the workflow's locale. */
    locale?: string;
    to: RecipientSpec;
    /** false: this action sends nothing (other actions of the event still run). */
    enabled: boolean;
}
/** What the workflow layer knows when an event's actions run. */
export interface WorkflowEventContext {
    notification: NotificationContext;
    recipients: RecipientContext;
    /** The workflow's locale (`en` when absent). */
    locale?: string;
}
/** The part of the registry's ActionContext this action uses, plus the workflow event. */
export interface EmailActionContext {
    idempotencyKey: string;
    logger?: {
        info(message: string, details?: Record<string, unknown>): void;
        warn(message: string, details?: Record<string, unknown>): void;
    };
    workflow?: WorkflowEventContext;
}
export interface EmailActionDeps {
    mailer: Mailer;
    directory: Directory;
    /** The global switch (ATM_MAIL_DISABLED=true): no e-mail at all, everything else unchanged. */
    disabled?: boolean;
}
export type EmailActionResult = {
    sent: false;
    reason: 'disabled';
    template: NotificationKind;
} | {
    sent: true | false;
    template: NotificationKind;
    locale: string;
    mails: {
        to: string;
        messageId: string;
    }[];
    skipped: SkippedRecipient[];
};
export declare const emailActionParams: z.ZodObject<{
    template: z.ZodEnum<{
        approved: "approved";
        rejected: "rejected";
        delegated: "delegated";
        actionRequired: "actionRequired";
        resubmissionRequired: "resubmissionRequired";
    }>;
    locale: z.ZodOptional<z.ZodString>;
    to: z.ZodObject<{
        roles: z.ZodOptional<z.ZodArray<z.ZodEnum<{
            delegate: "delegate";
            creator: "creator";
            starter: "starter";
            currentApprovers: "currentApprovers";
        }>>>;
        users: z.ZodOptional<z.ZodArray<z.ZodString>>;
        addresses: z.ZodOptional<z.ZodArray<z.ZodString>>;
    }, z.core.$strict>;
    enabled: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
/** The key of the mail to one recipient: stable for the same action key and address. */
export declare function mailIdempotencyKey(actionKey: string, address: string): string;
export declare class MissingWorkflowContextError extends Error {
    constructor();
}
export declare function createEmailAction(deps: EmailActionDeps): {
    name: "email";
    description: string;
    params: z.ZodType<EmailActionParams>;
    run(params: EmailActionParams, ctx: EmailActionContext): Promise<EmailActionResult>;
};
/** The global switch from ATM_MAIL_DISABLED (`true`/`1`). */
export declare function mailDisabledFromEnv(env?: NodeJS.ProcessEnv): boolean;
