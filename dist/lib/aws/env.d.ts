/**
 * The environment variables the stack gives every function and the handlers read: one list,
 * so the CDK stack, the Lambda runtime and the local stack cannot disagree on a name.
 */
export declare const ENV: {
    /** Which handler a function runs ('api', 'webhook', …): the local stack maps template functions by it. */
    readonly role: "AUTOMATIONS_FUNCTION";
    readonly table: "AUTOMATIONS_TABLE";
    /** ARN of the Secrets Manager secret holding the master secret ({"master": "…"}). */
    readonly secretArn: "AUTOMATIONS_SECRET_ARN";
    /** The master secret itself (local stack, tests); takes precedence over the ARN. */
    readonly secret: "AUTOMATIONS_SECRET";
    readonly timerStateMachine: "TIMER_STATE_MACHINE_ARN";
    readonly backgroundStateMachine: "BACKGROUND_STATE_MACHINE_ARN";
    readonly workerFunction: "WORKER_FUNCTION_NAME";
    readonly retentionDays: "HISTORY_RETENTION_DAYS";
    readonly timerHorizonSeconds: "TIMER_HORIZON_SECONDS";
    readonly tickBatchSize: "TICK_BATCH_SIZE";
    readonly tickConcurrency: "TICK_CONCURRENCY";
    readonly tickMaxDue: "TICK_MAX_DUE";
    readonly webhookToleranceSeconds: "WEBHOOK_TOLERANCE_SECONDS";
    readonly idempotencySeconds: "IDEMPOTENCY_SECONDS";
    readonly deliveryGraceSeconds: "DELIVERY_GRACE_SECONDS";
    readonly deliveryMaxAttempts: "DELIVERY_MAX_ATTEMPTS";
    readonly timeZone: "AUTOMATIONS_TIME_ZONE";
    /** The HTTP API's base URL, when the function knows it (declared processes may use it). */
    readonly apiUrl: "AUTOMATIONS_API_URL";
};
export type FunctionRole = 'api' | 'webhook' | 'tick' | 'advance' | 'worker' | 'events';
export declare const FUNCTION_ROLES: readonly FunctionRole[];
/** Reads a positive number from the environment, or the default when unset. */
export declare function numberFromEnv(name: string, fallback: number, env?: NodeJS.ProcessEnv): number;
export declare function requireEnv(name: string, env?: NodeJS.ProcessEnv): string;
