import './env-defaults.js';
import type { ActionDefinition } from '../engine/actions/registry.js';
import type { AutomationClass } from '../engine/definition.js';
import { type FunctionRole } from '../aws/env.js';
import type { RouteModule } from '../../lambdas/api/route.js';
import { type DeclaredProcesses, type DeclaredProcessSync, type Runtime, type RuntimeSettings } from '../../lambdas/shared/runtime.js';
import { type LocalMail } from './local-mail.js';
import { LocalStepFunctions } from './step-functions.js';
import { type InputTransformer, type LocalTemplate } from './template.js';
export interface LocalStackOptions {
    /** Port to listen on (0: any free port). Default: PORT, else 3000. */
    port?: number;
    host?: string;
    automations: readonly AutomationClass[];
    /** The file the automations come from (the stack's template names it; default: this repository's flows/index.ts). */
    flowsFile?: string;
    /** Actions process tasks may name (flows/index.ts `actions`), beside the built-in ones. */
    actions?: readonly ActionDefinition<unknown>[];
    /** Processes declared in code (flows/index.ts `processes`), saved at start-up when they changed. */
    processes?: DeclaredProcesses;
    routeModules?: readonly RouteModule[];
    /** Where DynamoDB Local keeps its files and the master secret lives; null: all in memory. Default .data */
    dataDir?: string | null;
    /** Use this DynamoDB endpoint instead of starting DynamoDB Local. */
    dynamodbEndpoint?: string;
    /** false: no local SES (aws-ses-v2-local is started by default; see lib/local/local-mail.ts). */
    mail?: boolean;
    tableName?: string;
    /** The master secret (default: AUTOMATIONS_SECRET, else <dataDir>/secret, generated once). */
    secret?: string;
    /** How often the tick runs (default: the template's schedule, once a minute). */
    tickIntervalMs?: number;
    settings?: Partial<RuntimeSettings>;
    /** Async invocation retry delay (Lambda waits about a minute; locally 1 s). */
    asyncRetryDelayMs?: number;
    /** One line per request and background event. */
    log?: (line: string) => void;
}
export interface DeadLetter {
    source: string;
    body: unknown;
    at: string;
}
export interface LocalStack {
    url: string;
    port: number;
    apiToken: string;
    webhookSecret: string;
    tableName: string;
    dynamodbEndpoint: string;
    /** Local SES: its endpoint (also the mail viewer), a mailer pointing at it, the mails it received. */
    mail: LocalMail | undefined;
    runtime: Runtime;
    template: LocalTemplate;
    stepFunctions: LocalStepFunctions;
    deadLetters: DeadLetter[];
    /** Invokes a function of the template synchronously, as `aws lambda invoke` would. */
    invoke(role: FunctionRole, payload: unknown): Promise<unknown>;
    /** Runs the tick now (as the schedule does). */
    tick(): Promise<unknown>;
    /** What start-up did with the processes declared in code. */
    declaredProcesses: DeclaredProcessSync[];
    /** Resolves once no asynchronous invocation or HTTP request is in flight. */
    idle(): Promise<void>;
    stop(): Promise<void>;
}
/** EventBridge's input transformer, for the templates the stack writes (values inserted as JSON). */
export declare function applyInputTransformer(transformer: InputTransformer, event: unknown): unknown;
/**
 * The whole stack in one process, without Docker or an AWS account: DynamoDB Local, the very
 * same handlers behind an HTTP server that speaks API Gateway v2, the tick on a timer, and the
 * synthesised state machines run by a local interpreter in place of Step Functions.
 */
export declare function startLocalStack(options: LocalStackOptions): Promise<LocalStack>;
