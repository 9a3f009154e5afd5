import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { type Mail, type Mailer } from '../engine/mail.js';
/** Environment of the mailer. The endpoint comes from AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL (read by the SDK itself). */
export declare const MAIL_ENV: {
    /** The sender, a verified SES identity (an address, or any address of a verified domain): `Approvals <approvals@example.com>` or a bare address. */
    readonly from: "ATM_MAIL_FROM";
    /** Optional SES configuration set (event publishing, dedicated IPs). */
    readonly configurationSet: "ATM_MAIL_CONFIGURATION_SET";
};
/** The header that carries a mail's idempotency key (visible to recipients' systems and in aws-ses-v2-local's store). */
export declare const IDEMPOTENCY_HEADER = "X-Automations-Idempotency-Key";
/** The SES message tag carrying the key (in SES event publishing: bounces, deliveries, complaints). */
export declare const IDEMPOTENCY_TAG = "automations-idempotency-key";
export interface SesMailerOptions {
    from: string;
    configurationSet?: string;
    client?: SESv2Client;
}
/**
 * SES tag values allow only ASCII letters, digits, `_ - . @` and at most 256 characters: a
 * key that fits is sent as it is, any other as `sha256-<hex>` (the header keeps it verbatim).
 */
export declare function tagValueOf(key: string): string;
/**
 * A Mailer on Amazon SES v2 (SendEmail, simple content, UTF-8 subject and bodies). SES has no
 * idempotent send: a retried call sends the mail again, so delivery is at least once. The
 * idempotency key is attached as the X-Automations-Idempotency-Key header and the
 * automations-idempotency-key tag, so duplicates can be recognised; callers that must not
 * send twice record the key after a successful send and skip it when they retry.
 */
export declare class SesMailer implements Mailer {
    #private;
    constructor(options: SesMailerOptions);
    send(mail: Mail): Promise<{
        messageId: string;
    }>;
}
/**
 * An SES v2 client. The endpoint comes from `config.endpoint`, else AWS_ENDPOINT_URL_SESV2 or
 * AWS_ENDPOINT_URL of `env` (the SDK's own names), else the regional endpoint; against an endpoint on
 * this machine (aws-ses-v2-local) a region and placeholder credentials are filled in.
 */
export declare function createSesClient(config?: SESv2ClientConfig, env?: NodeJS.ProcessEnv): SESv2Client;
/** The deployment's mailer from ATM_MAIL_FROM (and ATM_MAIL_CONFIGURATION_SET); null when no sender is configured. */
export declare function sesMailerFromEnv(env?: NodeJS.ProcessEnv, client?: SESv2Client): SesMailer | null;
