/**
 * HTTP fuzz of the local stack: every route of docs/openapi.json (and the local stack's own
 * /auth/dev-* and /_local/* endpoints) × classes of malformed input — bad JSON, wrong types,
 * huge bodies, deep nesting, unicode and NUL, prototype keys, odd and oversized ids and
 * cursors, malformed %-encoding, wrong methods, content types, tokens and Host headers —
 * sent over real sockets to the stack's API Gateway adapter, so the adapter, the middy router,
 * the handlers, the engine and DynamoDB Local are all in the loop.
 *
 * Properties: no answer is a 5xx (or a reset or hang); a request that is refused (anything but
 * a 2xx) leaves the state exactly as it was: every item of the table, the Step Functions
 * executions and the dead letters.
 *
 * Why fast-check: the inputs are structured (route × path params × query × body × headers), and
 * property-based generation composes one small arbitrary per input class instead of a
 * hand-written table; the run is reproducible from its seed; and when a property fails,
 * fast-check shrinks the request to a minimal one that still fails (the simplest body class,
 * the shortest id, the route's own method), which is what one wants to read in a CI log.
 * It has no dependencies and is widely used (it is what Jest's and Node's own fuzzers build on).
 *
 * FUZZ_RUNS (default 500) and FUZZ_SEED change the run; FUZZ_MEASURE=1 only counts the answers
 * by status class (no assertion), which is how the figures before a fix are taken.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDBClient } from '../../lib/aws/dynamo-client.js';
import { IDENTITY_ENV } from '../../lib/identity/config.js';
import { DEV_USERS, enableDevSignIn, signDevToken } from '../../lib/identity/dev.js';
import { startLocalStack, type LocalStack } from '../../lib/local/stack.js';
import { API_ROUTE_MODULES } from '../../lambdas/api/modules.js';
import { devAuthRoutes } from '../../lambdas/api/dev-auth-routes.js';
import { IssueDiscussion, ProcessInput } from '../../flows/index.js';
import { Order } from './flows.js';
import { anyRequest, LOCAL_OPERATIONS, operationsOf, type Fixture, type FuzzRequest } from './fuzz-requests.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_801);
const MEASURE = process.env.FUZZ_MEASURE === '1';

let stack: LocalStack;
let fixture: Fixture;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const dynamo = createDynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

interface Answer {
  status: number | 'reset' | 'hang';
  body: string;
}

function send(req: FuzzRequest): Promise<Answer> {
  const url = new URL(stack.url);
  return new Promise((resolve) => {
    const r = httpRequest(
      { host: url.hostname, port: url.port, method: req.method, path: req.path, agent, headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) }, timeout: 20_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
        res.on('error', () => resolve({ status: 'reset', body: '' }));
      },
    );
    r.on('timeout', () => {
      r.destroy();
      resolve({ status: 'hang', body: '' });
    });
    r.on('error', (error) => resolve({ status: 'reset', body: error.message }));
    r.end(req.body);
  });
}

/** Everything a refused request must not change: the table's items, the executions, the timer messages, the dead letters. */
async function snapshot(): Promise<string> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const lines = items.map((item) => JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))))).sort();
  return JSON.stringify({ items: lines, executions: stack.stepFunctions.executions.size, timerMessages: stack.timerQueue.messages.size, deadLetters: stack.deadLetters.length });
}

beforeAll(async () => {
  await enableDevSignIn(null);
  stack = await startLocalStack({
    automations: [ProcessInput, IssueDiscussion, Order],
    routeModules: [...API_ROUTE_MODULES, devAuthRoutes],
    port: 0,
    dataDir: null,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `automations-fuzz-${randomUUID()}`,
    secret: 'fuzz-master-secret-0123456789',
    tickIntervalMs: 3_600_000, // no background tick: the state moves only when a request moves it
    mail: false,
    asyncRetryDelayMs: 20,
  });
  const { engine } = stack.runtime;
  const approval = await engine.start(ProcessInput, { requester: 'fuzz', amount: 20_000 });
  const order = await engine.start(Order, { orderId: 'fuzz-order' });
  const discussion = await engine.start(IssueDiscussion, { issue: 'fuzz', deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(), confCallThisWeek: false });
  const doomed = await engine.start(Order, { orderId: 'fuzz-doomed' }); // for DELETE /instances/{id}
  const ids = [approval.id, order.id, discussion.id, doomed.id];
  const tasks = (await engine.tasks(approval.id)).map((t) => String(t.seq));
  const key = JSON.parse(process.env[IDENTITY_ENV.devSigningKey]!) as Parameters<typeof signDevToken>[0];
  const userTokens = await Promise.all(['admin', 'alice', 'carol'].map((id) => signDevToken(key, DEV_USERS.find((u) => u.id === id)!)));
  fixture = {
    apiToken: stack.apiToken,
    webhookSecret: stack.webhookSecret,
    userTokens,
    instanceIds: ids,
    keys: ids.map((id) => engine.getKey(id)),
    automations: ['ProcessInput', 'IssueDiscussion', 'Order'],
    messages: ['paid', 'newMail', 'nope'],
    tasks: [...tasks, '0', '99'],
    goodBodies: {
      startInstance: { data: { orderId: 'o-1' }, autorun: true },
      messageAutomation: { mode: 'broadcast', data: { amount: 1 } },
      messageInstance: { data: { amount: 2 } },
      messageInstanceByKey: { data: { amount: 3 } },
      deleteHistory: { days: 3650, dryRun: true },
      submitTaskForm: { values: { approved: true } },
      deliverWebhook: { deliveryId: 'fuzz-delivery', instance: discussion.id, data: { amount: 4 } },
      devToken: { user: 'alice' },
      localEvents: { Entries: [{ Source: 'test.shop', DetailType: 'OrderPlaced', Detail: '{"orderId": "o-2"}' }] },
    },
    goodParams: {
      getAutomation: { automation: 'Order' },
      listInstances: { automation: 'Order' },
      startInstance: { automation: 'Order' },
      automationInstances: { automation: 'ProcessInput' },
      messageAutomation: { automation: 'IssueDiscussion', message: 'newMail' },
      getInstance: { id: discussion.id },
      killInstance: { id: doomed.id },
      runInstance: { id: discussion.id },
      retryInstance: { id: discussion.id },
      messageInstance: { id: discussion.id, message: 'newMail' },
      messageInstanceByKey: { key: engine.getKey(discussion.id), message: 'newMail' },
      getTaskForm: { instanceId: approval.id, task: tasks[tasks.length - 1]! },
      submitTaskForm: { instanceId: approval.id, task: tasks[tasks.length - 1]! },
      instancePage: { id: approval.id },
      deliverWebhook: { automation: 'IssueDiscussion', message: 'newMail' },
      dashboardAsset: { file: 'app.js' },
    },
    goodQueries: {
      listInstances: { limit: '5' },
      automationInstances: { limit: '5' },
      listTasks: { limit: '5' },
      pageViewPixel: { key: engine.getKey(discussion.id), message: 'newMail' },
      pageViewBeacon: { key: engine.getKey(discussion.id), message: 'newMail' },
    },
  };
}, 120_000);

afterAll(async () => {
  agent.destroy();
  dynamo.destroy();
  await stack?.stop();
});

describe('HTTP fuzz of every route', () => {
  it('never answers 5xx, and a refused request changes nothing', async () => {
    const doc = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as Parameters<typeof operationsOf>[0];
    const operations = [...operationsOf(doc), ...LOCAL_OPERATIONS];
    expect(operations.length).toBeGreaterThan(25);
    const counts: Record<string, number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, reset: 0, hang: 0 };
    const failures: string[] = [];
    const byClass: Record<string, number> = {};
    const timing = { request: 0, snapshot: 0 };
    let before = await snapshot();

    await fc.assert(
      fc.asyncProperty(anyRequest(operations, fixture), async (req) => {
        const t0 = Date.now();
        const answer = await send(req);
        await stack.idle();
        const t1 = Date.now();
        const after = await snapshot();
        timing.request += t1 - t0;
        timing.snapshot += Date.now() - t1;
        const cls = typeof answer.status === 'number' ? `${Math.floor(answer.status / 100)}xx` : answer.status;
        counts[cls] = (counts[cls] ?? 0) + 1;
        const changed = typeof answer.status === 'number' && (answer.status < 200 || answer.status >= 300) && after !== before;
        before = after;
        const bad = cls === '5xx' || cls === 'reset' || cls === 'hang' || changed;
        if (bad) byClass[req.label.split(':')[1]!] = (byClass[req.label.split(':')[1]!] ?? 0) + 1;
        if (bad) failures.push(`${answer.status}${changed ? ' (state changed)' : ''} ${req.label} ${req.method} ${req.path.slice(0, 120)} → ${answer.body.slice(0, 160)}`);
        if (MEASURE) return true;
        return !bad;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: false },
    );
    console.log(`fuzz: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}; failures by body class: ${JSON.stringify(byClass)}; ms in requests ${timing.request}, in snapshots ${timing.snapshot}${failures.length ? `\n  ${[...new Set(failures)].slice(0, 40).join('\n  ')}` : ''}`);
    if (!MEASURE) expect(failures).toEqual([]);
  }, 300_000);
});
