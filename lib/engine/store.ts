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

export interface DeleteCounts {
  instances: number;
  tasks: number;
}

/**
 * Where instances live. Shaped for DynamoDB: versioned records changed only by
 * compare-and-set, a unique-key claim created in the same transaction as its instance,
 * a sparse due index and a per-automation status index. `MemoryStore` and `DynamoStore`
 * pass the same contract tests.
 */
export interface Store {
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
  /** The id of the instance holding a unique key, if any. */
  findUnique(key: string): Promise<string | undefined>;
  /** Removes the instance, its tasks and its unique claim. False if it did not exist. */
  delete(id: string): Promise<boolean>;
  /** Open Form tasks (open human tasks), oldest first: by assignee key, or all of them. */
  openTasks(query: OpenTaskQuery): Promise<Page<TaskRecord>>;
  /** Removes instances finished before `cutoff` and their tasks. */
  deleteFinishedBefore(cutoff: number): Promise<DeleteCounts>;
}
