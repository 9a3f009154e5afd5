import { randomBytes, randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DynamoDBClient, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
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
import { DataValidationError, InstanceExistsError } from '../engine/errors.js';
import { assigneeKey, isOpenHumanTask, type InstanceState, type InstanceStatus, type TaskRecord } from '../engine/state.js';
import type { JsonObject } from '../engine/json.js';
import { DEFAULT_COUNT_CAP, type Commit, type CreateResult, type DefinitionHead, type DefinitionVersion, type DeleteFinishedOptions, type DeleteFinishedResult, type InstanceSummary, type ListQuery, type OpenTaskQuery, type Page, type SaveDefinition, type StatusCounts, type Store } from '../engine/store.js';
import { batchGetItems } from './batch-get.js';
import { createDocumentClient, type DynamoClientOptions } from './dynamo-client.js';
import {
  ALL_OPEN_PREFIX,
  ALL_OPEN_TASKS_INDEX,
  ALL_OPEN_TASKS_PK,
  ALL_OPEN_TASKS_SK,
  CLAIM_SK,
  DEFAULT_DUE_SHARDS,
  DUE_BUCKET_MS,
  DUE_INDEX,
  DUE_PK,
  DUE_PREFIX,
  DUE_SK,
  DEFINITION_HEADS_PREFIX,
  DEFINITION_PREFIX,
  DEFINITION_VERSION_PREFIX,
  FINISHED_INDEX,
  FINISHED_PK,
  FINISHED_PREFIX,
  FINISHED_SK,
  FORM_PREFIX,
  INSTANCE_PREFIX,
  LOG_PREFIX,
  OPEN_PREFIX,
  OPEN_TASKS_INDEX,
  OPEN_TASKS_PK,
  OPEN_TASKS_SK,
  PARTITION_KEY,
  SORT_KEY,
  STATE_SK,
  STATUS_INDEX,
  STATUS_PK,
  STATUS_PREFIX,
  STATUS_SK,
  TASK_ATTRIBUTE,
  TTL_ATTRIBUTE,
  UNIQUE_PREFIX,
} from './table-schema.js';

/** DynamoDB refuses items above 400 KB (409,600 bytes, attribute names included). */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;
export const DEFAULT_RETENTION_DAYS = 30;
/** One write request unit covers an item of up to this many bytes. */
const WRITE_UNIT_BYTES = 1024;
const DAY_SECONDS = 86_400;
/** TransactWriteItems takes at most 100 actions. */
const MAX_TRANSACTION_ITEMS = 100;
/** Attempts for a transaction cancelled by a transient reason (conflict with another transaction, throttling). */
const TRANSIENT_ATTEMPTS = 8;
/** A claim whose holder has no head yet is its create in progress for this long; older, the create died and the claim is free. */
const CLAIM_GRACE_MS = 60_000;
/** Heads whose version and task log this store saw last (an LRU), so that a commit need not read the head first. */
const HEAD_CACHE_SIZE = 10_000;

/** What one DynamoDB request consumed, for cost accounting (see `onCapacity`). */
export interface CapacityUse {
  operation: string;
  /** Read request units (table and indexes). */
  read: number;
  /** Write request units (table and indexes). */
  write: number;
  /** Items the request examined (Query: ScannedCount; BatchGetItem: items asked for), when known. */
  scanned?: number;
  /** True for a TransactWriteItems request. */
  transaction?: boolean;
}

export interface DynamoStoreOptions {
  tableName: string;
  /** A document client, a DynamoDB client, or the configuration for a new one. */
  client?: DynamoDBDocumentClient | DynamoDBClient | DynamoClientOptions;
  /** Shorthand for `client: { endpoint }`; AWS_ENDPOINT_URL(_DYNAMODB) is honoured when neither is given. */
  endpoint?: string;
  /** Partitions of the due, finished and all-open-tasks indexes; never lower it on an existing table. */
  dueShards?: number;
  /**
   * Partitions per automation and status of the status index (default 1). Raise it for an
   * automation starting more than ~300 instances a second (docs/architecture.md, *Scale*); never
   * lower it on an existing table (shard 0 keeps the unsharded key, so entries written before a
   * raise stay found).
   */
  statusShards?: number;
  /** Finished instances and their history get a TTL (`expiresAt`) this many days after they finish. */
  retentionDays?: number;
  /** Items above this many bytes are refused (status 413) before anything is written. */
  maxItemBytes?: number;
  /** Called with the consumed capacity of every request; turns on ReturnConsumedCapacity. */
  onCapacity?: (use: CapacityUse) => void;
  /**
   * How far a later dueAt may run ahead of the due-index entry before the entry is rewritten
   * (default 10 minutes, twice the engine's default lease): a runner's lease renewals then do
   * not rewrite the index entry, and `due()` checks the exact dueAt on the head.
   */
  dueSlackMs?: number;
}

type Item = Record<string, unknown>;
/** A task record with the version of the commit that wrote it: later versions replace earlier ones. */
type LogEntry = [version: number, record: TaskRecord];
interface HeadBlob {
  s: InstanceState;
  l: LogEntry[];
  /** Seqs of the open Form tasks that have a FORM# item; absent on heads written before the head carried a form (unknown: every closing record deletes its FORM# item). */
  f?: number[];
}
/** The open Form task whose task-list index entries the head itself carries (the head's form slot). */
interface FormSlot {
  seq: number;
  /** The slot's attributes as written on the head: the task-list index keys and the task record. */
  attributes: Item;
}
interface CachedHead {
  version: number;
  log: LogEntry[];
  /** The head's due-index sort key as written, if it is in the due index. */
  dueSk: string | undefined;
  /** The head's status-index partition key as written, if it is in the status index. */
  statusPk: string | undefined;
  slot: FormSlot | undefined;
  /** Seqs of open Form tasks with a FORM# item; null when unknown (a head written before the slot). */
  forms: number[] | null;
}
/** Where a commit's Form task records go: the head's slot, FORM# items (then the commit is a transaction), or nowhere. */
interface FormPlan {
  slot: FormSlot | undefined;
  forms: number[] | null;
  writes: TransactItems;
}
type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const pad = (n: number, width: number) => {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`Cannot index the value ${n}: expected a non-negative number`);
  const text = String(Math.floor(n)).padStart(width, '0');
  if (text.length > width) throw new RangeError(`Cannot index the value ${n}: more than ${width} digits`);
  return text;
};
/** Milliseconds since the epoch, 13 digits (until the year 2286). */
const padTime = (ms: number) => pad(ms, 13);
const padSeq = (n: number) => pad(n, 10);
const instancePk = (id: string) => `${INSTANCE_PREFIX}${id}`;
const headKey = (id: string) => ({ [PARTITION_KEY]: instancePk(id), [SORT_KEY]: STATE_SK });
const logKey = (id: string, version: number) => ({ [PARTITION_KEY]: instancePk(id), [SORT_KEY]: `${LOG_PREFIX}${padSeq(version)}` });
const formKey = (id: string, seq: number) => ({ [PARTITION_KEY]: instancePk(id), [SORT_KEY]: `${FORM_PREFIX}${padSeq(seq)}` });
const claimKey = (key: string) => ({ [PARTITION_KEY]: `${UNIQUE_PREFIX}${key}`, [SORT_KEY]: CLAIM_SK });
const dueBucket = (dueAt: number) => Math.floor(dueAt / DUE_BUCKET_MS) * DUE_BUCKET_MS;

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
  if (value instanceof Uint8Array) return value.byteLength;
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/[.e+-]/g, '').replace(/^0+/, '').length;
    return Math.ceil(digits / 2) + 1;
  }
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + itemSize(value as Item) + Object.keys(value as Item).length;
  return utf8(String(value));
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));

const encode = (value: unknown): Buffer => deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'));
const decode = <T>(value: unknown): T => JSON.parse(inflateRawSync(value as Uint8Array).toString('utf8')) as T;

/** One record per seq, the last one given winning (as a store applying them in order would leave it). */
function lastPerSeq(tasks: readonly TaskRecord[]): TaskRecord[] {
  const bySeq = new Map<number, TaskRecord>();
  for (const task of tasks) {
    bySeq.delete(task.seq);
    bySeq.set(task.seq, task);
  }
  return [...bySeq.values()];
}

/** The history: for every seq the record of the latest version. */
function mergeLog(entries: Iterable<LogEntry>): TaskRecord[] {
  const bySeq = new Map<number, LogEntry>();
  for (const entry of entries) {
    const known = bySeq.get(entry[1].seq);
    if (!known || known[0] <= entry[0]) bySeq.set(entry[1].seq, entry);
  }
  return [...bySeq.values()].map((e) => e[1]).sort((a, b) => a.seq - b.seq);
}

export function summarize(state: InstanceState): InstanceSummary {
  const { id, automation, status, dueAt, created, updated, finishedAt } = state;
  return { id, automation, status, dueAt, created, updated, finishedAt };
}

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

function cancellationCodes(error: unknown): (string | undefined)[] {
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r?.Code);
}

/** A string attribute from a raw (marshalled) or document item. */
function rawString(item: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = item?.[name];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));

/** Operations (as named in CapacityUse) that only read. */
const READ_OPERATIONS = new Set(['countByStatus', 'definitionHead', 'definitionVersion', 'listDefinitions', 'listDefinitionVersions', 'get', 'task', 'tasks', 'query', 'due', 'list', 'openTasks', 'batchGet', 'findUnique', 'deleteFinishedBefore', 'readHead']);
const TRANSIENT_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);
const TRANSIENT_ERRORS = new Set(['TransactionConflictException', 'TransactionInProgressException']);

/**
 * The production Store: one DynamoDB table (see table-schema.ts and docs/architecture.md,
 * "State in DynamoDB").
 *
 * Cost is what shaped it: a commit is, in the common case, ONE conditional PutItem of the
 * instance head (the compare-and-set on `v`), which carries the state and the task records of
 * the latest commits (deflated JSON). When those records would push the head over the next
 * kilobyte (the unit DynamoDB bills writes in), they move, unchanged and as they stood at the
 * previous version, into one LOG#<version> item written just before the head; history items
 * are immutable and keyed by version, so a writer that loses the race can only have written
 * an exact copy of committed history. Readers merge head and LOG items, the latest version of
 * each record winning. Indexes are KEYS_ONLY, so a commit writes an index entry only when that
 * entry's key changes (status phase, due bucket, finishing); `due()` and `list()` then read
 * the heads they found (reads cost a fifth of writes).
 *
 * Transactions are used only where two items must change together: creating an instance with
 * its unique claim when it also writes history or FORM# items, giving up the claim while the
 * instance goes on, and opening or closing a *second* open Form task. The first open Form task
 * of an instance rides on the head (its slot: the task-list index keys and the deflated record),
 * so opening and closing it is the head's one conditional put; a Form task opened while the
 * slot is taken gets a FORM# item of its own, written with the head in a transaction.
 *
 * A conditional-check failure is a lost race (`false`), never retried here; throttling, 5xx and
 * transaction conflicts are retried (the SDK's standard retry mode, plus a backoff loop for
 * transactions cancelled by a conflict or throttling). Every head write carries a fresh `w`
 * (and transactions a ClientRequestToken), so a write that succeeded but whose answer was lost
 * and was retried by the SDK is recognised as ours instead of being reported as a lost race.
 */
export class DynamoStore implements Store {
  readonly tableName: string;
  readonly dueShards: number;
  readonly statusShards: number;
  readonly retentionDays: number;
  readonly maxItemBytes: number;
  readonly dueSlackMs: number;
  private readonly doc: DynamoDBDocumentClient;
  private readonly onCapacity: ((use: CapacityUse) => void) | undefined;
  private readonly heads = new Map<string, CachedHead>();

  constructor(options: DynamoStoreOptions) {
    this.tableName = options.tableName;
    this.dueShards = options.dueShards ?? DEFAULT_DUE_SHARDS;
    this.statusShards = options.statusShards ?? 1;
    if (!Number.isInteger(this.statusShards) || this.statusShards < 1) throw new RangeError('statusShards must be a positive integer');
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.maxItemBytes = Math.min(options.maxItemBytes ?? DYNAMODB_ITEM_LIMIT_BYTES, DYNAMODB_ITEM_LIMIT_BYTES);
    this.onCapacity = options.onCapacity;
    this.dueSlackMs = options.dueSlackMs ?? 10 * 60_000;
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
    return Math.floor(finished / 1000) + (state.retentionDays ?? this.retentionDays) * DAY_SECONDS;
  }

  /** The head item of `state` with an empty task log, as create writes it (for seeding tools and benchmarks). */
  instanceItem(state: InstanceState): Item {
    return this.headItem(state, [], newWriteId(), { slot: undefined, forms: [] });
  }

  /** The due-index sort key for `state`, keeping `previous` while dueAt stays within the slack after it. */
  private dueSortKey(state: InstanceState, previous?: string): string | undefined {
    if (state.dueAt === null) return undefined;
    const bucket = dueBucket(state.dueAt);
    if (previous !== undefined) {
      const indexed = Number(previous.slice(0, 13));
      if (indexed <= bucket && bucket <= indexed + this.dueSlackMs) return previous;
    }
    return `${padTime(bucket)}#${state.id}`;
  }

  /**
   * The status-index partition of a head: its status as of its last *settled* write — one that
   * holds no lease (a run's last commit, a create without a runner, a change made without the
   * lease). Commits a runner makes while it holds the lease keep the entry where it was, so a
   * run costs no index write for passing through `running`; an instance created with a lease
   * (its run follows at once) gets its entry with that run's last commit.
   */
  private statusPk(state: InstanceState, previous: string | undefined): string | undefined {
    if (state.lease !== null && state.status !== 'finished') return previous;
    return this.statusPartition(state.automation, state.status, shardOf(state.id, this.statusShards));
  }

  /** `AUTO#<automation>#<status>`, with `#<shard>` for shards above 0. */
  private statusPartition(automation: string, status: InstanceStatus, shard: number): string {
    return `${STATUS_PREFIX}${automation}#${status}${shard === 0 ? '' : `#${shard}`}`;
  }

  private headItem(state: InstanceState, log: LogEntry[], writeId: string, forms: Pick<FormPlan, 'slot' | 'forms'>, previousDueSk?: string, previousStatusPk?: string): Item {
    const blob: HeadBlob = { s: state, l: log, ...(forms.forms === null ? {} : { f: forms.forms }) };
    const item: Item = {
      ...headKey(state.id),
      v: state.version,
      w: writeId,
      b: encode(blob),
      ...forms.slot?.attributes,
    };
    const statusPk = this.statusPk(state, previousStatusPk);
    if (statusPk !== undefined) {
      item[STATUS_PK] = statusPk;
      item[STATUS_SK] = `${padTime(state.created)}#${state.id}`;
    }
    const dueSk = this.dueSortKey(state, previousDueSk);
    if (dueSk !== undefined) {
      item[DUE_PK] = `${DUE_PREFIX}${shardOf(state.id, this.dueShards)}`;
      item[DUE_SK] = dueSk;
    }
    if (state.status === 'finished' && state.finishedAt !== null) {
      item[FINISHED_PK] = `${FINISHED_PREFIX}${shardOf(state.id, this.dueShards)}`;
      item[FINISHED_SK] = `${padTime(state.finishedAt)}#${state.id}`;
    }
    const expiresAt = this.expiresAt(state);
    if (expiresAt !== undefined) item[TTL_ATTRIBUTE] = expiresAt;
    return item;
  }

  private logItem(id: string, version: number, log: LogEntry[]): Item {
    return { ...logKey(id, version), b: encode(log) };
  }

  /** The FORM# item of an open Form task: what the task-list indexes are made of. */
  private formItem(task: TaskRecord): Item {
    const sortKey = `${padTime(task.created)}#${task.instanceId}#${padSeq(task.seq)}`;
    return {
      ...formKey(task.instanceId, task.seq),
      [TASK_ATTRIBUTE]: JSON.stringify(task),
      [OPEN_TASKS_PK]: `${OPEN_PREFIX}${assigneeKey(task.assignment)}`,
      [OPEN_TASKS_SK]: sortKey,
      [ALL_OPEN_TASKS_PK]: `${ALL_OPEN_PREFIX}${shardOf(task.instanceId, this.dueShards)}`,
      [ALL_OPEN_TASKS_SK]: sortKey,
    };
  }

  /** The head's form slot for an open Form task: the same index keys as its FORM# item, the record deflated. */
  private slotOf(task: TaskRecord): FormSlot {
    const { [PARTITION_KEY]: _pk, [SORT_KEY]: _sk, ...attributes } = this.formItem(task);
    attributes[TASK_ATTRIBUTE] = encode(task);
    return { seq: task.seq, attributes };
  }

  /**
   * Where the Form task records of a commit go (only records of Form tasks count: they carry an
   * assignment). The first open Form task of an instance rides on the head itself (its slot:
   * the task-list index keys and the record), so opening or closing it is part of the head's one
   * conditional write; only a Form task opened while the slot is taken gets a FORM# item, and
   * only writing or deleting such items makes the commit a transaction.
   */
  private planForms(records: readonly TaskRecord[], slot: FormSlot | undefined, forms: number[] | null): FormPlan {
    const known = forms === null ? null : new Set(forms);
    const writes: TransactItems = [];
    for (const task of records) {
      if (task.assignment === undefined || task.assignment === null) continue;
      if (isOpenHumanTask(task)) {
        if (known !== null && !known.has(task.seq) && (slot === undefined || slot.seq === task.seq)) slot = this.slotOf(task);
        else {
          known?.add(task.seq);
          writes.push({ Put: { TableName: this.tableName, Item: this.formItem(task) } });
        }
      } else if (slot?.seq === task.seq) {
        slot = undefined;
      } else if (known === null || known.has(task.seq)) {
        known?.delete(task.seq);
        writes.push({ Delete: { TableName: this.tableName, Key: formKey(task.instanceId, task.seq) } });
      }
    }
    return { slot, forms: known === null ? null : [...known].sort((a, b) => a - b), writes };
  }

  /** The cached view of a head item read from the table. */
  private cachedHead(item: Item, blob: HeadBlob): CachedHead {
    const os = item[OPEN_TASKS_SK] as string | undefined;
    const slot: FormSlot | undefined =
      os === undefined
        ? undefined
        : {
            seq: Number(os.slice(os.lastIndexOf('#') + 1)),
            attributes: Object.fromEntries([OPEN_TASKS_PK, OPEN_TASKS_SK, ALL_OPEN_TASKS_PK, ALL_OPEN_TASKS_SK, TASK_ATTRIBUTE].map((name) => [name, item[name]])),
          };
    return { version: blob.s.version, log: blob.l, dueSk: item[DUE_SK] as string | undefined, statusPk: item[STATUS_PK] as string | undefined, slot, forms: blob.f ?? null };
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

  private remember(id: string, head: CachedHead): void {
    this.heads.delete(id);
    this.heads.set(id, head);
    if (this.heads.size > HEAD_CACHE_SIZE) this.heads.delete(this.heads.keys().next().value!);
  }

  // ---------------------------------------------------------------- requests

  private capacity(
    operation: string,
    consumed: ConsumedCapacity | ConsumedCapacity[] | undefined,
    scanned?: number,
    reads = READ_OPERATIONS.has(operation),
    transaction = false,
  ): void {
    if (!this.onCapacity) return;
    const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
    const units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);
    const use: CapacityUse = { operation, read: reads ? units : 0, write: reads ? 0 : units };
    if (scanned !== undefined) use.scanned = scanned;
    if (transaction) use.transaction = true;
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

  /** Heads by id, read strongly consistently in batches of 100; missing ones are left out. */
  private async getHeads(ids: readonly string[]): Promise<Map<string, InstanceState>> {
    const states = new Map<string, InstanceState>();
    await batchGetItems(this.doc, this.tableName, [...new Set(ids)].map(headKey), (item) => {
      const { s } = decode<HeadBlob>(item.b);
      states.set(s.id, s);
    }, { ...(this.rcc ? { returnConsumedCapacity: this.rcc } : {}), onBatch: (out, requested) => this.capacity('batchGet', out.ConsumedCapacity, requested, true) });
    return states;
  }

  /** Runs a transaction; retries cancellations whose every failing reason is transient. Throws the cancellation otherwise. */
  private async transact(items: TransactItems, operation: string): Promise<void> {
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new DataValidationError(`One change may touch at most ${MAX_TRANSACTION_ITEMS} items; this one touches ${items.length}`, 413);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        // One token per attempt of ours; the SDK reuses it across its own retries, so a
        // transaction that succeeded but whose answer was lost is not applied twice.
        const out = await this.doc.send(
          new TransactWriteCommand({ TransactItems: items, ClientRequestToken: randomUUID(), ReturnConsumedCapacity: this.rcc }),
        );
        this.capacity(operation, out.ConsumedCapacity, undefined, false, true);
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

  private put(item: Item, operation: string): Promise<unknown> {
    return this.write(() => this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ReturnConsumedCapacity: this.rcc })), operation);
  }

  private async deleteItem(key: Item, operation: string): Promise<void> {
    await this.write(() => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key, ReturnConsumedCapacity: this.rcc })), operation);
  }

  // ---------------------------------------------------------------- Store: instances

  async create(state: InstanceState, given: readonly TaskRecord[]): Promise<CreateResult> {
    const records = lastPerSeq(given);
    const writeId = newWriteId();
    const plan = this.planForms(records, undefined, []);
    let log: LogEntry[] = records.map((r) => [state.version, structuredClone(r)]); // the head cache carries them into the next commit: a copy, not the caller's objects
    let head = this.headItem(state, log, writeId, plan);
    const items: TransactItems = [];
    if (log.length > 0 && writeUnits(itemSize(head)) > writeUnits(itemSize(this.headItem(state, [], writeId, plan)))) {
      // The initial records would cost the head another write unit: they start the history instead.
      const chunk = this.logItem(state.id, state.version - 1, log);
      this.checkSize(chunk, `The initial tasks of instance ${state.id}`);
      items.push({ Put: { TableName: this.tableName, Item: chunk } });
      log = [];
      head = this.headItem(state, log, writeId, plan);
    }
    this.checkSize(head, `Instance ${state.id}`);
    items.unshift({
      Put: {
        TableName: this.tableName,
        Item: head,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
      },
    });
    items.push(...plan.writes);
    const exists = () => new InstanceExistsError(state.id);

    if (items.length === 1) {
      if (state.uniqueKey !== null) {
        const holder = await this.claim(state.uniqueKey, state.id);
        if (holder !== undefined) return { created: false, existingId: holder };
      }
      try {
        await this.write(
          () =>
            this.doc.send(
              new PutCommand({ ...items[0]!.Put!, ReturnValuesOnConditionCheckFailure: 'ALL_OLD', ReturnConsumedCapacity: this.rcc }),
            ),
          'create',
        );
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
        if (rawString((error as { Item?: Item }).Item, 'w') !== writeId) throw exists();
      }
      this.remember(state.id, { version: state.version, log, dueSk: head[DUE_SK] as string | undefined, statusPk: head[STATUS_PK] as string | undefined, slot: plan.slot, forms: plan.forms });
      return { created: true };
    }

    const claimIndex = items.length;
    if (state.uniqueKey !== null) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...claimKey(state.uniqueKey), holder: state.id },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.transact(items, 'create');
        this.remember(state.id, { version: state.version, log, dueSk: head[DUE_SK] as string | undefined, statusPk: head[STATUS_PK] as string | undefined, slot: plan.slot, forms: plan.forms });
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
    const item = await this.getItem(headKey(id), 'get');
    if (!item) return undefined;
    const blob = decode<HeadBlob>(item.b);
    this.remember(id, this.cachedHead(item, blob));
    return blob.s;
  }

  async commit({ expectedVersion, state, tasks: given, releaseUniqueKey }: Commit): Promise<boolean> {
    if (state.version !== expectedVersion + 1) throw new Error('A commit must advance the version by exactly one');
    const records = lastPerSeq(given);
    const id = state.id;

    // The head this commit replaces: its task log carries over. Usually known from the get()
    // or commit() that came before; otherwise one read, which also spots a lost race for free.
    let previous = this.heads.get(id);
    if (previous?.version !== expectedVersion) {
      const item = await this.getItem(headKey(id), 'readHead');
      if (!item) return false;
      previous = this.cachedHead(item, decode<HeadBlob>(item.b));
      this.remember(id, previous);
      if (previous.version !== expectedVersion) return false;
    }

    const fresh: LogEntry[] = records.map((r) => [state.version, structuredClone(r)]); // copies: see create()
    const replaced = new Set(records.map((r) => r.seq));
    const writeId = newWriteId();
    let log = [...previous.log.filter(([, r]) => !replaced.has(r.seq)), ...fresh];
    const plan = this.planForms(records, previous.slot, previous.forms);
    let head = this.headItem(state, log, writeId, plan, previous.dueSk, previous.statusPk);
    let chunk: Item | undefined;
    const lean = this.headItem(state, fresh, writeId, plan, previous.dueSk, previous.statusPk);
    if (previous.log.length > 0 && (writeUnits(itemSize(head)) > writeUnits(itemSize(lean)) || itemSize(head) > this.maxItemBytes)) {
      // The carried-over records would cost another write unit: move them, exactly as they stood
      // at the previous version, into that version's history item.
      chunk = this.logItem(id, expectedVersion, previous.log);
      log = fresh;
      head = lean;
    }
    this.checkSize(head, `Instance ${id}`);

    const condition = {
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#v': 'v' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    };
    const forms = plan.writes;
    // A finishing commit gives its claim back after the head is written: a claim whose holder has
    // finished is free anyway (see claim()), so the two need no transaction. A claim given up
    // while the instance goes on must go with the head.
    const releaseAfter = releaseUniqueKey !== undefined && state.status === 'finished' ? releaseUniqueKey : undefined;
    const releaseWith = releaseAfter === undefined ? releaseUniqueKey : undefined;
    let ok: boolean;
    if (forms.length === 0 && releaseWith === undefined) {
      ok = await this.putHead(head, chunk, condition, writeId);
    } else {
      ok = await this.commitTogether(state, head, chunk, condition, forms, releaseWith);
    }
    if (!ok) {
      this.heads.delete(id);
      return false;
    }
    if (releaseAfter !== undefined) await this.releaseClaim(releaseAfter, id);
    this.remember(id, { version: state.version, log, dueSk: head[DUE_SK] as string | undefined, statusPk: head[STATUS_PK] as string | undefined, slot: plan.slot, forms: plan.forms });
    const expiresAt = this.expiresAt(state);
    if (expiresAt !== undefined) await this.stampHistory(id, expiresAt);
    return true;
  }

  /** The common commit: the history item (if any), then the head, conditional on the version. */
  private async putHead(head: Item, chunk: Item | undefined, condition: Item, writeId: string): Promise<boolean> {
    if (chunk) await this.put(chunk, 'commit');
    try {
      await this.write(
        () =>
          this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: head,
              ...condition,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              ReturnConsumedCapacity: this.rcc,
            }),
          ),
        'commit',
      );
      return true;
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
      const stored = (error as { Item?: Item }).Item;
      // Our own earlier attempt may have succeeded with its answer lost and been retried by the SDK.
      if (rawString(stored, 'w') === writeId) return true;
      // The instance was deleted: do not leave the history item we just wrote behind.
      if (!stored && chunk) await this.deleteItem({ [PARTITION_KEY]: chunk[PARTITION_KEY], [SORT_KEY]: chunk[SORT_KEY] }, 'commit');
      return false;
    }
  }

  /** A commit that must change more than the head atomically: Form task items, the unique claim. */
  private async commitTogether(
    state: InstanceState,
    head: Item,
    chunk: Item | undefined,
    condition: Item,
    forms: TransactItems,
    releaseUniqueKey: string | undefined,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const release = releaseUniqueKey !== undefined && (await this.findUnique(releaseUniqueKey, 'readHead')) === state.id ? releaseUniqueKey : undefined;
      const items: TransactItems = [{ Put: { TableName: this.tableName, Item: head, ...condition } }];
      if (chunk) items.push({ Put: { TableName: this.tableName, Item: chunk } });
      items.push(...forms);
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
      if (items.length === 1) return this.putHead(head, undefined, condition, head.w as string);
      try {
        await this.transact(items, 'commit');
        return true;
      } catch (error) {
        if (errorName(error) !== 'TransactionCanceledException') throw error;
        const codes = cancellationCodes(error);
        if (codes[0] === 'ConditionalCheckFailed') return false;
        // Only the claim's condition failed: it changed hands since we read it; read it again.
        if (release !== undefined && codes[items.length - 1] === 'ConditionalCheckFailed' && attempt < TRANSIENT_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * Claims a unique key for `id` with one conditional put; returns the holder when another
   * instance holds it. A claim is stale — and taken over with a put conditional on the old
   * holder — when its holder has finished (its finishing commit gives the claim back after the
   * head: a crash in between leaves it) or has no head although the claim is older than
   * CLAIM_GRACE_MS (a create that died between the claim and the head).
   */
  private async claim(key: string, id: string): Promise<string | undefined> {
    const put = (condition: string, values: Item) =>
      this.write(
        () =>
          this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...claimKey(key), holder: id, at: Date.now() },
              ConditionExpression: condition,
              ExpressionAttributeNames: { '#holder': 'holder', ...(condition.includes('#pk') ? { '#pk': PARTITION_KEY } : {}) },
              ExpressionAttributeValues: values,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              ReturnConsumedCapacity: this.rcc,
            }),
          ),
        'create',
      );
    for (let attempt = 1; ; attempt++) {
      let old: Item | undefined;
      try {
        await put('attribute_not_exists(#pk) OR #holder = :id', { ':id': id });
        return undefined;
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
        old = (error as { Item?: Item }).Item;
      }
      const holder = rawString(old, 'holder');
      if (holder === undefined) {
        if (attempt < TRANSIENT_ATTEMPTS) continue; // released in between: try again
        throw new Error(`The claim of unique key ${key} could not be read`);
      }
      const rawAt = old?.at;
      const at = Number(rawAt && typeof rawAt === 'object' ? (rawAt as { N?: string }).N : rawAt);
      const head = await this.getItem(headKey(holder), 'findUnique');
      const finished = head !== undefined && decode<HeadBlob>(head.b).s.status === 'finished';
      const abandoned = head === undefined && Number.isFinite(at) && Date.now() - at > CLAIM_GRACE_MS;
      if (!(finished || abandoned) || attempt >= TRANSIENT_ATTEMPTS) return holder;
      try {
        await put('#holder = :old', { ':old': holder });
        return undefined;
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
        // it changed hands meanwhile: look again
      }
    }
  }

  /** Deletes the claim if `id` still holds it (one conditional delete; a claim held by another instance stays). */
  private async releaseClaim(key: string, id: string, operation: 'commit' | 'delete' = 'commit'): Promise<void> {
    try {
      await this.write(
        () =>
          this.doc.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: claimKey(key),
              ConditionExpression: '#holder = :id',
              ExpressionAttributeNames: { '#holder': 'holder' },
              ExpressionAttributeValues: { ':id': id },
              ReturnConsumedCapacity: this.rcc,
            }),
          ),
        operation,
      );
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * A finished instance's history items get the same TTL as its head, so that DynamoDB
   * deletes the whole instance for free. Idempotent; if it is interrupted, the items without
   * TTL are still removed by `delete` / `deleteFinishedBefore`.
   */
  private async stampHistory(id: string, expiresAt: number): Promise<void> {
    for (const item of await this.partition(id, '#pk, #sk, #ttl')) {
      const sk = item[SORT_KEY] as string;
      if (sk === STATE_SK || item[TTL_ATTRIBUTE] !== undefined) continue;
      try {
        await this.write(
          () =>
            this.doc.send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: { [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: sk },
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

  /** Every item of an instance's partition (head, history, open forms), optionally only some attributes. */
  private async partition(id: string, projection?: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ...(projection ? { ProjectionExpression: projection } : {}),
          ExpressionAttributeNames: {
            '#pk': PARTITION_KEY,
            ...(projection?.includes('#sk') ? { '#sk': SORT_KEY } : {}),
            ...(projection?.includes('#ttl') ? { '#ttl': TTL_ATTRIBUTE } : {}),
          },
          ExpressionAttributeValues: { ':pk': instancePk(id) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: this.rcc,
        }),
      );
      this.capacity('query', out.ConsumedCapacity, out.ScannedCount);
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** The task history of an instance: head and history items merged, the latest version of each record winning. */
  private async history(id: string): Promise<{ head: Item | undefined; tasks: TaskRecord[]; items: Item[] }> {
    const items = await this.partition(id);
    const entries: LogEntry[] = [];
    let head: Item | undefined;
    for (const item of items) {
      const sk = item[SORT_KEY] as string;
      if (sk === STATE_SK) {
        head = item;
        entries.push(...decode<HeadBlob>(item.b).l);
      } else if (sk.startsWith(LOG_PREFIX)) {
        entries.push(...decode<LogEntry[]>(item.b));
      }
    }
    return { head, tasks: mergeLog(entries), items };
  }

  async tasks(id: string): Promise<TaskRecord[]> {
    return (await this.history(id)).tasks;
  }

  async task(id: string, seq: number): Promise<TaskRecord | undefined> {
    if (!Number.isInteger(seq) || seq < 0) return undefined;
    return (await this.history(id)).tasks.find((t) => t.seq === seq);
  }

  // ---------------------------------------------------------------- Store: indexes

  /** Pages through one index partition in key order until `enough` says stop (or it ends). */
  private async queryIndex(input: QueryCommandInput, operation: string, pageSize: number, enough: (items: Item[]) => boolean): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, Limit: pageSize, ExclusiveStartKey: start, ReturnConsumedCapacity: this.rcc }));
      this.capacity(operation, out.ConsumedCapacity, out.ScannedCount);
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start && !enough(items));
    return items;
  }

  async due(now: number, limit: number): Promise<InstanceSummary[]> {
    if (limit <= 0 || now < 0) return [];
    // Index entries sort by a dueAt bucket that is never later than the real dueAt (see
    // dueSlackMs). Walk the shards' entries up to now's bucket in merged order, read their heads
    // in batches, keep the truly due ones, and stop once no later entry can be due earlier
    // than the `limit` earliest found.
    const bound = padTime(dueBucket(now) + DUE_BUCKET_MS);
    const pageSize = Math.ceil((limit / this.dueShards) * 1.5) + 10;
    const shards = Array.from({ length: this.dueShards }, (_, shard) => ({
      shard,
      buffer: [] as string[],
      start: undefined as Record<string, unknown> | undefined,
      done: false,
    }));
    const fill = async (s: (typeof shards)[number]) => {
      while (s.buffer.length === 0 && !s.done) {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: DUE_INDEX,
            KeyConditionExpression: '#pk = :pk AND #sk < :bound',
            ExpressionAttributeNames: { '#pk': DUE_PK, '#sk': DUE_SK },
            ExpressionAttributeValues: { ':pk': `${DUE_PREFIX}${s.shard}`, ':bound': bound },
            Limit: pageSize,
            ExclusiveStartKey: s.start,
            ReturnConsumedCapacity: this.rcc,
          }),
        );
        this.capacity('due', out.ConsumedCapacity, out.ScannedCount);
        s.buffer.push(...(out.Items ?? []).map((e) => e[DUE_SK] as string));
        s.start = out.LastEvaluatedKey;
        s.done = !s.start;
      }
    };
    const found: InstanceState[] = [];
    const seen = new Set<string>();
    for (;;) {
      await Promise.all(shards.map(fill));
      const batch: string[] = [];
      while (batch.length < 100) {
        let next: (typeof shards)[number] | undefined;
        for (const s of shards) if (s.buffer.length > 0 && (!next || s.buffer[0]! < next.buffer[0]!)) next = s;
        if (!next) break;
        batch.push(next.buffer.shift()!);
        if (next.buffer.length === 0 && !next.done) break; // refill before comparing further
      }
      if (batch.length === 0) break;
      const ids = batch.map((sk) => sk.slice(14)).filter((id) => !seen.has(id));
      ids.forEach((id) => seen.add(id));
      for (const state of (await this.getHeads(ids)).values()) if (state.dueAt !== null && state.dueAt <= now) found.push(state);
      found.sort((a, b) => a.dueAt! - b.dueAt! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      if (found.length >= limit) {
        const nextBucket = shards.filter((s) => s.buffer.length > 0).map((s) => Number(s.buffer[0]!.slice(0, 13)));
        const pending = shards.some((s) => s.buffer.length === 0 && !s.done);
        if (!pending && nextBucket.every((b) => b > found[limit - 1]!.dueAt!)) break;
      }
    }
    return found.slice(0, limit).map(summarize);
  }

  /**
   * Instances whose dueAt lies in (from, to], earliest first, at most `limit`: the tick's
   * hand-over of far waits to precise timers (lib/app/timers.ts). Reads the index entries of
   * that window (widened by the due slack) and the heads they point to.
   */
  async dueBetween(from: number, to: number, limit: number): Promise<{ id: string; dueAt: number }[]> {
    if (limit <= 0 || to <= from || to < 0) return [];
    const lo = padTime(Math.max(0, dueBucket(Math.max(0, from + 1)) - this.dueSlackMs));
    const hi = `${padTime(dueBucket(to))}#\uffff`;
    const perShard = await Promise.all(
      Array.from({ length: this.dueShards }, (_, shard) =>
        this.queryIndex(
          {
            TableName: this.tableName,
            IndexName: DUE_INDEX,
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
            ExpressionAttributeNames: { '#pk': DUE_PK, '#sk': DUE_SK },
            ExpressionAttributeValues: { ':pk': `${DUE_PREFIX}${shard}`, ':lo': lo, ':hi': hi },
          },
          'due',
          1_000,
          () => false,
        ),
      ),
    );
    const heads = await this.getHeads(perShard.flat().map((e) => (e[DUE_SK] as string).slice(14)));
    return [...heads.values()]
      .filter((s) => s.dueAt !== null && s.dueAt > from && s.dueAt <= to)
      .sort((a, b) => a.dueAt! - b.dueAt! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map((s) => ({ id: s.id, dueAt: s.dueAt! }));
  }

  async list({ automation, statuses, limit = 100, cursor }: ListQuery): Promise<Page<InstanceSummary>> {
    const wanted = new Set<InstanceStatus>(statuses ?? ['running', 'waiting', 'error', 'finished']);
    if (limit <= 0 || wanted.size === 0) return { items: [] };
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    // The index holds each head under its last settled status (see statusPk): a run in progress
    // may be `running` on the head while its entry says `waiting` or `error`. The heads decide.
    const phases = new Set<InstanceStatus>();
    if (wanted.has('running') || wanted.has('waiting')) for (const p of ['running', 'waiting', 'error'] as const) phases.add(p);
    if (wanted.has('error')) phases.add('error');
    if (wanted.has('finished')) phases.add('finished');
    // Per phase, the first limit + 1 instances with a wanted status, in (created, id) order; then merge.
    const partitions = [...phases].flatMap((phase) => Array.from({ length: this.statusShards }, (_, shard) => this.statusPartition(automation, phase, shard)));
    const perPhase = await Promise.all(
      partitions.map(async (partition) => {
        const found: { sk: string; state: InstanceState }[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const out = await this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: STATUS_INDEX,
              KeyConditionExpression: after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
              ExpressionAttributeNames: { '#pk': STATUS_PK, ...(after === undefined ? {} : { '#sk': STATUS_SK }) },
              ExpressionAttributeValues: { ':pk': partition, ...(after === undefined ? {} : { ':after': after }) },
              Limit: limit + 1,
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: this.rcc,
            }),
          );
          this.capacity('list', out.ConsumedCapacity, out.ScannedCount);
          const entries = out.Items ?? [];
          const heads = await this.getHeads(entries.map((e) => (e[STATUS_SK] as string).slice(14)));
          for (const entry of entries) {
            const sk = entry[STATUS_SK] as string;
            const state = heads.get(sk.slice(14));
            if (state && state.automation === automation && wanted.has(state.status)) found.push({ sk, state });
          }
          start = out.LastEvaluatedKey;
        } while (start && found.length <= limit);
        return found;
      }),
    );
    const merged = perPhase.flat().sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    const page = merged.slice(0, limit);
    const items = page.map((e) => summarize(e.state));
    return merged.length > limit ? { items, cursor: encodeCursor(page[page.length - 1]!.sk) } : { items };
  }

  /**
   * Instances of an automation per status: one Select COUNT query per status partition of the
   * status index (its keys only, no head is read), each stopping at `cap` entries.
   */
  async countByStatus(automation: string, cap = DEFAULT_COUNT_CAP): Promise<StatusCounts> {
    const counts = { running: 0, waiting: 0, error: 0, finished: 0 };
    let capped = false;
    const partitions = (Object.keys(counts) as InstanceStatus[]).flatMap((status) => Array.from({ length: this.statusShards }, (_, shard) => ({ status, shard })));
    const perPartition = new Map<string, number>();
    await Promise.all(
      partitions.map(async ({ status, shard }) => {
        let start: Record<string, unknown> | undefined;
        let found = 0;
        do {
          const out = await this.doc.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: STATUS_INDEX,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': STATUS_PK },
              ExpressionAttributeValues: { ':pk': this.statusPartition(automation, status, shard) },
              Select: 'COUNT',
              Limit: cap - found,
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: this.rcc,
            }),
          );
          this.capacity('countByStatus', out.ConsumedCapacity, out.ScannedCount);
          found += out.Count ?? 0;
          start = out.LastEvaluatedKey;
        } while (start && found < cap);
        if (start) capped = true;
        perPartition.set(`${status}#${shard}`, found);
      }),
    );
    for (const { status, shard } of partitions) counts[status] += perPartition.get(`${status}#${shard}`) ?? 0;
    for (const status of Object.keys(counts) as InstanceStatus[]) {
      if (counts[status] > cap) {
        counts[status] = cap;
        capped = true;
      }
    }
    return { counts, capped };
  }

  async openTasks({ assignee, limit = 100, cursor }: OpenTaskQuery): Promise<Page<TaskRecord>> {
    if (limit <= 0) return { items: [] };
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const partitions =
      assignee !== undefined
        ? [{ index: OPEN_TASKS_INDEX, pk: OPEN_TASKS_PK, sk: OPEN_TASKS_SK, value: `${OPEN_PREFIX}${assignee}` }]
        : Array.from({ length: this.dueShards }, (_, shard) => ({
            index: ALL_OPEN_TASKS_INDEX,
            pk: ALL_OPEN_TASKS_PK,
            sk: ALL_OPEN_TASKS_SK,
            value: `${ALL_OPEN_PREFIX}${shard}`,
          }));
    const perPartition = await Promise.all(
      partitions.map((p) =>
        this.queryIndex(
          {
            TableName: this.tableName,
            IndexName: p.index,
            KeyConditionExpression: after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
            ExpressionAttributeNames: { '#pk': p.pk, ...(after === undefined ? {} : { '#sk': p.sk }) },
            ExpressionAttributeValues: { ':pk': p.value, ...(after === undefined ? {} : { ':after': after }) },
          },
          'openTasks',
          limit + 1,
          (items) => items.length > limit,
        ).then((items) => items.map((item) => ({ sk: item[p.sk] as string, task: taskAttribute(item[TASK_ATTRIBUTE]) }))),
      ),
    );
    const merged = perPartition.flat().sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    const page = merged.slice(0, limit);
    const items = page.map((e) => e.task);
    return merged.length > limit ? { items, cursor: encodeCursor(page[page.length - 1]!.sk) } : { items };
  }

  async findUnique(key: string, operation = 'findUnique'): Promise<string | undefined> {
    const item = await this.getItem(claimKey(key), operation);
    return item?.holder as string | undefined;
  }

  // ---------------------------------------------------------------- Store: deletion

  async delete(id: string): Promise<boolean> {
    return (await this.deleteInstance(id)) !== undefined;
  }

  /** Deletes history first and the head last, so an interrupted delete can be repeated. Returns the task count, or undefined if there was no instance. */
  private async deleteInstance(id: string): Promise<number | undefined> {
    const { head, tasks, items } = await this.history(id);
    if (!head) return undefined;
    await this.batchDelete(items.filter((item) => item[SORT_KEY] !== STATE_SK));
    const uniqueKey = decode<HeadBlob>(head.b).s.uniqueKey;
    if (uniqueKey !== null) await this.releaseClaim(uniqueKey, id, 'delete'); // a claim held by another instance stays
    const out = await this.write(
      () => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: headKey(id), ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: this.rcc })),
      'delete',
    );
    this.heads.delete(id);
    if (!out.Attributes) return undefined; // someone else deleted it meanwhile
    return tasks.length;
  }

  private async batchDelete(items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] = items
        .slice(i, i + 25)
        .map((k) => ({ DeleteRequest: { Key: { [PARTITION_KEY]: k[PARTITION_KEY], [SORT_KEY]: k[SORT_KEY] } } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests }, ReturnConsumedCapacity: this.rcc }));
        this.capacity('batchDelete', out.ConsumedCapacity);
        requests = out.UnprocessedItems?.[this.tableName] ?? [];
        if (requests.length > 0) {
          if (attempt >= 10) throw new Error(`DynamoDB left ${requests.length} deletes unprocessed after ${attempt} attempts`);
          await backoff(attempt);
        }
      }
    }
  }

  async deleteFinishedBefore(cutoff: number, options: DeleteFinishedOptions = {}): Promise<DeleteFinishedResult> {
    const result: DeleteFinishedResult = { instances: 0, tasks: 0, matched: 0 };
    if (cutoff <= 0) return result;
    const bound = padTime(Math.ceil(cutoff));
    const limit = options.limit ?? Infinity;
    let { shard, start } = options.cursor === undefined ? { shard: 0, start: undefined } : this.finishedCursor(options.cursor);
    while (shard < this.dueShards) {
      if (result.matched >= limit) {
        result.cursor = encodeCursor(`${shard}/${start ? start[FINISHED_SK] : ''}`);
        return result;
      }
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: FINISHED_INDEX,
          KeyConditionExpression: '#pk = :pk AND #sk < :bound',
          ExpressionAttributeNames: { '#pk': FINISHED_PK, '#sk': FINISHED_SK },
          ExpressionAttributeValues: { ':pk': `${FINISHED_PREFIX}${shard}`, ':bound': bound },
          ExclusiveStartKey: start,
          ...(Number.isFinite(limit) ? { Limit: limit - result.matched } : {}),
          ReturnConsumedCapacity: this.rcc,
        }),
      );
      this.capacity('deleteFinishedBefore', out.ConsumedCapacity, out.ScannedCount);
      for (const item of out.Items ?? []) {
        result.matched += 1;
        if (options.dryRun) continue;
        const tasks = await this.deleteInstance((item[FINISHED_SK] as string).slice(14));
        if (tasks === undefined) continue;
        result.instances += 1;
        result.tasks += tasks;
      }
      start = out.LastEvaluatedKey as Record<string, string> | undefined;
      if (!start) shard += 1;
    }
    return result;
  }

  /** A history cursor this store handed out: the shard, and the finished index's last sort key read in it. */
  private finishedCursor(text: string): { shard: number; start: Record<string, string> | undefined } {
    const match = /^(\d{1,4})\/((\d{13})#([A-Za-z0-9._:~-]{1,128}))?$/.exec(decodeCursor(text));
    const shard = match ? Number(match[1]) : NaN;
    if (!match || shard >= this.dueShards) throw new DataValidationError('The history cursor is not one this store handed out');
    if (!match[2]) return { shard, start: undefined };
    return { shard, start: { ...headKey(match[4]!), [FINISHED_PK]: `${FINISHED_PREFIX}${shard}`, [FINISHED_SK]: match[2] } };
  }

  // ---------------------------------------------------------------- definitions

  private definitionHeadKey(kind: string, name: string): Item {
    return { [PARTITION_KEY]: `${DEFINITION_HEADS_PREFIX}${kind}`, [SORT_KEY]: name };
  }

  private definitionVersionKey(kind: string, name: string, version: number): Item {
    return { [PARTITION_KEY]: `${DEFINITION_PREFIX}${kind}#${name}`, [SORT_KEY]: `${DEFINITION_VERSION_PREFIX}${padSeq(version)}` };
  }

  private toVersion(kind: string, name: string, item: Item): DefinitionVersion {
    const version: DefinitionVersion = { kind, name, version: item.v as number, document: JSON.parse(item.d as string) as JsonObject, savedAt: item.at as number };
    if (typeof item.by === 'string') version.savedBy = item.by;
    return version;
  }

  private toHead(kind: string, item: Item): DefinitionHead {
    return { ...this.toVersion(kind, item[SORT_KEY] as string, item), active: item.active === true, updated: item.up as number };
  }

  /**
   * The next version and the head in one transaction: the version item only if it does not
   * exist, the head only if it still names the version read. A rival save makes it fail
   * without writing; it then reads the head again and takes the next number.
   */
  async saveDefinition({ kind, name, document, active, savedAt, savedBy }: SaveDefinition): Promise<DefinitionVersion> {
    const text = JSON.stringify(document);
    for (let attempt = 1; ; attempt++) {
      const head = await this.getItem(this.definitionHeadKey(kind, name), 'definitionHead');
      const latest = (head?.v as number | undefined) ?? 0;
      const version = latest + 1;
      const versionItem: Item = { ...this.definitionVersionKey(kind, name, version), v: version, d: text, at: savedAt, ...(savedBy === undefined ? {} : { by: savedBy }) };
      const headItem: Item = { ...this.definitionHeadKey(kind, name), v: version, d: text, at: savedAt, up: savedAt, active, ...(savedBy === undefined ? {} : { by: savedBy }) };
      this.checkSize(headItem, `Definition ${kind} ${name}`);
      try {
        await this.transact(
          [
            { Put: { TableName: this.tableName, Item: versionItem, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PARTITION_KEY } } },
            {
              Put: {
                TableName: this.tableName,
                Item: headItem,
                ConditionExpression: head ? '#v = :v' : 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: head ? { '#v': 'v' } : { '#pk': PARTITION_KEY },
                ...(head ? { ExpressionAttributeValues: { ':v': latest } } : {}),
              },
            },
          ],
          'saveDefinition',
        );
        return this.toVersion(kind, name, versionItem);
      } catch (error) {
        if (errorName(error) !== 'TransactionCanceledException' || !cancellationCodes(error).includes('ConditionalCheckFailed') || attempt >= 50) throw error;
        await backoff(Math.min(attempt, 5));
      }
    }
  }

  async definitionHead(kind: string, name: string): Promise<DefinitionHead | undefined> {
    const item = await this.getItem(this.definitionHeadKey(kind, name), 'definitionHead');
    return item && item.del !== true ? this.toHead(kind, item) : undefined;
  }

  async definitionVersion(kind: string, name: string, version: number): Promise<DefinitionVersion | undefined> {
    if (!Number.isSafeInteger(version) || version < 1) return undefined;
    const item = await this.getItem(this.definitionVersionKey(kind, name, version), 'definitionVersion');
    return item && this.toVersion(kind, name, item);
  }

  async listDefinitions(kind: string, { limit = 100, cursor }: { limit?: number; cursor?: string } = {}): Promise<Page<DefinitionHead>> {
    const items: DefinitionHead[] = [];
    let start: Item | undefined = cursor === undefined ? undefined : { ...this.definitionHeadKey(kind, decodeCursor(cursor)) };
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ExpressionAttributeValues: { ':pk': `${DEFINITION_HEADS_PREFIX}${kind}` },
          ExclusiveStartKey: start,
          Limit: limit + 1 - items.length,
          ReturnConsumedCapacity: this.rcc,
        }),
      );
      this.capacity('listDefinitions', out.ConsumedCapacity, out.ScannedCount);
      for (const item of out.Items ?? []) if (item.del !== true) items.push(this.toHead(kind, item));
      start = out.LastEvaluatedKey;
    } while (start && items.length <= limit);
    const page = items.slice(0, limit);
    return items.length > limit ? { items: page, cursor: encodeCursor(page[page.length - 1]!.name) } : { items: page };
  }

  async listDefinitionVersions(kind: string, name: string, { limit = 100, cursor }: { limit?: number; cursor?: string } = {}): Promise<Page<DefinitionVersion>> {
    const pk = `${DEFINITION_PREFIX}${kind}#${name}`;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor === undefined ? {} : { ExclusiveStartKey: { [PARTITION_KEY]: pk, [SORT_KEY]: decodeCursor(cursor) } }),
        ReturnConsumedCapacity: this.rcc,
      }),
    );
    this.capacity('listDefinitionVersions', out.ConsumedCapacity, out.ScannedCount);
    const items = (out.Items ?? []).map((item) => this.toVersion(kind, name, item));
    const last = out.LastEvaluatedKey?.[SORT_KEY];
    return typeof last === 'string' ? { items, cursor: encodeCursor(last) } : { items };
  }

  async setDefinitionActive(kind: string, name: string, active: boolean, at: number): Promise<DefinitionHead | undefined> {
    try {
      const out = await this.write(
        () =>
          this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: this.definitionHeadKey(kind, name),
              UpdateExpression: 'SET #active = :active, #up = :up',
              ConditionExpression: 'attribute_exists(#pk) AND (attribute_not_exists(#del) OR #del = :false)',
              ExpressionAttributeNames: { '#active': 'active', '#up': 'up', '#pk': PARTITION_KEY, '#del': 'del' },
              ExpressionAttributeValues: { ':active': active, ':up': at, ':false': false },
              ReturnValues: 'ALL_NEW',
              ReturnConsumedCapacity: this.rcc,
            }),
          ),
        'setDefinitionActive',
      );
      return out.Attributes ? this.toHead(kind, out.Attributes) : undefined;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /** Marks the head deleted (a tombstone: the next save continues the version numbers); versions stay. */
  async deleteDefinition(kind: string, name: string): Promise<boolean> {
    try {
      await this.write(
        () =>
          this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: this.definitionHeadKey(kind, name),
              UpdateExpression: 'SET #del = :true',
              ConditionExpression: 'attribute_exists(#pk) AND (attribute_not_exists(#del) OR #del = :false)',
              ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#del': 'del' },
              ExpressionAttributeValues: { ':true': true, ':false': false },
              ReturnConsumedCapacity: this.rcc,
            }),
          ),
        'deleteDefinition',
      );
      return true;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/** A short random token that tells our own head write from another writer's. */
function newWriteId(): string {
  return randomBytes(6).toString('base64url');
}

/** The task record an index entry carries: JSON text on a FORM# item, deflated JSON on a head's form slot. */
function taskAttribute(value: unknown): TaskRecord {
  return typeof value === 'string' ? (JSON.parse(value) as TaskRecord) : decode<TaskRecord>(value);
}

function encodeCursor(sortKey: string): string {
  return Buffer.from(JSON.stringify({ after: sortKey })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string') return after;
  } catch {
    // fall through
  }
  throw new DataValidationError('The cursor is not one this store handed out');
}
