import { DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
/**
 * The one table that holds automation state, as data: `createTable()` uses it for local
 * DynamoDB and the CDK stack reads the same constants, so the two cannot drift.
 * docs/architecture.md ("State in DynamoDB") explains the design.
 *
 * Items (pk / sk):
 *   INST#<id>    / #STATE              the instance head: version, the state and the task records of
 *                                      the latest commits (deflated JSON), index keys
 *   INST#<id>    / LOG#<version,10>    task records moved out of the head at that version (deflated JSON)
 *   INST#<id>    / FORM#<seq,10>       an open Form task, only while it is open (for the task-list indexes)
 *   UNIQUE#<key> / #CLAIM              the unique-key claim, holder = instance id
 *   DEFS#<kind>  / <name>              a definition's head: latest version `v`, its document `d`, `active`, `del` (tombstone)
 *   DEF#<kind>#<name> / V#<version,10> one immutable version of a definition (document `d`, `at`, `by`)
 *
 * Global secondary indexes, all sparse (an item without the index's key attributes is not in it)
 * and KEYS_ONLY unless noted, so that an index entry is written only when its keys change:
 *   due      DUE#<shard>                        / <dueAt bucket,13>#<id>        heads with dueAt != null
 *   status   AUTO#<automation>#active|finished  / <created,13>#<id>             every head
 *   finished FIN#<shard>                        / <finishedAt,13>#<id>          finished heads
 *   openTasks OPEN#<assignee key>               / <created,13>#<id>#<seq,10>    open Form tasks (INCLUDE t)
 *   allOpenTasks ALLOPEN#<shard>                / <created,13>#<id>#<seq,10>    open Form tasks (INCLUDE t)
 */
export declare const PARTITION_KEY = "pk";
export declare const SORT_KEY = "sk";
export declare const TTL_ATTRIBUTE = "expiresAt";
export declare const DUE_INDEX = "due";
export declare const DUE_PK = "dk";
export declare const DUE_SK = "ds";
export declare const STATUS_INDEX = "status";
export declare const STATUS_PK = "lk";
export declare const STATUS_SK = "ls";
export declare const FINISHED_INDEX = "finished";
export declare const FINISHED_PK = "fk";
export declare const FINISHED_SK = "fs";
export declare const OPEN_TASKS_INDEX = "openTasks";
export declare const OPEN_TASKS_PK = "ok";
export declare const OPEN_TASKS_SK = "os";
export declare const ALL_OPEN_TASKS_INDEX = "allOpenTasks";
export declare const ALL_OPEN_TASKS_PK = "ak";
export declare const ALL_OPEN_TASKS_SK = "as";
/** The task record (JSON) on FORM# items, projected into the task-list indexes. */
export declare const TASK_ATTRIBUTE = "t";
/**
 * Number of partitions of the due, finished and all-open-tasks indexes. A query per shard
 * finds what is due; writes spread over the shards so that no index partition gets hot. It
 * may be raised later (old entries stay in lower shards, which are still queried) but never
 * lowered.
 */
export declare const DEFAULT_DUE_SHARDS = 8;
/**
 * The due index sorts by dueAt rounded down to this many milliseconds, so that the lease
 * renewals of a running instance (dueAt = now + lease at every commit) do not rewrite its
 * index entry at every node; `due()` reads the exact dueAt from the heads it finds.
 */
export declare const DUE_BUCKET_MS = 60000;
export declare const INSTANCE_PREFIX = "INST#";
export declare const STATE_SK = "#STATE";
export declare const LOG_PREFIX = "LOG#";
export declare const FORM_PREFIX = "FORM#";
export declare const UNIQUE_PREFIX = "UNIQUE#";
export declare const CLAIM_SK = "#CLAIM";
export declare const DUE_PREFIX = "DUE#";
export declare const STATUS_PREFIX = "AUTO#";
export declare const FINISHED_PREFIX = "FIN#";
export declare const OPEN_PREFIX = "OPEN#";
export declare const ALL_OPEN_PREFIX = "ALLOPEN#";
/** Definition heads of one kind share a partition (listing is one Query); each definition's versions have their own. */
export declare const DEFINITION_HEADS_PREFIX = "DEFS#";
export declare const DEFINITION_PREFIX = "DEF#";
export declare const DEFINITION_VERSION_PREFIX = "V#";
export interface IndexDefinition {
    name: string;
    partitionKey: string;
    sortKey: string;
    /** Non-key attributes projected into the index (INCLUDE); KEYS_ONLY when empty. */
    include: readonly string[];
}
export declare const INDEXES: readonly IndexDefinition[];
export declare const TABLE_KEYS: {
    readonly partitionKey: "pk";
    readonly sortKey: "sk";
};
/** The CreateTable request for an on-demand table with the three indexes. */
export declare function tableDefinition(tableName: string): CreateTableCommandInput;
/**
 * Creates the table (idempotent: an existing table is left alone), waits until it is
 * active and enables TTL on `expiresAt`. For local DynamoDB and tests; production tables
 * come from the CDK stack built on the same constants.
 */
export declare function createTable(client: DynamoDBClient, tableName: string): Promise<void>;
