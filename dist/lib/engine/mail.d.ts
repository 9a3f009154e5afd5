/**
 * Outgoing e-mail, platform-neutral: the engine and its actions send through a Mailer; the
 * deployment's is Amazon SES v2 (lib/aws/ses-mailer.ts), `npm start` points that same adapter
 * at aws-ses-v2-local, and tests may use the MemoryMailer below.
 *
 * Delivery is at least once: a mail whose send succeeded at SES but whose caller crashed
 * before recording it is sent again when the caller retries. `idempotencyKey` travels with the
 * mail (adapters attach it as a header and a tag) so duplicates can be recognised downstream;
 * callers that must not send twice record the key after a successful send and skip it on retry.
 */
export interface Mail {
    /** Recipient addresses (at least one; at most 50, SES's limit per message). */
    to: string[];
    subject: string;
    text: string;
    html?: string;
    /** Stable across retries of the same logical send (e.g. an action's idempotency key). */
    idempotencyKey: string;
}
export interface Mailer {
    send(mail: Mail): Promise<{
        messageId: string;
    }>;
}
export declare const MAX_RECIPIENTS = 50;
export declare function isEmailAddress(value: string): boolean;
export declare class MailError extends Error {
    constructor(message: string);
}
/** Checks a mail before it is sent; throws a MailError naming every problem. */
export declare function checkMail(mail: Mail): Mail;
/** Keeps mails in memory (tests, dry runs). Like SES it does not dedupe: a repeated key is sent again. */
export declare class MemoryMailer implements Mailer {
    readonly sent: (Mail & {
        messageId: string;
    })[];
    send(mail: Mail): Promise<{
        messageId: string;
    }>;
}
