import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTE_MODULES } from '../../lambdas/api/modules.js';
import { tableDefinition, TTL_ATTRIBUTE } from '../../lib/aws/table-schema.js';
import { shardEnvironment } from '../../lib/infra/automations.js';
import { TABLE_ACTIONS } from '../../lib/infra/state-table.js';
import { synthesize, type CfnTemplate, type NagFinding } from '../../lib/infra/synth.js';
import { testAutomations } from '../e2e/flows.js';

let cfn: CfnTemplate;
let template: Template;
let findings: NagFinding[];

beforeAll(() => {
  ({ template: cfn, findings } = synthesize({ automations: testAutomations, nag: true }));
  template = Template.fromJSON(cfn);
});

type Resource = CfnTemplate['Resources'][string];
const ofType = (type: string) => Object.entries(cfn.Resources).filter(([, r]) => r.Type === type) as [string, Resource][];
const functionId = (role: string) => ofType('AWS::Lambda::Function').find(([, r]) => (r.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.AUTOMATIONS_FUNCTION === role)![0];
const roleOf = (fnId: string) => ((cfn.Resources[fnId]!.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])!;
/** Every statement of every policy attached to a role. */
function statements(roleId: string): { Action: string | string[]; Resource: unknown }[] {
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}
const actionsOf = (role: string) => new Set(statements(roleOf(functionId(role))).flatMap((s) => [s.Action].flat()));

describe('the state table', () => {
  it('is the table of lib/aws/table-schema.ts: keys, indexes, on-demand, PITR, TTL, encryption, retained', () => {
    const wanted = tableDefinition('x');
    const [[, table]] = ofType('AWS::DynamoDB::Table') as [[string, Resource]];
    const props = table.Properties!;
    expect(props.KeySchema).toEqual(wanted.KeySchema);
    expect(new Set((props.AttributeDefinitions as object[]).map((a) => JSON.stringify(a)))).toEqual(new Set(wanted.AttributeDefinitions!.map((a) => JSON.stringify(a))));
    expect(props.GlobalSecondaryIndexes).toEqual(wanted.GlobalSecondaryIndexes);
    expect(props).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the functions', () => {
  it('are six arm64 functions on the newest Node runtime, traced, logging JSON to their own log groups with retention', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.map(([id]) => id.replace(/Function.*$/, '')).sort()).toEqual(['Advance', 'Api', 'Events', 'Tick', 'Webhook', 'Worker']);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs/) } },
      });
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 6 + 1 + 1); // functions, the background state machine, API access logs
  });

  it('have roles with no managed policies and nothing beyond what each handler uses', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
    const store = [...TABLE_ACTIONS];
    const base = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', ...store];
    // functions that run instances run approval workflows' outboxes: EventBridge, SES, the Cognito directory (test/infra/workflows.test.ts)
    const workflows = ['events:PutEvents', 'ses:SendEmail', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsersInGroup'];
    // functions that run instances send timer messages (the queue only: timer-queue grants below)
    const timers = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];
    expect(actionsOf('api')).toEqual(new Set([...base, 'states:StartExecution', ...timers, ...workflows]));
    // the advance function also consumes the timer queue (its event source)
    expect(actionsOf('advance')).toEqual(new Set([...base, 'states:StartExecution', ...timers, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', ...workflows]));
    expect(actionsOf('events')).toEqual(new Set([...base, 'states:StartExecution', ...timers, ...workflows]));
    expect(actionsOf('webhook')).toEqual(new Set([...base, 'lambda:InvokeFunction']));
    expect(actionsOf('tick')).toEqual(new Set([...base, 'states:StartExecution', ...timers, 'lambda:InvokeFunction', ...workflows]));
    // Lambda sends the worker's failed async invocations to the dead-letter queue with the
    // function's role (SqsDestination grants what SQS needs for that).
    expect(actionsOf('worker')).toEqual(new Set([...base, 'states:StartExecution', ...timers, ...workflows]));
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const s of (policy.Properties!.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement) {
        for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*|dynamodb:Scan|dynamodb:DeleteTable/);
      }
    }
  });

  it('grant table access to the table and its named indexes only', () => {
    const dynamo = statements(roleOf(functionId('api'))).find((s) => [s.Action].flat().includes('dynamodb:Query'))!;
    const resources = JSON.stringify(dynamo.Resource);
    for (const index of tableDefinition('x').GlobalSecondaryIndexes!) expect(resources).toContain(`/index/${index.IndexName}`);
    expect(resources).not.toContain('/index/*');
  });

  it('start only the background state machine, by name-built ARN, and send to the timer queue only', () => {
    const start = statements(roleOf(functionId('api'))).filter((s) => s.Action === 'states:StartExecution');
    expect(JSON.stringify(start)).toMatch(/stateMachine:Automations-Background/);
    expect(JSON.stringify(start)).not.toMatch(/Timers/);
    const send = statements(roleOf(functionId('api'))).filter((s) => [s.Action].flat().includes('sqs:SendMessage'));
    expect(send).toHaveLength(1);
    expect(JSON.stringify(send[0]!.Resource)).toMatch(/TimersQueue/);
    // the webhook function runs no instance: it sends no timer
    expect(statements(roleOf(functionId('webhook'))).filter((s) => [s.Action].flat().includes('sqs:SendMessage'))).toEqual([]);
  });

  it('feeds the timer queue to the advance function (batches of 10, failures reported per message), then the dead-letter queue after 5 deliveries', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('advance') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TimersQueue'), 'Arn'] },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 180,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetters'), 'Arn'] }, maxReceiveCount: 5 },
    });
    const consume = statements(roleOf(functionId('advance'))).find((s) => [s.Action].flat().includes('sqs:ReceiveMessage'))!;
    expect([consume.Action].flat().sort()).toEqual(['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']);
    expect(statements(roleOf(functionId('api'))).filter((s) => [s.Action].flat().includes('sqs:ReceiveMessage'))).toEqual([]);
  });

  it('get the shard counts the construct is given (none by default), and refuse what is not a whole number of at least 1', () => {
    const functions = ofType('AWS::Lambda::Function').map(([, r]) => (r.Properties!.Environment as { Variables: Record<string, unknown> }).Variables);
    expect(functions).toHaveLength(6);
    for (const variables of functions) expect(Object.keys(variables).filter((k) => k.endsWith('_SHARDS'))).toEqual([]);
    expect(shardEnvironment({ dueShards: 16, statusShards: 4 })).toEqual({ AUTOMATIONS_DUE_SHARDS: '16', AUTOMATIONS_STATUS_SHARDS: '4' });
    expect(shardEnvironment({ statusShards: 2 })).toEqual({ AUTOMATIONS_STATUS_SHARDS: '2' });
    expect(() => shardEnvironment({ dueShards: 0 })).toThrow(/dueShards must be a whole number/);
    expect(() => shardEnvironment({ statusShards: 1.5 })).toThrow(/statusShards/);
  });

  it('retry asynchronous worker invocations twice, then send them to the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetters'), 'Arn'] } } },
    });
  });
});

describe('the HTTP API', () => {
  it('has exactly the routes of the route modules, the OpenAPI document and the webhook endpoint', () => {
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!.RouteKey as string).sort();
    const expected = [...API_ROUTE_MODULES.flatMap((m) => m.routes).map((r) => `${r.method} ${r.path}`), 'GET /openapi.json', 'POST /webhooks/{automation}/{message}'].sort();
    expect(routeKeys).toEqual(expected);
  });

  it('sends webhooks to the webhook function and everything else to the API function', () => {
    const integrations = Object.fromEntries(ofType('AWS::ApiGatewayV2::Integration').map(([id, i]) => [id, JSON.stringify(i.Properties!.IntegrationUri)]));
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const target = JSON.stringify(route.Properties!.Target).match(/"Ref":"([^"]+)"/)![1]!;
      const wanted = (route.Properties!.RouteKey as string).startsWith('POST /webhooks/') ? functionId('webhook') : functionId('api');
      expect(integrations[target]).toContain(wanted);
    }
  });

  it('has a throttled default stage with JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { Format: Match.stringLikeRegexp('\\$context.requestId') },
    });
  });
});

describe('schedules and event rules', () => {
  it('ticks every minute and deletes history daily, both in the tick function', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties!.ScheduleExpression);
    const tick = rules.find(([, r]) => r.Properties!.ScheduleExpression === 'rate(1 minute)')![1];
    const history = rules.find(([, r]) => String(r.Properties!.ScheduleExpression).startsWith('cron('))![1];
    const target = (r: Resource) => (r.Properties!.Targets as { Arn: { 'Fn::GetAtt': string[] }; Input?: string; RetryPolicy?: object }[])[0]!;
    expect(target(tick).Arn['Fn::GetAtt'][0]).toBe(functionId('tick'));
    expect(target(tick).RetryPolicy).toEqual({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    expect(target(history).Arn['Fn::GetAtt'][0]).toBe(functionId('tick'));
    expect(JSON.parse(target(history).Input!)).toEqual({ task: 'history', days: 30 });
  });

  it('makes one rule per declared trigger, with the pattern as written and the trigger id in the input', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties!.EventPattern && !JSON.stringify(r.Properties!.EventPattern).includes('ObjectChanged'));
    expect(rules).toHaveLength(4); // three from the test automations, DailyDigest.article from flows/ (the ObjectChanged rule: test/infra/workflows.test.ts)
    expect(rules.filter(([, r]) => JSON.stringify(r.Properties!.EventPattern).includes('cms.articles'))).toHaveLength(1);
    const paid = rules.find(([, r]) => JSON.stringify(r.Properties!.EventPattern).includes('test.billing'))![1];
    expect(paid.Properties!.EventPattern).toEqual({ source: ['test.billing'], 'detail-type': ['PaymentReceived'], detail: { amount: [{ numeric: ['>', 0] }] } });
    const target = (paid.Properties!.Targets as { Arn: { 'Fn::GetAtt': string[] }; InputTransformer: { InputPathsMap: object; InputTemplate: string }; DeadLetterConfig: object }[])[0]!;
    expect(target.Arn['Fn::GetAtt'][0]).toBe(functionId('events'));
    expect(target.InputTransformer).toEqual({ InputPathsMap: { f1: '$' }, InputTemplate: '{"trigger":"Order.paid","event":<f1>}' });
    expect(target.DeadLetterConfig).toBeDefined();
  });

  it('makes the example flows’ one rule (DailyDigest.article), and none for automations without triggers', async () => {
    const { automations, WebinarWorkflow } = await import('../../flows/index.js');
    const patterns = (t: { Resources: Record<string, Resource> }) =>
      Object.values(t.Resources).filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties!.EventPattern && !JSON.stringify(r.Properties!.EventPattern).includes('ObjectChanged')).map((r) => r.Properties!.EventPattern);
    expect(patterns(synthesize({ automations }).template)).toEqual([{ source: ['cms.articles'], 'detail-type': ['ArticlePublished'] }]);
    expect(patterns(synthesize({ automations: [WebinarWorkflow] }).template)).toEqual([]);
  });
});

describe('state machines, secret, queue, alarms', () => {
  it('has one Standard state machine (background work; timers are on SQS) with full logging and tracing', () => {
    template.resourcePropertiesCountIs('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    }, 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'Automations-Background' });
  });

  it('generates the master secret at deploy', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: { GenerateStringKey: 'master', SecretStringTemplate: '{}', PasswordLength: 48 } });
  });

  it('has an encrypted, TLS-only dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('alarms on errors and throttles of every function, failed executions, and the dead-letter queue', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    expect(alarms).toHaveLength(6 * 2 + 1 + 1);
    expect(alarms.filter((a) => a.MetricName === 'Errors')).toHaveLength(6);
    expect(alarms.filter((a) => a.MetricName === 'Throttles')).toHaveLength(6);
    expect(alarms.filter((a) => a.MetricName === 'ExecutionsFailed')).toHaveLength(1);
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/MonitoringAlarms/) }]);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('cdk-nag', () => {
  it('passes the AwsSolutions checks, every acknowledgement with a reason', () => {
    expect(findings).toEqual([]);
  });
});
