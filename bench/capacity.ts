import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CapacityUse } from '../lib/aws/dynamo-store.js';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);


/**
 * Counts the capacity of the requests the client sends that do not ask for it themselves (the
 * inbox's, the hand-over mark's; a DynamoStore with `onCapacity` reports its own, under its
 * operation names): asks for ReturnConsumedCapacity=INDEXES, as the store does, and hands each
 * answer to `sink()` (null: not counted). Operations are named by command (PutItem, Query, …).
 */
export function countCapacity(client: DynamoDBClient, sink: () => ((use: CapacityUse) => void) | null): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      if (input.ReturnConsumedCapacity !== undefined) return next(args);
      input.ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      const to = sink();
      if (!to) return out;
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
      const consumed = (out.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      const total = [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);
      const read = READS.has(operation);
      to({ operation, read: read ? total : 0, write: read ? 0 : total, transaction: operation === 'TransactWriteItems' });
      return out;
    },
    { step: 'initialize', name: 'benchCapacity' },
  );
}
