import { createHash } from 'node:crypto';
import { DataValidationError } from '../engine/errors.js';
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
export type Recipient = { id: string } | { key: string } | 'broadcast' | 'create';

/** What applying a delivery does. */
export type DeliveryWork =
  | { kind: 'message'; automation: string; message: string; to: Recipient; token?: string; data: Record<string, Json> }
  | { kind: 'start'; automation: string; data: Record<string, Json> };

export type DeliveryStatus = 'pending' | 'applied' | 'dead';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'applied', 'dead'];

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
  /**
   * Start of the earliest attempt that may have applied the delivery without its outcome being
   * recorded; null if none. A record accepted for a hand-off has it from acceptance on: the
   * hand-off's attempt is claimed by the accept itself.
   */
  uncertainSince: number | null;
  appliedAt: number | null;
  /** A summary of what applying it did. */
  outcome: { instanceId: string | null; deliveries: number; duplicate: boolean } | null;
  /** When the record may be deleted (epoch ms; the table's TTL), null to keep it. */
  expiresAt: number | null;
}

export type AcceptResult = { accepted: true } | { accepted: false; existing: DeliveryRecord };

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
  /**
   * Which of `ids` are settled: applied, or no longer recorded (expired after the duplicate
   * window), so that no attempt of theirs can come back. Read consistently: a stale read
   * could call a delivery settled that is not.
   */
  settledDeliveries(ids: readonly string[]): Promise<Set<string>>;
}

/** The settled ids among `ids`, given the records found for them. */
export function settledAmong(ids: readonly string[], found: ReadonlyMap<string, DeliveryRecord>): Set<string> {
  return new Set(ids.filter((id) => found.get(id)?.status === 'applied' || !found.has(id)));
}

export const DELIVERY_ID_PATTERN = /^d-[0-9a-f]{32}$/;

export function deliveryRecordId(key: string): string {
  return `d-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** SHA-256 of the payload's JSON with object keys sorted (key order does not make a payload different). */
export function payloadHash(payload: unknown): string {
  const sorted = JSON.stringify(payload ?? null, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
  return createHash('sha256').update(sorted).digest('hex');
}

export const MAX_CURSOR_LENGTH = 512;

export function encodeDeliveryCursor(cursor: object): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeDeliveryCursor<T>(text: string, valid: (c: unknown) => c is T): T {
  if (text.length <= MAX_CURSOR_LENGTH) {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      if (valid(parsed)) return parsed;
    } catch {
      // fall through
    }
  }
  throw new DataValidationError('The cursor is not one this API returned');
}

const clone = <T>(value: T): T => structuredClone(value);

/** The inbox in memory: the reference implementation, for unit tests of the handlers. */
export class MemoryInbox implements Inbox {
  readonly records = new Map<string, DeliveryRecord>();

  async accept(record: DeliveryRecord): Promise<AcceptResult> {
    const existing = this.records.get(record.id);
    if (existing) return { accepted: false, existing: clone(existing) };
    if (record.version !== 1) throw new Error('A new delivery record has version 1');
    this.records.set(record.id, clone(record));
    return { accepted: true };
  }

  async getDelivery(id: string): Promise<DeliveryRecord | undefined> {
    const record = this.records.get(id);
    return record && clone(record);
  }

  async updateDelivery(record: DeliveryRecord): Promise<boolean> {
    const current = this.records.get(record.id);
    if (!current || current.version !== record.version - 1) return false;
    this.records.set(record.id, clone(record));
    return true;
  }

  async dueDeliveries(now: number, limit: number): Promise<DeliveryRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.status === 'pending' && r.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1))
      .slice(0, Math.max(0, limit))
      .map(clone);
  }

  async settledDeliveries(ids: readonly string[]): Promise<Set<string>> {
    return settledAmong(ids, this.records);
  }

  async listDeliveries({ status, limit = 100, cursor }: DeliveryQuery): Promise<Page<DeliveryRecord>> {
    const sortKey = (r: DeliveryRecord) => `${String(status === 'pending' ? r.nextAttemptAt : r.updatedAt).padStart(13, '0')}#${r.id}`;
    const after = cursor === undefined ? undefined : decodeDeliveryCursor(cursor, (c): c is { k: string } => typeof (c as { k?: unknown })?.k === 'string').k;
    const all = [...this.records.values()]
      .filter((r) => r.status === status)
      .map((r) => ({ k: sortKey(r), r }))
      .filter((e) => after === undefined || e.k > after)
      .sort((a, b) => (a.k < b.k ? -1 : 1));
    const page = all.slice(0, Math.max(0, limit));
    return all.length > page.length && page.length > 0 ? { items: page.map((e) => clone(e.r)), cursor: encodeDeliveryCursor({ k: page[page.length - 1]!.k }) } : { items: page.map((e) => clone(e.r)) };
  }
}
