import type { Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { InstanceNotFoundError } from '../lib/engine/errors.js';
import type { Json } from '../lib/engine/json.js';
import { verifyWebhook } from '../lib/app/webhook-signature.js';
import type { Recipient } from '../lib/app/inbox.js';
import { HttpError, httpErrors, json, parseBody, rawBody, type HttpEvent, type HttpResult } from './shared/http.js';
import { acceptDelivery, handOffJob } from './shared/deliveries.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import type { RuntimeProvider } from '../lib/app/runtime.js';
import { WebhookEnvelope } from './shared/schemas.js';

/**
 * POST /webhooks/{automation}/{message}: checks the signature and the replay window, the
 * envelope, the automation, its receiver and the recipient; records the delivery in the inbox
 * (a conditional put on its id: the delivery id, or the signature) and hands it to the worker.
 * Answers 202 once the record is written — a durable promise: if the hand-off is lost, the
 * tick re-drives the delivery — without waiting for the receiver or the run.
 */
export function createWebhookHandler(provider: RuntimeProvider) {
  return instrumented<HttpEvent, HttpResult>(async (event: HttpEvent, _context: Context) => {
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
    const name = engine.definition(automation).name;
    engine.checkReceiver(name, message, envelope.data);
    let to: Recipient = envelope.create ? 'create' : 'broadcast';
    if (envelope.instance) {
      if (!(await engine.get(envelope.instance))) throw new InstanceNotFoundError(envelope.instance);
      to = { id: envelope.instance };
    } else if (envelope.key) {
      to = { id: engine.idFromKey(envelope.key) };
    }
    const deliveryId = envelope.deliveryId ?? `sig-${createHash('sha256').update(verified.signature).digest('hex').slice(0, 32)}`;
    const { record, duplicate } = await acceptDelivery(runtime, {
      source: 'webhook',
      key: `webhook:${name}/${message}/${deliveryId}`,
      work: { kind: 'message', automation: name, message, to, ...(envelope.token === undefined ? {} : { token: envelope.token }), data: envelope.data as Record<string, Json> },
      payload: { automation: name, message, envelope },
      handOff: true,
    });
    if (!duplicate) {
      try {
        await runtime.invokeWorker(handOffJob(runtime, record));
      } catch (error) {
        // recorded: the tick delivers it after the grace period
        logger.warn('Could not hand the delivery to the worker; the tick will', { delivery: record.id, error: error as Error });
      }
    }
    metrics.addMetric(duplicate ? 'webhook.duplicate' : 'webhook.accepted', MetricUnit.Count, 1);
    logger.info('Webhook accepted', { automation, message, deliveryId, delivery: record.id, duplicate });
    return json(202, { accepted: true, deliveryId, delivery: record.id, duplicate, status: record.status });
  }).use(httpErrors());
}

export const handler = createWebhookHandler(lambdaRuntime);
