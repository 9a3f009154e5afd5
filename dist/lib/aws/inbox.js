import { createHash } from 'node:crypto';
import { DataValidationError } from '../engine/errors.js';
export const DELIVERY_STATUSES = ['pending', 'applied', 'dead'];
export const DELIVERY_ID_PATTERN = /^d-[0-9a-f]{32}$/;
export function deliveryRecordId(key) {
    return `d-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
/** SHA-256 of the payload's JSON with object keys sorted (key order does not make a payload different). */
export function payloadHash(payload) {
    const sorted = JSON.stringify(payload ?? null, (_key, value) => value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : value);
    return createHash('sha256').update(sorted).digest('hex');
}
export const MAX_CURSOR_LENGTH = 512;
export function encodeDeliveryCursor(cursor) {
    return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}
export function decodeDeliveryCursor(text, valid) {
    if (text.length <= MAX_CURSOR_LENGTH) {
        try {
            const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
            if (valid(parsed))
                return parsed;
        }
        catch {
            // fall through
        }
    }
    throw new DataValidationError('The cursor is not one this API returned');
}
const clone = (value) => structuredClone(value);
/** The inbox in memory: the reference implementation, for unit tests of the handlers. */
export class MemoryInbox {
    records = new Map();
    async accept(record) {
        const existing = this.records.get(record.id);
        if (existing)
            return { accepted: false, existing: clone(existing) };
        if (record.version !== 1)
            throw new Error('A new delivery record has version 1');
        this.records.set(record.id, clone(record));
        return { accepted: true };
    }
    async getDelivery(id) {
        const record = this.records.get(id);
        return record && clone(record);
    }
    async updateDelivery(record) {
        const current = this.records.get(record.id);
        if (!current || current.version !== record.version - 1)
            return false;
        this.records.set(record.id, clone(record));
        return true;
    }
    async dueDeliveries(now, limit) {
        return [...this.records.values()]
            .filter((r) => r.status === 'pending' && r.nextAttemptAt <= now)
            .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1))
            .slice(0, Math.max(0, limit))
            .map(clone);
    }
    async listDeliveries({ status, limit = 100, cursor }) {
        const sortKey = (r) => `${String(status === 'pending' ? r.nextAttemptAt : r.updatedAt).padStart(13, '0')}#${r.id}`;
        const after = cursor === undefined ? undefined : decodeDeliveryCursor(cursor, (c) => typeof c?.k === 'string').k;
        const all = [...this.records.values()]
            .filter((r) => r.status === status)
            .map((r) => ({ k: sortKey(r), r }))
            .filter((e) => after === undefined || e.k > after)
            .sort((a, b) => (a.k < b.k ? -1 : 1));
        const page = all.slice(0, Math.max(0, limit));
        return all.length > page.length && page.length > 0 ? { items: page.map((e) => clone(e.r)), cursor: encodeDeliveryCursor({ k: page[page.length - 1].k }) } : { items: page.map((e) => clone(e.r)) };
    }
}
