import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onFirstUse } from '../../lib/app/lazy.js';
import { clientConfig } from '../../lib/aws/aws-clients.js';
import { matchesPattern } from '../../lib/aws/event-pattern.js';
import { eventTriggersOf } from '../../lib/engine/event-triggers.js';
import { fetchMasterSecret, loadSecrets } from '../../lib/aws/secrets.js';
import { deriveSecrets } from '../../lib/app/secrets.js';
import { backgroundExecutionName, executionName } from '../../lib/aws/background.js';
import { SqsTimerQueue } from '../../lib/aws/sqs-timer-queue.js';
import { delaySecondsFor, MAX_TIMERS_PER_MESSAGE, TIMER_EARLY_MS, timerFor, timerMessages } from '../../lib/app/timers.js';
import { signWebhook, verifyWebhook, WebhookAuthError } from '../../lib/app/webhook-signature.js';
import { Automation } from '../../lib/engine/index.js';
import { shardsFromEnv } from '../../lib/aws/env.js';
import { createAwsRuntime, settingsFromEnv } from '../../lib/aws/runtime.js';
import { testAutomations } from '../e2e/flows.js';

describe('webhook signatures', () => {
  const base = { automation: 'Order', message: 'paid', body: '{"data":{"amount":1}}' };
  const now = Date.UTC(2026, 0, 1, 12);
  const timestamp = now / 1000;

  it('verifies what signWebhook signs, with any of the accepted secrets (rotation)', () => {
    const headers = signWebhook({ secret: 'old-secret-xxxxxxxxxxxx', ...base, timestamp });
    expect(verifyWebhook({ secrets: ['new-secret-xxxxxxxxxxxx', 'old-secret-xxxxxxxxxxxx'], headers, ...base, now })).toMatchObject({ timestamp });
    const both = `${signWebhook({ secret: 'a-secret-xxxxxxxxxxxxxx', ...base, timestamp })['x-automations-signature']}, ${headers['x-automations-signature']}`;
    expect(() => verifyWebhook({ secrets: ['old-secret-xxxxxxxxxxxx'], headers: { ...headers, 'x-automations-signature': both }, ...base, now })).not.toThrow();
  });

  it('refuses a changed body, route or timestamp, and old or future timestamps', () => {
    const headers = signWebhook({ secret: 's-xxxxxxxxxxxxxxxxxxxx', ...base, timestamp });
    const check = (over: Partial<typeof base>, h = headers, at = now) => () => verifyWebhook({ secrets: ['s-xxxxxxxxxxxxxxxxxxxx'], headers: h, ...base, ...over, now: at });
    expect(check({ body: '{"data":{"amount":2}}' })).toThrow(WebhookAuthError);
    expect(check({ message: 'refund' })).toThrow(/does not match/);
    expect(check({}, { ...headers, 'x-automations-timestamp': String(timestamp + 1) })).toThrow(/does not match/);
    expect(check({}, headers, now + 301_000)).toThrow(/outside the 300 s window/);
    expect(check({}, headers, now - 301_000)).toThrow(/outside/);
    expect(check({}, headers, now + 299_000)).not.toThrow();
    expect(check({}, { 'x-automations-timestamp': 'yesterday', 'x-automations-signature': 'v1=00' })).toThrow(/Unix seconds/);
    expect(check({}, {})).toThrow(/must carry/);
  });
});

describe('event patterns (local matching)', () => {
  const event = { source: 'shop', 'detail-type': 'OrderPlaced', detail: { amount: 12, country: 'NL', tags: ['vip', 'new'], coupon: null } };
  it.each([
    [{ source: ['shop'] }, true],
    [{ source: ['other'] }, false],
    [{ source: ['shop'], 'detail-type': ['OrderPlaced', 'OrderPaid'] }, true],
    [{ detail: { amount: [{ numeric: ['>', 10, '<=', 12] }] } }, true],
    [{ detail: { amount: [{ numeric: ['>', 12] }] } }, false],
    [{ detail: { country: [{ prefix: 'N' }] } }, true],
    [{ detail: { country: [{ suffix: 'L' }] } }, true],
    [{ detail: { country: [{ 'anything-but': ['NL', 'BE'] }] } }, false],
    [{ detail: { country: [{ 'anything-but': { prefix: 'B' } }] } }, true],
    [{ detail: { country: [{ 'equals-ignore-case': 'nl' }] } }, true],
    [{ detail: { tags: ['vip'] } }, true],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { country: [{ exists: false }] } }, false],
    [{ detail: { coupon: [null] } }, true],
    [{ source: [{ wildcard: 'sh*' }] }, true],
    [{ $or: [{ source: ['x'] }, { detail: { country: ['NL'] } }] }, true],
    [{ detail: { country: [{ cidr: '10.0.0.0/8' }] } }, false],
  ])('%j → %s', (pattern, expected) => {
    expect(matchesPattern(pattern as Record<string, unknown>, event)).toBe(expected);
  });
});

describe('event triggers', () => {
  it('collects the static events of automations with their ids', () => {
    expect(eventTriggersOf(testAutomations).map((t) => t.id)).toEqual(['DailyDigest.article', 'Order.placed', 'Order.paid', 'Order.promotion']);
  });

  it('names every problem of a bad declaration at once', () => {
    class Bad extends Automation {
      static events = [{ name: 'x y', pattern: {} }, { name: 'ok', pattern: { source: ['a'] }, to: 'broadcast' }, { name: 'ok', pattern: { source: ['b'] } }];
    }
    expect(() => eventTriggersOf([Bad as never])).toThrow(/name must be 1-64[\s\S]*pattern must be a non-empty[\s\S]*to needs a message[\s\S]*"ok" is used twice/);
  });
});

describe('secrets', () => {
  it('derives three distinct keys from the master, the same way every time', () => {
    const a = deriveSecrets('master-secret-0123456789');
    expect(new Set(Object.values(a)).size).toBe(3);
    expect(deriveSecrets('master-secret-0123456789')).toEqual(a);
    expect(deriveSecrets('master-secret-9876543210').apiToken).not.toBe(a.apiToken);
    expect(() => deriveSecrets('short')).toThrow(/at least 16/);
  });

  it('reads the master from Secrets Manager (JSON as the stack generates it, or plain) or from the environment', async () => {
    const client = (value: string) => ({ send: async () => ({ SecretString: value }) }) as never;
    expect(await fetchMasterSecret('arn', client('{"master":"from-json-0123456789"}'))).toBe('from-json-0123456789');
    expect(await fetchMasterSecret('arn', client('plain-0123456789abc'))).toBe('plain-0123456789abc');
    await expect(fetchMasterSecret('arn', client('{"other":1}'))).rejects.toThrow(/no "master"/);
    expect(await loadSecrets({ AUTOMATIONS_SECRET: 'env-secret-0123456789' })).toEqual(deriveSecrets('env-secret-0123456789'));
    expect(await loadSecrets({ AUTOMATIONS_SECRET_ARN: 'arn' }, client('{"master":"from-json-0123456789"}'))).toEqual(deriveSecrets('from-json-0123456789'));
    await expect(loadSecrets({})).rejects.toThrow(/Neither/);
  });
});

describe('timers', () => {
  it('delays a message to arrive from TIMER_EARLY_MS before the due time to under a second after that, within SQS limits', () => {
    const now = 1_767_268_800_000;
    for (const ahead of [TIMER_EARLY_MS, TIMER_EARLY_MS + 1, 999, 1_000, 1_201, 59_999, 600_000]) {
      const delay = delaySecondsFor(now + ahead, now);
      expect(Number.isInteger(delay)).toBe(true);
      const arrives = now + delay * 1000;
      expect(arrives).toBeGreaterThanOrEqual(now + ahead - TIMER_EARLY_MS); // early by at most the tolerance (slept off)
      expect(arrives).toBeLessThan(now + ahead - TIMER_EARLY_MS + 1000); // late by less than 1 s - TIMER_EARLY_MS from the rounding
    }
    expect(delaySecondsFor(now + TIMER_EARLY_MS - 1, now)).toBe(0);
    expect(delaySecondsFor(now - 5_000, now)).toBe(0); // already due: at once
    expect(delaySecondsFor(now + 3_600_000, now)).toBe(900); // beyond SQS's limit: the longest delay (the consumer sends it on)
  });

  it('groups timers due in the same second into one message, at most MAX_TIMERS_PER_MESSAGE each', () => {
    const now = 1_000_000;
    const requests = [
      ...Array.from({ length: MAX_TIMERS_PER_MESSAGE + 1 }, (_, i) => ({ instanceId: `a${i}`, at: now + 10_500 + (i % 7) })),
      { instanceId: 'b', at: now + 30_000 },
    ];
    const messages = timerMessages(requests, now);
    expect(messages.map((m) => [m.delaySeconds, m.body.timers.length])).toEqual([[11, MAX_TIMERS_PER_MESSAGE], [11, 1], [30, 1]]);
    expect(messages.flatMap((m) => m.body.timers.map((t) => t.id)).sort()).toEqual(requests.map((r) => r.instanceId).sort());
    expect(messages[2]!.body).toEqual({ v: 1, timers: [{ id: 'b', dueAt: now + 30_000 }] });
  });

  it('asks for a timer only for time waits within the horizon (plus the index lag margin)', () => {
    const run = (wake: object, status = 'waiting') => ({ id: 'i', status, wake }) as never;
    expect(timerFor(run({ kind: 'at', at: 5_000 }), 1_000, 10_000)).toEqual({ instanceId: 'i', at: 5_000 });
    expect(timerFor(run({ kind: 'at', at: 50_000 }), 1_000, 10_000)).toBeUndefined();
    expect(timerFor(run({ kind: 'poll', at: 5_000 }), 1_000, 10_000)).toBeUndefined();
    expect(timerFor(run({ kind: 'external' }), 1_000, 10_000)).toBeUndefined();
    expect(timerFor(run({ kind: 'at', at: 5_000 }, 'error'), 1_000, 10_000)).toBeUndefined();
  });

  it('sends timer messages with SendMessageBatch, 10 a request, retries what SQS failed on its side once, and throws on the rest', async () => {
    const sent: { QueueUrl: string; Entries: { Id: string; MessageBody: string; DelaySeconds: number }[] }[] = [];
    let failNext: { Id: string; SenderFault: boolean; Code: string }[] = [];
    const client = {
      send: async (command: { input: (typeof sent)[number] }) => {
        sent.push(command.input);
        const Failed = failNext.filter((f) => command.input.Entries.some((e) => e.Id === f.Id));
        failNext = [];
        return { Successful: [], Failed };
      },
    };
    const queue = new SqsTimerQueue(client as never, 'https://sqs/timers');
    const messages = Array.from({ length: 12 }, (_, i) => ({ delaySeconds: i, body: { v: 1 as const, timers: [{ id: `i${i}`, dueAt: i }] } }));
    await queue.send(messages);
    expect(sent.map((r) => r.Entries.length)).toEqual([10, 2]);
    expect(sent[0]!.QueueUrl).toBe('https://sqs/timers');
    expect(sent[1]!.Entries[1]).toEqual({ Id: '1', MessageBody: JSON.stringify(messages[11]!.body), DelaySeconds: 11 });
    sent.length = 0;
    failNext = [{ Id: '0', SenderFault: false, Code: 'InternalError' }];
    await queue.send(messages.slice(0, 1));
    expect(sent).toHaveLength(2); // the retry
    failNext = [{ Id: '0', SenderFault: true, Code: 'InvalidParameterValue' }];
    await expect(queue.send(messages.slice(0, 1))).rejects.toThrow(/refused 1 timer message.*InvalidParameterValue/);
  });

  it('names background executions within Step Functions limits, the same for retries of one dispatch', () => {
    const job = { instanceId: '0b5cfb2e-9b0e-4c52-8d55-0a5a4d6b8c11', task: 3, dispatchedAt: 120_000 };
    expect(backgroundExecutionName(job)).toBe(backgroundExecutionName({ ...job }));
    expect(backgroundExecutionName({ ...job, dispatchedAt: 120_001 })).not.toBe(backgroundExecutionName(job));
    expect(backgroundExecutionName(job)).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(executionName('x', 'a'.repeat(100))).toHaveLength(80);
    expect(executionName('x', 'a b/c')).toBe('x-a_b_c');
  });
});

describe('configuration', () => {
  it('reads settings from the environment and refuses nonsense', () => {
    expect(settingsFromEnv({ TIMER_HORIZON_SECONDS: '60', TICK_BATCH_SIZE: '5', HISTORY_RETENTION_DAYS: '7' })).toMatchObject({ timerHorizonMs: 60_000, tickBatchSize: 5, retentionDays: 7 });
    expect(() => settingsFromEnv({ TICK_BATCH_SIZE: 'many' })).toThrow(/TICK_BATCH_SIZE/);
  });

  it('reads the index shard counts, the table defaults when unset, and refuses what is not a whole number of at least 1', () => {
    expect(shardsFromEnv({})).toEqual({ dueShards: 8, statusShards: 1 });
    expect(shardsFromEnv({ AUTOMATIONS_DUE_SHARDS: '16', AUTOMATIONS_STATUS_SHARDS: '4' })).toEqual({ dueShards: 16, statusShards: 4 });
    expect(() => shardsFromEnv({ AUTOMATIONS_STATUS_SHARDS: '0' })).toThrow(/AUTOMATIONS_STATUS_SHARDS must be a whole number/);
    expect(() => shardsFromEnv({ AUTOMATIONS_DUE_SHARDS: '2.5' })).toThrow(/AUTOMATIONS_DUE_SHARDS/);
  });

  it('gives clients placeholder credentials only for a local AWS_ENDPOINT_URL', () => {
    expect(clientConfig('SFN', { AWS_ENDPOINT_URL: 'http://localhost:4566' })).toEqual({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    expect(clientConfig('SFN', { AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:8083', AWS_REGION: 'eu-west-1' })).toEqual({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    expect(clientConfig('SFN', { AWS_ENDPOINT_URL: 'https://states.eu-west-1.amazonaws.com' })).toEqual({});
  });
});

describe('parts made on first use', () => {
  it('makes a part once for concurrent calls, and again after a failure', async () => {
    let made = 0;
    const fail = { now: true };
    const part = onFirstUse(async () => {
      made++;
      if (fail.now) throw new Error('throttled');
      return { n: made };
    });
    await expect(part()).rejects.toThrow('throttled');
    fail.now = false;
    const [a, b] = await Promise.all([part(), part()]);
    expect(a).toBe(b);
    expect(a).toEqual({ n: 2 });
    expect(made).toBe(2);
  });
});

describe('the AWS composition root (lib/aws/runtime.ts)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('loads the Lambda, SQS and Cognito clients on first use and reaches each service through them', async () => {
    // One local endpoint stands in for the services: it records the operation (X-Amz-Target, or the Lambda invoke path) and answers it.
    const seen: string[] = [];
    const answers: Record<string, object | ((body: never) => object)> = {
      'AmazonSQS.SendMessageBatch': (body: { Entries: { Id: string; MessageBody: string }[] }) => ({
        Successful: body.Entries.map((e) => ({ Id: e.Id, MessageId: `m${e.Id}`, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex') })),
        Failed: [],
      }),
      'AWSCognitoIdentityProviderService.AdminGetUser': { Username: 'ann', UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }], Enabled: true, UserStatus: 'CONFIRMED' },
      'AWSCognitoIdentityProviderService.AdminListGroupsForUser': { Groups: [{ GroupName: 'approvers' }] },
    };
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const op = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
        seen.push(op);
        if (op.includes('/invocations')) return void res.writeHead(202).end();
        const answer = answers[op] ?? {};
        const body = typeof answer === 'function' ? answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never) : answer;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const [name, value] of Object.entries({
        AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
        AUTOMATIONS_SECRET: 'a-master-secret-for-the-test', AUTOMATIONS_TABLE: 'never-read', WORKER_FUNCTION_NAME: 'worker',
        TIMER_QUEUE_URL: `${endpoint}/000000000000/timers`, ATM_USER_POOL_ID: 'us-east-1_pool',
      })) vi.stubEnv(name, value);
      const runtime = await createAwsRuntime({ automations: testAutomations }, { logger: { debug() {}, info() {}, warn() {}, error() {} } });
      expect(seen).toEqual([]); // nothing is called while the runtime is built
      await runtime.invokeWorker({ type: 'deliveries', ids: ['d1'] });
      await runtime.timers.schedule([{ instanceId: 'i1', at: Date.now() + 60_000 }]);
      await expect((await runtime.workflows!()).directory.user('ann')).resolves.toMatchObject({ id: 'ann', email: 'ann@example.com', groups: ['approvers'] });
      await runtime.invokeWorker({ type: 'deliveries', ids: ['d2'] }); // the client made on first use serves the next call
      expect(seen).toEqual([
        'POST /2015-03-31/functions/worker/invocations',
        'AmazonSQS.SendMessageBatch',
        'AWSCognitoIdentityProviderService.AdminGetUser',
        'AWSCognitoIdentityProviderService.AdminListGroupsForUser',
        'POST /2015-03-31/functions/worker/invocations',
      ]);
    } finally {
      server.close();
    }
  });
});
