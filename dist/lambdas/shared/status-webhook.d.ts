import { type ActionDefinition } from '../../lib/engine/actions/registry.js';
import { type HttpActionConfig } from '../../lib/engine/actions/http.js';
/** The signature's "automation" and "message" parts of a status webhook (what a receiver verifies with verifyWebhook). */
export declare const STATUS_WEBHOOK_SIGNATURE: {
    readonly automation: "workflows";
    readonly message: "status";
};
export declare const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
export interface StatusWebhookOptions {
    /** Signs each delivery (HMAC-SHA256 like the inbound webhooks: the webhook secret). */
    secret: string;
    /** The http action's allowlist: the receiver's host must be on it. */
    http: HttpActionConfig;
    fetch?: typeof fetch;
    timeoutMs?: number;
}
/**
 * `statusWebhook`: tells the owning system that an attachment completed or was rejected — a
 * POST of `{ event, type, tenant, workflow, attachment, object, status: { field, value } }`,
 * signed (x-automations-timestamp, x-automations-signature) and carrying the action's
 * idempotency key. A non-2xx answer throws, so the workflow outbox retries it (bounded) and
 * records the failure; the decision is never undone.
 */
export declare function createStatusWebhookAction(options: StatusWebhookOptions): ActionDefinition<unknown>;
