import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDBClient } from '../../lib/aws/dynamo-client.js';
import { DynamoStore, itemSize, type CapacityUse } from '../../lib/aws/dynamo-store.js';
import { DUE_BUCKET_MS, DUE_SK, TTL_ATTRIBUTE } from '../../lib/aws/table-schema.js';
import { DataValidationError } from '../../lib/engine/errors.js';
import type { InstanceState } from '../../lib/engine/state.js';
import { makeState, makeTask, next, storeContract, uid } from '../contract/store-contract.js';
import { createDynamoTestStore, createTestTable, dynamodbEndpoint, localDynamoDBClient } from '../support/dynamodb.js';

storeContract('DynamoStore on DynamoDB Local', () => createDynamoTestStore());

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const noise = (bytes: number) => randomBytes(bytes).toString('base64');

async function raw(store: DynamoStore, id: string): Promise<Record<string, unknown>[]> {
  const out = await store.documentClient.send(
    new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INST#${id}` }, ConsistentRead: true }),
  );
  return out.Items ?? [];
}
const head = async (store: DynamoStore, id: string) => (await raw(store, id)).find((i) => i.sk === '#STATE');

describe('DynamoStore specifics', () => {
  it('spreads an automation over status shards: lists and counts see every shard, and a raise keeps what shard 0 holds', async () => {
    const tableName = await createTestTable();
    const client = localDynamoDBClient();
    const automation = uid('Hot');
    const one = new DynamoStore({ tableName, client });
    const before = makeState(uid(), { automation, status: 'waiting' });
    await one.create(before, []);
    const sharded = new DynamoStore({ tableName, client, statusShards: 3 });
    const states = Array.from({ length: 9 }, (_, i) => makeState(uid(), { automation, status: i % 3 === 0 ? 'finished' : 'waiting', created: T0 + i, finishedAt: i % 3 === 0 ? T0 + 50 : null }));
    for (const s of states) await sharded.create(s, []);
    const keys = await Promise.all(states.map(async (s) => (await head(sharded, s.id))!.lk as string));
    expect(new Set(keys.map((k) => k.replace(/#finished|#waiting/, ''))).size).toBeGreaterThan(1); // more than one shard in use
    expect(await sharded.countByStatus(automation)).toEqual({ counts: { running: 0, waiting: 7, error: 0, finished: 3 }, capped: false });
    const listed = (await sharded.list({ automation, statuses: ['waiting'], limit: 4 }));
    const rest = await sharded.list({ automation, statuses: ['waiting'], limit: 4, cursor: listed.cursor });
    expect([...listed.items, ...rest.items].map((i) => i.id).sort()).toEqual([before, ...states.filter((s) => s.status === 'waiting')].map((s) => s.id).sort());
  });

  it('refuses an instance above the item limit with status 413, before writing anything', async () => {
    const store = await createDynamoTestStore();
    // Heads are deflated: repetitive data fits far beyond 400 KB, random data does not.
    expect(await store.create(makeState(uid(), { data: { blob: 'x'.repeat(600 * 1024) } }), [])).toEqual({ created: true });
    const big = makeState(uid(), { data: { more: noise(450 * 1024) } });
    const error = await store.create(big, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataValidationError);
    expect((error as DataValidationError).status).toBe(413);
    expect(await store.get(big.id)).toBeUndefined();

    const small = makeState(uid());
    await store.create(small, []);
    const grown = next(small, { data: { blob: noise(420 * 1024) } });
    await expect(store.commit({ expectedVersion: 1, state: grown, tasks: [makeTask(small.id, 0)] })).rejects.toMatchObject({ status: 413 });
    expect(await store.get(small.id)).toEqual(small);
    expect(await store.tasks(small.id)).toEqual([]);

    const strict = await createDynamoTestStore({ maxItemBytes: 4_000 });
    await expect(strict.create(makeState(uid(), { data: { text: noise(6_000) } }), [])).rejects.toMatchObject({ status: 413 });
  });

  it('keeps the head within one write unit while the history grows, moving records to LOG items', async () => {
    const store = await createDynamoTestStore();
    let state = makeState(uid(), { data: { customer: 'Ada' } });
    await store.create(state, [makeTask(state.id, 0)]);
    const expected = [makeTask(state.id, 0)];
    for (let seq = 1; seq <= 40; seq++) {
      const closed = makeTask(state.id, seq - 1, { finished: T0 + seq, message: 'OK', result: { step: seq, note: noise(60) } });
      const opened = makeTask(state.id, seq);
      const v = next(state, { nextSeq: seq + 1, paths: [{ id: 0, node: `node${seq}`, task: seq, taskCreated: T0 + seq, frames: [] }] });
      expect(await store.commit({ expectedVersion: state.version, state: v, tasks: [closed, opened] })).toBe(true);
      expected[seq - 1] = closed;
      expected[seq] = opened;
      state = v;
      expect(itemSize((await head(store, state.id))!)).toBeLessThanOrEqual(1024);
    }
    expect(await store.tasks(state.id)).toEqual(expected);
    expect(await store.task(state.id, 3)).toEqual(expected[3]);
    expect(await store.task(state.id, 40)).toEqual(expected[40]);
    expect(await store.task(state.id, 41)).toBeUndefined();
    const logs = (await raw(store, state.id)).filter((i) => (i.sk as string).startsWith('LOG#'));
    expect(logs.length).toBeGreaterThan(3);
    expect(await store.get(state.id)).toEqual(state);
  });

  it('reads a history written by another store (no cached head) and commits after reading the head', async () => {
    const tableName = await createTestTable();
    const a = new DynamoStore({ tableName, client: localDynamoDBClient() });
    const b = new DynamoStore({ tableName, client: localDynamoDBClient() });
    const state = makeState(uid());
    await a.create(state, [makeTask(state.id, 0)]);
    const v2 = next(state, { status: 'waiting' });
    expect(await b.commit({ expectedVersion: 1, state: v2, tasks: [makeTask(state.id, 1, { result: noise(500) })] })).toBe(true);
    // `a` still believes version 1 is current: its commit loses, and the next one (after a read) wins.
    expect(await a.commit({ expectedVersion: 1, state: next(state), tasks: [] })).toBe(false);
    const v3 = next(v2, { status: 'running' });
    expect(await a.commit({ expectedVersion: 2, state: v3, tasks: [makeTask(state.id, 2, { result: noise(700) })] })).toBe(true);
    expect((await b.tasks(state.id)).map((t) => t.seq)).toEqual([0, 1, 2]);
    expect(await b.get(state.id)).toEqual(v3);
  });

  it('leaves no history item behind when the instance was deleted under a committing runner', async () => {
    const store = await createDynamoTestStore();
    const other = new DynamoStore({ tableName: store.tableName, client: localDynamoDBClient() });
    const state = makeState(uid());
    await store.create(state, [makeTask(state.id, 0, { result: noise(450) })]);
    await store.get(state.id);
    await other.delete(state.id);
    const v2 = next(state);
    expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [makeTask(state.id, 1, { result: noise(450) })] })).toBe(false);
    expect(await raw(store, state.id)).toEqual([]);
  });

  it('writes index keys only where they belong (sparse) and TTL on finished instances and their history', async () => {
    const store = await createDynamoTestStore({ retentionDays: 7 });
    const idle = makeState(uid(), { status: 'waiting' });
    const timed = makeState(uid(), { status: 'waiting', dueAt: T0 + 60_000 });
    await store.create(idle, []);
    await store.create(timed, []);
    const idleHead = (await head(store, idle.id))!;
    expect(idleHead).not.toHaveProperty('dk');
    expect(idleHead).not.toHaveProperty('ds');
    expect(idleHead).not.toHaveProperty('fk');
    expect(idleHead).not.toHaveProperty(TTL_ATTRIBUTE);
    expect((await head(store, timed.id))!.ds).toBe(`${String(T0 + 60_000).padStart(13, '0')}#${timed.id}`);

    let state = idle;
    for (let seq = 0; seq < 12; seq++) {
      const v = next(state);
      await store.commit({ expectedVersion: state.version, state: v, tasks: [makeTask(idle.id, seq, { finished: T0, message: 'OK', result: noise(120) })] });
      state = v;
    }
    const finishedAt = T0 + 5_500;
    const done = next(state, { status: 'finished', finishedAt, dueAt: null });
    await store.commit({ expectedVersion: state.version, state: done, tasks: [] });
    const items = await raw(store, idle.id);
    const expiresAt = Math.floor(finishedAt / 1000) + 7 * 86_400;
    expect(items.length).toBeGreaterThan(1);
    for (const item of items) expect(item[TTL_ATTRIBUTE], item.sk as string).toBe(expiresAt);
    const doneHead = items.find((i) => i.sk === '#STATE')!;
    expect(doneHead.fs).toBe(`${String(finishedAt).padStart(13, '0')}#${idle.id}`);
    expect(doneHead).not.toHaveProperty('ds');
  });

  it("gives a finished instance its own retention when it carries one (a workflow's removeAfterDays)", async () => {
    const store = await createDynamoTestStore({ retentionDays: 30 });
    const state = makeState(uid(), { status: 'waiting', retentionDays: 2 });
    await store.create(state, []);
    const finishedAt = T0 + 9_000;
    await store.commit({ expectedVersion: state.version, state: next(state, { status: 'finished', finishedAt, dueAt: null }), tasks: [makeTask(state.id, 0, { finished: T0, message: 'OK' })] });
    const items = await raw(store, state.id);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item[TTL_ATTRIBUTE], item.sk as string).toBe(Math.floor(finishedAt / 1000) + 2 * 86_400);
  });

  it('finds what is due by reading only what is due (index entries and heads), not every waiting instance', async () => {
    const uses: { operation: string; scanned?: number }[] = [];
    const store = await createDynamoTestStore({ onCapacity: (u) => uses.push(u) });
    const now = T0 + 3_600_000;
    const states = Array.from({ length: 400 }, (_, i) =>
      makeState(uid(), { status: 'waiting', dueAt: i < 25 ? now - 60_000 * (i + 1) : now + 120_000 + i * 1_000 }),
    );
    for (let i = 0; i < states.length; i += 50) await Promise.all(states.slice(i, i + 50).map((s) => store.create(s, [])));
    uses.length = 0;
    const due = await store.due(now, 100);
    expect(due.map((s) => s.id).sort()).toEqual(states.slice(0, 25).map((s) => s.id).sort());
    const read = (op: string) => uses.filter((u) => u.operation === op).reduce((n, u) => n + (u.scanned ?? 0), 0);
    expect(read('due')).toBe(25);
    expect(read('batchGet')).toBe(25);
    uses.length = 0;
    expect(await store.due(now, 10)).toEqual(due.slice(0, 10));
    expect(read('batchGet')).toBeLessThanOrEqual(25);
  });

  it('does not rewrite the due entry for lease renewals, yet never reports an instance before its dueAt', async () => {
    const store = await createDynamoTestStore();
    const base = Math.ceil(T0 / DUE_BUCKET_MS) * DUE_BUCKET_MS;
    const a = makeState(uid(), { status: 'waiting', dueAt: base });
    const b = makeState(uid(), { status: 'waiting', dueAt: base + 90_000 });
    await store.create(a, []);
    await store.create(b, []);
    const indexed = (await head(store, a.id))![DUE_SK];
    // A runner takes `a` and renews its lease: dueAt moves 2 and then 3 minutes on, the entry stays.
    const leased = next(a, { status: 'running', dueAt: base + 120_000, lease: { owner: 'r', until: base + 120_000 } });
    await store.commit({ expectedVersion: 1, state: leased, tasks: [] });
    const renewed = next(leased, { dueAt: base + 180_000, lease: { owner: 'r', until: base + 180_000 } });
    await store.commit({ expectedVersion: 2, state: renewed, tasks: [] });
    expect((await head(store, a.id))![DUE_SK]).toBe(indexed);
    // The stale entry sorts first, but only instances really due are reported, earliest first.
    expect((await store.due(base + 100_000, 1)).map((s) => s.id)).toEqual([b.id]);
    expect((await store.due(base + 180_000, 5)).map((s) => [s.id, s.dueAt])).toEqual([
      [b.id, base + 90_000],
      [a.id, base + 180_000],
    ]);
    expect((await store.dueBetween(base + 100_000, base + 200_000, 10)).map((e) => e.id)).toEqual([a.id]);
    // A wait far beyond the slack rewrites the entry.
    const parked = next(renewed, { status: 'waiting', dueAt: base + 86_400_000, lease: null });
    await store.commit({ expectedVersion: 3, state: parked, tasks: [] });
    expect((await head(store, a.id))![DUE_SK]).not.toBe(indexed);
    expect((await store.due(base + 1_000_000, 5)).map((s) => s.id)).toEqual([b.id]);
  });
});

describe('Form tasks and the task-list indexes', () => {
  const writes = (uses: CapacityUse[]) => uses.filter((u) => u.write > 0).map((u) => `${u.operation}${u.transaction ? ' (transaction)' : ''}`);

  it('carries the first open Form task on the head (one conditional put to open or close it); only a second open one gets a FORM# item and a transaction', async () => {
    const uses: CapacityUse[] = [];
    const store = await createDynamoTestStore({ onCapacity: (u) => uses.push(u) });
    const v1 = makeState(uid(), { status: 'waiting' });
    const first = makeTask(v1.id, 0, { assignment: { groups: ['approvers'] } });
    await store.create(v1, [first]);
    expect(writes(uses)).toEqual(['create']);
    expect((await raw(store, v1.id)).map((i) => i.sk)).toEqual(['#STATE']);
    expect((await store.openTasks({ assignee: 'group:approvers' })).items).toEqual([first]);
    expect((await store.openTasks({})).items).toEqual([first]);

    // A second Form task while the first is open: its own item, written with the head in a transaction.
    uses.length = 0;
    const v2 = next(v1);
    const second = makeTask(v1.id, 1, { assignment: { user: 'ann' } });
    expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [second] })).toBe(true);
    expect(writes(uses)).toEqual(['commit (transaction)']);
    expect((await raw(store, v1.id)).map((i) => i.sk).sort()).toEqual(['#STATE', 'FORM#0000000001']);
    expect((await store.openTasks({})).items).toEqual([first, second]);

    // Closing the one on the head is one put; an unrelated commit keeps the second listed.
    uses.length = 0;
    const v3 = next(v2);
    expect(await store.commit({ expectedVersion: 2, state: v3, tasks: [{ ...first, finished: T0 + 5, message: 'OK' }] })).toBe(true);
    expect(writes(uses)).toEqual(['commit']);
    expect((await store.openTasks({ assignee: 'group:approvers' })).items).toEqual([]);
    const v4 = next(v3, { data: { more: true } });
    expect(await store.commit({ expectedVersion: 3, state: v4, tasks: [] })).toBe(true);
    expect((await store.openTasks({})).items).toEqual([second]);

    // The slot is free again: a third Form task rides on the head while the second keeps its item.
    uses.length = 0;
    const v5 = next(v4);
    const third = makeTask(v1.id, 2, { assignment: { user: 'ann' } });
    expect(await store.commit({ expectedVersion: 4, state: v5, tasks: [third] })).toBe(true);
    expect(writes(uses)).toEqual(['commit']);
    expect((await store.openTasks({ assignee: 'user:ann' })).items).toEqual([second, third]);

    // Another store (no cached head) closes both: the FORM# item goes with the head in a transaction.
    const other = new DynamoStore({ tableName: store.tableName, client: store.documentClient });
    await other.get(v1.id);
    const v6 = next(v5, { status: 'finished', finishedAt: T0 + 9, dueAt: null });
    expect(await other.commit({ expectedVersion: 5, state: v6, tasks: [{ ...second, finished: T0 + 9, message: 'OK' }, { ...third, finished: T0 + 9, message: 'OK' }] })).toBe(true);
    expect((await store.openTasks({})).items).toEqual([]);
    expect((await raw(store, v1.id)).map((i) => i.sk)).toEqual(['#STATE']);
    expect(await store.tasks(v1.id)).toEqual([first, second, third].map((t) => ({ ...t, finished: t === first ? T0 + 5 : T0 + 9, message: 'OK' })));
  });

  it('still deletes the FORM# item of a Form task opened before heads carried one (a head without the slot bookkeeping)', async () => {
    const store = await createDynamoTestStore();
    const state = makeState(uid(), { status: 'waiting' });
    const form = makeTask(state.id, 0, { assignment: { user: 'bob' } });
    // As an older store wrote it: the head's blob without `f`, and the task in a FORM# item.
    await store.create(state, []);
    const { deflateRawSync } = await import('node:zlib');
    const stored = (await head(store, state.id))!;
    await store.documentClient.send(
      new PutCommand({ TableName: store.tableName, Item: { ...stored, b: deflateRawSync(Buffer.from(JSON.stringify({ s: state, l: [[1, form]] }))) } }),
    );
    await store.documentClient.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { pk: `INST#${state.id}`, sk: 'FORM#0000000000', t: JSON.stringify(form), ok: 'OPEN#user:bob', os: `${String(form.created).padStart(13, '0')}#${state.id}#0000000000`, ak: 'ALLOPEN#0', as: `${String(form.created).padStart(13, '0')}#${state.id}#0000000000` },
      }),
    );
    expect((await store.openTasks({ assignee: 'user:bob' })).items).toEqual([form]);
    const fresh = new DynamoStore({ tableName: store.tableName, client: store.documentClient });
    expect(await fresh.get(state.id)).toEqual(state);
    expect(await fresh.commit({ expectedVersion: 1, state: next(state), tasks: [{ ...form, finished: T0 + 1, message: 'OK' }] })).toBe(true);
    expect((await store.openTasks({ assignee: 'user:bob' })).items).toEqual([]);
    expect((await raw(store, state.id)).map((i) => i.sk)).toEqual(['#STATE']);
  });
});

describe('retries and lost races through a faulty network', () => {
  let proxy: Server;
  let endpoint: string;
  /** What the proxy does with the next requests: pass, answer with an error, or forward and then lose the answer. */
  const faults: ('throttle' | 'provisioned' | '500' | '503' | 'lose-answer')[] = [];
  const seen: string[] = [];

  beforeAll(async () => {
    const target = new URL(dynamodbEndpoint());
    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '?';
        seen.push(operation);
        const fault = faults.shift();
        const fail = (status: number, type: string) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `injected ${type}` }));
        };
        if (fault === 'throttle') return fail(400, 'ThrottlingException');
        if (fault === 'provisioned') return fail(400, 'ProvisionedThroughputExceededException');
        if (fault === '500') return fail(500, 'InternalServerError');
        if (fault === '503') return fail(503, 'ServiceUnavailable');
        const upstream = request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
          (answer) => {
            const parts: Buffer[] = [];
            answer.on('data', (c: Buffer) => parts.push(c));
            answer.on('end', () => {
              if (fault === 'lose-answer') return fail(500, 'InternalServerError');
              res.writeHead(answer.statusCode ?? 500, answer.headers);
              res.end(Buffer.concat(parts));
            });
          },
        );
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  const storeBehindProxy = async (tableName: string) =>
    new DynamoStore({ tableName, client: createDynamoDBClient({ endpoint, region: 'us-east-1', credentials }) });

  it('retries throttling and 5xx with backoff until the request goes through', async () => {
    const store = await storeBehindProxy(await createTestTable());
    const state = makeState(uid());
    faults.push('throttle', 'provisioned', '500', '503');
    seen.length = 0;
    expect(await store.create(state, [])).toEqual({ created: true });
    expect(seen).toEqual(['PutItem', 'PutItem', 'PutItem', 'PutItem', 'PutItem']);
    faults.push('503', 'throttle');
    expect(await store.get(state.id)).toEqual(state);
  });

  it('never retries a lost race: one request, false', async () => {
    const tableName = await createTestTable();
    const store = await storeBehindProxy(tableName);
    const rival = new DynamoStore({ tableName, client: localDynamoDBClient() });
    const state = makeState(uid());
    await store.create(state, []);
    await rival.get(state.id);
    expect(await rival.commit({ expectedVersion: 1, state: next(state, { data: { by: 'rival' } }), tasks: [] })).toBe(true);
    seen.length = 0;
    expect(await store.commit({ expectedVersion: 1, state: next(state, { data: { by: 'us' } }), tasks: [] })).toBe(false);
    expect(seen).toEqual(['PutItem']);
    expect((await rival.get(state.id))!.data).toEqual({ by: 'rival' });
  });

  it('recognises its own write when the answer to a successful commit was lost and the SDK retried it', async () => {
    const store = await storeBehindProxy(await createTestTable());
    const state = makeState(uid());
    await store.create(state, []);
    const v2: InstanceState = next(state, { data: { step: 2 } });
    faults.push('lose-answer');
    seen.length = 0;
    expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [] })).toBe(true);
    expect(seen).toEqual(['PutItem', 'PutItem']);
    expect(await store.get(state.id)).toEqual(v2);
    // The same for a transaction (its ClientRequestToken makes the retry a no-op): two Form
    // tasks opened together (the first rides on the head, the second gets its own item).
    const v3 = next(v2, { status: 'waiting' });
    const forms = [makeTask(state.id, 0, { assignment: { user: 'ann' } }), makeTask(state.id, 1, { assignment: { user: 'ann' } })];
    faults.push('lose-answer');
    seen.length = 0;
    expect(await store.commit({ expectedVersion: 2, state: v3, tasks: forms })).toBe(true);
    expect(seen).toEqual(['TransactWriteItems', 'TransactWriteItems']);
    expect(await store.get(state.id)).toEqual(v3);
    expect((await store.openTasks({ assignee: 'user:ann' })).items).toEqual(forms);
  });
});

describe('endpoints', () => {
  it('honours AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_DYNAMODB, and an explicit endpoint over both', async () => {
    const tableName = await createTestTable();
    const saved = { url: process.env.AWS_ENDPOINT_URL, dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB };
    try {
      process.env.AWS_ENDPOINT_URL = dynamodbEndpoint();
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      const viaEnv = new DynamoStore({ tableName, client: { region: 'us-east-1', credentials } });
      const state = makeState(uid());
      await viaEnv.create(state, []);

      process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
      process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodbEndpoint();
      expect(await new DynamoStore({ tableName, client: { region: 'us-east-1', credentials } }).get(state.id)).toEqual(state);

      process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
      const explicit = new DynamoStore({ tableName, endpoint: dynamodbEndpoint(), client: { region: 'us-east-1', credentials } });
      expect(await explicit.get(state.id)).toEqual(state);
      const raw = await explicit.documentClient.send(new GetCommand({ TableName: tableName, Key: { pk: `INST#${state.id}`, sk: '#STATE' } }));
      expect(raw.Item?.v).toBe(1);
    } finally {
      if (saved.url === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved.url;
      if (saved.dynamodb === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved.dynamodb;
    }
  });
});
