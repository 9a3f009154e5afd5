import { InvokeCommand } from '@aws-sdk/client-lambda';
import { createLambdaClient, createSfnClient } from '../../lib/aws/aws-clients.js';
import { createDynamoDBClient } from '../../lib/aws/dynamo-client.js';
import { DynamoStore } from '../../lib/aws/dynamo-store.js';
import { ENV, numberFromEnv, requireEnv } from '../../lib/aws/env.js';
import { DynamoInbox } from '../../lib/aws/dynamo-inbox.js';
import { loadSecrets } from '../../lib/aws/secrets.js';
import { StepFunctionsBackground, StepFunctionsTimers, type TimerRequest } from '../../lib/aws/timers.js';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { clientConfig } from '../../lib/aws/aws-clients.js';
import { cognitoDirectoryFromEnv } from '../../lib/aws/cognito-directory.js';
import { EventBridgeWorkflowEvents } from '../../lib/aws/eventbridge-events.js';
import { sesMailerFromEnv } from '../../lib/aws/ses-mailer.js';
import { httpActionConfigFromEnv } from '../../lib/engine/actions/http.js';
import { StaticDirectory } from '../../lib/identity/directory.js';
import { checkFlowsModule } from '../../lib/flows-module.js';
import type { WorkerJob } from './jobs.js';
import { workflowParts } from './workflow-wiring.js';
import { traceClient } from './observability.js';
import { createRuntime, DEFAULT_SETTINGS, type Runtime, type RuntimeSettings } from './runtime.js';

/** Settings from the function's environment (set by the stack), defaults otherwise. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const d = DEFAULT_SETTINGS;
  return {
    ...d,
    timerHorizonMs: numberFromEnv(ENV.timerHorizonSeconds, d.timerHorizonMs / 1000, env) * 1000,
    tickBatchSize: Math.max(1, numberFromEnv(ENV.tickBatchSize, d.tickBatchSize, env)),
    tickConcurrency: Math.max(1, numberFromEnv(ENV.tickConcurrency, d.tickConcurrency, env)),
    tickMaxDue: Math.max(1, numberFromEnv(ENV.tickMaxDue, d.tickMaxDue, env)),
    retentionDays: numberFromEnv(ENV.retentionDays, d.retentionDays, env),
    webhookToleranceSeconds: numberFromEnv(ENV.webhookToleranceSeconds, d.webhookToleranceSeconds, env),
    idempotencySeconds: numberFromEnv(ENV.idempotencySeconds, d.idempotencySeconds, env),
    deliveryGraceMs: numberFromEnv(ENV.deliveryGraceSeconds, d.deliveryGraceMs / 1000, env) * 1000,
    deliveryMaxAttempts: Math.max(1, numberFromEnv(ENV.deliveryMaxAttempts, d.deliveryMaxAttempts, env)),
  };
}

async function build(): Promise<Runtime> {
  // The team's flows entry: `#flows` is this repository's flows/ (package.json "imports"); the
  // construct's bundler points it at the flows file it was given (lib/infra/automations.ts).
  const { automations, actions, processes } = checkFlowsModule(await import('#flows'), 'the flows module');
  const tableName = requireEnv(ENV.table);
  const settings = settingsFromEnv();
  const dynamo = traceClient(createDynamoDBClient());
  const store = new DynamoStore({ tableName, client: dynamo, retentionDays: settings.retentionDays });
  const secrets = await loadSecrets();
  // Clients for the optional parts are made on first use: not every function may use them.
  let sfn: ReturnType<typeof createSfnClient> | undefined;
  const stepFunctions = () => (sfn ??= traceClient(createSfnClient()));
  let lambda: ReturnType<typeof createLambdaClient> | undefined;
  let timers: StepFunctionsTimers | undefined;
  let background: StepFunctionsBackground | undefined;
  return createRuntime({
    store,
    secrets,
    automations,
    actions,
    processes,
    processEnvironment: { local: false, baseUrl: process.env[ENV.apiUrl] || null },
    settings,
    timeZone: process.env[ENV.timeZone] || undefined,
    timers: { schedule: (request: TimerRequest) => (timers ??= new StepFunctionsTimers(stepFunctions(), requireEnv(ENV.timerStateMachine))).schedule(request) },
    dispatchBackground: (job) => (background ??= new StepFunctionsBackground(stepFunctions(), requireEnv(ENV.backgroundStateMachine))).dispatch(job),
    invokeWorker: async (job: WorkerJob) => {
      lambda ??= traceClient(createLambdaClient());
      await lambda.send(new InvokeCommand({ FunctionName: requireEnv(ENV.workerFunction), InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
    },
    inbox: new DynamoInbox({ tableName, client: store.documentClient }),
    dueWindow: store,
    // Approval workflows: Cognito directory (ATM_USER_POOL_ID; none: every approver is unknown), SES (ATM_MAIL_FROM), EventBridge (ATM_EVENT_BUS)
    workflows: workflowParts({
      directory: cognitoDirectoryFromEnv() ?? new StaticDirectory([]),
      ...((mailer) => (mailer ? { mailer } : {}))(sesMailerFromEnv()),
      events: EventBridgeWorkflowEvents.fromClient(traceClient(new EventBridgeClient(clientConfig('EVENTBRIDGE')))),
      webhookSecret: secrets.webhookSecret,
      http: httpActionConfigFromEnv(),
    }),
  });
}

let runtime: Promise<Runtime> | undefined;

/** The runtime of this Lambda container: built on the first invocation (secret fetched once), then reused. */
export function lambdaRuntime(): Promise<Runtime> {
  runtime ??= build().catch((error: unknown) => {
    runtime = undefined; // a failed cold start (e.g. throttled Secrets Manager) is retried by the next invocation
    throw error;
  });
  return runtime;
}
