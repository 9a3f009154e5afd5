import { type MiddyfiedHandler } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
/**
 * Structured JSON logs, CloudWatch metrics (EMF) and X-Ray tracing with Powertools for AWS
 * Lambda. Outside Lambda the tracer switches itself off; the local stack sets
 * POWERTOOLS_METRICS_DISABLED and a quieter log level.
 */
export declare const SERVICE = "automations";
export declare const METRICS_NAMESPACE = "ServerlessAutomations";
export declare const logger: Logger;
export declare const metrics: Metrics;
export declare const tracer: Tracer;
export { MetricUnit };
/** Wraps a handler with tracing, the Lambda context in every log line, and metrics flushed per invocation. */
export declare function instrumented<E, R>(handler: (event: E, context: Context) => Promise<R>): MiddyfiedHandler<E, R, Error, Context>;
