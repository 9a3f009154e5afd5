import { createHmac, timingSafeEqual } from 'node:crypto';
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
export const TIMESTAMP_HEADER = 'x-automations-timestamp';
export const SIGNATURE_HEADER = 'x-automations-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export class WebhookAuthError extends AutomationError {
  constructor(message: string, code: 'missing_signature' | 'bad_signature' | 'expired') {
    super(message, 401, code);
  }
}

export interface SignatureInput {
  secret: string;
  automation: string;
  message: string;
  body: string;
  /** Unix seconds; now when omitted. */
  timestamp?: number;
}

export function signatureBase(timestamp: number | string, automation: string, message: string, body: string): string {
  return `${timestamp}.${automation}.${message}.${body}`;
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** The headers a sender adds to a delivery. */
export function signWebhook({ secret, automation, message, body, timestamp = Math.floor(Date.now() / 1000) }: SignatureInput): Record<string, string> {
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `v1=${hmac(secret, signatureBase(timestamp, automation, message, body))}`,
  };
}

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
export function verifyWebhook({ secrets, headers, automation, message, body, now = Date.now(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS }: VerifyInput): VerifiedDelivery {
  const header = (name: string) => headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const rawTimestamp = header(TIMESTAMP_HEADER);
  const rawSignature = header(SIGNATURE_HEADER);
  if (!rawTimestamp || !rawSignature) throw new WebhookAuthError(`Webhook deliveries must carry ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers`, 'missing_signature');
  if (!/^\d{1,12}$/.test(rawTimestamp)) throw new WebhookAuthError(`${TIMESTAMP_HEADER} must be Unix seconds`, 'bad_signature');
  const timestamp = Number(rawTimestamp);
  const candidates = rawSignature.split(',').map((part) => part.trim()).filter((part) => part.startsWith('v1=')).map((part) => part.slice(3));
  const base = signatureBase(rawTimestamp, automation, message, body);
  let verified: string | undefined;
  for (const secret of secrets) {
    const expected = Buffer.from(hmac(secret, base), 'utf8');
    for (const candidate of candidates) {
      const given = Buffer.from(candidate, 'utf8');
      if (given.length === expected.length && timingSafeEqual(given, expected)) verified = candidate;
    }
  }
  if (verified === undefined) throw new WebhookAuthError('The webhook signature does not match', 'bad_signature');
  // Checked after the signature, so that an unauthenticated caller learns nothing from it.
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) {
    throw new WebhookAuthError(`The webhook timestamp is outside the ${toleranceSeconds} s window: re-sign the delivery`, 'expired');
  }
  return { timestamp, signature: verified };
}
