import type { Runtime } from '../../lib/app/runtime.js';
import { checkFlowsModule } from '../../lib/app/flows-module.js';
import { createAwsRuntime } from '../../lib/aws/runtime.js';
import { appLogger, traceClient } from './observability.js';

let runtime: Promise<Runtime> | undefined;

async function build(): Promise<Runtime> {
  // The team's flows entry: `#flows` is this repository's flows/ (package.json "imports"); the
  // construct's bundler points it at the flows file it was given (lib/infra/automations.ts).
  const flows = checkFlowsModule(await import('#flows'), 'the flows module');
  return createAwsRuntime(flows, { logger: appLogger, capture: traceClient });
}

/** The runtime of this Lambda container: built on the first invocation (secret fetched once), then reused. */
export function lambdaRuntime(): Promise<Runtime> {
  runtime ??= build().catch((error: unknown) => {
    runtime = undefined; // a failed cold start (e.g. throttled Secrets Manager) is retried by the next invocation
    throw error;
  });
  return runtime;
}
