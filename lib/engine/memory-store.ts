import { DataValidationError, InstanceExistsError } from './errors.js';
import { assigneeKey, isOpenHumanTask, type InstanceState, type TaskRecord } from './state.js';
import { DEFAULT_COUNT_CAP, type Commit, type CreateResult, type DefinitionHead, type DefinitionVersion, type DeleteFinishedOptions, type DeleteFinishedResult, type InstanceSummary, type ListQuery, type OpenTaskQuery, type Page, type SaveDefinition, type StatusCounts, type Store } from './store.js';
import type { InstanceStatus } from './state.js';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * A deep copy of a task record: a shallow copy with only the nested values (result, error,
 * assignment) cloned — most records hold none, and structuredClone of the whole record was the
 * largest cost of a commit here.
 */
function copyRecord(task: TaskRecord): TaskRecord {
  const copy = { ...task } as Record<string, unknown>;
  for (const key in copy) {
    const value = copy[key];
    if (typeof value === 'object' && value !== null) copy[key] = structuredClone(value);
  }
  return copy as unknown as TaskRecord;
}

/**
 * A stored instance: its state as JSON text (what `get` parses: a copy for every reader, made
 * faster than structuredClone for these plain-JSON objects) and the summary fields the store
 * queries itself, so that `due`, `list` and counts never parse.
 */
interface Stored {
  json: string;
  summary: InstanceSummary & { version: number };
  uniqueKey: string | null;
  /** The status as of the last write without a lease (see Store.countByStatus); undefined: not yet counted. */
  settled: InstanceStatus | undefined;
}

function stored(state: InstanceState, previous: InstanceStatus | undefined): Stored {
  const settled = state.lease !== null && state.status !== 'finished' ? previous : state.status;
  return { json: JSON.stringify(state), summary: summarize(state), uniqueKey: state.uniqueKey, settled };
}

export function summarize(state: InstanceState): InstanceSummary & { version: number } {
  const { id, automation, status, dueAt, created, updated, finishedAt, version } = state;
  return { id, automation, status, dueAt, created, updated, finishedAt, version };
}

/** A summary as the Store interface hands it out (without the version kept for compare-and-set). */
function publicSummary({ id, automation, status, dueAt, created, updated, finishedAt }: InstanceSummary): InstanceSummary {
  return { id, automation, status, dueAt, created, updated, finishedAt };
}

/**
 * The in-memory store: the reference implementation of the Store contract, used by unit
 * tests, the test environment and benchmarks. Everything it hands out is a copy.
 */
export class MemoryStore implements Store {
  private readonly instances = new Map<string, Stored>();
  private readonly taskRecords = new Map<string, Map<number, TaskRecord>>();
  private readonly uniqueClaims = new Map<string, string>();
  /** `<kind>#<name>` → head (deleted: a tombstone that keeps the numbering) and versions. */
  private readonly definitions = new Map<string, { head: DefinitionHead; deleted: boolean; versions: DefinitionVersion[] }>();

  async create(state: InstanceState, tasks: readonly TaskRecord[]): Promise<CreateResult> {
    if (this.instances.has(state.id)) throw new InstanceExistsError(state.id);
    if (state.uniqueKey !== null) {
      const holder = this.uniqueClaims.get(state.uniqueKey);
      if (holder !== undefined) return { created: false, existingId: holder };
      this.uniqueClaims.set(state.uniqueKey, state.id);
    }
    this.instances.set(state.id, stored(state, undefined));
    const records = new Map<number, TaskRecord>();
    for (const task of tasks) records.set(task.seq, copyRecord(task));
    this.taskRecords.set(state.id, records);
    return { created: true };
  }

  async get(id: string): Promise<InstanceState | undefined> {
    const state = this.instances.get(id);
    return state && (JSON.parse(state.json) as InstanceState);
  }

  async commit({ expectedVersion, state, tasks, releaseUniqueKey }: Commit): Promise<boolean> {
    const current = this.instances.get(state.id);
    if (!current || current.summary.version !== expectedVersion) return false;
    if (state.version !== expectedVersion + 1) throw new Error('A commit must advance the version by exactly one');
    this.instances.set(state.id, stored(state, current.settled));
    const records = this.taskRecords.get(state.id)!;
    for (const task of tasks) records.set(task.seq, copyRecord(task));
    if (releaseUniqueKey !== undefined && this.uniqueClaims.get(releaseUniqueKey) === state.id) {
      this.uniqueClaims.delete(releaseUniqueKey);
    }
    return true;
  }

  async tasks(id: string): Promise<TaskRecord[]> {
    const records = this.taskRecords.get(id);
    if (!records) return [];
    return [...records.values()].sort((a, b) => a.seq - b.seq).map(copyRecord);
  }

  async task(id: string, seq: number): Promise<TaskRecord | undefined> {
    const record = this.taskRecords.get(id)?.get(seq);
    return record && copyRecord(record);
  }

  async due(now: number, limit: number): Promise<InstanceSummary[]> {
    const due: InstanceSummary[] = [];
    for (const { summary } of this.instances.values()) {
      if (summary.dueAt !== null && summary.dueAt <= now) due.push(publicSummary(summary));
    }
    return due.sort((a, b) => a.dueAt! - b.dueAt!).slice(0, limit);
  }

  async list({ automation, statuses, limit = 100, cursor }: ListQuery): Promise<Page<InstanceSummary>> {
    const matching = [...this.instances.values()]
      .map((s) => s.summary)
      .filter((s) => s.automation === automation && (!statuses || statuses.includes(s.status)))
      .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
    const start = cursor ? matching.findIndex((s) => s.id === cursor) + 1 : 0;
    const items = matching.slice(start, start + limit).map(publicSummary);
    const more = start + limit < matching.length;
    return more ? { items, cursor: items[items.length - 1]!.id } : { items };
  }

  async countByStatus(automation: string, cap = DEFAULT_COUNT_CAP): Promise<StatusCounts> {
    const counts: Record<InstanceStatus, number> = { running: 0, waiting: 0, error: 0, finished: 0 };
    for (const { summary, settled } of this.instances.values()) if (settled !== undefined && summary.automation === automation) counts[settled] += 1;
    let capped = false;
    for (const status of Object.keys(counts) as InstanceStatus[]) {
      if (counts[status] > cap) {
        counts[status] = cap;
        capped = true;
      }
    }
    return { counts, capped };
  }

  async openTasks({ assignee, limit = 100, cursor }: OpenTaskQuery): Promise<Page<TaskRecord>> {
    const open = [...this.taskRecords.values()]
      .flatMap((records) => [...records.values()])
      .filter((t) => isOpenHumanTask(t) && (assignee === undefined || assigneeKey(t.assignment) === assignee))
      .sort((a, b) => a.created - b.created || a.instanceId.localeCompare(b.instanceId) || a.seq - b.seq);
    const key = (t: TaskRecord) => `${t.instanceId}#${t.seq}`;
    const start = cursor ? open.findIndex((t) => key(t) === cursor) + 1 : 0;
    const items = open.slice(start, start + limit).map(copyRecord);
    return start + limit < open.length ? { items, cursor: key(items[items.length - 1]!) } : { items };
  }

  async findUnique(key: string): Promise<string | undefined> {
    return this.uniqueClaims.get(key);
  }

  async delete(id: string): Promise<boolean> {
    const state = this.instances.get(id);
    if (!state) return false;
    this.instances.delete(id);
    this.taskRecords.delete(id);
    if (state.uniqueKey !== null && this.uniqueClaims.get(state.uniqueKey) === id) this.uniqueClaims.delete(state.uniqueKey);
    return true;
  }

  async deleteFinishedBefore(cutoff: number, options: DeleteFinishedOptions = {}): Promise<DeleteFinishedResult> {
    const key = (s: InstanceSummary) => `${String(s.finishedAt).padStart(13, '0')}#${s.id}`;
    const after = options.cursor === undefined ? undefined : Buffer.from(options.cursor, 'base64url').toString('utf8');
    if (after !== undefined && !/^\d{13}#.+$/.test(after)) throw new DataValidationError('The history cursor is not one this store returned');
    const found = [...this.instances.values()].map((stored) => stored.summary)
      .filter((s) => s.status === 'finished' && s.finishedAt !== null && s.finishedAt < cutoff && (after === undefined || key(s) > after))
      .sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const page = options.limit === undefined ? found : found.slice(0, options.limit);
    const result: DeleteFinishedResult = { instances: 0, tasks: 0, matched: page.length };
    for (const state of page) {
      if (options.dryRun) continue;
      const tasks = this.taskRecords.get(state.id)?.size ?? 0;
      if (await this.delete(state.id)) {
        result.instances += 1;
        result.tasks += tasks;
      }
    }
    if (page.length < found.length) result.cursor = Buffer.from(key(page.at(-1)!)).toString('base64url');
    return result;
  }

  // ── definitions ──

  async saveDefinition({ kind, name, document, active, savedAt, savedBy }: SaveDefinition): Promise<DefinitionVersion> {
    const key = `${kind}#${name}`;
    const known = this.definitions.get(key);
    const version: DefinitionVersion = { kind, name, version: (known?.head.version ?? 0) + 1, document: clone(document), savedAt, ...(savedBy === undefined ? {} : { savedBy }) };
    const head: DefinitionHead = { ...version, active, updated: savedAt };
    this.definitions.set(key, { head, deleted: false, versions: [...(known?.versions ?? []), version] });
    return clone(version);
  }

  async definitionHead(kind: string, name: string): Promise<DefinitionHead | undefined> {
    const known = this.definitions.get(`${kind}#${name}`);
    return known && !known.deleted ? clone(known.head) : undefined;
  }

  async definitionVersion(kind: string, name: string, version: number): Promise<DefinitionVersion | undefined> {
    const found = this.definitions.get(`${kind}#${name}`)?.versions.find((v) => v.version === version);
    return found && clone(found);
  }

  async listDefinitions(kind: string, { limit = 100, cursor }: { limit?: number; cursor?: string } = {}): Promise<Page<DefinitionHead>> {
    const heads = [...this.definitions.values()]
      .filter((d) => !d.deleted && d.head.kind === kind && (cursor === undefined || d.head.name > cursor))
      .map((d) => d.head)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const items = heads.slice(0, limit).map(clone);
    return heads.length > limit ? { items, cursor: items[items.length - 1]!.name } : { items };
  }

  async listDefinitionVersions(kind: string, name: string, { limit = 100, cursor }: { limit?: number; cursor?: string } = {}): Promise<Page<DefinitionVersion>> {
    const before = cursor === undefined ? Infinity : Number(cursor);
    const versions = [...(this.definitions.get(`${kind}#${name}`)?.versions ?? [])].reverse().filter((v) => v.version < before);
    const items = versions.slice(0, limit).map(clone);
    return versions.length > limit ? { items, cursor: String(items[items.length - 1]!.version) } : { items };
  }

  async setDefinitionActive(kind: string, name: string, active: boolean, at: number): Promise<DefinitionHead | undefined> {
    const known = this.definitions.get(`${kind}#${name}`);
    if (!known || known.deleted) return undefined;
    known.head = { ...known.head, active, updated: at };
    return clone(known.head);
  }

  async deleteDefinition(kind: string, name: string): Promise<boolean> {
    const known = this.definitions.get(`${kind}#${name}`);
    if (!known || known.deleted) return false;
    known.deleted = true;
    return true;
  }
}
