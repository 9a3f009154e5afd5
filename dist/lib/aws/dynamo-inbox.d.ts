import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from '../engine/store.js';
import { type AcceptResult, type DeliveryQuery, type DeliveryRecord, type Inbox } from './inbox.js';
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
export declare const DELIVERY_PREFIX = "DLV#";
export interface DynamoInboxOptions {
    tableName: string;
    client: DynamoDBDocumentClient | DynamoDBClient;
    /** Partitions of the pending entries in the due index (default: the store's 8); never lower it on a live table. */
    shards?: number;
}
export declare class DynamoInbox implements Inbox {
    readonly tableName: string;
    readonly shards: number;
    private readonly doc;
    constructor(options: DynamoInboxOptions);
    private item;
    private read;
    /** A conditional PutItem; a condition failure caused by our own write (an SDK retry after a lost answer) counts as success. */
    private put;
    accept(record: DeliveryRecord): Promise<AcceptResult>;
    getDelivery(id: string): Promise<DeliveryRecord | undefined>;
    updateDelivery(record: DeliveryRecord): Promise<boolean>;
    private records;
    private queryShard;
    dueDeliveries(now: number, limit: number): Promise<DeliveryRecord[]>;
    listDeliveries({ status, limit, cursor }: DeliveryQuery): Promise<Page<DeliveryRecord>>;
}
