/**
 * A per-tenant, per-status index of attachments, so that listing attachments by status, the
 * statistics and cleanup query only the status they need instead of every attachment of the
 * tenant. One small record per attachment (`wfidx:<tenant>/<slug>/<attachment>`) whose
 * `automation` is `workflow-index:<tenant>:<status>`: the store's automation listing (on
 * DynamoDB one partition of the `status` index) is then exactly "the tenant's attachments in
 * that status". A status change moves the record with one conditional write.
 *
 * The index is written before the attachment is created and synced after each commit that
 * changes the status (and again by the outbox, which runs after every such commit until it
 * succeeds), so it converges after a crash; readers check each attachment they read against
 * its own head and skip entries whose attachment is gone.
 */
import type { InstanceState } from '../state.js';
import type { InstanceSummary, Store } from '../store.js';
import type { AttachmentStatus } from './views.js';

const FINISHED: ReadonlySet<AttachmentStatus> = new Set(['completed', 'rejected', 'cancelled']);

export const INDEX_AUTOMATION_PREFIX = 'workflow-index:';
export const indexAutomation = (tenant: string, status: AttachmentStatus): string => `${INDEX_AUTOMATION_PREFIX}${tenant}:${status}`;
export const indexRecordId = (tenant: string, slug: string, attachment: string): string => `wfidx:${tenant}/${slug}/${attachment}`;

export interface IndexEntry {
  attachment: string;
  workflow: string;
  status: AttachmentStatus;
  created: number;
  /** When it finished (finished statuses). */
  finishedAt: number | null;
}

export interface IndexTarget {
  tenant: string;
  workflow: string;
  attachment: string;
  status: AttachmentStatus;
  created: number;
  finishedAt: number | null;
}

/** Reads of the index, for the benchmark's cost line. */
export interface IndexReadCounter {
  queries: number;
  entries: number;
}

export class AttachmentIndex {
  readonly reads: IndexReadCounter = { queries: 0, entries: 0 };

  constructor(private readonly store: Store, private readonly now: () => number) {}

  /** Puts the attachment's entry under `status` (creating it, or moving it with a conditional write). */
  async put(target: IndexTarget): Promise<void> {
    const id = indexRecordId(target.tenant, target.workflow, target.attachment);
    const automation = indexAutomation(target.tenant, target.status);
    // a finished attachment's record is a finished instance too: the store's retention (TTL) and
    // deleteFinishedBefore remove it with the attachments they remove
    const status = target.finishedAt !== null && FINISHED.has(target.status) ? 'finished' : 'waiting';
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await this.store.get(id);
      if (!existing) {
        const record: InstanceState = {
          id, automation, version: 1, status, data: { tenant: target.tenant, attachment: target.attachment, workflow: target.workflow, status: target.status },
          paths: [], nextSeq: 1, nextPathId: 0, created: target.created, updated: this.now(), finishedAt: target.finishedAt, dueAt: null, uniqueKey: null, lease: null, anchors: {}, error: null,
        };
        try {
          if ((await this.store.create(record, [])).created) return;
        } catch {
          // created meanwhile: move it below
        }
        continue;
      }
      if (existing.automation === automation && existing.finishedAt === target.finishedAt && existing.status === status) return;
      const next: InstanceState = { ...existing, automation, status, version: existing.version + 1, updated: this.now(), finishedAt: target.finishedAt, data: { ...existing.data, status: target.status } };
      if (await this.store.commit({ expectedVersion: existing.version, state: next, tasks: [] })) return;
    }
  }

  /** Brings the attachment's entry in line with its state (idempotent; after each status change). */
  async sync(state: InstanceState): Promise<void> {
    const data = state.data as { tenant: string; workflow: string; status: AttachmentStatus; finishedAt: number | null };
    await this.put({ tenant: data.tenant, workflow: data.workflow, attachment: state.id, status: data.status, created: state.created, finishedAt: data.finishedAt });
  }

  async remove(tenant: string, slug: string, attachment: string): Promise<void> {
    await this.store.delete(indexRecordId(tenant, slug, attachment));
  }

  /** The tenant's entries in one status, oldest first (only that status's records are read). */
  async list(tenant: string, status: AttachmentStatus): Promise<IndexEntry[]> {
    const automation = indexAutomation(tenant, status);
    const out: IndexEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list({ automation, limit: 100, ...(cursor ? { cursor } : {}) });
      this.reads.queries += 1;
      this.reads.entries += page.items.length;
      for (const item of page.items) {
        const entry = entryOf(item, status);
        if (entry) out.push(entry);
      }
      cursor = page.cursor;
    } while (cursor);
    return out;
  }
}

function entryOf(item: InstanceSummary, status: AttachmentStatus): IndexEntry | undefined {
  // wfidx:<tenant>/<slug>/<attachment>: the tenant has no "/", nor the slug
  const rest = item.id.slice('wfidx:'.length).split('/');
  if (rest.length < 3) return undefined;
  return { workflow: rest[1]!, attachment: rest.slice(2).join('/'), status, created: item.created, finishedAt: item.finishedAt };
}
