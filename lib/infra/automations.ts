import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { AutomationClass } from '../engine/definition.js';
import { ENV, type FunctionRole } from '../aws/env.js';
import { MASTER_SECRET_KEY } from '../aws/secrets.js';
import { HANDOVER_INDEX_LAG_MS, MAX_DELAY_SECONDS } from '../app/timers.js';
import { flowManifest, type FlowManifest } from './flow-manifest.js';
import { loadFlowManifest } from './load-flow-manifest.js';
import { dashboardCommand } from './paths.js';
import { API_ROUTES, OPENAPI_PATH, RUNTIME_DEFAULTS, WEBHOOK_ROUTE } from './route-manifest.js';
import type { RouteSpec } from './route-spec.js';
import { AutomationFunction } from './automation-function.js';
import { Monitoring } from './monitoring.js';
import { acknowledge, arnRef } from './nag.js';
import { BackgroundStateMachine } from './state-machines.js';
import { TimerQueue } from './timer-queue.js';
import { StateTable } from './state-table.js';
import { UserSignIn, type ExistingIssuer } from './user-sign-in.js';

export interface AutomationsProps {
  /**
   * The team's flows entry (e.g. 'src/flows/index.ts', relative to `projectRoot`): a module exporting
   * `automations` (and optionally `actions` and `processes`), bundled into every function.
   */
  flows: string;
  /**
   * The same automations as classes, when the app has them: their triggers and Form groups are then
   * read from them; otherwise the flows file is bundled and read once at synth (load-flow-manifest.ts).
   */
  automations?: readonly AutomationClass[];
  /** The folder of the team's package.json and lock file (default: the current directory). */
  projectRoot?: string;
  /** The API's routes (default: all of them, route-manifest.ts). */
  routes?: readonly RouteSpec[];
  /** Users sign in with this issuer instead of a Cognito user pool the stack creates (lib/infra/user-sign-in.ts). */
  identity?: ExistingIssuer;
  /** The Cognito hosted UI's domain prefix (globally unique; derived from account and region by default). */
  cognitoDomainPrefix?: string;
  /** Finished instances expire (TTL) and are deleted by the daily job after this many days (default 30). */
  retentionDays?: number;
  /**
   * Partitions of the due index (instances' waits and the inbox's pending deliveries; default 8) and of
   * each automation's status partition (default 1), for the loads of docs/architecture.md "Scale". Raise
   * them on a live table, never lower them: entries in the higher shards would no longer be read.
   */
  dueShards?: number;
  statusShards?: number;
  /** Time waits up to this far ahead get a timer message when they are set; later ones when they come this near (default 2 minutes, at most 14 min 55 s: SQS delays messages up to 15 minutes). */
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
  apiThrottle?: { rateLimit: number; burstLimit: number };
  /** Hosts the built-in `http` action of processes may call (ATM_HTTP_ALLOWED_HOSTS; default: none, so http tasks are refused at save). */
  httpAllowedHosts?: readonly string[];
}

const FUNCTION_SPECS: Record<FunctionRole, { description: string; memorySize: number; timeout: Duration }> = {
  api: { description: 'HTTP API router (middy http-router)', memorySize: 512, timeout: Duration.seconds(29) },
  webhook: { description: 'Signed webhooks: verify, record once, hand to the worker', memorySize: 256, timeout: Duration.seconds(10) },
  tick: { description: 'Every minute: run what is due, fan out, hand far waits to timers; daily: delete history', memorySize: 1024, timeout: Duration.seconds(55) },
  advance: { description: 'Consumer of the timer queue: runs instances at their due time', memorySize: 512, timeout: Duration.seconds(30) },
  worker: { description: 'Threaded Execute nodes, webhook deliveries and tick batches', memorySize: 1024, timeout: Duration.minutes(5) },
  events: { description: 'Target of the EventBridge rules made from the automations\' triggers', memorySize: 512, timeout: Duration.seconds(60) },
};

/** Roles whose work runs instances, and so may send timers and start background executions. */
const RUNNERS: readonly FunctionRole[] = ['api', 'tick', 'advance', 'worker', 'events'];

/**
 * Everything `cdk deploy` puts in an account for a team's flows (`serverless-automations/cdk`):
 * the table, the secret, six functions running the flows, the HTTP API (core routes and
 * webhooks), the tick and history schedules, the timer queue, the background state machine, one
 * EventBridge rule per trigger declared by the automations, a dead-letter queue, and alarms.
 * Every function's role gets exactly what its handler uses.
 *
 *   new Automations(this, 'Automations', { flows: 'src/flows/index.ts', alarmEmail: 'ops@example.com' });
 */
export class Automations extends Construct {
  readonly functions: Record<FunctionRole, AutomationFunction>;
  readonly table: StateTable;
  readonly api: apigwv2.HttpApi;
  /** What the stack read from the flows: triggers and Form groups. */
  readonly manifest: FlowManifest;

  constructor(scope: Construct, id: string, props: AutomationsProps) {
    super(scope, id);
    const projectRoot = resolve(props.projectRoot ?? process.cwd());
    const flowsFile = isAbsolute(props.flows) ? props.flows : resolve(projectRoot, props.flows);
    if (!existsSync(flowsFile)) throw new Error(`Automations: the flows module ${flowsFile} does not exist (props.flows, relative to ${projectRoot})`);
    this.manifest = props.automations ? flowManifest(props.automations) : loadFlowManifest(flowsFile);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const retentionDays = props.retentionDays ?? RUNTIME_DEFAULTS.retentionDays;
    const horizon = props.timerHorizon ?? Duration.millis(RUNTIME_DEFAULTS.timerHorizonMs);
    if (horizon.toMilliseconds() + HANDOVER_INDEX_LAG_MS > MAX_DELAY_SECONDS * 1000) {
      throw new Error(`timerHorizon must be at most ${MAX_DELAY_SECONDS - HANDOVER_INDEX_LAG_MS / 1000} seconds: SQS delays a timer message at most ${MAX_DELAY_SECONDS} s`);
    }

    this.table = new StateTable(this, 'State', { ...(props.tableRemovalPolicy ? { removalPolicy: props.tableRemovalPolicy } : {}) });

    const secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Master secret of the automations: instance keys, the webhook signing secret and the API token are derived from it',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: MASTER_SECRET_KEY, passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      secret,
      ['AwsSolutions-SMG4'],
      'Rotation would invalidate every instance key handed out and the credentials of webhook senders at once; ' +
        'rotate deliberately (docs/architecture.md, "Secrets"), not on a schedule.',
    );

    const deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(deadLetters, ['AwsSolutions-SQS3'], 'This queue is the dead-letter queue.');

    const common: Record<string, string> = {
      [ENV.table]: this.table.table.tableName,
      [ENV.secretArn]: secret.secretArn,
      [ENV.retentionDays]: String(retentionDays),
      [ENV.timerHorizonSeconds]: String(Math.round(horizon.toSeconds())),
      ...shardEnvironment(props),
      ...(props.httpAllowedHosts?.length ? { ATM_HTTP_ALLOWED_HOSTS: props.httpAllowedHosts.join(',') } : {}),
    };
    const make = (role: FunctionRole) =>
      new AutomationFunction(this, `${role[0]!.toUpperCase()}${role.slice(1)}Function`, {
        role, ...FUNCTION_SPECS[role], environment: common, logRetention, flowsFile, projectRoot,
        // The API function serves the dashboard: its built files go into the bundle (lib/dashboard/assets.ts reads them).
        ...(role === 'api' ? { afterBundling: (_input: string, output: string) => [dashboardCommand(`${output}/dashboard`)] } : {}),
      });
    this.functions = { api: make('api'), webhook: make('webhook'), tick: make('tick'), advance: make('advance'), worker: make('worker'), events: make('events') };
    const f = this.functions;

    for (const fn of Object.values(f)) {
      this.table.grantStore(fn.fn);
      secret.grantRead(fn.fn);
    }

    const timers = new TimerQueue(this, 'Timers', { consumer: f.advance.fn, deadLetters, consumerTimeout: FUNCTION_SPECS.advance.timeout });
    const background = new BackgroundStateMachine(this, 'Background', { target: f.worker.fn, deadLetters, logRetention, timeout: Duration.hours(1) });
    for (const role of RUNNERS) {
      const fn = f[role].fn;
      fn.addEnvironment(ENV.timerQueue, timers.queue.queueUrl);
      fn.addEnvironment(ENV.backgroundStateMachine, background.stateMachineArn);
      timers.grantSend(fn);
      background.grantStart(fn);
    }
    for (const role of ['webhook', 'tick'] as const) {
      f[role].fn.addEnvironment(ENV.workerFunction, f.worker.fn.functionName);
      f.worker.fn.grantInvoke(f[role].fn);
    }
    // Asynchronous invocations of the worker: two retries, then the dead-letter queue.
    f.worker.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(deadLetters) });
    for (const role of [f.webhook.role, f.tick.role]) {
      acknowledge(role, [`AwsSolutions-IAM5[Resource::${arnRef(f.worker.fn)}:*]`], 'lambda:InvokeFunction on "<worker arn>:*" covers the versions of the one worker function.');
    }

    // ── HTTP API ───────────────────────────────────────────────────────────
    this.api = new apigwv2.HttpApi(this, 'HttpApi', { description: 'Serverless automations API', createDefaultStage: false });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    new apigwv2.HttpStage(this, 'ApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.apiThrottle ?? { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId', ip: '$context.identity.sourceIp', time: '$context.requestTime', routeKey: '$context.routeKey',
          status: '$context.status', latencyMs: '$context.responseLatency', integrationError: '$context.integrationErrorMessage',
        })),
      },
    });
    const apiIntegration = new HttpLambdaIntegration('ApiIntegration', f.api.fn);
    const users = new UserSignIn(this, 'Users', {
      api: this.api, formGroups: this.manifest.formGroups,
      ...(props.identity ? { existing: props.identity } : {}), ...(props.cognitoDomainPrefix ? { domainPrefix: props.cognitoDomainPrefix } : {}),
      ...(props.tableRemovalPolicy ? { removalPolicy: props.tableRemovalPolicy } : {}),
    });
    for (const [name, value] of Object.entries(users.environment)) f.api.fn.addEnvironment(name, value);
    const routes = [
      ...(props.routes ?? API_ROUTES),
      { method: 'GET' as const, path: OPENAPI_PATH, auth: undefined },
    ];
    for (const route of routes) {
      // Routes where a person acts: API Gateway checks the user's JWT first (the function checks it again).
      // Process routes ('operator-or-user') take the API token or a user JWT: the function checks either, so no authorizer.
      this.api.addRoutes({ path: route.path, methods: [apigwv2.HttpMethod[route.method]], integration: apiIntegration, ...(route.auth === 'user' ? { authorizer: users.authorizer } : {}) });
    }
    // Processes declared in flows/ are saved by the tick and may call the API itself.
    f.tick.fn.addEnvironment(ENV.apiUrl, this.api.apiEndpoint);
    this.api.addRoutes({ path: WEBHOOK_ROUTE.path, methods: [apigwv2.HttpMethod.POST], integration: new HttpLambdaIntegration('WebhookIntegration', f.webhook.fn) });
    acknowledge(
      this.api,
      ['AwsSolutions-APIG4'],
      'Every core route but /health and /openapi.json checks the bearer API token in the function (constant time), and webhooks ' +
        'an HMAC signature over timestamp, route and body; an API Gateway authorizer would add a hop and a second copy of that check. ' +
        'The user routes (tasks, forms, dashboard views) have a JWT authorizer; the process routes take the API token or a user JWT ' +
        '(with a processes.* permission), both checked in the function; the dashboard page, /auth/config and the ' +
        'page-view hook (authorised by the signed instance key) are public.',
    );

    // ── schedules ──────────────────────────────────────────────────────────
    new events.Rule(this, 'TickSchedule', {
      description: 'Runs what is due every minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A tick that cannot be delivered is covered by the next one: no retries, no old ticks.
      targets: [new targets.LambdaFunction(f.tick.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1), deadLetterQueue: deadLetters })],
    });
    new events.Rule(this, 'HistorySchedule', {
      description: `Deletes instances finished more than ${retentionDays} days ago`,
      schedule: events.Schedule.cron({ minute: '17', hour: '3' }),
      targets: [new targets.LambdaFunction(f.tick.fn, { event: events.RuleTargetInput.fromObject({ task: 'history', days: retentionDays }), retryAttempts: 2, deadLetterQueue: deadLetters })],
    });

    // ── event triggers declared by the automations ─────────────────────────
    for (const bound of this.manifest.triggers) {
      const suffix = createHash('sha256').update(bound.id).digest('hex').slice(0, 8);
      const rule = new events.Rule(this, `Trigger${bound.automation.replace(/[^A-Za-z0-9]/g, '')}${suffix}`, {
        description: `${bound.message ? `Message "${bound.message}" to` : 'Starts'} ${bound.automation} (trigger ${bound.name})`,
        ...(bound.bus ? { eventBus: events.EventBus.fromEventBusName(this, `Bus${suffix}`, bound.bus) } : {}),
        eventPattern: { source: ['placeholder'] }, // replaced below by the pattern as declared (raw EventBridge JSON)
        targets: [
          new targets.LambdaFunction(f.events.fn, {
            event: events.RuleTargetInput.fromObject({ trigger: bound.id, event: events.EventField.fromPath('$') }),
            retryAttempts: 8,
            maxEventAge: Duration.hours(2),
            deadLetterQueue: deadLetters,
          }),
        ],
      });
      (rule.node.defaultChild as events.CfnRule).addPropertyOverride('EventPattern', bound.pattern);
    }

    // ── approval workflows: events on the default bus, e-mail through SES, the Cognito directory, object events ──
    const bus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    const sendEmail = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' });
    for (const role of RUNNERS) {
      const fn = f[role].fn;
      bus.grantPutEventsTo(fn);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [sendEmail] }));
      if (props.mailFrom) fn.addEnvironment('ATM_MAIL_FROM', props.mailFrom);
      acknowledge(f[role].role, [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]`], 'Notifications may go from any verified SES identity of the account (ATM_MAIL_FROM names one; SES checks it is verified).');
      if (users.userPool) {
        fn.addEnvironment('ATM_USER_POOL_ID', users.userPool.userPoolId);
        users.userPool.grant(fn, 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup');
      }
    }
    new events.Rule(this, 'ObjectChanged', {
      description: 'Object events: evaluated against the auto-start rules of approval workflows',
      eventPattern: { source: [props.objectEventSource ?? 'serverless-automations.objects'], detailType: ['ObjectChanged'] },
      targets: [
        new targets.LambdaFunction(f.events.fn, {
          event: events.RuleTargetInput.fromObject({ objectChanged: events.EventField.fromPath('$') }),
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: deadLetters,
        }),
      ],
    });

    const monitoring = new Monitoring(this, 'Monitoring', {
      functions: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.fn])),
      stateMachines: { Background: background.stateMachine },
      deadLetters,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'SecretArn', { value: secret.secretArn, description: 'automations credentials --secret-arn <this> prints the API token and webhook secret' });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: deadLetters.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
  }
}

/** The shard counts as the functions' environment (only those set); whole numbers of at least 1. */
export function shardEnvironment(props: Pick<AutomationsProps, 'dueShards' | 'statusShards'>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value, key] of [['dueShards', props.dueShards, ENV.dueShards], ['statusShards', props.statusShards, ENV.statusShards]] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) throw new Error(`Automations: ${name} must be a whole number of at least 1, got ${value}`);
    env[key] = String(value);
  }
  return env;
}
