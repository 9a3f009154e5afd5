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
 *
 * Items (pk / sk):
 *   INST#<id>        / #STATE             the instance head (InstanceState as JSON + indexed attributes)
 *   INST#<id>        / TASK#<seq, 10 dig> one task record per node visit
 *   UNIQUE#<key>     / #CLAIM             the unique-key claim, holder = instance id
 *
 * Global secondary indexes (all sparse: an item without the index's key attributes is not in it):
 *   due      DUE#<shard>                    / <dueAt, 15 digits>#<id>     heads with dueAt != null
 *   status   AUTO#<automation>#<status>     / <created, 15 digits>#<id>   every head
 *   finished FIN#<shard>                    / <finishedAt, 15 digits>#<id> finished heads
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';

export const DUE_INDEX = 'due';
export const DUE_PK = 'duePk';
export const DUE_SK = 'dueSk';

export const STATUS_INDEX = 'status';
export const STATUS_PK = 'statusPk';
export const STATUS_SK = 'statusSk';

export const FINISHED_INDEX = 'finished';
export const FINISHED_PK = 'finPk';
export const FINISHED_SK = 'finSk';

/**
 * Number of partitions of the due and finished indexes. A query per shard finds what is due;
 * writes spread over the shards so that no index partition gets hot. It may be raised
 * later (old entries stay in lower shards, which are still queried) but never lowered.
 */
export const DEFAULT_DUE_SHARDS = 8;

export const INSTANCE_PREFIX = 'INST#';
export const STATE_SK = '#STATE';
export const TASK_PREFIX = 'TASK#';
export const UNIQUE_PREFIX = 'UNIQUE#';
export const CLAIM_SK = '#CLAIM';
export const DUE_PREFIX = 'DUE#';
export const STATUS_PREFIX = 'AUTO#';
export const FINISHED_PREFIX = 'FIN#';

/** Attributes of the head copied into the due and status indexes, so they answer without reading heads. */
export const SUMMARY_ATTRIBUTES = ['id', 'automation', 'status', 'dueAt', 'created', 'updated', 'finishedAt'] as const;

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** Non-key attributes projected into the index (INCLUDE); KEYS_ONLY when empty. */
  include: readonly string[];
}

export const INDEXES: readonly IndexDefinition[] = [
  { name: DUE_INDEX, partitionKey: DUE_PK, sortKey: DUE_SK, include: SUMMARY_ATTRIBUTES },
  { name: STATUS_INDEX, partitionKey: STATUS_PK, sortKey: STATUS_SK, include: SUMMARY_ATTRIBUTES },
  { name: FINISHED_INDEX, partitionKey: FINISHED_PK, sortKey: FINISHED_SK, include: ['id'] },
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
