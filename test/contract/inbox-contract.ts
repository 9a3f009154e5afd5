import { describe, expect, it } from 'vitest';
import { deliveryRecordId, payloadHash, type DeliveryRecord, type Inbox } from '../../lib/aws/inbox.js';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
let n = 0;

export function makeDelivery(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  const key = `webhook:Order/paid/contract-${process.pid}-${n++}-${Math.random()}`;
  return {
    id: deliveryRecordId(key), key, source: 'webhook', hash: payloadHash({ amount: 1 }),
    work: { kind: 'message', automation: 'Order', message: 'paid', to: { id: 'i-1' }, data: { amount: 1, nested: { list: [1, 'two', null] } } },
    status: 'pending', version: 1, attempts: 0, lastError: null, acceptedAt: T0, updatedAt: T0, nextAttemptAt: T0 + 5_000,
    uncertainSince: null, appliedAt: null, outcome: null, expiresAt: null,
    ...overrides,
  };
}

const next = (r: DeliveryRecord, changes: Partial<DeliveryRecord>): DeliveryRecord => ({ ...r, ...changes, version: r.version + 1 });

/** What every Inbox must do; run against MemoryInbox (unit) and DynamoInbox (DynamoDB Local). */
export function inboxContract(name: string, makeInbox: () => Promise<Inbox>): void {
  describe(`Inbox contract: ${name}`, () => {
    it('accepts a delivery id once; a second accept answers the stored record', async () => {
      const inbox = await makeInbox();
      const record = makeDelivery();
      expect(await inbox.accept(record)).toEqual({ accepted: true });
      expect(await inbox.getDelivery(record.id)).toEqual(record);
      const again = await inbox.accept({ ...record, hash: 'other', acceptedAt: T0 + 1 });
      expect(again).toEqual({ accepted: false, existing: record });
      expect(await inbox.getDelivery('d-00000000000000000000000000000000')).toBeUndefined();
    });

    it('calls a delivery settled when it is applied or no longer recorded, never while pending or dead', async () => {
      const inbox = await makeInbox();
      const [pending, applied, dead] = [makeDelivery(), makeDelivery(), makeDelivery()];
      for (const r of [pending, applied, dead]) await inbox.accept(r);
      await inbox.updateDelivery(next(applied, { status: 'applied', appliedAt: T0, expiresAt: T0 + 86_400_000 }));
      await inbox.updateDelivery(next(dead, { status: 'dead', lastError: 'receiver threw' }));
      const gone = deliveryRecordId(`gone-${Math.random()}`);
      const many = Array.from({ length: 130 }, () => deliveryRecordId(`gone-${Math.random()}`)); // over one BatchGetItem
      const settled = await inbox.settledDeliveries([pending.id, applied.id, dead.id, gone, ...many]);
      expect([...settled].sort()).toEqual([applied.id, gone, ...many].sort());
    });

    it('updates only from the stored version (compare-and-set)', async () => {
      const inbox = await makeInbox();
      const record = makeDelivery();
      await inbox.accept(record);
      const claimed = next(record, { uncertainSince: T0 });
      expect(await inbox.updateDelivery(claimed)).toBe(true);
      expect(await inbox.updateDelivery(next(record, { attempts: 9 }))).toBe(false); // a stale writer loses
      expect(await inbox.updateDelivery({ ...makeDelivery(), version: 2 })).toBe(false); // no such record
      expect(await inbox.getDelivery(record.id)).toEqual(claimed);
    });

    it('finds pending deliveries due by now, earliest first, and not applied or dead ones', async () => {
      const inbox = await makeInbox();
      const base = T0 + 3_600_000 * (1 + Math.floor(Math.random() * 1e6)); // a time no other test of this table uses
      const a = makeDelivery({ nextAttemptAt: base + 2_000 });
      const b = makeDelivery({ nextAttemptAt: base + 1_000 });
      const later = makeDelivery({ nextAttemptAt: base + 60_000 });
      const applied = makeDelivery({ nextAttemptAt: base });
      const dead = makeDelivery({ nextAttemptAt: base });
      for (const r of [a, b, later, applied, dead]) await inbox.accept(r);
      await inbox.updateDelivery(next(applied, { status: 'applied', appliedAt: base, expiresAt: base + 86_400_000 }));
      await inbox.updateDelivery(next(dead, { status: 'dead', lastError: 'receiver threw', updatedAt: base }));
      const due = (await inbox.dueDeliveries(base + 5_000, 100)).filter((r) => [a, b, later, applied, dead].some((x) => x.id === r.id));
      expect(due.map((r) => r.id)).toEqual([b.id, a.id]);
      expect((await inbox.dueDeliveries(base + 5_000, 1)).length).toBe(1);
      // pushing nextAttemptAt forward (a claim) takes it out of what is due
      await inbox.updateDelivery(next(b, { nextAttemptAt: base + 120_000 }));
      expect((await inbox.dueDeliveries(base + 5_000, 100)).map((r) => r.id)).not.toContain(b.id);
    });

    it('lists dead and pending deliveries page by page, and refuses a foreign cursor', async () => {
      const inbox = await makeInbox();
      const dead: DeliveryRecord[] = [];
      for (let i = 0; i < 5; i++) {
        const r = makeDelivery();
        await inbox.accept(r);
        const d = next(r, { status: 'dead', lastError: `reason ${i}`, updatedAt: T0 + i });
        await inbox.updateDelivery(d);
        dead.push(d);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await inbox.listDeliveries({ status: 'dead', limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((r) => r.id));
        cursor = page.cursor;
      } while (cursor);
      expect(seen.filter((id) => dead.some((d) => d.id === id)).sort()).toEqual(dead.map((d) => d.id).sort());
      expect(new Set(seen).size).toBe(seen.length);

      const pending = [makeDelivery(), makeDelivery(), makeDelivery()];
      for (const r of pending) await inbox.accept(r);
      const listed: string[] = [];
      cursor = undefined;
      do {
        const page = await inbox.listDeliveries({ status: 'pending', limit: 2, ...(cursor ? { cursor } : {}) });
        listed.push(...page.items.map((r) => r.id));
        for (const r of page.items) expect(r.status).toBe('pending');
        cursor = page.cursor;
      } while (cursor);
      for (const r of pending) expect(listed).toContain(r.id);
      expect(listed).not.toContain(dead[0]!.id);
      await expect(inbox.listDeliveries({ status: 'dead', cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(/cursor/);
      await expect(inbox.listDeliveries({ status: 'pending', cursor: 'x'.repeat(1_500) })).rejects.toThrow(/cursor/);
    });
  });
}
