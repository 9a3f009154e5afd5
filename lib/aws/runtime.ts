import { InvokeCommand } from '@aws-sdk/client-lambda';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { FlowsModule } from '../app/flows-module.js';
import type { WorkerJob } from '../app/jobs.js';
import { createRuntime, DEFAULT_SETTINGS, type Runtime, type RuntimeSettings } from '../app/runtime.js';
import { flowServices, platformServices } from '../app/services.js';
import { QueueTimers, type TimerRequest } from '../app/timers.js';
import { workflowParts } from '../app/workflow-wiring.js';
import { httpActionConfigFromEnv } from '../engine/actions/http.js';
import type { ActionLogger } from '../engine/actions/registry.js';
import { StaticDirectory } from '../identity/directory.js';
import { clientConfig, createLambdaClient, createSfnClient, createSqsClient } from './aws-clients.js';
import { StepFunctionsBackground } from './background.js';
import { cognitoDirectoryFromEnv } from './cognito-directory.js';
import { createDynamoDBClient } from './dynamo-client.js';
import { DynamoInbox } from './dynamo-inbox.js';
import { DynamoStore } from './dynamo-store.js';
import { ENV, numberFromEnv, requireEnv } from './env.js';
import { EventBridgeWorkflowEvents } from './eventbridge-events.js';
import { loadSecrets } from './secrets.js';
import { sesMailerFromEnv } from './ses-mailer.js';
import { DynamoHandoverMark } from './handover-mark.js';
import { SqsTimerQueue } from './sqs-timer-queue.js';

/**
 * The AWS composition: the platform-neutral runtime (lib/app) on DynamoDB, SQS (timers), Step Functions (background),
 * Lambda, Secrets Manager, SES, Cognito and EventBridge, configured from the function's
 * environment (set by the stack).
 */

/** Settings from the function's environment, defaults otherwise. */
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

export interface AwsRuntimeOptions {
  logger: ActionLogger;
  /** Wraps each SDK client (X-Ray capture in Lambda); identity by default. */
  capture?: <C>(client: C) => C;
}

/** Builds the runtime of a Lambda container for the flows module (the secret is fetched here). */
export async function createAwsRuntime(flows: FlowsModule, options: AwsRuntimeOptions): Promise<Runtime> {
  const capture = options.capture ?? (<C>(client: C) => client);
  const tableName = requireEnv(ENV.table);
  const settings = settingsFromEnv();
  const store = new DynamoStore({ tableName, client: capture(createDynamoDBClient()), retentionDays: settings.retentionDays });
  const secrets = await loadSecrets();
  // Clients for the optional parts are made on first use: not every function may use them.
  let sfn: ReturnType<typeof createSfnClient> | undefined;
  const stepFunctions = () => (sfn ??= capture(createSfnClient()));
  let lambda: ReturnType<typeof createLambdaClient> | undefined;
  let timers: QueueTimers | undefined;
  let background: StepFunctionsBackground | undefined;
  const http = httpActionConfigFromEnv();
  const mailer = sesMailerFromEnv() ?? undefined;
  return createRuntime({
    store,
    secrets,
    automations: flows.automations,
    ...(flows.actions ? { actions: flows.actions } : {}),
    ...(flows.processes ? { processes: flows.processes } : {}),
    services: flowServices(platformServices({ mailer, http, logger: options.logger }), flows.services),
    logger: options.logger,
    processEnvironment: { local: false, baseUrl: process.env[ENV.apiUrl] || null },
    settings,
    timeZone: process.env[ENV.timeZone] || undefined,
    timers: { schedule: (requests: readonly TimerRequest[]) => (timers ??= new QueueTimers(new SqsTimerQueue(capture(createSqsClient()), requireEnv(ENV.timerQueue)))).schedule(requests) },
    dispatchBackground: async (job) => {
      await (background ??= new StepFunctionsBackground(stepFunctions(), requireEnv(ENV.backgroundStateMachine))).dispatch(job);
    },
    invokeWorker: async (job: WorkerJob) => {
      lambda ??= capture(createLambdaClient());
      await lambda.send(new InvokeCommand({ FunctionName: requireEnv(ENV.workerFunction), InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
    },
    inbox: new DynamoInbox({ tableName, client: store.documentClient }),
    dueWindow: store,
    handoverMark: new DynamoHandoverMark(store.documentClient, tableName),
    // Approval workflows: Cognito directory (ATM_USER_POOL_ID; none: every approver is unknown), SES (ATM_MAIL_FROM), EventBridge (ATM_EVENT_BUS)
    workflows: workflowParts({
      directory: cognitoDirectoryFromEnv() ?? new StaticDirectory([]),
      ...(mailer ? { mailer } : {}),
      events: EventBridgeWorkflowEvents.fromClient(capture(new EventBridgeClient(clientConfig('EVENTBRIDGE')))),
      webhookSecret: secrets.webhookSecret,
      http,
    }),
  });
}
