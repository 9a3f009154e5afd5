import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Reads items by key, strongly consistently, in BatchGetItem batches of 100 (DynamoDB's limit),
 * retrying unprocessed keys with backoff and jitter (at most 10 attempts per batch). Each item
 * read goes to `each`; `onBatch` sees every response (capacity accounting).
 */
export async function batchGetItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  each: (item: Item) => void,
  options: { returnConsumedCapacity?: 'TOTAL' | 'INDEXES' | 'NONE'; onBatch?: (out: BatchGetCommandOutput, requested: number) => void } = {},
): Promise<void> {
  for (let i = 0; i < keys.length; i += 100) {
    let batch: Item[] = keys.slice(i, i + 100);
    for (let attempt = 1; batch.length > 0; attempt++) {
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: batch, ConsistentRead: true } },
          ...(options.returnConsumedCapacity ? { ReturnConsumedCapacity: options.returnConsumedCapacity } : {}),
        }),
      );
      options.onBatch?.(out, batch.length);
      for (const item of out.Responses?.[tableName] ?? []) each(item);
      batch = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
      if (batch.length > 0) {
        if (attempt >= 10) throw new Error(`DynamoDB left ${batch.length} reads unprocessed after ${attempt} attempts`);
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  }
}
