import { DEFAULT_DUE_SHARDS } from './table-schema.js';

/**
 * The environment variables the stack gives every function and the handlers read: one list,
 * so the CDK stack, the Lambda runtime and the local stack cannot disagree on a name.
 */
export const ENV = {
  /** Which handler a function runs ('api', 'webhook', …): the local stack maps template functions by it. */
  role: 'AUTOMATIONS_FUNCTION',
  table: 'AUTOMATIONS_TABLE',
  /** ARN of the Secrets Manager secret holding the master secret ({"master": "…"}). */
  secretArn: 'AUTOMATIONS_SECRET_ARN',
  /** The master secret itself (local stack, tests); takes precedence over the ARN. */
  secret: 'AUTOMATIONS_SECRET',
  /** URL of the SQS queue that carries precise timers (lib/app/timers.ts). */
  timerQueue: 'TIMER_QUEUE_URL',
  backgroundStateMachine: 'BACKGROUND_STATE_MACHINE_ARN',
  workerFunction: 'WORKER_FUNCTION_NAME',
  retentionDays: 'HISTORY_RETENTION_DAYS',
  /** Shards of the due index's partitions (instances and the inbox's pending deliveries): raise only, never lower. */
  dueShards: 'AUTOMATIONS_DUE_SHARDS',
  /** Shards of each automation's status partition (AUTO#<automation>#<status>): raise only, never lower. */
  statusShards: 'AUTOMATIONS_STATUS_SHARDS',
  timerHorizonSeconds: 'TIMER_HORIZON_SECONDS',
  tickBatchSize: 'TICK_BATCH_SIZE',
  tickConcurrency: 'TICK_CONCURRENCY',
  tickMaxDue: 'TICK_MAX_DUE',
  webhookToleranceSeconds: 'WEBHOOK_TOLERANCE_SECONDS',
  idempotencySeconds: 'IDEMPOTENCY_SECONDS',
  deliveryGraceSeconds: 'DELIVERY_GRACE_SECONDS',
  deliveryMaxAttempts: 'DELIVERY_MAX_ATTEMPTS',
  timeZone: 'AUTOMATIONS_TIME_ZONE',
  /** The HTTP API's base URL, when the function knows it (declared processes may use it). */
  apiUrl: 'AUTOMATIONS_API_URL',
} as const;

export type FunctionRole = 'api' | 'webhook' | 'tick' | 'advance' | 'worker' | 'events';

export const FUNCTION_ROLES: readonly FunctionRole[] = ['api', 'webhook', 'tick', 'advance', 'worker', 'events'];

/** Reads a positive number from the environment, or the default when unset. */
export function numberFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/**
 * The shard counts of the index partitions (docs/architecture.md, "Scale"), from the environment
 * the construct sets; the table's defaults when unset. Whole numbers of at least 1.
 */
export function shardsFromEnv(env: NodeJS.ProcessEnv = process.env): { dueShards: number; statusShards: number } {
  const read = (name: string, fallback: number) => {
    const value = numberFromEnv(name, fallback, env);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got "${env[name]}"`);
    return value;
  };
  return { dueShards: read(ENV.dueShards, DEFAULT_DUE_SHARDS), statusShards: read(ENV.statusShards, 1) };
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: this function must be deployed by the AutomationsStack (lib/infra) or run by the local stack`);
  return value;
}

/** Environment of the SES mailer (ses-mailer.ts). The endpoint comes from AWS_ENDPOINT_URL_SESV2 / AWS_ENDPOINT_URL (read by the SDK itself). */
export const MAIL_ENV = {
  /** The sender, a verified SES identity (an address, or any address of a verified domain): `Approvals <approvals@example.com>` or a bare address. */
  from: 'ATM_MAIL_FROM',
  /** Optional SES configuration set (event publishing, dedicated IPs). */
  configurationSet: 'ATM_MAIL_CONFIGURATION_SET',
} as const;

/** Environment of the Cognito directory (cognito-directory.ts; set by the stack when it owns the user pool). */
export const DIRECTORY_ENV = {
  /** The user pool whose users and groups the directory reads (eu-west-1_AbC…). */
  userPoolId: 'ATM_USER_POOL_ID',
  /** How long directory answers are reused (default 60). */
  cacheSeconds: 'ATM_DIRECTORY_CACHE_SECONDS',
} as const;
