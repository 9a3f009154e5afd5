import './env-defaults.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import type { ActionDefinition } from '../engine/actions/registry.js';
import type { AutomationClass } from '../engine/definition.js';
import { createDynamoDBClient } from '../aws/dynamo-client.js';
import { DynamoStore } from '../aws/dynamo-store.js';
import { ENV, shardsFromEnv, type FunctionRole } from '../aws/env.js';
import { matchesPattern } from '../aws/event-pattern.js';
import { DynamoInbox } from '../aws/dynamo-inbox.js';
import { deriveSecrets } from '../app/secrets.js';
import { createTable } from '../aws/table-schema.js';
import { backgroundExecutionName } from '../aws/background.js';
import { DynamoHandoverMark } from '../aws/handover-mark.js';
import { QueueTimers } from '../app/timers.js';
import { synthesize } from '../infra/synth.js';
import { isPlainObject, MAX_JSON_DEPTH, nestingDepth } from '../engine/json.js';
import { createAdvanceHandler } from '../../lambdas/advance.js';
import { createApiHandler } from '../../lambdas/api.js';
import type { RouteModule } from '../../lambdas/api/route.js';
import { createEventsHandler } from '../../lambdas/events.js';
import type { WorkerJob } from '../app/jobs.js';
import { ListingStaticDirectory, workflowParts } from '../app/workflow-wiring.js';
import { EventBridgeWorkflowEvents } from '../aws/eventbridge-events.js';
import { httpActionConfigFromEnv } from '../engine/actions/http.js';
import { DEV_SUPERUSER_GROUP, DEV_USERS } from '../identity/dev.js';
import { flowServices, platformServices, type ServicesFactory } from '../app/services.js';
import { appLogger } from '../../lambdas/shared/observability.js';
import { createRuntime, type DeclaredProcesses, type DeclaredProcessSync, type Runtime, type RuntimeProvider, type RuntimeSettings } from '../app/runtime.js';
import { createTickHandler } from '../../lambdas/tick.js';
import { createWebhookHandler } from '../../lambdas/webhook.js';
import { createWorkerHandler } from '../../lambdas/worker.js';
import { startDynamoDBLocal, type DynamoDBLocal } from './dynamodb-local.js';
import { startLocalMail, type LocalMail } from './local-mail.js';
import { compileRoutes, lambdaContext, readBody, requestUrl, toApiGatewayEvent, writeResult } from './http-adapter.js';
import { LocalStepFunctions, type LocalExecution } from './step-functions.js';
import { LocalTimerQueue } from './timer-queue.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, readTemplate, type InputTransformer, type LocalFunction, type LocalTemplate } from './template.js';

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
  /** The flows' own services (flows/index.ts `services`) from the platform's; default: the platform's (the local SES, the HTTP allowlist plus loopback). */
  services?: ServicesFactory;
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
  /** The in-process stand-in for the SQS timer queue (lib/local/timer-queue.ts). */
  timerQueue: LocalTimerQueue;
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

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const FACTORIES: Record<FunctionRole, (provider: RuntimeProvider, modules?: readonly RouteModule[]) => Handler> = {
  api: (p, modules) => createApiHandler(p, modules) as unknown as Handler,
  webhook: (p) => createWebhookHandler(p) as unknown as Handler,
  tick: (p) => createTickHandler(p) as unknown as Handler,
  advance: (p) => createAdvanceHandler(p) as unknown as Handler,
  worker: (p) => createWorkerHandler(p) as unknown as Handler,
  events: (p) => createEventsHandler(p) as unknown as Handler,
};

const MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit

function masterSecret(options: LocalStackOptions, dataDir: string | null): string {
  if (options.secret) return options.secret;
  if (process.env[ENV.secret]) return process.env[ENV.secret]!;
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

function jsonPathValue(root: unknown, path: string): unknown {
  if (path === '$') return root;
  return path.replace(/^\$\.?/, '').split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), root);
}

/** EventBridge's input transformer, for the templates the stack writes (values inserted as JSON). */
export function applyInputTransformer(transformer: InputTransformer, event: unknown): unknown {
  let text = transformer.InputTemplate;
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    const value = jsonPathValue(event, path);
    text = text.split(`<${name}>`).join(value === undefined ? 'null' : JSON.stringify(value));
  }
  return JSON.parse(text) as unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The whole stack in one process, without Docker or an AWS account: DynamoDB Local, the very
 * same handlers behind an HTTP server that speaks API Gateway v2, the tick on a timer, and the
 * synthesised background state machine run by a local interpreter in place of Step Functions, and
 * the timer queue in-process in place of SQS (lib/local/timer-queue.ts).
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = options.dataDir === undefined ? resolve('.data') : options.dataDir === null ? null : resolve(options.dataDir);
  const tableName = options.tableName ?? 'automations-local';

  const { template: cfn } = synthesize({ automations: options.automations, ...(options.flowsFile ? { flows: options.flowsFile } : {}), ...(options.routeModules ? { routeModules: options.routeModules } : {}) });
  const template = readTemplate(cfn);

  let dynamodb: DynamoDBLocal | undefined;
  const mailStarting = options.mail === false ? undefined : startLocalMail();
  void mailStarting?.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  let mail: LocalMail | undefined;
  let endpoint: string;
  try {
    endpoint = options.dynamodbEndpoint ?? (dynamodb = await startDynamoDBLocal({ ...(dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {}), jvmOptions: ['-XX:+UseSerialGC'] })).endpoint;
    if (dynamodb && !dynamodb.loopbackOnly) log('⚠ DynamoDB Local listens on every interface: this Java cannot compile the launcher that binds it to 127.0.0.1 (it needs the jdk.compiler module)');
  } catch (error) {
    await mailStarting?.then((m) => m.stop(), () => undefined);
    throw error;
  }
  try {
    mail = await mailStarting;
    const client = createDynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await createTable(client, tableName);
    const secrets = deriveSecrets(masterSecret(options, dataDir));
    const shards = shardsFromEnv();
    const store = new DynamoStore({ tableName, client, ...shards, ...(options.settings?.retentionDays !== undefined ? { retentionDays: options.settings.retentionDays } : {}) });

    const deadLetters: DeadLetter[] = [];
    const pending = new Set<Promise<unknown>>();
    const track = <T>(promise: Promise<T>): Promise<T> => {
      pending.add(promise);
      void promise.finally(() => pending.delete(promise)).catch(() => undefined);
      return promise;
    };

    const handlers = new Map<string, Handler>();
    const invokeFunction = async (functionId: string, payload: unknown) => {
      const fn = template.functions.get(functionId);
      const handler = handlers.get(functionId);
      if (!fn || !handler) throw new Error(`No local handler for function ${functionId}`);
      return handler(structuredClone(payload), lambdaContext(fn));
    };
    const retryDelay = options.asyncRetryDelayMs ?? 1_000;
    /** Lambda's asynchronous invocation: queued, retried as the template says, then dead-lettered. */
    const invokeAsync = (fn: LocalFunction, payload: unknown, source: string) => {
      void track(
        (async () => {
          await new Promise((r) => setImmediate(r));
          for (let attempt = 0; ; attempt++) {
            try {
              return await invokeFunction(fn.id, payload);
            } catch (error) {
              if (attempt >= fn.asyncRetries) {
                deadLetters.push({ source, body: { payload, error: (error as Error).message }, at: new Date().toISOString() });
                log(`✗ ${fn.role} failed ${attempt + 1} times; dead-lettered: ${(error as Error).message}`);
                return undefined;
              }
              await sleep(retryDelay * (attempt + 1));
            }
          }
        })(),
      );
    };

    const stepFunctions = new LocalStepFunctions({
      template,
      invoke: invokeFunction,
      sendToQueue: (queueUrl, body) => {
        deadLetters.push({ source: queueUrl, body, at: new Date().toISOString() });
        log(`✗ dead letter: ${JSON.stringify(body).slice(0, 300)}`);
      },
    });
    const timerQueueDef = template.queueFor(ENV.timerQueue);
    const timerQueue = new LocalTimerQueue({
      queue: timerQueueDef,
      deliver: (event) => track(invokeFunction(timerQueueDef.consumer.functionId, event)),
      deadLetter: (message, error) => {
        deadLetters.push({ source: timerQueueDef.deadLetterUrl ?? timerQueueDef.url, body: { message: message.body, error }, at: new Date().toISOString() });
        log(`✗ timer message dead-lettered after ${message.receiveCount} deliveries: ${error}`);
      },
      retryDelayMs: retryDelay,
    });
    const backgroundMachine = template.stateMachineFor(ENV.backgroundStateMachine);
    const worker = template.byRole.get('worker');
    if (!worker) throw new Error('The template has no worker function');

    const environment = { local: true, baseUrl: null as string | null };
    const localHttp = { ...httpActionConfigFromEnv(), allowedHosts: [...httpActionConfigFromEnv().allowedHosts, '127.0.0.1', 'localhost'], allowLoopbackHttp: true };
    const runtime = createRuntime({
      store,
      secrets,
      automations: options.automations,
      ...(options.actions ? { actions: options.actions } : {}),
      ...(options.processes ? { processes: options.processes } : {}),
      services: flowServices(platformServices({ mailer: mail?.mailer, http: localHttp, logger: appLogger }), options.services),
      logger: appLogger,
      processEnvironment: environment, // its baseUrl is set once the server listens
      // deliveries still pending 5 s after acceptance are the tick's (AWS: 2 minutes, the worker may run 5)
      settings: { deliveryGraceMs: 5_000, ...options.settings },
      timers: new QueueTimers(timerQueue),
      dispatchBackground: async (job) => {
        stepFunctions.startExecution(backgroundMachine, backgroundExecutionName(job), { type: 'background', job });
      },
      invokeWorker: async (job: WorkerJob) => invokeAsync(worker, job, `async:worker:${job.type}`),
      inbox: new DynamoInbox({ tableName, client: store.documentClient, shards: shards.dueShards }),
      dueWindow: store,
      handoverMark: new DynamoHandoverMark(store.documentClient, tableName),
      // approval workflows: the development users, the local SES, events on the in-process bus below (its rules apply)
      workflows: workflowParts({
        directory: new ListingStaticDirectory(DEV_USERS.map((u) => ({ id: u.id, name: u.name, email: u.email, tenant: u.tenant, active: true, groups: [...u.groups] })), [DEV_SUPERUSER_GROUP]),
        ...(mail ? { mailer: mail.mailer } : {}),
        events: new EventBridgeWorkflowEvents(async (entries) => putEvents(Buffer.from(JSON.stringify({ Entries: entries.map((e) => ({ ...e, Time: e.Time?.toISOString() })) })))),
        webhookSecret: secrets.webhookSecret,
        http: localHttp,
      }),
    });
    const provider: RuntimeProvider = async () => runtime;
    for (const fn of template.functions.values()) handlers.set(fn.id, FACTORIES[fn.role](provider, options.routeModules));

    // ── HTTP: the template's routes, plus /_local/* for what AWS offers outside the API ──
    const match = compileRoutes(template.routes);
    const localEndpoints = async (req: IncomingMessage, body: Buffer, url: URL): Promise<{ status: number; body: unknown }> => {
      // The example process's http task calls this (no token: an http action sends none); it answers what it got.
      if (url.pathname === '/_local/echo') {
        const text = body.toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          // echoed as text
        }
        return { status: 200, body: { method: req.method, body: parsed, idempotencyKey: req.headers['idempotency-key'] ?? null, at: new Date().toISOString() } };
      }
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${secrets.apiToken}`) return { status: 401, body: { error: { code: 'unauthorized', message: 'Send the API token as "Authorization: Bearer <token>"' } } };
      if (req.method === 'POST' && url.pathname === '/_local/events') return { status: 200, body: putEvents(body) };
      if (req.method === 'GET' && url.pathname === '/_local/timers') {
        const instance = url.searchParams.get('instance');
        return { status: 200, body: { messages: instance ? timerQueue.about(instance) : [...timerQueue.messages.values()] } };
      }
      if (req.method === 'GET' && url.pathname === '/_local/executions') return { status: 200, body: { executions: [...stepFunctions.executions.values()] satisfies LocalExecution[] } };
      if (req.method === 'GET' && url.pathname === '/_local/dead-letters') return { status: 200, body: { deadLetters } };
      return { status: 404, body: { message: 'Not Found' } };
    };
    const putEvents = (body: Buffer) => {
      let parsed: unknown;
      const text = body.toString('utf8') || '{}';
      try {
        if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new Error('too deep');
        parsed = JSON.parse(text);
      } catch {
        return { FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedJSON', ErrorMessage: `The body is not JSON (nested at most ${MAX_JSON_DEPTH} levels)` }] };
      }
      if (!isPlainObject(parsed)) return { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InvalidArgument', ErrorMessage: 'The body must be a JSON object: {"Entries": [...]} or one entry' }] };
      const entries: unknown[] = Array.isArray(parsed.Entries) ? parsed.Entries : [parsed];
      const results = entries.map((entry) => {
        if (!isPlainObject(entry) || typeof entry.Source !== 'string' || typeof entry.DetailType !== 'string' || typeof entry.Detail !== 'string') {
          return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Each entry is an object with Source, DetailType and Detail (a JSON string)' };
        }
        let detail: unknown;
        try {
          if (nestingDepth(entry.Detail, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
            return { ErrorCode: 'InvalidArgument', ErrorMessage: `Detail nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep` };
          }
          detail = JSON.parse(entry.Detail);
        } catch {
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
        }
        const event = {
          version: '0',
          id: randomUUID(),
          'detail-type': entry.DetailType,
          source: entry.Source,
          account: LOCAL_ACCOUNT,
          time: typeof entry.Time === 'string' ? entry.Time : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          region: LOCAL_REGION,
          resources: Array.isArray(entry.Resources) ? entry.Resources : [],
          detail,
        };
        const bus = typeof entry.EventBusName === 'string' && entry.EventBusName !== 'default' ? entry.EventBusName : undefined;
        for (const rule of template.eventRules) {
          if (rule.bus !== bus || !matchesPattern(rule.pattern, event)) continue;
          for (const target of rule.targets) {
            const fn = template.functions.get(target.functionId)!;
            const input = target.inputTransformer ? applyInputTransformer(target.inputTransformer, event) : (target.input ?? event);
            log(`⚡ ${event.source}/${event['detail-type']} → rule ${rule.id}`);
            invokeAsync(fn, input, `rule:${rule.id}`);
          }
        }
        return { EventId: event.id };
      });
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    };

    const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const started = Date.now();
      void track(
        (async () => {
          const read = await readBody(req, MAX_BODY_BYTES);
          if ('tooLarge' in read) {
            // Connection: close: the client's next request goes on a fresh connection, whatever was left unread on this one.
            res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ message: 'Request Entity Too Large' }));
            if (!read.drained) res.once('finish', () => req.socket.destroy());
            return;
          }
          const body = read.body;
          const url = requestUrl(req.url);
          if (!url) {
            res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Bad Request' }));
            return;
          }
          if (url.pathname.startsWith('/_local/')) {
            const out = await localEndpoints(req, body, url);
            res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
            return;
          }
          const found = match(req.method ?? 'GET', url.pathname);
          if (!found) {
            res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
            return;
          }
          const result = await invokeFunction(found.route.functionId, toApiGatewayEvent(req, body, found, url));
          writeResult(res, result);
        })()
          .catch((error: unknown) => {
            log(`✗ ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Internal Server Error' }));
          })
          .finally(() => log(`${req.method} ${req.url} → ${res.statusCode} ${Date.now() - started} ms`)),
      );
    });
    const port = options.port ?? Number(process.env.PORT ?? 3000);
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolveListen());
    });
    const actualPort = (server.address() as AddressInfo).port;
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`;
    environment.baseUrl = url;

    // ── schedules from the template ──
    const intervals: NodeJS.Timeout[] = [];
    const tickFn = template.byRole.get('tick')!;
    const runSchedule = (functionId: string, input: unknown, ruleId: string) => {
      const event = input ?? { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: LOCAL_ACCOUNT, time: new Date().toISOString(), region: LOCAL_REGION, resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${ruleId}`], detail: {} };
      return invokeFunction(functionId, event);
    };
    let ticking: Promise<unknown> | undefined;
    const tick = () => {
      ticking ??= track(runSchedule(tickFn.id, undefined, 'tick').finally(() => (ticking = undefined)));
      return ticking;
    };
    for (const schedule of template.schedules) {
      const isTick = schedule.functionId === tickFn.id && schedule.input === undefined;
      const every = isTick ? (options.tickIntervalMs ?? schedule.intervalMs) : schedule.intervalMs;
      intervals.push(
        setInterval(() => {
          const run = isTick ? tick() : track(runSchedule(schedule.functionId, schedule.input, schedule.id));
          run.catch((error: unknown) => log(`✗ schedule ${schedule.id}: ${(error as Error).message}`));
        }, every),
      );
    }

    // The in-process queue does not survive a restart: send the timers of the waits within the
    // horizon again (the hand-over mark says they were sent), then tick.
    // (Not fatal: whatever it misses, the tick runs within a minute of its due time.)
    try {
      const restored = await runtime.dueWindow!.dueBetween(Date.now(), Date.now() + runtime.settings.timerHorizonMs, 10_000);
      await runtime.timers.schedule(restored.map((entry) => ({ instanceId: entry.id, at: entry.dueAt })));
    } catch (error) {
      log(`✗ restoring timers: ${(error as Error).message}; the tick will run those instances`);
    }
    // Processes declared in code are saved (a new version when they changed) before the first tick fires their schedules.
    const declaredProcesses = await runtime.syncDeclaredProcesses();
    for (const p of declaredProcesses) log(`process ${p.name}: ${p.saved === 'invalid' ? 'invalid, not saved (see the log)' : p.saved ? 'saved a new version' : 'unchanged'}`);
    await tick().catch((error: unknown) => log(`✗ first tick: ${(error as Error).message}`));

    let stopped = false;
    return {
      url,
      port: actualPort,
      declaredProcesses,
      apiToken: secrets.apiToken,
      webhookSecret: secrets.webhookSecret,
      tableName,
      dynamodbEndpoint: endpoint,
      mail,
      runtime,
      template,
      stepFunctions,
      timerQueue,
      deadLetters,
      invoke: (role, payload) => {
        const fn = template.byRole.get(role);
        if (!fn) throw new Error(`No ${role} function in the template`);
        return invokeFunction(fn.id, payload);
      },
      tick,
      async idle() {
        while (pending.size) await Promise.allSettled([...pending]);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const interval of intervals) clearInterval(interval);
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
        await stepFunctions.stop();
        timerQueue.stop();
        while (pending.size) await Promise.allSettled([...pending]);
        client.destroy();
        await dynamodb?.stop();
        await mail?.stop();
      },
    };
  } catch (error) {
    await dynamodb?.stop();
    await (mail ?? (await mailStarting?.catch(() => undefined)))?.stop();
    throw error;
  }
}
