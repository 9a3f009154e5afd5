import type { Context } from 'aws-lambda';
import type { RuntimeProvider } from './shared/runtime.js';
/**
 * POST /webhooks/{automation}/{message}: checks the signature and the replay window, the
 * envelope, the automation, its receiver and the recipient; records the delivery in the inbox
 * (a conditional put on its id: the delivery id, or the signature) and hands it to the worker.
 * Answers 202 once the record is written — a durable promise: if the hand-off is lost, the
 * tick re-drives the delivery — without waiting for the receiver or the run.
 */
export declare function createWebhookHandler(provider: RuntimeProvider): import("@middy/core").MiddyfiedHandler<import("aws-lambda").APIGatewayProxyEventV2, import("aws-lambda").APIGatewayProxyStructuredResultV2, Error, Context, {}>;
export declare const handler: import("@middy/core").MiddyfiedHandler<import("aws-lambda").APIGatewayProxyEventV2, import("aws-lambda").APIGatewayProxyStructuredResultV2, Error, Context, {}>;
