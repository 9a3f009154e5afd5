import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ManualClock } from '../../lib/engine/clock.js';
import type { AutomationClass } from '../../lib/engine/definition.js';
import { MemoryStore } from '../../lib/engine/memory-store.js';
import type { BackgroundJob } from '../../lib/engine/run-result.js';
import { MemoryInbox } from '../../lib/app/inbox.js';
import { deriveSecrets } from '../../lib/app/secrets.js';
import type { DueEntry, TimerRequest } from '../../lib/app/timers.js';
import type { WorkerJob } from '../../lib/app/jobs.js';
import { MemoryMailer } from '../../lib/engine/mail.js';
import { RecordingHttpClient } from '../../lib/engine/testing.js';
import { createRuntime, type Runtime, type RuntimeParts, type RuntimeSettings } from '../../lib/app/runtime.js';

export const MASTER = 'test-master-secret-0123456789';
export const SECRETS = deriveSecrets(MASTER);

export interface TestRuntime {
  runtime: Runtime;
  store: MemoryStore;
  clock: ManualClock | undefined;
  timers: TimerRequest[];
  background: BackgroundJob[];
  workerJobs: WorkerJob[];
  dueWindow: { calls: [number, number][]; entries: DueEntry[] };
  inbox: MemoryInbox;
  /** Fakes of the flows' services: the mails the flows sent, the requests they made. */
  services: { mailer: MemoryMailer; http: RecordingHttpClient };
  /** Runs the recorded background jobs (threaded nodes, process tasks) and those they lead to, until none is left. */
  drainBackground(): Promise<number>;
}

/** A runtime on the memory store that records what it would send to the timer queue, Step Functions and the worker. */
export function testRuntime(automations: readonly AutomationClass[], options: { settings?: Partial<RuntimeSettings>; clock?: ManualClock; failTimers?: boolean; parts?: Pick<RuntimeParts, 'actions' | 'http' | 'processes' | 'processEnvironment'>; workflows?: RuntimeParts['workflows'] } = {}): TestRuntime {
  const store = new MemoryStore();
  const timers: TimerRequest[] = [];
  const background: BackgroundJob[] = [];
  const workerJobs: WorkerJob[] = [];
  const dueWindow = { calls: [] as [number, number][], entries: [] as DueEntry[] };
  const inbox = new MemoryInbox();
  const services = { mailer: new MemoryMailer(), http: new RecordingHttpClient() };
  const runtime = createRuntime({
    services,
    ...options.parts,
    store,
    secrets: SECRETS,
    automations,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.workflows ? { workflows: options.workflows } : {}),
    timers: {
      schedule: async (requests) => {
        if (options.failTimers) throw new Error('SQS is down');
        timers.push(...requests);
      },
    },
    dispatchBackground: async (job) => {
      background.push(job);
    },
    invokeWorker: async (job) => {
      workerJobs.push(job);
    },
    inbox,
    dueWindow: {
      dueBetween: async (from, to) => {
        dueWindow.calls.push([from, to]);
        return dueWindow.entries.filter((e) => e.dueAt > from && e.dueAt <= to);
      },
    },
  });
  const drainBackground = async () => {
    let ran = 0;
    while (background.length) {
      await runtime.engine.runBackground(background.shift()!);
      ran++;
    }
    return ran;
  };
  return { runtime, store, clock: options.clock, timers, background, workerJobs, dueWindow, inbox, services, drainBackground };
}

export function context(remainingMs = 30_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
    memoryLimitInMB: '512',
    awsRequestId: 'req-1',
    logGroupName: 'test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  token?: string | null;
  base64?: boolean;
}

/** An API Gateway v2 event as the HTTP API sends it. */
export function httpEvent(method: string, path: string, options: RequestOptions = {}): APIGatewayProxyEventV2 {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const token = options.token === undefined ? SECRETS.apiToken : options.token;
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000', apiId: 'test', domainName: 'localhost', domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'r', routeKey: `${method} ${path}`, stage: '$default', time: '', timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body: options.base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: options.base64 ?? false,
  };
}

export interface Response<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export async function call(handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>, event: APIGatewayProxyEventV2): Promise<Response> {
  const result = (await handler(event, context())) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: result.body ? JSON.parse(result.body) : null,
  };
}
