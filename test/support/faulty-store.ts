import type { InstanceState, TaskRecord } from '../../lib/engine/state.js';
import type { Commit, CreateResult, DefinitionHead, DefinitionVersion, DeleteCounts, InstanceSummary, ListQuery, OpenTaskQuery, Page, SaveDefinition, Store, StatusCounts } from '../../lib/engine/store.js';

/** What a runner sees when its process dies: nothing after it runs. */
export class SimulatedCrash extends Error {
  constructor(write: number, when: 'before' | 'after') {
    super(`simulated crash ${when} write ${write}`);
    this.name = 'SimulatedCrash';
  }
}

/**
 * A Store that dies at its k-th write (create, commit, delete, deleteFinishedBefore):
 * 'before' the write reaches the inner store (the process died first), or 'after' it (the
 * write landed but its caller never learned). From then on every call fails, as in a dead
 * process. With `failAt` null it only counts writes.
 */
export class FaultyStore implements Store {
  writes = 0;
  crashed = false;
  /** Ids of instances this store was asked to create, so a test can find them after a crash. */
  readonly created: string[] = [];

  constructor(
    private readonly inner: Store,
    private readonly failAt: number | null = null,
    private readonly when: 'before' | 'after' = 'after',
  ) {}

  private alive(): void {
    if (this.crashed) throw new SimulatedCrash(this.failAt ?? 0, this.when);
  }

  private async write<T>(operation: () => Promise<T>): Promise<T> {
    this.alive();
    const n = ++this.writes;
    if (n === this.failAt && this.when === 'before') {
      this.crashed = true;
      throw new SimulatedCrash(n, 'before');
    }
    const result = await operation();
    if (n === this.failAt && this.when === 'after') {
      this.crashed = true;
      throw new SimulatedCrash(n, 'after');
    }
    return result;
  }

  private async read<T>(operation: () => Promise<T>): Promise<T> {
    this.alive();
    return operation();
  }

  create(state: InstanceState, tasks: readonly TaskRecord[]): Promise<CreateResult> {
    this.created.push(state.id);
    return this.write(() => this.inner.create(state, tasks));
  }
  commit(commit: Commit): Promise<boolean> {
    return this.write(() => this.inner.commit(commit));
  }
  delete(id: string): Promise<boolean> {
    return this.write(() => this.inner.delete(id));
  }
  deleteFinishedBefore(cutoff: number): Promise<DeleteCounts> {
    return this.write(() => this.inner.deleteFinishedBefore(cutoff));
  }
  get(id: string): Promise<InstanceState | undefined> {
    return this.read(() => this.inner.get(id));
  }
  tasks(id: string): Promise<TaskRecord[]> {
    return this.read(() => this.inner.tasks(id));
  }
  task(id: string, seq: number): Promise<TaskRecord | undefined> {
    return this.read(() => this.inner.task(id, seq));
  }
  due(now: number, limit: number): Promise<InstanceSummary[]> {
    return this.read(() => this.inner.due(now, limit));
  }
  countByStatus(automation: string, cap?: number): Promise<StatusCounts> {
    return this.read(() => this.inner.countByStatus(automation, cap));
  }

  list(query: ListQuery): Promise<Page<InstanceSummary>> {
    return this.read(() => this.inner.list(query));
  }
  openTasks(query: OpenTaskQuery): Promise<Page<TaskRecord>> {
    return this.read(() => this.inner.openTasks(query));
  }
  findUnique(key: string): Promise<string | undefined> {
    return this.read(() => this.inner.findUnique(key));
  }
  saveDefinition(input: SaveDefinition): Promise<DefinitionVersion> {
    return this.write(() => this.inner.saveDefinition(input));
  }
  setDefinitionActive(kind: string, name: string, active: boolean, at: number): Promise<DefinitionHead | undefined> {
    return this.write(() => this.inner.setDefinitionActive(kind, name, active, at));
  }
  deleteDefinition(kind: string, name: string): Promise<boolean> {
    return this.write(() => this.inner.deleteDefinition(kind, name));
  }
  definitionHead(kind: string, name: string): Promise<DefinitionHead | undefined> {
    return this.read(() => this.inner.definitionHead(kind, name));
  }
  definitionVersion(kind: string, name: string, version: number): Promise<DefinitionVersion | undefined> {
    return this.read(() => this.inner.definitionVersion(kind, name, version));
  }
  listDefinitions(kind: string, page?: { limit?: number; cursor?: string }): Promise<Page<DefinitionHead>> {
    return this.read(() => this.inner.listDefinitions(kind, page));
  }
  listDefinitionVersions(kind: string, name: string, page?: { limit?: number; cursor?: string }): Promise<Page<DefinitionVersion>> {
    return this.read(() => this.inner.listDefinitionVersions(kind, name, page));
  }
}
