import type { Json } from '../engine/json.js';
import type { Page } from '../engine/store.js';
/**
 * The inbox: one durable record per delivery accepted from outside (a webhook, an
 * EventBridge event), written before the sender gets its answer, and kept until the
 * delivery has been applied (then for the duplicate window) or has ended as a dead letter.
 * The hand-off to a worker only speeds things up; the tick re-drives what is still pending.
 * docs/architecture.md ("Webhooks", "Deliveries") describes the protocol.
 */
/** Who a delivered message goes to. */
export type Recipient = {
    id: string;
} | {
    key: string;
} | 'broadcast' | 'create';
/** What applying a delivery does. */
export type DeliveryWork = {
    kind: 'message';
    automation: string;
    message: string;
    to: Recipient;
    token?: string;
    data: Record<string, Json>;
} | {
    kind: 'start';
    automation: string;
    data: Record<string, Json>;
};
export type DeliveryStatus = 'pending' | 'applied' | 'dead';
export declare const DELIVERY_STATUSES: readonly DeliveryStatus[];
export interface DeliveryRecord {
    /** `d-<32 hex>`: a hash of `key`, safe in paths and DynamoDB keys. */
    id: string;
    /** The scoped id as the sender knows it: `webhook:<automation>/<message>/<deliveryId>`, `event:<trigger>/<event id>`. */
    key: string;
    source: 'webhook' | 'event';
    /** SHA-256 of the payload: the same id with another payload is a conflict. */
    hash: string;
    work: DeliveryWork;
    status: DeliveryStatus;
    /** Incremented by every write: the compare-and-set token. */
    version: number;
    /** Failed attempts (a busy instance does not count). */
    attempts: number;
    lastError: string | null;
    acceptedAt: number;
    updatedAt: number;
    /** While pending: when the tick may (re)try it. An attempt in progress pushes it forward. */
    nextAttemptAt: number;
    /** Start of the earliest attempt that may have applied the delivery without its outcome being recorded; null if none. */
    uncertainSince: number | null;
    appliedAt: number | null;
    /** A summary of what applying it did. */
    outcome: {
        instanceId: string | null;
        deliveries: number;
        duplicate: boolean;
    } | null;
    /** When the record may be deleted (epoch ms; the table's TTL), null to keep it. */
    expiresAt: number | null;
}
export type AcceptResult = {
    accepted: true;
} | {
    accepted: false;
    existing: DeliveryRecord;
};
export interface DeliveryQuery {
    status: 'pending' | 'dead';
    limit?: number;
    cursor?: string;
}
/**
 * Where delivery records live. Every write is conditional: `accept` on the id being new,
 * `update` on the stored version. `MemoryInbox` and `DynamoInbox` pass the same contract tests.
 */
export interface Inbox {
    /** Records a new delivery (version 1); if its id is taken, answers the existing record. */
    accept(record: DeliveryRecord): Promise<AcceptResult>;
    getDelivery(id: string): Promise<DeliveryRecord | undefined>;
    /** Stores `record` if the stored version is `record.version - 1`; false if another writer changed it first. */
    updateDelivery(record: DeliveryRecord): Promise<boolean>;
    /** Pending deliveries with `nextAttemptAt <= now`, earliest first, at most `limit`: O(pending), never O(all). */
    dueDeliveries(now: number, limit: number): Promise<DeliveryRecord[]>;
    /** Pending (by next attempt) or dead (by when they died) deliveries, for operators. */
    listDeliveries(query: DeliveryQuery): Promise<Page<DeliveryRecord>>;
}
export declare const DELIVERY_ID_PATTERN: RegExp;
export declare function deliveryRecordId(key: string): string;
/** SHA-256 of the payload's JSON with object keys sorted (key order does not make a payload different). */
export declare function payloadHash(payload: unknown): string;
export declare const MAX_CURSOR_LENGTH = 512;
export declare function encodeDeliveryCursor(cursor: object): string;
export declare function decodeDeliveryCursor<T>(text: string, valid: (c: unknown) => c is T): T;
/** The inbox in memory: the reference implementation, for unit tests of the handlers. */
export declare class MemoryInbox implements Inbox {
    readonly records: Map<string, DeliveryRecord>;
    accept(record: DeliveryRecord): Promise<AcceptResult>;
    getDelivery(id: string): Promise<DeliveryRecord | undefined>;
    updateDelivery(record: DeliveryRecord): Promise<boolean>;
    dueDeliveries(now: number, limit: number): Promise<DeliveryRecord[]>;
    listDeliveries({ status, limit, cursor }: DeliveryQuery): Promise<Page<DeliveryRecord>>;
}
