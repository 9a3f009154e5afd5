import type { Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { InstanceNotFoundError } from '../lib/engine/errors.js';
import { verifyWebhook } from '../lib/aws/webhook-signature.js';
import { HttpError, httpErrors, json, parseBody, rawBody, type HttpEvent, type HttpResult } from './shared/http.js';
import { idempotently } from './shared/idempotent.js';
import { requireReceiver } from './shared/deliver.js';
import type { Delivery, Recipient } from './shared/jobs.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import type { RuntimeProvider } from './shared/runtime.js';
import { WebhookEnvelope } from './shared/schemas.js';

/**
 * POST /webhooks/{automation}/{message}: checks the signature and the replay window, the
 * envelope, the automation, its receiver and the recipient; records the delivery once
 * (Powertools idempotency on the delivery id, or the signature) and hands it to the worker.
 * Answers 202 without waiting for the receiver or the run, which may take long.
 */
export function createWebhookHandler(provider: RuntimeProvider) {
  return instrumented<HttpEvent, HttpResult>(async (event: HttpEvent, context: Context) => {
    const runtime = await provider();
    const { engine, settings } = runtime;
    const automation = event.pathParameters?.automation;
    const message = event.pathParameters?.message;
    if (!automation || !message) throw new HttpError(404, 'route_not_found', 'Webhooks are POST /webhooks/{automation}/{message}');
    const body = rawBody(event, settings.maxBodyBytes);
    const verified = verifyWebhook({
      secrets: [runtime.secrets.webhookSecret],
      headers: event.headers ?? {},
      automation,
      message,
      body,
      now: Date.now(),
      toleranceSeconds: settings.webhookToleranceSeconds,
    });
    const envelope = parseBody(body, WebhookEnvelope);
    requireReceiver(engine, automation, message, envelope.data);
    let to: Recipient = envelope.create ? 'create' : 'broadcast';
    if (envelope.instance) {
      if (!(await engine.get(envelope.instance))) throw new InstanceNotFoundError(envelope.instance);
      to = { id: envelope.instance };
    } else if (envelope.key) {
      to = { id: engine.idFromKey(envelope.key) };
    }
    const deliveryId = envelope.deliveryId ?? `sig-${createHash('sha256').update(verified.signature).digest('hex').slice(0, 32)}`;
    const delivery: Delivery = {
      automation: engine.definition(automation).name,
      message,
      to,
      ...(envelope.token === undefined ? {} : { token: envelope.token }),
      data: envelope.data as Delivery['data'],
      idempotencyKey: `${automation}/${message}/${deliveryId}`,
      acceptedAt: Date.now(),
    };
    const { duplicate } = await idempotently(
      runtime,
      'webhook',
      delivery.idempotencyKey,
      { automation, message, envelope },
      async () => {
        await runtime.invokeWorker({ type: 'delivery', delivery });
        return { acceptedAt: delivery.acceptedAt };
      },
      context,
    );
    metrics.addMetric(duplicate ? 'webhook.duplicate' : 'webhook.accepted', MetricUnit.Count, 1);
    logger.info('Webhook accepted', { automation, message, deliveryId, duplicate });
    return json(202, { accepted: true, deliveryId, duplicate });
  }).use(httpErrors());
}

export const handler = createWebhookHandler(lambdaRuntime);
