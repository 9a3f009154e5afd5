/**
 * Notification e-mails of approval workflows: the templates (approved, rejected, action
 * required, delegated, resubmission required) in English and Arabic, and who receives them.
 *
 * Templates are trusted text with `{placeholders}`; every value put into them (workflow and
 * stage names, object type and id, user names, reasons, links) comes from users, so it is
 * HTML-escaped in the HTML part, stripped of line breaks in the subject and of control
 * characters everywhere. A link is only ever an http(s) URL.
 */
import type { Directory } from '../../identity/directory.js';
export declare const NOTIFICATION_KINDS: readonly ["approved", "rejected", "actionRequired", "delegated", "resubmissionRequired"];
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** A text in several languages (`{ "en": "Purchase approval", "ar": "موافقة الشراء" }`), or one text for all. */
export type LocalizedText = string | Readonly<Record<string, string>>;
export interface NotificationPerson {
    id: string;
    name?: string;
}
/** What a notification is about; names may be per locale. */
export interface NotificationContext {
    workflow: {
        name: LocalizedText;
        slug?: string;
    };
    object: {
        type: string;
        id: string;
    };
    stage?: LocalizedText;
    pipeline?: LocalizedText;
    /** Who made the decision (approver, rejecter, delegator, who asked for resubmission). */
    actor?: NotificationPerson;
    /** Whom the decision was delegated to. */
    delegate?: NotificationPerson;
    reason?: string;
    /** Where to act or read more (the attachment or the inbox); only http(s) URLs are used. */
    link?: string;
}
export interface RenderedNotification {
    /** The locale whose templates were used (after fallback). */
    locale: string;
    /** Text direction of that locale, for the HTML part. */
    dir: 'ltr' | 'rtl';
    subject: string;
    text: string;
    html: string;
}
export declare const DEFAULT_LOCALE = "en";
export declare const NOTIFICATION_LOCALES: string[];
/** `ar-SA` → `ar`, `EN_gb` → `en`; an unknown or missing locale → `en`. */
export declare function notificationLocale(locale: string | undefined): string;
/** The text for `locale`: exact tag, then its language, then English, then any. */
export declare function localized(text: LocalizedText | undefined, locale: string): string | undefined;
export declare function escapeHtml(value: string): string;
/**
 * Renders a notification in `locale` (falling back to its language, then English). Unknown
 * kinds throw; every value of `context` is treated as untrusted text.
 */
export declare function renderNotification(kind: NotificationKind, locale: string | undefined, context: NotificationContext): RenderedNotification;
export declare const RECIPIENT_ROLES: readonly ["creator", "starter", "currentApprovers", "delegate"];
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];
/** Who should receive a notification: people by their role in the attachment, user ids, literal addresses. */
export interface RecipientSpec {
    roles?: readonly RecipientRole[];
    users?: readonly string[];
    addresses?: readonly string[];
}
/** The user ids behind each role at the moment of the event (current approvers after the change). */
export interface RecipientContext {
    tenant?: string;
    people: {
        creator?: string;
        starter?: string;
        currentApprovers?: readonly string[];
        delegate?: string;
    };
}
export interface Recipient {
    address: string;
    /** The user it was resolved from; absent for a literal address. */
    user?: string;
    /** How it was named: a role, `user`, or `address`. */
    via: RecipientRole | 'user' | 'address';
}
/** (A type alias, not an interface, so that results holding it are JSON values for action outputs.) */
export type SkippedRecipient = {
    /** `role:delegate`, `user:carol`, `address:not-an-address`. */
    who: string;
    reason: 'no one holds this role' | 'unknown user' | 'inactive user' | 'no e-mail address' | 'not an e-mail address';
};
export interface ResolvedRecipients {
    /** Deduplicated (case-insensitively), in the order first named. */
    addresses: string[];
    recipients: Recipient[];
    skipped: SkippedRecipient[];
}
/**
 * Resolves a recipient spec: roles to user ids, user ids through the directory (of the
 * context's tenant: a user of another tenant is unknown), plus literal addresses. Each user is
 * looked up once; an address is kept once; unknown and inactive users, users without an
 * address and malformed addresses are skipped with the reason.
 */
export declare function resolveRecipients(spec: RecipientSpec, context: RecipientContext, directory: Directory): Promise<ResolvedRecipients>;
