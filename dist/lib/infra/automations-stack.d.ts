import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { AutomationClass } from '../engine/definition.js';
import { type FunctionRole } from '../aws/env.js';
import type { RouteModule } from '../../lambdas/api/route.js';
import { AutomationFunction } from './automation-function.js';
import { StateTable } from './state-table.js';
import { type ExistingIssuer } from './user-sign-in.js';
export interface AutomationsStackProps extends StackProps {
    /** The automations whose `static events` become EventBridge rules (the functions run flows/index.ts). */
    automations: readonly AutomationClass[];
    /** The API's route modules (default: core routes, human tasks and the dashboard: lambdas/api/modules.ts). */
    routeModules?: readonly RouteModule[];
    /** Users sign in with this issuer instead of a Cognito user pool the stack creates (lib/infra/user-sign-in.ts). */
    identity?: ExistingIssuer;
    /** The Cognito hosted UI's domain prefix (globally unique; derived from account and region by default). */
    cognitoDomainPrefix?: string;
    /** Finished instances expire (TTL) and are deleted by the daily job after this many days (default 30). */
    retentionDays?: number;
    /** Time waits up to this far ahead get a timer when they are set; later ones when they come this near (default 24 h). */
    timerHorizon?: Duration;
    logRetention?: logs.RetentionDays;
    alarmEmail?: string;
    /** RETAIN (default) keeps the table and its data when the stack is deleted. */
    tableRemovalPolicy?: RemovalPolicy;
    /** The EventBridge source whose `ObjectChanged` events are evaluated against the auto-start rules (default serverless-automations.objects). */
    objectEventSource?: string;
    /** The sender of workflow notifications, a verified SES identity (ATM_MAIL_FROM); none: no e-mail action. */
    mailFrom?: string;
    /** Requests per second the HTTP API accepts (steady, burst). */
    apiThrottle?: {
        rateLimit: number;
        burstLimit: number;
    };
    /** Hosts the built-in `http` action of processes may call (ATM_HTTP_ALLOWED_HOSTS; default: none, so http tasks are refused at save). */
    httpAllowedHosts?: readonly string[];
}
/**
 * Everything `cdk deploy` puts in an account: the table, the secret, six functions, the HTTP
 * API (core routes and webhooks), the tick and history schedules, the timer and background
 * state machines, one EventBridge rule per trigger declared by the automations, a dead-letter
 * queue, and alarms. Every function's role gets exactly what its handler uses.
 */
export declare class AutomationsStack extends Stack {
    readonly functions: Record<FunctionRole, AutomationFunction>;
    readonly table: StateTable;
    readonly api: apigwv2.HttpApi;
    constructor(scope: Construct, id: string, props: AutomationsStackProps);
}
