import { ExecutionAlreadyExists } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { clientConfig } from '../../lib/aws/aws-clients.js';
import { matchesPattern } from '../../lib/aws/event-pattern.js';
import { eventTriggersOf } from '../../lib/engine/event-triggers.js';
import { fetchMasterSecret, loadSecrets } from '../../lib/aws/secrets.js';
import { deriveSecrets } from '../../lib/app/secrets.js';
import { backgroundExecutionName, executionName, StepFunctionsTimers, timerExecutionName, timerInput } from '../../lib/aws/timers.js';
import { timerFor } from '../../lib/app/timers.js';
import { signWebhook, verifyWebhook, WebhookAuthError } from '../../lib/aws/webhook-signature.js';
import { Automation } from '../../lib/engine/index.js';
import { settingsFromEnv } from '../../lib/aws/runtime.js';
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
  it('names executions within Step Functions limits, the same for the same wake', () => {
    const request = { instanceId: '0b5cfb2e-9b0e-4c52-8d55-0a5a4d6b8c11', at: 1_767_268_800_123.4 };
    const before = request.at - 60_000;
    const name = timerExecutionName(request, before);
    expect(name).toBe('t-0b5cfb2e-9b0e-4c52-8d55-0a5a4d6b8c11-1767268800123');
    expect(timerExecutionName(request, before + 1)).toBe(name);
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    // A wake reported when it is already due must run even if a timer of that time already did.
    const late = timerExecutionName(request, request.at + 5);
    expect(late).toBe('t-0b5cfb2e-9b0e-4c52-8d55-0a5a4d6b8c11-1767268800123-1767268800128');
    expect(late.length).toBeLessThanOrEqual(80);
    // Background jobs: retries of one dispatch share a name, a re-dispatch a lease later does not.
    const job = { instanceId: request.instanceId, task: 3, dispatchedAt: 120_000 };
    expect(backgroundExecutionName(job)).toBe(backgroundExecutionName({ ...job }));
    expect(backgroundExecutionName({ ...job, dispatchedAt: 120_001 })).not.toBe(backgroundExecutionName(job));
    expect(executionName('x', 'a'.repeat(100))).toHaveLength(80);
    expect(executionName('x', 'a b/c')).toBe('x-a_b_c');
    expect(timerInput(request)).toEqual({ instanceId: request.instanceId, at: '2026-01-01T12:00:00.123Z', dueAt: 1_767_268_800_123 });
  });

  it('asks for a timer only for time waits within the horizon', () => {
    const run = (wake: object, status = 'waiting') => ({ id: 'i', status, wake }) as never;
    expect(timerFor(run({ kind: 'at', at: 5_000 }), 1_000, 10_000)).toEqual({ instanceId: 'i', at: 5_000 });
    expect(timerFor(run({ kind: 'at', at: 50_000 }), 1_000, 10_000)).toBeUndefined();
    expect(timerFor(run({ kind: 'poll', at: 5_000 }), 1_000, 10_000)).toBeUndefined();
    expect(timerFor(run({ kind: 'external' }), 1_000, 10_000)).toBeUndefined();
    expect(timerFor(run({ kind: 'at', at: 5_000 }, 'error'), 1_000, 10_000)).toBeUndefined();
  });

  it('treats ExecutionAlreadyExists as a timer already set', async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: { input: unknown }) => {
        sent.push(command.input);
        if (sent.length > 1) throw new ExecutionAlreadyExists({ message: 'exists', $metadata: {} });
        return {};
      },
    };
    const timers = new StepFunctionsTimers(client as never, 'arn:sm');
    expect(await timers.schedule({ instanceId: 'i', at: 1_000 })).toBe('started');
    expect(await timers.schedule({ instanceId: 'i', at: 1_000 })).toBe('exists');
    expect(sent[0]).toEqual({ stateMachineArn: 'arn:sm', name: expect.stringMatching(/^t-i-1000-\d+$/), input: JSON.stringify(timerInput({ instanceId: 'i', at: 1_000 })) });
  });
});

describe('configuration', () => {
  it('reads settings from the environment and refuses nonsense', () => {
    expect(settingsFromEnv({ TIMER_HORIZON_SECONDS: '60', TICK_BATCH_SIZE: '5', HISTORY_RETENTION_DAYS: '7' })).toMatchObject({ timerHorizonMs: 60_000, tickBatchSize: 5, retentionDays: 7 });
    expect(() => settingsFromEnv({ TICK_BATCH_SIZE: 'many' })).toThrow(/TICK_BATCH_SIZE/);
  });

  it('gives clients placeholder credentials only for a local AWS_ENDPOINT_URL', () => {
    expect(clientConfig('SFN', { AWS_ENDPOINT_URL: 'http://localhost:4566' })).toEqual({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    expect(clientConfig('SFN', { AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:8083', AWS_REGION: 'eu-west-1' })).toEqual({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    expect(clientConfig('SFN', { AWS_ENDPOINT_URL: 'https://states.eu-west-1.amazonaws.com' })).toEqual({});
  });
});
