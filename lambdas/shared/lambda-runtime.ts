import * as flows from '../../flows/index.js';
import type { Runtime } from '../../lib/app/runtime.js';
import { createAwsRuntime } from '../../lib/aws/runtime.js';
import { appLogger, traceClient } from './observability.js';

let runtime: Promise<Runtime> | undefined;

/** The runtime of this Lambda container: built on the first invocation (secret fetched once), then reused. */
export function lambdaRuntime(): Promise<Runtime> {
  runtime ??= createAwsRuntime(flows, { logger: appLogger, capture: traceClient }).catch((error: unknown) => {
    runtime = undefined; // a failed cold start (e.g. throttled Secrets Manager) is retried by the next invocation
    throw error;
  });
  return runtime;
}
