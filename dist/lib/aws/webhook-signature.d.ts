import { AutomationError } from '../engine/errors.js';
/**
 * Webhook authentication: an HMAC-SHA256 over the timestamp, the route and the raw body.
 *
 *   X-Automations-Timestamp: 1767258000                 (Unix seconds)
 *   X-Automations-Signature: v1=<hex HMAC-SHA256(webhookSecret, "<timestamp>.<automation>.<message>.<body>")>
 *
 * The route is signed too, so that a body signed for one receiver cannot be replayed to
 * another. Deliveries older (or newer) than the tolerance are refused, which bounds how
 * long a captured request can be replayed; within the window the idempotency records
 * make a replay a no-op. Several `v1=` values (comma-separated) may be sent while a
 * secret is rotated; any one that verifies is enough.
 */
export declare const TIMESTAMP_HEADER = "x-automations-timestamp";
export declare const SIGNATURE_HEADER = "x-automations-signature";
export declare const DEFAULT_TOLERANCE_SECONDS = 300;
export declare class WebhookAuthError extends AutomationError {
    constructor(message: string, code: 'missing_signature' | 'bad_signature' | 'expired');
}
export interface SignatureInput {
    secret: string;
    automation: string;
    message: string;
    body: string;
    /** Unix seconds; now when omitted. */
    timestamp?: number;
}
export declare function signatureBase(timestamp: number | string, automation: string, message: string, body: string): string;
/** The headers a sender adds to a delivery. */
export declare function signWebhook({ secret, automation, message, body, timestamp }: SignatureInput): Record<string, string>;
export interface VerifyInput {
    /** Accepted secrets (current first, then the one being rotated out). */
    secrets: readonly string[];
    headers: Readonly<Record<string, string | undefined>>;
    automation: string;
    message: string;
    body: string;
    /** Milliseconds; Date.now() when omitted. */
    now?: number;
    toleranceSeconds?: number;
}
export interface VerifiedDelivery {
    timestamp: number;
    /** The signature that verified (hex), usable as an idempotency key of last resort. */
    signature: string;
}
/** Checks a delivery's signature and age; throws WebhookAuthError (401) otherwise. */
export declare function verifyWebhook({ secrets, headers, automation, message, body, now, toleranceSeconds }: VerifyInput): VerifiedDelivery;
