import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

/**
 * The X-Ray SDK through the Powertools tracer: a subsegment per AWS call and per invocation.
 * Loaded only when ATM_XRAY_SDK=true (observability.ts); it brings ≈ 118 KiB minified
 * (aws-xray-sdk-core, semver, cls-hooked) into a bundle, so the Lambda bundles leave it out
 * unless the stack is synthesised with ATM_XRAY_SDK=true.
 */
export const tracer = new Tracer({ serviceName: 'automations' });
export { captureLambdaHandler };
