import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';

/**
 * The one table that holds automation state, as data: `createTable()` uses it for local
 * DynamoDB and the CDK stack reads the same constants, so the two cannot drift.
 * docs/architecture.md ("State in DynamoDB") explains the design.
 *
 * Items (pk / sk):
 *   INST#<id>    / #STATE              the instance head: version, the state and the task records of
 *                                      the latest commits (deflated JSON), index keys
 *   INST#<id>    / LOG#<version,10>    task records moved out of the head at that version (deflated JSON)
 *   INST#<id>    / FORM#<seq,10>       an open Form task opened while the head's form slot was taken, only
 *                                      while it is open (for the task-list indexes); the first open Form
 *                                      task rides on the head instead (the same index keys, `t` deflated)
 *   UNIQUE#<key> / #CLAIM              the unique-key claim, holder = instance id
 *   DEFS#<kind>  / <name>              a definition's head: latest version `v`, its document `d`, `active`, `del` (tombstone)
 *   DEF#<kind>#<name> / V#<version,10> one immutable version of a definition (document `d`, `at`, `by`)
 *
 * Global secondary indexes, all sparse (an item without the index's key attributes is not in it)
 * and KEYS_ONLY unless noted, so that an index entry is written only when its keys change:
 *   due      DUE#<shard>                        / <dueAt bucket,13>#<id>        heads with dueAt != null
 *   status   AUTO#<automation>#<status>[#<shard>] / <created,13>#<id>         every head, under its settled status
 *   finished FIN#<shard>                        / <finishedAt,13>#<id>          finished heads
 *   openTasks OPEN#<assignee key>               / <created,13>#<id>#<seq,10>    open Form tasks (INCLUDE t)
 *   allOpenTasks ALLOPEN#<shard>                / <created,13>#<id>#<seq,10>    open Form tasks (INCLUDE t)
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';

export const DUE_INDEX = 'due';
export const DUE_PK = 'dk';
export const DUE_SK = 'ds';

export const STATUS_INDEX = 'status';
export const STATUS_PK = 'lk';
export const STATUS_SK = 'ls';

export const FINISHED_INDEX = 'finished';
export const FINISHED_PK = 'fk';
export const FINISHED_SK = 'fs';

export const OPEN_TASKS_INDEX = 'openTasks';
export const OPEN_TASKS_PK = 'ok';
export const OPEN_TASKS_SK = 'os';

export const ALL_OPEN_TASKS_INDEX = 'allOpenTasks';
export const ALL_OPEN_TASKS_PK = 'ak';
export const ALL_OPEN_TASKS_SK = 'as';

/** The task record (JSON) on FORM# items, projected into the task-list indexes. */
export const TASK_ATTRIBUTE = 't';

/**
 * Number of partitions of the due, finished and all-open-tasks indexes. A query per shard
 * finds what is due; writes spread over the shards so that no index partition gets hot. It
 * may be raised later (old entries stay in lower shards, which are still queried) but never
 * lowered.
 */
export const DEFAULT_DUE_SHARDS = 8;

/**
 * The due index sorts by dueAt rounded down to this many milliseconds, so that the lease
 * renewals of a running instance (dueAt = now + lease at every commit) do not rewrite its
 * index entry at every node; `due()` reads the exact dueAt from the heads it finds.
 */
export const DUE_BUCKET_MS = 60_000;

export const INSTANCE_PREFIX = 'INST#';
export const STATE_SK = '#STATE';
export const LOG_PREFIX = 'LOG#';
export const FORM_PREFIX = 'FORM#';
export const UNIQUE_PREFIX = 'UNIQUE#';
export const CLAIM_SK = '#CLAIM';
export const DUE_PREFIX = 'DUE#';
export const STATUS_PREFIX = 'AUTO#';
export const FINISHED_PREFIX = 'FIN#';
export const OPEN_PREFIX = 'OPEN#';
export const ALL_OPEN_PREFIX = 'ALLOPEN#';
/** Definition heads of one kind share a partition (listing is one Query); each definition's versions have their own. */
export const DEFINITION_HEADS_PREFIX = 'DEFS#';
export const DEFINITION_PREFIX = 'DEF#';
export const DEFINITION_VERSION_PREFIX = 'V#';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Non-key attributes projected into the index (INCLUDE); KEYS_ONLY when empty. */
  include: readonly string[];
}

export const INDEXES: readonly IndexDefinition[] = [
  { name: DUE_INDEX, partitionKey: DUE_PK, sortKey: DUE_SK, include: [] },
  { name: STATUS_INDEX, partitionKey: STATUS_PK, sortKey: STATUS_SK, include: [] },
  { name: FINISHED_INDEX, partitionKey: FINISHED_PK, sortKey: FINISHED_SK, include: [] },
  { name: OPEN_TASKS_INDEX, partitionKey: OPEN_TASKS_PK, sortKey: OPEN_TASKS_SK, include: [TASK_ATTRIBUTE] },
  { name: ALL_OPEN_TASKS_INDEX, partitionKey: ALL_OPEN_TASKS_PK, sortKey: ALL_OPEN_TASKS_SK, include: [TASK_ATTRIBUTE] },
];

export const TABLE_KEYS = { partitionKey: PARTITION_KEY, sortKey: SORT_KEY } as const;

/** The CreateTable request for an on-demand table with the three indexes. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const keyNames = [PARTITION_KEY, SORT_KEY, ...INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection:
        index.include.length > 0
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
          : { ProjectionType: 'KEYS_ONLY' },
    })),
  };
}

/**
 * Creates the table (idempotent: an existing table is left alone), waits until it is
 * active and enables TTL on `expiresAt`. For local DynamoDB and tests; production tables
 * come from the CDK stack built on the same constants.
 */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  let created = true;
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
  }
  for (let attempt = 0; ; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) break;
    if (attempt > 600) throw new Error(`Table ${tableName} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ttl = created ? undefined : await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const ttlStatus = ttl?.TimeToLiveDescription?.TimeToLiveStatus;
  if (ttlStatus !== 'ENABLED' && ttlStatus !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  }
}
