import middy, {} from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
/**
 * Structured JSON logs, CloudWatch metrics (EMF) and X-Ray tracing with Powertools for AWS
 * Lambda. Outside Lambda the tracer switches itself off; the local stack sets
 * POWERTOOLS_METRICS_DISABLED and a quieter log level.
 */
export const SERVICE = 'automations';
export const METRICS_NAMESPACE = 'ServerlessAutomations';
export const logger = new Logger({ serviceName: SERVICE });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });
export const tracer = new Tracer({ serviceName: SERVICE });
export { MetricUnit };
/** Wraps a handler with tracing, the Lambda context in every log line, and metrics flushed per invocation. */
export function instrumented(handler) {
    return middy(handler)
        .use(captureLambdaHandler(tracer, { captureResponse: false }))
        .use(injectLambdaContext(logger, { resetKeys: true }))
        .use(logMetrics(metrics));
}
