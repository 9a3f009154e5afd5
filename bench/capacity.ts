import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CapacityUse } from '../lib/aws/dynamo-store.js';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/**
 * Counts the capacity of every request the client sends (the store's, the inbox's, the hand-over
 * mark's alike): asks for ReturnConsumedCapacity=TOTAL and hands each answer to `sink()` (null:
 * not counted). Operations are named by command (PutItem, Query, …).
 */
export function countCapacity(client: DynamoDBClient, sink: () => ((use: CapacityUse) => void) | null): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const out = await next(args);
      const to = sink();
      if (!to) return out;
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
      const total = [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
      const read = READS.has(operation);
      to({ operation, read: read ? total : 0, write: read ? 0 : total, transaction: operation === 'TransactWriteItems' });
      return out;
    },
    { step: 'initialize', name: 'benchCapacity' },
  );
}
