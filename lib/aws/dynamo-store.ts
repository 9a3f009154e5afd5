import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DataValidationError } from '../engine/errors.js';
import type { InstanceState, InstanceStatus, TaskRecord } from '../engine/state.js';
import type { Commit, CreateResult, DeleteCounts, InstanceSummary, ListQuery, Page, Store } from '../engine/store.js';
import { createDocumentClient, type DynamoClientOptions } from './dynamo-client.js';
import {
  CLAIM_SK,
  DEFAULT_DUE_SHARDS,
  DUE_INDEX,
  DUE_PK,
  DUE_PREFIX,
  DUE_SK,
  FINISHED_INDEX,
  FINISHED_PK,
  FINISHED_PREFIX,
  FINISHED_SK,
  INSTANCE_PREFIX,
  PARTITION_KEY,
  SORT_KEY,
  STATE_SK,
  STATUS_INDEX,
  STATUS_PK,
  STATUS_PREFIX,
  STATUS_SK,
  TASK_PREFIX,
  TTL_ATTRIBUTE,
  UNIQUE_PREFIX,
} from './table-schema.js';

/** DynamoDB refuses items above 400 KB (409,600 bytes, attribute names included). */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;
export const DEFAULT_RETENTION_DAYS = 30;
const DAY_SECONDS = 86_400;
/** TransactWriteItems takes at most 100 actions. */
const MAX_TRANSACTION_ITEMS = 100;
/** Attempts for a transaction cancelled by a transient reason (conflict with another transaction, throttling). */
const TRANSIENT_ATTEMPTS = 8;

/** What one DynamoDB request consumed, for cost accounting (see `onCapacity`). */
export interface CapacityUse {
  operation: string;
  /** Read request units (table and indexes). */
  read: number;
  /** Write request units (table and indexes). */
  write: number;
  /** Items the request examined (Query/Scan: ScannedCount), when known. */
  scanned?: number;
}

export interface DynamoStoreOptions {
  tableName: string;
  /** A document client, a DynamoDB client, or the configuration for a new one. */
  client?: DynamoDBDocumentClient | DynamoDBClient | DynamoClientOptions;
  /** Shorthand for `client: { endpoint }`; AWS_ENDPOINT_URL(_DYNAMODB) is honoured when neither is given. */
  endpoint?: string;
  /** Partitions of the due and finished indexes; never lower it on an existing table. */
  dueShards?: number;
  /** Finished instances and their tasks get a TTL (`expiresAt`) this many days after they finish. */
  retentionDays?: number;
  /** Items above this many bytes are refused (status 413) before anything is written. */
  maxItemBytes?: number;
  /** Called with the consumed capacity of every request; turns on ReturnConsumedCapacity. */
  onCapacity?: (use: CapacityUse) => void;
}

type Item = Record<string, unknown>;

const pad = (n: number, width: number) => {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`Cannot index the value ${n}: expected a non-negative number`);
  return String(Math.floor(n)).padStart(width, '0');
};
const padTime = (ms: number) => pad(ms, 15);
const padSeq = (seq: number) => pad(seq, 10);
const instanceKey = (id: string) => ({ [PARTITION_KEY]: `${INSTANCE_PREFIX}${id}`, [SORT_KEY]: STATE_SK });
const taskKey = (id: string, seq: number) => ({ [PARTITION_KEY]: `${INSTANCE_PREFIX}${id}`, [SORT_KEY]: `${TASK_PREFIX}${padSeq(seq)}` });
const claimKey = (key: string) => ({ [PARTITION_KEY]: `${UNIQUE_PREFIX}${key}`, [SORT_KEY]: CLAIM_SK });

/** A stable, well-spread shard for an id (FNV-1a). */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** One record per seq, the last one given winning (as a store applying them in order would leave it). */
function lastPerSeq(tasks: readonly TaskRecord[]): TaskRecord[] {
  const bySeq = new Map<number, TaskRecord>();
  for (const task of tasks) {
    bySeq.delete(task.seq);
    bySeq.set(task.seq, task);
  }
  return [...bySeq.values()];
}

/** The size DynamoDB bills and limits: attribute names plus values, per its published rules. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8(name) + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/[.e+-]/g, '').replace(/^0+/, '').length;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + itemSize(value as Item) + Object.keys(value as Item).length;
  return utf8(String(value));
}

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

function cancellationCodes(error: unknown): (string | undefined)[] {
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r?.Code);
}

/** A value from a raw (marshalled) or document item. */
function rawString(item: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = item?.[name];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));

/** Operations (as named in CapacityUse) that only read. */
const READ_OPERATIONS = new Set(['get', 'task', 'tasks', 'query', 'due', 'list', 'findUnique', 'deleteFinishedBefore']);

const TRANSIENT_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);
const TRANSIENT_ERRORS = new Set(['TransactionConflictException', 'TransactionInProgressException']);

/**
 * The production Store: one DynamoDB table (see table-schema.ts and docs/architecture.md).
 *
 * - The instance head is one item whose `version` attribute is the compare-and-set token:
 *   every commit is a conditional write on it, alone (PutItem) when the commit carries no
 *   task records, else in one TransactWriteItems with the task items and the claim release.
 * - A conditional-check failure is a lost race (`false`), never retried here; throttling,
 *   5xx and transaction conflicts are retried (the SDK's standard retry mode, plus a backoff
 *   loop for transactions cancelled by a conflict or throttling).
 * - Every write carries a fresh `writeId` (and transactions a ClientRequestToken), so a write
 *   that succeeded but whose response was lost and was retried by the SDK is recognised as
 *   ours instead of being reported as a lost race.
 */
export class DynamoStore implements Store {
  readonly tableName: string;
  readonly dueShards: number;
  readonly retentionDays: number;
  readonly maxItemBytes: number;
  private readonly doc: DynamoDBDocumentClient;
  private readonly onCapacity: ((use: CapacityUse) => void) | undefined;

  constructor(options: DynamoStoreOptions) {
    this.tableName = options.tableName;
    this.dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.maxItemBytes = Math.min(options.maxItemBytes ?? DYNAMODB_ITEM_LIMIT_BYTES, DYNAMODB_ITEM_LIMIT_BYTES);
    this.onCapacity = options.onCapacity;
    if (!Number.isInteger(this.dueShards) || this.dueShards < 1) throw new RangeError('dueShards must be a positive integer');
    const client = options.client;
    if (client instanceof DynamoDBDocumentClient) this.doc = client;
    else if (client instanceof DynamoDBClient) this.doc = createDocumentClient(client);
    else this.doc = createDocumentClient({ ...(client ?? {}), ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  }

  /** The document client, for tools (benchmarks, seeding) that work on the same table. */
  get documentClient(): DynamoDBDocumentClient {
    return this.doc;
  }

  // ---------------------------------------------------------------- items

  private expiresAt(state: InstanceState): number | undefined {
    if (state.status !== 'finished') return undefined;
    const finished = state.finishedAt ?? state.updated;
    return Math.floor(finished / 1000) + this.retentionDays * DAY_SECONDS;
  }

  /** The head item of `state`, exactly as create/commit write it (for seeding tools and benchmarks). */
  instanceItem(state: InstanceState): Item {
    return this.headItem(state, randomUUID());
  }

  private headItem(state: InstanceState, writeId: string): Item {
    const item: Item = {
      ...instanceKey(state.id),
      id: state.id,
      automation: state.automation,
      status: state.status,
      version: state.version,
      dueAt: state.dueAt,
      created: state.created,
      updated: state.updated,
      finishedAt: state.finishedAt,
      state: JSON.stringify(state),
      writeId,
      [STATUS_PK]: `${STATUS_PREFIX}${state.automation}#${state.status}`,
      [STATUS_SK]: `${padTime(state.created)}#${state.id}`,
    };
    if (state.uniqueKey !== null) item.uniqueKey = state.uniqueKey;
    if (state.dueAt !== null) {
      item[DUE_PK] = `${DUE_PREFIX}${shardOf(state.id, this.dueShards)}`;
      item[DUE_SK] = `${padTime(state.dueAt)}#${state.id}`;
    }
    if (state.status === 'finished' && state.finishedAt !== null) {
      item[FINISHED_PK] = `${FINISHED_PREFIX}${shardOf(state.id, this.dueShards)}`;
      item[FINISHED_SK] = `${padTime(state.finishedAt)}#${state.id}`;
    }
    const expiresAt = this.expiresAt(state);
    if (expiresAt !== undefined) item[TTL_ATTRIBUTE] = expiresAt;
    return item;
  }

  private taskItem(task: TaskRecord, expiresAt: number | undefined): Item {
    const item: Item = { ...taskKey(task.instanceId, task.seq), seq: task.seq, task: JSON.stringify(task) };
    if (expiresAt !== undefined) item[TTL_ATTRIBUTE] = expiresAt;
    return item;
  }

  /** Refuses, before anything is written, an item DynamoDB would refuse or that exceeds the configured limit. */
  private checkSize(item: Item, what: string): void {
    const size = itemSize(item);
    if (size > this.maxItemBytes) {
      throw new DataValidationError(
        `${what} would be ${size} bytes in DynamoDB, above the limit of ${this.maxItemBytes} bytes: keep large data outside the instance (e.g. in S3) and store a reference`,
        413,
      );
    }
  }

  // ---------------------------------------------------------------- requests

  private capacity(
    operation: string,
    consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
    scanned?: number,
    reads = READ_OPERATIONS.has(operation),
  ): void {
    if (!this.onCapacity) return;
    const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);
    const use: CapacityUse = { operation, read: reads ? units : 0, write: reads ? 0 : units };
    if (scanned !== undefined) use.scanned = scanned;
    this.onCapacity(use);
  }

  private get rcc() {
    return this.onCapacity ? ('INDEXES' as const) : undefined;
  }

  private async getItem(key: Item, operation: string): Promise<Item | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true, ReturnConsumedCapacity: this.rcc }));
    this.capacity(operation, out.ConsumedCapacity, undefined, true);
    return out.Item;
  }

  /** Runs a transaction; retries cancellations whose every failing reason is transient. Throws the cancellation otherwise. */
  private async transact(input: TransactWriteCommandInput, operation: string): Promise<void> {
    const items = input.TransactItems ?? [];
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new DataValidationError(`One change may write at most ${MAX_TRANSACTION_ITEMS - 1} task records; this one writes ${items.length - 1}`, 413);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        // One token per attempt of ours; the SDK reuses it across its own retries, so a
        // transaction that succeeded but whose answer was lost is not applied twice.
        const out = await this.doc.send(
          new TransactWriteCommand({ ...input, ClientRequestToken: randomUUID(), ReturnConsumedCapacity: this.rcc }),
        );
        this.capacity(operation, out.ConsumedCapacity);
        return;
      } catch (error) {
        const name = errorName(error);
        const codes = cancellationCodes(error);
        const transient =
          (name === 'TransactionCanceledException' &&
            codes.some((c) => c && TRANSIENT_CODES.has(c)) &&
            !codes.includes('ConditionalCheckFailed')) ||
          TRANSIENT_ERRORS.has(name);
        if (!transient || attempt >= TRANSIENT_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }

  /** A single write, retried while it conflicts with a running transaction. */
  private async write<T extends { ConsumedCapacity?: ConsumedCapacity }>(send: () => Promise<T>, operation: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await send();
        this.capacity(operation, out.ConsumedCapacity);
        return out;
      } catch (error) {
        if (!TRANSIENT_ERRORS.has(errorName(error)) || attempt >= TRANSIENT_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }

  // ---------------------------------------------------------------- Store

  async create(state: InstanceState, given: readonly TaskRecord[]): Promise<CreateResult> {
    const tasks = lastPerSeq(given);
    const writeId = randomUUID();
    const head = this.headItem(state, writeId);
    this.checkSize(head, `Instance ${state.id}`);
    const expiresAt = this.expiresAt(state);
    const taskItems = tasks.map((t) => this.taskItem(t, expiresAt));
    taskItems.forEach((item, i) => this.checkSize(item, `Task ${tasks[i]!.seq} of instance ${state.id}`));
    const exists = () => new Error(`Instance ${state.id} already exists`);

    if (state.uniqueKey === null && taskItems.length === 0) {
      try {
        await this.write(
          () =>
            this.doc.send(
              new PutCommand({
                TableName: this.tableName,
                Item: head,
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PARTITION_KEY },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                ReturnConsumedCapacity: this.rcc,
              }),
            ),
          'create',
        );
        return { created: true };
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
        if (rawString((error as { Item?: Item }).Item, 'writeId') === writeId) return { created: true };
        throw exists();
      }
    }

    for (let attempt = 1; ; attempt++) {
      const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
        {
          Put: {
            TableName: this.tableName,
            Item: head,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          },
        },
        ...taskItems.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
      ];
      const claimIndex = items.length;
      if (state.uniqueKey !== null) {
        items.push({
          Put: {
            TableName: this.tableName,
            Item: { ...claimKey(state.uniqueKey), holder: state.id, uniqueKey: state.uniqueKey },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
      }
      try {
        await this.transact({ TransactItems: items }, 'create');
        return { created: true };
      } catch (error) {
        if (errorName(error) !== 'TransactionCanceledException') throw error;
        const reasons = (error as { CancellationReasons?: { Code?: string; Item?: Item }[] }).CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') throw exists();
        if (state.uniqueKey !== null && reasons[claimIndex]?.Code === 'ConditionalCheckFailed') {
          const holder = rawString(reasons[claimIndex]?.Item, 'holder') ?? (await this.findUnique(state.uniqueKey));
          if (holder !== undefined) return { created: false, existingId: holder };
          if (attempt < TRANSIENT_ATTEMPTS) continue; // the claim was released in between: try again
        }
        throw error;
      }
    }
  }

  async get(id: string): Promise<InstanceState | undefined> {
    const item = await this.getItem(instanceKey(id), 'get');
    return item ? (JSON.parse(item.state as string) as InstanceState) : undefined;
  }

  async commit({ expectedVersion, state, tasks: given, releaseUniqueKey }: Commit): Promise<boolean> {
    const tasks = lastPerSeq(given);
    if (state.version !== expectedVersion + 1) throw new Error('A commit must advance the version by exactly one');
    const writeId = randomUUID();
    const head = this.headItem(state, writeId);
    this.checkSize(head, `Instance ${state.id}`);
    const expiresAt = this.expiresAt(state);
    const taskItems = tasks.map((t) => this.taskItem(t, expiresAt));
    taskItems.forEach((item, i) => this.checkSize(item, `Task ${tasks[i]!.seq} of instance ${state.id}`));
    const versionCondition = {
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    };

    for (let attempt = 1; ; attempt++) {
      const release =
        releaseUniqueKey !== undefined && (await this.findUnique(releaseUniqueKey, 'commit')) === state.id ? releaseUniqueKey : undefined;

      if (taskItems.length === 0 && release === undefined) {
        try {
          await this.write(
            () =>
              this.doc.send(
                new PutCommand({
                  TableName: this.tableName,
                  Item: head,
                  ...versionCondition,
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                  ReturnConsumedCapacity: this.rcc,
                }),
              ),
            'commit',
          );
        } catch (error) {
          if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
          // Our own earlier attempt may have succeeded with its answer lost and been retried by the SDK.
          return rawString((error as { Item?: Item }).Item, 'writeId') === writeId;
        }
      } else {
        const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
          { Put: { TableName: this.tableName, Item: head, ...versionCondition } },
          ...taskItems.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
        ];
        if (release !== undefined) {
          items.push({
            Delete: {
              TableName: this.tableName,
              Key: claimKey(release),
              ConditionExpression: '#holder = :id',
              ExpressionAttributeNames: { '#holder': 'holder' },
              ExpressionAttributeValues: { ':id': state.id },
            },
          });
        }
        try {
          await this.transact({ TransactItems: items }, 'commit');
        } catch (error) {
          if (errorName(error) !== 'TransactionCanceledException') throw error;
          const codes = cancellationCodes(error);
          if (codes[0] === 'ConditionalCheckFailed') return false;
          // Only the claim's condition failed: it changed hands since we read it; read it again.
          if (release !== undefined && codes[items.length - 1] === 'ConditionalCheckFailed' && attempt < TRANSIENT_ATTEMPTS) continue;
          throw error;
        }
      }
      if (expiresAt !== undefined) await this.stampHistory(state, tasks, expiresAt);
      return true;
    }
  }

  /**
   * A finished instance's earlier task records get the same TTL as its head, so that
   * DynamoDB deletes the whole history for free. Idempotent; if it is interrupted, the
   * records without TTL are still removed by `delete` / `deleteFinishedBefore`.
   */
  private async stampHistory(state: InstanceState, written: readonly TaskRecord[], expiresAt: number): Promise<void> {
    const done = new Set(written.map((t) => t.seq));
    const keys = await this.partitionKeys(state.id, true);
    for (const key of keys) {
      const sk = key[SORT_KEY] as string;
      if (!sk.startsWith(TASK_PREFIX) || done.has(Number(sk.slice(TASK_PREFIX.length))) || key[TTL_ATTRIBUTE] !== undefined) continue;
      try {
        await this.write(
          () =>
            this.doc.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: { [PARTITION_KEY]: key[PARTITION_KEY], [SORT_KEY]: sk },
                UpdateExpression: 'SET #ttl = :ttl',
                ConditionExpression: 'attribute_exists(#pk)',
                ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE, '#pk': PARTITION_KEY },
                ExpressionAttributeValues: { ':ttl': expiresAt },
                ReturnConsumedCapacity: this.rcc,
              }),
            ),
          'stampHistory',
        );
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error; // deleted meanwhile: nothing to stamp
      }
    }
  }

  /** Every item key of an instance's partition (head and tasks), with the TTL when asked. */
  private async partitionKeys(id: string, withTtl = false): Promise<Item[]> {
    const keys: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ProjectionExpression: withTtl ? '#pk, #sk, #ttl' : '#pk, #sk',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY, ...(withTtl ? { '#ttl': TTL_ATTRIBUTE } : {}) },
          ExpressionAttributeValues: { ':pk': `${INSTANCE_PREFIX}${id}` },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: this.rcc,
        }),
      );
      this.capacity('query', out.ConsumedCapacity, out.ScannedCount);
      keys.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async tasks(id: string): Promise<TaskRecord[]> {
    const tasks: TaskRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :task)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
          ExpressionAttributeValues: { ':pk': `${INSTANCE_PREFIX}${id}`, ':task': TASK_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: this.rcc,
        }),
      );
      this.capacity('tasks', out.ConsumedCapacity, out.ScannedCount);
      for (const item of out.Items ?? []) tasks.push(JSON.parse(item.task as string) as TaskRecord);
      start = out.LastEvaluatedKey;
    } while (start);
    return tasks;
  }

  async task(id: string, seq: number): Promise<TaskRecord | undefined> {
    if (!Number.isInteger(seq) || seq < 0) return undefined;
    const item = await this.getItem(taskKey(id, seq), 'task');
    return item ? (JSON.parse(item.task as string) as TaskRecord) : undefined;
  }

  /** Pages through one index partition in key order, at most `limit` items after filtering. */
  private async queryIndex(
    input: QueryCommandInput,
    limit: number,
    operation: string,
    keep: (item: Item) => boolean = () => true,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: start, ReturnConsumedCapacity: this.rcc }),
      );
      this.capacity(operation, out.ConsumedCapacity, out.ScannedCount);
      for (const item of out.Items ?? []) if (keep(item)) items.push(item);
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items;
  }

  async due(now: number, limit: number): Promise<InstanceSummary[]> {
    if (limit <= 0) return [];
    // Each shard holds its entries in dueAt order: read at most `limit` due ones from each, then merge.
    const bound = padTime(Math.floor(now) + 1);
    const perShard = await Promise.all(
      Array.from({ length: this.dueShards }, (_, shard) =>
        this.queryIndex(
          {
            TableName: this.tableName,
            IndexName: DUE_INDEX,
            KeyConditionExpression: '#pk = :pk AND #sk < :bound',
            ExpressionAttributeNames: { '#pk': DUE_PK, '#sk': DUE_SK },
            ExpressionAttributeValues: { ':pk': `${DUE_PREFIX}${shard}`, ':bound': bound },
          },
          limit,
          'due',
          (item) => typeof item.dueAt === 'number' && item.dueAt <= now,
        ),
      ),
    );
    return perShard
      .flat()
      .map(toSummary)
      .sort((a, b) => a.dueAt! - b.dueAt! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }

  async list({ automation, statuses, limit = 100, cursor }: ListQuery): Promise<Page<InstanceSummary>> {
    const wanted: readonly InstanceStatus[] = statuses ?? ['running', 'waiting', 'error', 'finished'];
    if (limit <= 0 || wanted.length === 0) return { items: [] };
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // One partition per status, each in (created, id) order: read limit + 1 from each and merge.
    const perStatus = await Promise.all(
      [...new Set(wanted)].map((status) =>
        this.queryIndex(
          {
            TableName: this.tableName,
            IndexName: STATUS_INDEX,
            KeyConditionExpression: after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
            ExpressionAttributeNames: { '#pk': STATUS_PK, ...(after === undefined ? {} : { '#sk': STATUS_SK }) },
            ExpressionAttributeValues: {
              ':pk': `${STATUS_PREFIX}${automation}#${status}`,
              ...(after === undefined ? {} : { ':after': after }),
            },
          },
          limit + 1,
          'list',
        ),
      ),
    );
    const merged = perStatus
      .flat()
      .sort((a, b) => ((a[STATUS_SK] as string) < (b[STATUS_SK] as string) ? -1 : 1));
    const page = merged.slice(0, limit);
    const items = page.map(toSummary);
    if (merged.length <= limit) return { items };
    return { items, cursor: encodeCursor(page[page.length - 1]![STATUS_SK] as string) };
  }

  async findUnique(key: string, operation = 'findUnique'): Promise<string | undefined> {
    const item = await this.getItem(claimKey(key), operation);
    return item?.holder as string | undefined;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.deleteInstance(id)) !== undefined;
  }

  /** Deletes tasks first and the head last, so an interrupted delete can be repeated. Returns the task count, or undefined if there was no instance. */
  private async deleteInstance(id: string): Promise<number | undefined> {
    const head = await this.getItem(instanceKey(id), 'delete');
    if (!head) return undefined;
    const keys = await this.partitionKeys(id);
    const taskKeys = keys.filter((k) => (k[SORT_KEY] as string).startsWith(TASK_PREFIX));
    await this.batchDelete(taskKeys);
    const uniqueKey = head.uniqueKey as string | undefined;
    if (uniqueKey !== undefined) {
      try {
        await this.write(
          () =>
            this.doc.send(
              new DeleteCommand({
                TableName: this.tableName,
                Key: claimKey(uniqueKey),
                ConditionExpression: '#holder = :id',
                ExpressionAttributeNames: { '#holder': 'holder' },
                ExpressionAttributeValues: { ':id': id },
                ReturnConsumedCapacity: this.rcc,
              }),
            ),
          'delete',
        );
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error; // held by another instance, or gone
      }
    }
    const out = await this.write(
      () =>
        this.doc.send(
          new DeleteCommand({ TableName: this.tableName, Key: instanceKey(id), ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: this.rcc }),
        ),
      'delete',
    );
    if (!out.Attributes) return undefined; // someone else deleted it meanwhile
    return taskKeys.length;
  }

  private async batchDelete(keys: Item[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] = keys
        .slice(i, i + 25)
        .map((k) => ({ DeleteRequest: { Key: { [PARTITION_KEY]: k[PARTITION_KEY], [SORT_KEY]: k[SORT_KEY] } } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        const out = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests }, ReturnConsumedCapacity: this.rcc }),
        );
        this.capacity('batchDelete', out.ConsumedCapacity);
        requests = out.UnprocessedItems?.[this.tableName] ?? [];
        if (requests.length > 0) {
          if (attempt >= 10) throw new Error(`DynamoDB left ${requests.length} deletes unprocessed after ${attempt} attempts`);
          await backoff(attempt);
        }
      }
    }
  }

  async deleteFinishedBefore(cutoff: number): Promise<DeleteCounts> {
    const counts: DeleteCounts = { instances: 0, tasks: 0 };
    const bound = padTime(Math.ceil(cutoff));
    for (let shard = 0; shard < this.dueShards; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: FINISHED_INDEX,
            KeyConditionExpression: '#pk = :pk AND #sk < :bound',
            ExpressionAttributeNames: { '#pk': FINISHED_PK, '#sk': FINISHED_SK },
            ExpressionAttributeValues: { ':pk': `${FINISHED_PREFIX}${shard}`, ':bound': bound },
            ExclusiveStartKey: start,
            ReturnConsumedCapacity: this.rcc,
          }),
        );
        this.capacity('deleteFinishedBefore', out.ConsumedCapacity, out.ScannedCount);
        for (const item of out.Items ?? []) {
          const tasks = await this.deleteInstance(item.id as string);
          if (tasks === undefined) continue;
          counts.instances += 1;
          counts.tasks += tasks;
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }
    return counts;
  }
}

function toSummary(item: Item): InstanceSummary {
  return {
    id: item.id as string,
    automation: item.automation as string,
    status: item.status as InstanceStatus,
    dueAt: (item.dueAt as number | null | undefined) ?? null,
    created: item.created as number,
    updated: item.updated as number,
    finishedAt: (item.finishedAt as number | null | undefined) ?? null,
  };
}

function encodeCursor(statusSk: string): string {
  return Buffer.from(JSON.stringify({ after: statusSk })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // fall through
  }
  throw new DataValidationError('The list cursor is not one this store handed out');
}
