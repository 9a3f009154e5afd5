import { type InstanceState, type TaskRecord } from './state.js';
import type { Commit, CreateResult, DefinitionHead, DefinitionVersion, DeleteCounts, InstanceSummary, ListQuery, OpenTaskQuery, Page, SaveDefinition, Store } from './store.js';
export declare function summarize(state: InstanceState): InstanceSummary;
/**
 * The in-memory store: the reference implementation of the Store contract, used by unit
 * tests, the test environment and benchmarks. Everything it hands out is a copy.
 */
export declare class MemoryStore implements Store {
    private readonly instances;
    private readonly taskRecords;
    private readonly uniqueClaims;
    /** `<kind>#<name>` → head (deleted: a tombstone that keeps the numbering) and versions. */
    private readonly definitions;
    create(state: InstanceState, tasks: readonly TaskRecord[]): Promise<CreateResult>;
    get(id: string): Promise<InstanceState | undefined>;
    commit({ expectedVersion, state, tasks, releaseUniqueKey }: Commit): Promise<boolean>;
    tasks(id: string): Promise<TaskRecord[]>;
    task(id: string, seq: number): Promise<TaskRecord | undefined>;
    due(now: number, limit: number): Promise<InstanceSummary[]>;
    list({ automation, statuses, limit, cursor }: ListQuery): Promise<Page<InstanceSummary>>;
    openTasks({ assignee, limit, cursor }: OpenTaskQuery): Promise<Page<TaskRecord>>;
    findUnique(key: string): Promise<string | undefined>;
    delete(id: string): Promise<boolean>;
    deleteFinishedBefore(cutoff: number): Promise<DeleteCounts>;
    saveDefinition({ kind, name, document, active, savedAt, savedBy }: SaveDefinition): Promise<DefinitionVersion>;
    definitionHead(kind: string, name: string): Promise<DefinitionHead | undefined>;
    definitionVersion(kind: string, name: string, version: number): Promise<DefinitionVersion | undefined>;
    listDefinitions(kind: string, { limit, cursor }?: {
        limit?: number;
        cursor?: string;
    }): Promise<Page<DefinitionHead>>;
    listDefinitionVersions(kind: string, name: string, { limit, cursor }?: {
        limit?: number;
        cursor?: string;
    }): Promise<Page<DefinitionVersion>>;
    setDefinitionActive(kind: string, name: string, active: boolean, at: number): Promise<DefinitionHead | undefined>;
    deleteDefinition(kind: string, name: string): Promise<boolean>;
}
