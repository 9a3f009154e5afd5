import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE } from './table-schema.js';

/**
 * Idempotency records (Powertools for AWS Lambda) in the automations table itself:
 * pk = `IDEMPOTENCY`, sk = `<prefix>#<hash of the key>`, expiring through the table's TTL
 * attribute. The records have none of the index attributes, so they stay out of every
 * index. One partition holds them all: DynamoDB splits it by sort key under load, which is
 * ample for webhook and event rates; a table of their own is the way out if it ever is not.
 */
export const IDEMPOTENCY_PK = 'IDEMPOTENCY';

export function createIdempotencyStore(tableName: string, client: DynamoDBClient): BasePersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    keyAttr: PARTITION_KEY,
    sortKeyAttr: SORT_KEY,
    staticPkValue: IDEMPOTENCY_PK,
    expiryAttr: TTL_ATTRIBUTE,
  });
}

/** The same semantics in memory, for unit tests of the handlers. */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const now = Date.now();
    const free =
      !existing ||
      (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) ||
      (existing.getStatus() === 'INPROGRESS' && existing.inProgressExpiryTimestamp !== undefined && existing.inProgressExpiryTimestamp < now);
    if (!free) throw new IdempotencyItemAlreadyExistsError(`Failed to put record for already existing idempotency key: ${record.idempotencyKey}`, existing);
    this.records.set(record.idempotencyKey, record);
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}
