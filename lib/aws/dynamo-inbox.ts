import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DataValidationError } from '../engine/errors.js';
import type { Page } from '../engine/store.js';
import { createDocumentClient } from './dynamo-client.js';
import { shardOf } from './dynamo-store.js';
import {
  decodeDeliveryCursor, encodeDeliveryCursor, settledAmong, type AcceptResult, type DeliveryQuery, type DeliveryRecord, type Inbox,
} from './inbox.js';
import { DEFAULT_DUE_SHARDS, DUE_INDEX, DUE_PK, DUE_SK, PARTITION_KEY, SORT_KEY, STATUS_INDEX, STATUS_PK, STATUS_SK, TTL_ATTRIBUTE } from './table-schema.js';

/**
 * The inbox in the automations table (no table or index of its own):
 *
 *   DLV#<id> / #DLV   v (version), w (write id), b (the record as JSON), expiresAt once applied or dead
 *
 * A pending record is in the `due` index under `DLV#<shard>` / `<nextAttemptAt,13>#<id>` (the
 * instances' entries are under `DUE#<shard>`, so neither query sees the other); a dead one in the
 * `status` index under `DLV#dead` / `<updatedAt,13>#<id>`. Applied records are in no index and
 * expire through the table's TTL. Every write is a conditional PutItem.
 */
export const DELIVERY_PREFIX = 'DLV#';
const DELIVERY_SK = '#DLV';
const DEAD_PARTITION = `${DELIVERY_PREFIX}dead`;
/** DynamoDB's item limit, less room for the keys and index attributes. */
const MAX_RECORD_BYTES = 400 * 1024 - 1024;

type Item = Record<string, unknown>;

const pad13 = (n: number) => String(Math.max(0, Math.floor(n))).padStart(13, '0');
const key = (id: string) => ({ [PARTITION_KEY]: `${DELIVERY_PREFIX}${id}`, [SORT_KEY]: DELIVERY_SK });
const isShardCursor = (c: unknown): c is { s: number; k?: string } =>
  typeof c === 'object' && c !== null && Number.isInteger((c as { s?: unknown }).s) && (c as { s: number }).s >= 0 &&
  ((c as { k?: unknown }).k === undefined || typeof (c as { k?: unknown }).k === 'string');
const isKeyCursor = (c: unknown): c is { k: string } => typeof c === 'object' && c !== null && typeof (c as { k?: unknown }).k === 'string';

export interface DynamoInboxOptions {
  tableName: string;
  client: DynamoDBDocumentClient | DynamoDBClient;
  /** Partitions of the pending entries in the due index (default: the store's 8); never lower it on a live table. */
  shards?: number;
}

export class DynamoInbox implements Inbox {
  readonly tableName: string;
  readonly shards: number;
  private readonly doc: DynamoDBDocumentClient;

  constructor(options: DynamoInboxOptions) {
    this.tableName = options.tableName;
    this.shards = options.shards ?? DEFAULT_DUE_SHARDS;
    this.doc = options.client instanceof DynamoDBDocumentClient ? options.client : createDocumentClient(options.client);
  }

  private item(record: DeliveryRecord, writeId: string): Item {
    const body = JSON.stringify(record);
    if (Buffer.byteLength(body) > MAX_RECORD_BYTES) throw new DataValidationError(`The delivery is ${Buffer.byteLength(body)} bytes; at most ${MAX_RECORD_BYTES} can be recorded`, 413);
    const item: Item = { ...key(record.id), v: record.version, w: writeId, b: body };
    if (record.status === 'pending') {
      item[DUE_PK] = `${DELIVERY_PREFIX}${shardOf(record.id, this.shards)}`;
      item[DUE_SK] = `${pad13(record.nextAttemptAt)}#${record.id}`;
    } else if (record.status === 'dead') {
      item[STATUS_PK] = DEAD_PARTITION;
      item[STATUS_SK] = `${pad13(record.updatedAt)}#${record.id}`;
    }
    if (record.expiresAt !== null) item[TTL_ATTRIBUTE] = Math.floor(record.expiresAt / 1000);
    return item;
  }

  private async read(id: string): Promise<{ record: DeliveryRecord; writeId: string } | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key(id), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { record: JSON.parse(out.Item.b as string) as DeliveryRecord, writeId: out.Item.w as string };
  }

  /** A conditional PutItem; a condition failure caused by our own write (an SDK retry after a lost answer) counts as success. */
  private async put(record: DeliveryRecord, condition: { expression: string; values?: Item }): Promise<boolean> {
    const writeId = randomBytes(8).toString('base64url');
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(record, writeId),
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: { '#pk': PARTITION_KEY, ...(condition.values ? { '#v': 'v' } : {}) },
          ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      return (await this.read(record.id))?.writeId === writeId;
    }
  }

  async accept(record: DeliveryRecord): Promise<AcceptResult> {
    if (record.version !== 1) throw new Error('A new delivery record has version 1');
    if (await this.put(record, { expression: 'attribute_not_exists(#pk)' })) return { accepted: true };
    const existing = await this.read(record.id);
    if (!existing) throw new Error(`Delivery ${record.id} was neither written nor found`);
    return { accepted: false, existing: existing.record };
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    return (await this.read(id))?.record;
  }

  async updateDelivery(record: DeliveryRecord): Promise<boolean> {
    return this.put(record, { expression: 'attribute_exists(#pk) AND #v = :expected', values: { ':expected': record.version - 1 } });
  }

  async settledDeliveries(ids: readonly string[]): Promise<Set<string>> {
    return settledAmong(ids, await this.records(ids));
  }

  private async records(ids: readonly string[]): Promise<Map<string, DeliveryRecord>> {
    const found = new Map<string, DeliveryRecord>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Item[] = unique.slice(i, i + 100).map(key);
      for (let attempt = 1; keys.length > 0; attempt++) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const record = JSON.parse(item.b as string) as DeliveryRecord;
          found.set(record.id, record);
        }
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
        if (keys.length > 0) {
          if (attempt >= 10) throw new Error(`DynamoDB left ${keys.length} reads unprocessed`);
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    }
    return found;
  }

  private async queryShard(shard: number, bound: string | undefined, limit: number, after?: string): Promise<{ sks: string[]; more: boolean }> {
    const sks: string[] = [];
    let start: Item | undefined;
    const conditions = ['#pk = :pk', ...(bound === undefined ? [] : ['#sk <= :bound'])];
    if (after !== undefined) conditions[1] = bound === undefined ? '#sk > :after' : '#sk BETWEEN :after AND :bound';
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DUE_INDEX,
          KeyConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#pk': DUE_PK, ...(conditions.length > 1 ? { '#sk': DUE_SK } : {}) },
          ExpressionAttributeValues: { ':pk': `${DELIVERY_PREFIX}${shard}`, ...(bound === undefined ? {} : { ':bound': bound }), ...(after === undefined ? {} : { ':after': `${after}\u0000` }) },
          Limit: limit + 1 - sks.length,
          ExclusiveStartKey: start,
        }),
      );
      sks.push(...(out.Items ?? []).map((e) => e[DUE_SK] as string));
      start = out.LastEvaluatedKey;
    } while (start && sks.length <= limit);
    return { sks: sks.slice(0, limit), more: sks.length > limit || start !== undefined };
  }

  async dueDeliveries(now: number, limit: number): Promise<DeliveryRecord[]> {
    if (limit <= 0) return [];
    const bound = `${pad13(now)}#~`;
    const perShard = await Promise.all(Array.from({ length: this.shards }, (_, s) => this.queryShard(s, bound, limit)));
    const sks = perShard.flatMap((p) => p.sks).sort().slice(0, limit);
    const records = await this.records(sks.map((sk) => sk.slice(14)));
    return [...records.values()]
      .filter((r) => r.status === 'pending' && r.nextAttemptAt <= now) // the index is eventually consistent
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1));
  }

  async listDeliveries({ status, limit = 100, cursor }: DeliveryQuery): Promise<Page<DeliveryRecord>> {
    if (limit <= 0) return { items: [] };
    if (status === 'pending') {
      // shard by shard, in next-attempt order within each
      const at = cursor === undefined ? { s: 0 } : decodeDeliveryCursor(cursor, isShardCursor);
      const items: DeliveryRecord[] = [];
      let shard = at.s;
      let after = at.k;
      while (shard < this.shards && items.length < limit) {
        const { sks, more } = await this.queryShard(shard, undefined, limit - items.length, after);
        const records = await this.records(sks.map((sk) => sk.slice(14)));
        items.push(...sks.map((sk) => records.get(sk.slice(14))).filter((r): r is DeliveryRecord => r?.status === 'pending'));
        if (more && sks.length > 0) return { items, cursor: encodeDeliveryCursor({ s: shard, k: sks[sks.length - 1]! }) };
        shard++;
        after = undefined;
      }
      return shard < this.shards ? { items, cursor: encodeDeliveryCursor({ s: shard }) } : { items };
    }
    const after = cursor === undefined ? undefined : decodeDeliveryCursor(cursor, isKeyCursor).k;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
        ExpressionAttributeNames: { '#pk': STATUS_PK, ...(after === undefined ? {} : { '#sk': STATUS_SK }) },
        ExpressionAttributeValues: { ':pk': DEAD_PARTITION, ...(after === undefined ? {} : { ':after': after }) },
        Limit: limit,
      }),
    );
    const sks = (out.Items ?? []).map((e) => e[STATUS_SK] as string);
    const records = await this.records(sks.map((sk) => sk.slice(14)));
    const items = sks.map((sk) => records.get(sk.slice(14))).filter((r): r is DeliveryRecord => r?.status === 'dead');
    return out.LastEvaluatedKey && sks.length > 0 ? { items, cursor: encodeDeliveryCursor({ k: sks[sks.length - 1]! }) } : { items };
  }
}
