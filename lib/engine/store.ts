import type { JsonObject } from './json.js';
import type { InstanceState, InstanceStatus, TaskRecord } from './state.js';

export type CreateResult = { created: true } | { created: false; existingId: string };

/**
 * One atomic change to an instance: the new state (whose `version` is `expectedVersion + 1`),
 * the task records it adds or replaces, and optionally the unique-key claim it gives up.
 * Stores apply all of it or none of it.
 */
export interface Commit {
  expectedVersion: number;
  state: InstanceState;
  tasks: readonly TaskRecord[];
  releaseUniqueKey?: string;
}

export interface InstanceSummary {
  id: string;
  automation: string;
  status: InstanceStatus;
  dueAt: number | null;
  created: number;
  updated: number;
  finishedAt: number | null;
}

export interface ListQuery {
  automation: string;
  /** Only these statuses; all when omitted. */
  statuses?: readonly InstanceStatus[];
  limit?: number;
  cursor?: string;
}

export interface OpenTaskQuery {
  /** An assignee key (see `assigneeKey`): 'user:alice', 'group:managers', 'permission:x', 'any'. All open tasks when omitted. */
  assignee?: string;
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Instances of one automation per status; `capped` when some count stopped at the cap. */
export interface StatusCounts {
  counts: Record<InstanceStatus, number>;
  capped: boolean;
}

/** Where `countByStatus` stops counting by default. */
export const DEFAULT_COUNT_CAP = 1_000;

export interface DeleteCounts {
  instances: number;
  tasks: number;
}

/** One immutable saved version of a definition (a process document, later an approval workflow). */
export interface DefinitionVersion {
  kind: string;
  name: string;
  version: number;
  document: JsonObject;
  savedAt: number;
  savedBy?: string;
}

/** The head of a definition: its latest version (with the document) and whether it is active. */
export interface DefinitionHead extends DefinitionVersion {
  active: boolean;
  /** When the head last changed (a save, an activation). */
  updated: number;
}

export interface SaveDefinition {
  kind: string;
  name: string;
  document: JsonObject;
  /** Whether the head is active after the save. */
  active: boolean;
  savedAt: number;
  savedBy?: string;
}

/** Versioned definitions as data: each save a new immutable version; the head names the latest. */
export interface DefinitionStore {
  /** Writes the next version and moves the head to it (conditional writes: concurrent saves each get their own version). */
  saveDefinition(input: SaveDefinition): Promise<DefinitionVersion>;
  definitionHead(kind: string, name: string): Promise<DefinitionHead | undefined>;
  /** A version, also of a deleted definition (jobs keep reading the version they run). */
  definitionVersion(kind: string, name: string, version: number): Promise<DefinitionVersion | undefined>;
  /** Heads of a kind by name, deleted ones left out. */
  listDefinitions(kind: string, page?: { limit?: number; cursor?: string }): Promise<Page<DefinitionHead>>;
  /** Versions of one definition, newest first. */
  listDefinitionVersions(kind: string, name: string, page?: { limit?: number; cursor?: string }): Promise<Page<DefinitionVersion>>;
  /** Activates or deactivates the head (no new version); undefined when there is no such definition. */
  setDefinitionActive(kind: string, name: string, active: boolean, at: number): Promise<DefinitionHead | undefined>;
  /** Removes the definition from the listing and head reads; its versions stay readable, a later save continues their numbering. */
  deleteDefinition(kind: string, name: string): Promise<boolean>;
}

/**
 * Where instances live. Shaped for DynamoDB: versioned records changed only by
 * compare-and-set, a unique-key claim created in the same transaction as its instance,
 * a sparse due index and a per-automation status index. `MemoryStore` and `DynamoStore`
 * pass the same contract tests.
 */
export interface Store extends DefinitionStore {
  /** Creates the instance (version 1) with its tasks; with a unique key, only if nobody holds that key. */
  create(state: InstanceState, tasks: readonly TaskRecord[]): Promise<CreateResult>;
  get(id: string): Promise<InstanceState | undefined>;
  /** Applies the commit if the stored version still equals `expectedVersion`; false means another writer won. */
  commit(commit: Commit): Promise<boolean>;
  /** The instance's tasks, oldest first. */
  tasks(id: string): Promise<TaskRecord[]>;
  task(id: string, seq: number): Promise<TaskRecord | undefined>;
  /** Instances with `dueAt <= now`, earliest first, at most `limit`. Costs O(due), not O(waiting). */
  due(now: number, limit: number): Promise<InstanceSummary[]>;
  list(query: ListQuery): Promise<Page<InstanceSummary>>;
  /**
   * Instances of `automation` per status, each count stopping at `cap` — without reading any
   * instance (DynamoDB: a COUNT query per status over the status index's keys). Counted by the
   * status each instance settled in: the last write that held no lease (a run's last commit, a
   * create without a run following). So a run in progress counts where its instance stood before
   * it, and an instance created for an immediate run counts once that run has settled.
   */
  countByStatus(automation: string, cap?: number): Promise<StatusCounts>;
  /** The id of the instance holding a unique key, if any. */
  findUnique(key: string): Promise<string | undefined>;
  /** Removes the instance, its tasks and its unique claim. False if it did not exist. */
  delete(id: string): Promise<boolean>;
  /** Open Form tasks (open human tasks), oldest first: by assignee key, or all of them. */
  openTasks(query: OpenTaskQuery): Promise<Page<TaskRecord>>;
  /** Removes instances finished before `cutoff` and their tasks. */
  deleteFinishedBefore(cutoff: number): Promise<DeleteCounts>;
}
