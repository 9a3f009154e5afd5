import * as z from 'zod';
import { defineAction, type ActionDefinition } from '../engine/actions/registry.js';
import { httpUrlProblem, type HttpActionConfig } from '../engine/actions/http.js';
import type { WorkflowEvent } from '../engine/workflows/events.js';
import { STATUS_WEBHOOK_ACTION } from '../engine/workflows/validate-workflow.js';
import { signWebhook } from './webhook-signature.js';

/** The signature's "automation" and "message" parts of a status webhook (what a receiver verifies with verifyWebhook). */
export const STATUS_WEBHOOK_SIGNATURE = { automation: 'workflows', message: 'status' } as const;
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

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
export function createStatusWebhookAction(options: StatusWebhookOptions): ActionDefinition<unknown> {
  const params = z
    .object({ url: z.string().max(2048), field: z.string().min(1).max(200), value: z.string().max(200) })
    .strict()
    .superRefine((p, ctx) => {
      const problem = httpUrlProblem(p.url, options.http);
      if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: problem });
    });
  const send = options.fetch ?? fetch;
  return defineAction({
    name: STATUS_WEBHOOK_ACTION,
    description: 'A signed webhook with the object\'s new status (status sync)',
    params,
    async run(p, ctx) {
      const event = (ctx as unknown as { workflowEvent?: WorkflowEvent }).workflowEvent;
      const body = JSON.stringify({
        ...(event ? { event: event.id, type: event.type, tenant: event.tenant, workflow: event.workflow, attachment: event.attachment, object: event.object, at: event.at } : {}),
        status: { field: p.field, value: p.value },
      });
      const headers = { 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: ctx.idempotencyKey, ...signWebhook({ secret: options.secret, ...STATUS_WEBHOOK_SIGNATURE, body }) };
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)]);
      const response = await send(p.url, { method: 'POST', headers, body, redirect: 'manual', signal });
      const text = (await response.text()).slice(0, 500);
      if (!response.ok) throw new Error(`The status webhook answered ${response.status}: ${text}`);
      return { status: response.status };
    },
  }) as ActionDefinition<unknown>;
}
