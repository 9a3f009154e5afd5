import middy, { type MiddyfiedHandler } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';

/**
 * Structured JSON logs and CloudWatch metrics (EMF) with Powertools for AWS Lambda; the local
 * stack sets POWERTOOLS_METRICS_DISABLED and a quieter log level.
 *
 * Tracing: every function has X-Ray active tracing (lib/infra/automation-function.ts), so
 * Lambda records each invocation's segment (initialisation, invocation, overhead) without any
 * SDK. Subsegments per AWS call need the X-Ray SDK (the Powertools tracer, ≈ 118 KiB of
 * bundle and its load time on every cold start): set ATM_XRAY_SDK=true. The Lambda bundles
 * replace `process.env.ATM_XRAY_SDK` with its value at synth time, so a stack synthesised
 * without it carries no X-Ray SDK at all (esbuild drops the import below).
 */
export const SERVICE = 'automations';
export const METRICS_NAMESPACE = 'ServerlessAutomations';

export const logger = new Logger({ serviceName: SERVICE });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });

const tracing = process.env.ATM_XRAY_SDK === 'true' ? await import('./tracing.js') : undefined;

export { MetricUnit };

/** An AWS SDK client with a subsegment per call when the X-Ray SDK is on; the client itself otherwise. */
export function traceClient<C>(client: C): C {
  return tracing ? tracing.tracer.captureAWSv3Client(client) : client;
}

/** Wraps a handler with the Lambda context in every log line, metrics flushed per invocation, and tracing when on. */
export function instrumented<E, R>(handler: (event: E, context: Context) => Promise<R>): MiddyfiedHandler<E, R, Error, Context> {
  const wrapped = middy<E, R, Error, Context>(handler);
  if (tracing) wrapped.use(tracing.captureLambdaHandler(tracing.tracer, { captureResponse: false }));
  return wrapped.use(injectLambdaContext(logger, { resetKeys: true })).use(logMetrics(metrics));
}
