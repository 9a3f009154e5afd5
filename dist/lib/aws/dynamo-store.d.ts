import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type InstanceState, type TaskRecord } from '../engine/state.js';
import type { Commit, CreateResult, DefinitionHead, DefinitionVersion, DeleteCounts, InstanceSummary, ListQuery, OpenTaskQuery, Page, SaveDefinition, Store } from '../engine/store.js';
import { type DynamoClientOptions } from './dynamo-client.js';
/** DynamoDB refuses items above 400 KB (409,600 bytes, attribute names included). */
export declare const DYNAMODB_ITEM_LIMIT_BYTES: number;
export declare const DEFAULT_RETENTION_DAYS = 30;
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
/** A stable, well-spread shard for an id (FNV-1a). */
export declare function shardOf(id: string, shards: number): number;
/** The size DynamoDB bills and limits: attribute names plus values, per its published rules. */
export declare function itemSize(item: Item): number;
export declare function summarize(state: InstanceState): InstanceSummary;
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
 * its unique claim, releasing the claim, and opening or closing a Form task (whose FORM# item
 * feeds the task-list indexes).
 *
 * A conditional-check failure is a lost race (`false`), never retried here; throttling, 5xx and
 * transaction conflicts are retried (the SDK's standard retry mode, plus a backoff loop for
 * transactions cancelled by a conflict or throttling). Every head write carries a fresh `w`
 * (and transactions a ClientRequestToken), so a write that succeeded but whose answer was lost
 * and was retried by the SDK is recognised as ours instead of being reported as a lost race.
 */
export declare class DynamoStore implements Store {
    readonly tableName: string;
    readonly dueShards: number;
    readonly retentionDays: number;
    readonly maxItemBytes: number;
    readonly dueSlackMs: number;
    private readonly doc;
    private readonly onCapacity;
    private readonly heads;
    constructor(options: DynamoStoreOptions);
    /** The document client, for tools (benchmarks, seeding) that work on the same table. */
    get documentClient(): DynamoDBDocumentClient;
    private expiresAt;
    /** The head item of `state` with an empty task log, as create writes it (for seeding tools and benchmarks). */
    instanceItem(state: InstanceState): Item;
    /** The due-index sort key for `state`, keeping `previous` while dueAt stays within the slack after it. */
    private dueSortKey;
    private headItem;
    private logItem;
    /** The FORM# item of an open Form task: what the task-list indexes are made of. */
    private formItem;
    /** Puts for newly opened Form tasks, deletes for closed ones: only records of Form tasks (they carry an assignment) count. */
    private formWrites;
    /** Refuses, before anything is written, an item DynamoDB would refuse or that exceeds the configured limit. */
    private checkSize;
    private remember;
    private capacity;
    private get rcc();
    private getItem;
    /** Heads by id, read strongly consistently in batches of 100; missing ones are left out. */
    private getHeads;
    /** Runs a transaction; retries cancellations whose every failing reason is transient. Throws the cancellation otherwise. */
    private transact;
    /** A single write, retried while it conflicts with a running transaction. */
    private write;
    private put;
    private deleteItem;
    create(state: InstanceState, given: readonly TaskRecord[]): Promise<CreateResult>;
    get(id: string): Promise<InstanceState | undefined>;
    commit({ expectedVersion, state, tasks: given, releaseUniqueKey }: Commit): Promise<boolean>;
    /** The common commit: the history item (if any), then the head, conditional on the version. */
    private putHead;
    /** A commit that must change more than the head atomically: Form task items, the unique claim. */
    private commitTogether;
    /**
     * A finished instance's history items get the same TTL as its head, so that DynamoDB
     * deletes the whole instance for free. Idempotent; if it is interrupted, the items without
     * TTL are still removed by `delete` / `deleteFinishedBefore`.
     */
    private stampHistory;
    /** Every item of an instance's partition (head, history, open forms), optionally only some attributes. */
    private partition;
    /** The task history of an instance: head and history items merged, the latest version of each record winning. */
    private history;
    tasks(id: string): Promise<TaskRecord[]>;
    task(id: string, seq: number): Promise<TaskRecord | undefined>;
    /** Pages through one index partition in key order until `enough` says stop (or it ends). */
    private queryIndex;
    due(now: number, limit: number): Promise<InstanceSummary[]>;
    /**
     * Instances whose dueAt lies in (from, to], earliest first, at most `limit`: the tick's
     * hand-over of far waits to precise timers (lib/aws/timers.ts). Reads the index entries of
     * that window (widened by the due slack) and the heads they point to.
     */
    dueBetween(from: number, to: number, limit: number): Promise<{
        id: string;
        dueAt: number;
    }[]>;
    list({ automation, statuses, limit, cursor }: ListQuery): Promise<Page<InstanceSummary>>;
    openTasks({ assignee, limit, cursor }: OpenTaskQuery): Promise<Page<TaskRecord>>;
    findUnique(key: string, operation?: string): Promise<string | undefined>;
    delete(id: string): Promise<boolean>;
    /** Deletes history first and the head last, so an interrupted delete can be repeated. Returns the task count, or undefined if there was no instance. */
    private deleteInstance;
    private batchDelete;
    deleteFinishedBefore(cutoff: number): Promise<DeleteCounts>;
    private definitionHeadKey;
    private definitionVersionKey;
    private toVersion;
    private toHead;
    /**
     * The next version and the head in one transaction: the version item only if it does not
     * exist, the head only if it still names the version read. A rival save makes it fail
     * without writing; it then reads the head again and takes the next number.
     */
    saveDefinition({ kind, name, document, active, savedAt, savedBy }: SaveDefinition): Promise<DefinitionVersion>;
    definitionHead(kind: string, name: string): Promise<DefinitionHead | undefined>;
    definitionVersion(kind: string, name: string, version: number): Promise<DefinitionVersion | undefined>;
    listDefinitions(kind: string, { limit, cursor }?: {
        limit?: number;
        cursor?: string;
    }): Promise<Page<DefinitionHead>>;
    listDefinitionVersions(kind: string, name: string, { limit, cursor }?: {
        limit?: number;
        cursor?: string;
    }): Promise<Page<DefinitionVersion>>;
    setDefinitionActive(kind: string, name: string, active: boolean, at: number): Promise<DefinitionHead | undefined>;
    /** Marks the head deleted (a tombstone: the next save continues the version numbers); versions stay. */
    deleteDefinition(kind: string, name: string): Promise<boolean>;
}
export {};
