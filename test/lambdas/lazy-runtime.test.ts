import { describe, expect, it } from 'vitest';
import { reportActions } from '../../flows/nightly-report.js';
import { MemoryInbox } from '../../lib/app/inbox.js';
import { createRuntime, type RuntimeParts } from '../../lib/app/runtime.js';
import type { BackgroundJob } from '../../lib/engine/run-result.js';
import { MemoryStore } from '../../lib/engine/memory-store.js';
import type { ProcessDocument } from '../../lib/engine/processes/types.js';
import { SECRETS } from './support.js';

const doc: ProcessDocument = {
  name: 'lazy', tasks: [{ name: 'extract', action: 'report.extract', params: { source: 'sales' } }, { name: 'report', action: 'report.summarize', params: { title: 't' }, after: ['extract'] }],
};

/** A runtime as a container builds it: nothing of processes built until something needs them. */
function container(store: MemoryStore, background: BackgroundJob[], parts: Partial<RuntimeParts> = {}) {
  return createRuntime({
    store, secrets: SECRETS, automations: [], actions: reportActions, inbox: new MemoryInbox(),
    timers: { schedule: async () => {} }, invokeWorker: async () => {},
    dispatchBackground: async (job) => {
      background.push(job);
    },
    ...parts,
  });
}

describe('the process and workflow runtimes, built on first use', () => {
  it('runs a job in a container that never asked for its processes: the engine builds them for the job', async () => {
    const store = new MemoryStore();
    const first: BackgroundJob[] = [];
    const { service } = await container(store, first).processes();
    await service.save(doc, 'test');
    const job = await service.runNow('lazy', 'test');
    expect(first).toHaveLength(1); // the extract task, handed to the background

    // Another container (the worker) runs the task and the one after it: it has never called processes().
    const later: BackgroundJob[] = [];
    const worker = container(store, later);
    await worker.engine.runBackground(first[0]!);
    while (later.length) await worker.engine.runBackground(later.shift()!);
    const done = await (await worker.processes()).service.getJob(job.id);
    expect(done.status).toBe('finished');
    expect(done.tasks.map((t) => t.status)).toEqual(['finished', 'finished']);
  });

  it('builds them once per runtime, and only when asked', async () => {
    let built = 0;
    const runtime = container(new MemoryStore(), [], {
      workflows: () => {
        built++;
        return { service: {}, autostart: {}, directory: { user: async () => undefined, groupMembers: async () => [] } } as never;
      },
    });
    expect(built).toBe(0);
    const [a, b] = await Promise.all([runtime.workflows!(), runtime.workflows!()]);
    expect(a).toBe(b);
    expect(built).toBe(1);
    expect(await runtime.processes()).toBe(await runtime.processes());
  });

  it('says so when a workflows factory registers no flow source for the instances it should run', async () => {
    const store = new MemoryStore();
    const runtime = container(store, [], { workflows: () => ({}) as never });
    await expect(runtime.engine.flowOf({ automation: 'workflow:t/x', definition: { kind: 'workflow', name: 't/x', version: 1 } })).rejects.toThrow('registered no flow source');
  });

  it('does not build the processes to sync when none are declared', async () => {
    const runtime = container(new MemoryStore(), [], { processes: [] });
    expect(await runtime.syncDeclaredProcesses()).toEqual([]);
    const declared = container(new MemoryStore(), [], { processes: [doc] });
    expect(await declared.syncDeclaredProcesses()).toEqual([{ name: 'lazy', saved: true }]);
  });
});
