import type { FlowsModule } from '../app/flows-module.js';
import type { WorkerJob } from '../app/jobs.js';
import { createRuntime, DEFAULT_SETTINGS, type Runtime, type RuntimeSettings } from '../app/runtime.js';
import { flowServices, platformServices } from '../app/services.js';
import { QueueTimers, type TimerRequest } from '../app/timers.js';
import { httpActionConfigFromEnv } from '../engine/actions/http.js';
import type { ActionLogger } from '../engine/actions/registry.js';
import type { Mailer } from '../engine/mail.js';
import type { WorkflowEvents } from '../engine/workflows/events.js';
import { StaticDirectory, type Directory } from '../identity/directory.js';
import { createDynamoDBClient } from './dynamo-client.js';
import { DynamoInbox } from './dynamo-inbox.js';
import { DynamoStore } from './dynamo-store.js';
import { DIRECTORY_ENV, ENV, MAIL_ENV, numberFromEnv, requireEnv, shardsFromEnv } from './env.js';
import { onFirstUse } from '../app/lazy.js';
import { loadSecrets } from './secrets.js';
import { DynamoHandoverMark } from './handover-mark.js';

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
  const shards = shardsFromEnv();
  const store = new DynamoStore({ tableName, client: capture(createDynamoDBClient()), retentionDays: settings.retentionDays, ...shards });
  const secrets = await loadSecrets();
  // The optional parts load their client (and its module: lazy.ts) on first use: not every function, nor every invocation, uses them.
  const timers = onFirstUse(async () => {
    const { createSqsClient, SqsTimerQueue } = await import('./sqs-timer-queue.js');
    return new QueueTimers(new SqsTimerQueue(capture(createSqsClient()), requireEnv(ENV.timerQueue)));
  });
  const background = onFirstUse(async () => {
    const { createSfnClient, StepFunctionsBackground } = await import('./background.js');
    return new StepFunctionsBackground(capture(createSfnClient()), requireEnv(ENV.backgroundStateMachine));
  });
  const worker = onFirstUse(async () => {
    const { createLambdaClient, invokeWorker } = await import('./lambda-worker.js');
    const lambda = capture(createLambdaClient());
    return (job: WorkerJob) => invokeWorker(lambda, requireEnv(ENV.workerFunction), job);
  });
  const http = httpActionConfigFromEnv();
  const ses = onFirstUse(async () => (await import('./ses-mailer.js')).sesMailerFromEnv()!);
  const mailer: Mailer | undefined = process.env[MAIL_ENV.from] ? { send: async (mail) => (await ses()).send(mail) } : undefined;
  const cognito = onFirstUse(async () => (await import('./cognito-directory.js')).cognitoDirectoryFromEnv()!);
  const directory: Directory = process.env[DIRECTORY_ENV.userPoolId]
    ? { user: async (id, tenant) => (await cognito()).user(id, tenant), groupMembers: async (group, tenant) => (await cognito()).groupMembers(group, tenant) }
    : new StaticDirectory([]);
  const eventBridge = onFirstUse(async () => {
    const { createEventBridgeClient, EventBridgeWorkflowEvents } = await import('./eventbridge-events.js');
    return EventBridgeWorkflowEvents.fromClient(capture(createEventBridgeClient()));
  });
  const events: WorkflowEvents = { publish: async (event) => (await eventBridge()).publish(event) };
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
    timers: { schedule: async (requests: readonly TimerRequest[]) => (await timers()).schedule(requests) },
    dispatchBackground: async (job) => {
      await (await background()).dispatch(job);
    },
    invokeWorker: async (job: WorkerJob) => {
      await (await worker())(job);
    },
    inbox: new DynamoInbox({ tableName, client: store.documentClient, shards: shards.dueShards }),
    dueWindow: store,
    handoverMark: new DynamoHandoverMark(store.documentClient, tableName),
    // Approval workflows: Cognito directory (ATM_USER_POOL_ID; none: every approver is unknown), SES (ATM_MAIL_FROM), EventBridge (ATM_EVENT_BUS);
    // built on first use, their module with them (a chunk of its own)
    workflows: async (engine, inbox) => (await import('../app/workflow-wiring.js')).workflowParts({
      directory,
      ...(mailer ? { mailer } : {}),
      events,
      webhookSecret: secrets.webhookSecret,
      http,
    })(engine, inbox),
  });
}
