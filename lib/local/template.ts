import { ENV, FUNCTION_ROLES, type FunctionRole } from '../aws/env.js';
import type { CfnTemplate } from '../infra/synth.js';

/**
 * Reads what the local stack needs from the synthesised CloudFormation template: which
 * function serves which HTTP route, the schedules, the event rules and their targets, the
 * state machines (with intrinsic functions resolved to plain JSON) and the async retry
 * policy. The local stack serves what the template declares, so the two cannot drift.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface LocalFunction {
  id: string;
  role: FunctionRole;
  timeoutSeconds: number;
  /** Environment values that are plain strings (references resolved to local names). */
  environment: Record<string, string>;
  /** Retries of asynchronous invocations (EventInvokeConfig); Lambda's default is 2. */
  asyncRetries: number;
}

export interface LocalRoute {
  method: string;
  path: string;
  routeKey: string;
  functionId: string;
}

export interface LocalSchedule {
  id: string;
  expression: string;
  /** Milliseconds between runs: rate() as written; cron() as once a day. */
  intervalMs: number;
  functionId: string;
  input: unknown;
}

export interface InputTransformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

export interface LocalRuleTarget {
  functionId: string;
  input?: unknown;
  inputTransformer?: InputTransformer;
}

export interface LocalEventRule {
  id: string;
  pattern: Record<string, unknown>;
  /** undefined: the default bus. */
  bus: string | undefined;
  targets: LocalRuleTarget[];
}

export interface LocalStateMachine {
  id: string;
  arn: string;
  definition: Record<string, unknown>;
}

/** An SQS queue that an event source mapping feeds to a function (the timer queue). */
export interface LocalQueue {
  id: string;
  url: string;
  /** The function the event source mapping invokes, and how. */
  consumer: { functionId: string; batchSize: number; reportBatchItemFailures: boolean };
  visibilityTimeoutSeconds: number;
  /** Deliveries before the dead-letter queue (RedrivePolicy), if the queue has one. */
  maxReceiveCount: number | undefined;
  deadLetterUrl: string | undefined;
}

export interface LocalTemplate {
  functions: Map<string, LocalFunction>;
  byRole: Map<FunctionRole, LocalFunction>;
  routes: LocalRoute[];
  schedules: LocalSchedule[];
  eventRules: LocalEventRule[];
  stateMachines: Map<string, LocalStateMachine>;
  /** Queues consumed by a function through an event source mapping. */
  queues: Map<string, LocalQueue>;
  /** The queue a function's environment names (e.g. TIMER_QUEUE_URL). */
  queueFor(envName: string): LocalQueue;
  /** The state machine a function's environment names (e.g. TIMER_STATE_MACHINE_ARN of the advance-starting functions). */
  stateMachineFor(envName: string): LocalStateMachine;
  /** The function an ARN (as resolved here) names. */
  functionByArn(arn: string): LocalFunction | undefined;
}

type Resources = CfnTemplate['Resources'];

export const functionArn = (id: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${id}`;
const stateMachineArnOf = (name: string) => `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
/** A state machine's ARN: by its StateMachineName when it has one (the stack builds ARNs from names), else its logical id. */
function stateMachineArn(id: string, resources: Resources): string {
  const name = resources[id]?.Properties?.StateMachineName;
  return stateMachineArnOf(typeof name === 'string' ? name : id);
}
const queueUrl = (id: string) => `https://sqs.${LOCAL_REGION}.localhost/${LOCAL_ACCOUNT}/${id}`;

/** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub and pseudo parameters to local strings. */
export function resolveIntrinsics(value: unknown, resources: Resources): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, resources));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    if (key === 'Ref') return resolveRef(String(arg), resources);
    if (key === 'Fn::GetAtt') {
      const [id, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
      return resolveGetAtt(id!, attr!, resources);
    }
    if (key === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return (resolveIntrinsics(parts, resources) as unknown[]).map(String).join(sep);
    }
    if (key === 'Fn::Sub') {
      const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
      return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
        if (name in vars) return String(resolveIntrinsics(vars[name], resources));
        const [id, attr] = name.split('.');
        return String(attr ? resolveGetAtt(id!, attr, resources) : resolveRef(id!, resources));
      });
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, resources)]));
}

function resolveRef(id: string, resources: Resources): string {
  switch (id) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::Region':
      return LOCAL_REGION;
    case 'AWS::AccountId':
      return LOCAL_ACCOUNT;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return 'local';
  }
  const type = resources[id]?.Type;
  if (type === 'AWS::StepFunctions::StateMachine') return stateMachineArn(id, resources);
  if (type === 'AWS::SQS::Queue') return queueUrl(id);
  return id; // table names, function names, secret ids: the logical id stands in
}

function resolveGetAtt(id: string, attr: string, resources: Resources): string {
  const type = resources[id]?.Type;
  if (type === 'AWS::Lambda::Function' && attr === 'Arn') return functionArn(id);
  if (type === 'AWS::SQS::Queue' && attr === 'Arn') return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`;
  return `${id}.${attr}`;
}

/** rate(5 minutes) → ms; cron(…) → a day (the local stack runs daily jobs once a day from start). */
export function scheduleInterval(expression: string): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.startsWith('minute') ? 60_000 : rate[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
    return n * unit;
  }
  if (expression.startsWith('cron(')) return 86_400_000;
  throw new Error(`Unsupported schedule expression ${expression}`);
}

export function readTemplate(template: CfnTemplate): LocalTemplate {
  const resources = template.Resources;
  const resolve = (v: unknown) => resolveIntrinsics(v, resources);
  const functions = new Map<string, LocalFunction>();
  const entries = Object.entries(resources);
  for (const [id, r] of entries) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    const env = resolve((r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
    const role = env[ENV.role] as FunctionRole;
    if (!FUNCTION_ROLES.includes(role)) continue;
    functions.set(id, {
      id,
      role,
      timeoutSeconds: Number(r.Properties?.Timeout ?? 3),
      environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
      asyncRetries: 2,
    });
  }
  for (const [, r] of entries) {
    if (r.Type !== 'AWS::Lambda::EventInvokeConfig') continue;
    const fn = functions.get(String(resolve(r.Properties?.FunctionName)));
    if (fn && typeof r.Properties?.MaximumRetryAttempts === 'number') fn.asyncRetries = r.Properties.MaximumRetryAttempts;
  }
  const functionIdOfArn = (arn: unknown) => {
    const m = /:function:([^:]+)$/.exec(String(arn));
    return m && functions.has(m[1]!) ? m[1]! : undefined;
  };

  const routes: LocalRoute[] = [];
  for (const [, r] of entries) {
    if (r.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const routeKey = String(r.Properties?.RouteKey);
    const target = String(resolve(r.Properties?.Target)).replace(/^integrations\//, '');
    const integration = resources[target];
    const functionId = functionIdOfArn(resolve(integration?.Properties?.IntegrationUri));
    if (!functionId) continue;
    const [method, path] = routeKey.split(' ');
    routes.push({ method: method!, path: path!, routeKey, functionId });
  }

  const schedules: LocalSchedule[] = [];
  const eventRules: LocalEventRule[] = [];
  for (const [id, r] of entries) {
    if (r.Type !== 'AWS::Events::Rule' || r.Properties?.State === 'DISABLED') continue;
    const props = r.Properties ?? {};
    const rawTargets = (props.Targets as Record<string, unknown>[] | undefined) ?? [];
    const targets: LocalRuleTarget[] = [];
    for (const t of rawTargets) {
      const functionId = functionIdOfArn(resolve(t.Arn));
      if (!functionId) continue;
      targets.push({
        functionId,
        ...(typeof t.Input === 'string' ? { input: JSON.parse(t.Input) as unknown } : {}),
        ...(t.InputTransformer ? { inputTransformer: resolve(t.InputTransformer) as InputTransformer } : {}),
      });
    }
    if (typeof props.ScheduleExpression === 'string') {
      for (const t of targets) schedules.push({ id, expression: props.ScheduleExpression, intervalMs: scheduleInterval(props.ScheduleExpression), functionId: t.functionId, input: t.input });
    } else if (props.EventPattern) {
      const bus = props.EventBusName === undefined ? undefined : String(resolve(props.EventBusName));
      eventRules.push({ id, pattern: props.EventPattern as Record<string, unknown>, bus: bus === 'default' ? undefined : bus, targets });
    }
  }

  const stateMachines = new Map<string, LocalStateMachine>();
  for (const [id, r] of entries) {
    if (r.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const text = resolve(r.Properties?.DefinitionString);
    const definition = typeof text === 'string' ? (JSON.parse(text) as Record<string, unknown>) : (resolve(r.Properties?.Definition) as Record<string, unknown>);
    stateMachines.set(id, { id, arn: stateMachineArn(id, resources), definition });
  }

  const queues = new Map<string, LocalQueue>();
  for (const [, r] of entries) {
    if (r.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    const source = String(resolve(r.Properties?.EventSourceArn));
    const queueId = /^arn:aws:sqs:[^:]*:[^:]*:(.+)$/.exec(source)?.[1];
    const functionId = functions.has(String(resolve(r.Properties?.FunctionName))) ? String(resolve(r.Properties?.FunctionName)) : functionIdOfArn(resolve(r.Properties?.FunctionName));
    const queue = queueId ? resources[queueId] : undefined;
    if (!queueId || !queue || !functionId) continue;
    const redrive = resolve(queue.Properties?.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number } | undefined;
    const dlqId = redrive?.deadLetterTargetArn ? /:([^:]+)$/.exec(redrive.deadLetterTargetArn)?.[1] : undefined;
    queues.set(queueId, {
      id: queueId,
      url: queueUrl(queueId),
      consumer: {
        functionId,
        batchSize: Number(r.Properties?.BatchSize ?? 10),
        reportBatchItemFailures: ((r.Properties?.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
      },
      visibilityTimeoutSeconds: Number(queue.Properties?.VisibilityTimeout ?? 30),
      maxReceiveCount: redrive?.maxReceiveCount,
      deadLetterUrl: dlqId ? queueUrl(dlqId) : undefined,
    });
  }

  const byRole = new Map([...functions.values()].map((f) => [f.role, f]));
  return {
    functions,
    byRole,
    routes,
    schedules,
    eventRules,
    stateMachines,
    queues,
    queueFor(envName) {
      for (const fn of functions.values()) {
        const url = fn.environment[envName];
        const queue = url && [...queues.values()].find((q) => q.url === url);
        if (queue) return queue;
      }
      throw new Error(`No function's ${envName} names a queue with a consumer in the template`);
    },
    stateMachineFor(envName) {
      for (const fn of functions.values()) {
        const arn = fn.environment[envName];
        const machine = arn && [...stateMachines.values()].find((m) => m.arn === arn);
        if (machine) return machine;
      }
      throw new Error(`No function's ${envName} names a state machine in the template`);
    },
    functionByArn(arn) {
      const id = functionIdOfArn(arn);
      return id ? functions.get(id) : undefined;
    },
  };
}
