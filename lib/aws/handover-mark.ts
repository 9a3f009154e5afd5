import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARTITION_KEY, SORT_KEY } from './table-schema.js';
import type { HandoverMark } from '../app/timers.js';

/** The one item of the mark (outside every index): `TIMERS / #HANDOVER`, `until` = epoch ms. */
export const HANDOVER_KEY = { [PARTITION_KEY]: 'TIMERS', [SORT_KEY]: '#HANDOVER' } as const;

/** The tick's hand-over mark in the state table: one consistent read and one conditional write per tick. */
export class DynamoHandoverMark implements HandoverMark {
  constructor(private readonly doc: DynamoDBDocumentClient, private readonly tableName: string) {}

  async read(): Promise<number | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: HANDOVER_KEY, ConsistentRead: true }));
    const until = out.Item?.until;
    return typeof until === 'number' ? until : undefined;
  }

  async advance(to: number): Promise<void> {
    try {
      await this.doc.send(new UpdateCommand({
        TableName: this.tableName,
        Key: HANDOVER_KEY,
        UpdateExpression: 'SET #u = :to',
        ConditionExpression: 'attribute_not_exists(#u) OR #u < :to',
        ExpressionAttributeNames: { '#u': 'until' },
        ExpressionAttributeValues: { ':to': to },
      }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return; // another tick went further
      throw error;
    }
  }
}
