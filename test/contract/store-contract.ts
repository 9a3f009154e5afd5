import { beforeEach, describe, expect, it } from 'vitest';
import type { InstanceState, InstanceStatus, TaskRecord } from '../../lib/engine/state.js';
import type { InstanceSummary, Store } from '../../lib/engine/store.js';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

export function makeState(id: string, overrides: Partial<InstanceState> = {}): InstanceState {
  return {
    id,
    automation: 'Onboarding',
    version: 1,
    status: 'running',
    data: { customer: 'Ada', amount: 12.5, tags: ['a', 'b'], nested: { deep: [1, { x: null }] } },
    paths: [{ id: 0, node: 'start', task: 0, taskCreated: T0, frames: [] }],
    nextSeq: 1,
    nextPathId: 1,
    created: T0,
    updated: T0,
    finishedAt: null,
    dueAt: null,
    uniqueKey: null,
    lease: null,
    anchors: {},
    error: null,
    ...overrides,
  };
}

export function makeTask(instanceId: string, seq: number, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    instanceId,
    seq,
    node: `node${seq}`,
    path: 0,
    created: T0 + seq,
    finished: null,
    message: null,
    result: null,
    error: null,
    ...overrides,
  };
}

/** The next version of `state` with `changes`, as the engine would commit it. */
export function next(state: InstanceState, changes: Partial<InstanceState> = {}): InstanceState {
  return { ...state, ...changes, version: state.version + 1, updated: changes.updated ?? state.updated + 1 };
}

function summary(state: InstanceState): InstanceSummary {
  const { id, automation, status, dueAt, created, updated, finishedAt } = state;
  return { id, automation, status, dueAt, created, updated, finishedAt };
}

let counter = 0;
/** Ids unique across the run, so stores that share a server never collide. */
export const uid = (prefix = 'i') => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * The Store contract: every implementation must pass these, with the in-memory store as the
 * reference. `makeStore` returns a fresh, empty store for each test.
 */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });

    describe('create and read', () => {
      it('creates a version-1 instance with its tasks and reads it back unchanged', async () => {
        const state = makeState(uid(), { data: { text: 'naïve ☃ 𝄞', empty: {}, list: [], big: 1e300, tiny: -2.5e-300, flag: false } });
        const tasks = [makeTask(state.id, 0)];
        expect(await store.create(state, tasks)).toEqual({ created: true });
        expect(await store.get(state.id)).toEqual(state);
        expect(await store.tasks(state.id)).toEqual(tasks);
        expect(await store.task(state.id, 0)).toEqual(tasks[0]);
      });

      it('keeps copies of what it is given: changing a written state or task record afterwards, nested values too, changes nothing stored', async () => {
        const state = makeState(uid());
        const opened = makeTask(state.id, 0, { result: { items: [1, 2] }, error: { name: 'E', message: 'm', stack: 's' } });
        await store.create(state, [opened]);
        opened.node = 'changed';
        (opened.result as { items: number[] }).items.push(3);
        opened.error!.message = 'changed';
        const v2 = { ...state, version: 2, data: { customer: 'c2' } };
        const closed = makeTask(state.id, 1, { result: { nested: { deep: true } } });
        expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [closed] })).toBe(true);
        v2.data.customer = 'changed';
        (closed.result as { nested: { deep: boolean } }).nested.deep = false;
        expect((await store.get(state.id))!.data).toEqual({ customer: 'c2' });
        const [first, second] = await store.tasks(state.id);
        expect(first).toMatchObject({ node: 'node0', result: { items: [1, 2] }, error: { message: 'm' } });
        expect(second!.result).toEqual({ nested: { deep: true } });
        (second!.result as { nested: { deep: boolean } }).nested.deep = false;
        expect((await store.task(state.id, 1))!.result).toEqual({ nested: { deep: true } });
      });

      it('returns nothing for unknown instances and tasks', async () => {
        const state = makeState(uid());
        await store.create(state, []);
        expect(await store.get(uid())).toBeUndefined();
        expect(await store.tasks(uid())).toEqual([]);
        expect(await store.tasks(state.id)).toEqual([]);
        expect(await store.task(state.id, 0)).toBeUndefined();
        expect(await store.task(uid(), 0)).toBeUndefined();
        expect(await store.findUnique('nobody-holds-this')).toBeUndefined();
      });

      it('refuses to create an instance twice', async () => {
        const state = makeState(uid());
        await store.create(state, []);
        await expect(store.create(makeState(state.id, { status: 'waiting' }), [])).rejects.toMatchObject({ name: 'InstanceExistsError', status: 409 });
        expect(await store.get(state.id)).toEqual(state);
      });

      it('hands out copies: changing a returned object changes nothing stored', async () => {
        const state = makeState(uid());
        await store.create(state, [makeTask(state.id, 0)]);
        const read = (await store.get(state.id))!;
        read.data.customer = 'changed';
        read.paths.push({ id: 9, node: 'x', task: null, taskCreated: null, frames: [] });
        const tasks = await store.tasks(state.id);
        tasks[0]!.node = 'changed';
        expect(await store.get(state.id)).toEqual(state);
        expect((await store.task(state.id, 0))!.node).toBe('node0');
      });

      it('lists tasks in sequence order, numerically', async () => {
        const state = makeState(uid(), { nextSeq: 12 });
        const seqs = [10, 2, 0, 11, 1, 9];
        await store.create(state, seqs.map((s) => makeTask(state.id, s)));
        expect((await store.tasks(state.id)).map((t) => t.seq)).toEqual([0, 1, 2, 9, 10, 11]);
      });
    });

    describe('unique keys', () => {
      it('claims the key with the instance, and a second create returns the holder without writing anything', async () => {
        const first = makeState(uid(), { uniqueKey: 'order-17' });
        expect(await store.create(first, [makeTask(first.id, 0)])).toEqual({ created: true });
        expect(await store.findUnique('order-17')).toBe(first.id);

        const second = makeState(uid(), { uniqueKey: 'order-17' });
        expect(await store.create(second, [makeTask(second.id, 0)])).toEqual({ created: false, existingId: first.id });
        expect(await store.get(second.id)).toBeUndefined();
        expect(await store.tasks(second.id)).toEqual([]);
        expect(await store.findUnique('order-17')).toBe(first.id);
      });

      it('lets exactly one of many concurrent creates hold a key', async () => {
        const states = Array.from({ length: 8 }, () => makeState(uid(), { uniqueKey: 'race-key' }));
        const results = await Promise.all(states.map((s) => store.create(s, [])));
        const winners = results.filter((r) => r.created);
        expect(winners).toHaveLength(1);
        const holder = states[results.findIndex((r) => r.created)]!.id;
        for (const r of results) if (!r.created) expect(r.existingId).toBe(holder);
        expect(await store.findUnique('race-key')).toBe(holder);
      });

      it('releases the key in a commit, so that a new instance can claim it', async () => {
        const first = makeState(uid(), { uniqueKey: 'k1' });
        await store.create(first, []);
        const finished = next(first, { status: 'finished', finishedAt: T0 + 5 });
        expect(await store.commit({ expectedVersion: 1, state: finished, tasks: [], releaseUniqueKey: 'k1' })).toBe(true);
        expect(await store.findUnique('k1')).toBeUndefined();
        expect(await store.get(first.id)).toEqual(finished);
        const second = makeState(uid(), { uniqueKey: 'k1' });
        expect(await store.create(second, [])).toEqual({ created: true });
        expect(await store.findUnique('k1')).toBe(second.id);
      });

      it('never releases a key held by another instance, and still applies the commit', async () => {
        const holder = makeState(uid(), { uniqueKey: 'k2' });
        const other = makeState(uid());
        await store.create(holder, []);
        await store.create(other, []);
        const changed = next(other, { status: 'waiting' });
        expect(await store.commit({ expectedVersion: 1, state: changed, tasks: [makeTask(other.id, 0)], releaseUniqueKey: 'k2' })).toBe(true);
        expect(await store.findUnique('k2')).toBe(holder.id);
        expect(await store.get(other.id)).toEqual(changed);
        expect(await store.tasks(other.id)).toHaveLength(1);
      });

      it('does not release the key when the commit loses its race', async () => {
        const state = makeState(uid(), { uniqueKey: 'k3' });
        await store.create(state, []);
        await store.commit({ expectedVersion: 1, state: next(state), tasks: [] });
        const stale = next(state, { status: 'finished', finishedAt: T0 + 1 });
        expect(await store.commit({ expectedVersion: 1, state: stale, tasks: [], releaseUniqueKey: 'k3' })).toBe(false);
        expect(await store.findUnique('k3')).toBe(state.id);
      });
    });

    describe('commit (compare-and-set)', () => {
      it('applies the new state, adds new tasks and replaces changed ones', async () => {
        const state = makeState(uid());
        await store.create(state, [makeTask(state.id, 0)]);
        const closed = makeTask(state.id, 0, { finished: T0 + 10, message: 'OK', result: { sent: true } });
        const opened = makeTask(state.id, 1, { node: 'wait' });
        const v2 = next(state, { status: 'waiting', nextSeq: 2, data: { customer: 'Ada', step: 2 } });
        expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [closed, opened] })).toBe(true);
        expect(await store.get(state.id)).toEqual(v2);
        expect(await store.tasks(state.id)).toEqual([closed, opened]);
        const v3 = next(v2, { status: 'running' });
        expect(await store.commit({ expectedVersion: 2, state: v3, tasks: [] })).toBe(true);
        expect((await store.get(state.id))!.version).toBe(3);
      });

      it('applies several records of one task in the order given, the last one winning', async () => {
        const state = makeState(uid());
        await store.create(state, [makeTask(state.id, 0, { message: 'first' }), makeTask(state.id, 0, { message: 'second' })]);
        expect((await store.task(state.id, 0))!.message).toBe('second');
        const open = makeTask(state.id, 1);
        const closed = makeTask(state.id, 1, { finished: T0 + 5, message: 'OK' });
        expect(await store.commit({ expectedVersion: 1, state: next(state, { nextSeq: 2 }), tasks: [open, makeTask(state.id, 2), closed] })).toBe(true);
        expect(await store.tasks(state.id)).toEqual([makeTask(state.id, 0, { message: 'second' }), closed, makeTask(state.id, 2)]);
      });

      it('returns false, writing nothing, when the stored version is not the expected one', async () => {
        const state = makeState(uid());
        await store.create(state, [makeTask(state.id, 0)]);
        const v2 = next(state, { data: { winner: true } });
        expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [] })).toBe(true);
        const loser = next(state, { data: { winner: false } });
        const loserTask = makeTask(state.id, 0, { finished: T0 + 1, message: 'lost' });
        expect(await store.commit({ expectedVersion: 1, state: loser, tasks: [loserTask, makeTask(state.id, 1)] })).toBe(false);
        expect(await store.get(state.id)).toEqual(v2);
        expect(await store.tasks(state.id)).toEqual([makeTask(state.id, 0)]);
        // A version ahead of the stored one is not the expected one either.
        expect(await store.commit({ expectedVersion: 5, state: { ...v2, version: 6 }, tasks: [] })).toBe(false);
        expect((await store.get(state.id))!.version).toBe(2);
      });

      it('returns false for an instance that does not exist', async () => {
        const ghost = makeState(uid(), { version: 2 });
        expect(await store.commit({ expectedVersion: 1, state: ghost, tasks: [] })).toBe(false);
        expect(await store.commit({ expectedVersion: 1, state: ghost, tasks: [makeTask(ghost.id, 0)] })).toBe(false);
        expect(await store.get(ghost.id)).toBeUndefined();
        expect(await store.tasks(ghost.id)).toEqual([]);
      });

      it('refuses a commit that does not advance the version by exactly one', async () => {
        const state = makeState(uid());
        await store.create(state, []);
        await expect(store.commit({ expectedVersion: 1, state: { ...state, version: 3 }, tasks: [] })).rejects.toThrow(/exactly one/);
        await expect(store.commit({ expectedVersion: 1, state, tasks: [] })).rejects.toThrow(/exactly one/);
      });

      it('lets exactly one of many concurrent commits on the same version win', async () => {
        const state = makeState(uid());
        await store.create(state, []);
        const rivals = Array.from({ length: 10 }, (_, i) => next(state, { data: { writer: i } }));
        const results = await Promise.all(
          rivals.map((s, i) => store.commit({ expectedVersion: 1, state: s, tasks: i % 2 ? [makeTask(state.id, i)] : [] })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await store.get(state.id)).toEqual(rivals[winner]);
        expect((await store.tasks(state.id)).map((t) => t.seq)).toEqual(winner % 2 ? [winner] : []);
      });
    });

    describe('due', () => {
      it('returns instances due by now, earliest first, at most limit, inclusive of now', async () => {
        const dues = [T0 + 5000, T0 + 1000, T0 + 3000, T0 + 2000, T0 + 4000, T0 + 9000];
        const states = dues.map((dueAt) => makeState(uid(), { status: 'waiting', dueAt }));
        for (const s of states) await store.create(s, []);
        await store.create(makeState(uid(), { status: 'waiting', dueAt: null }), []);
        const now = T0 + 5000;
        expect((await store.due(now, 10)).map((s) => s.dueAt)).toEqual([1000, 2000, 3000, 4000, 5000].map((d) => T0 + d));
        expect((await store.due(now, 2)).map((s) => s.dueAt)).toEqual([T0 + 1000, T0 + 2000]);
        expect(await store.due(T0 + 999, 10)).toEqual([]);
        expect(await store.due(now, 0)).toEqual([]);
        const first = states[1]!;
        expect((await store.due(now, 1))[0]).toEqual(summary(first));
      });

      it('follows commits: an instance leaves the due set when dueAt is cleared and moves when it changes', async () => {
        const a = makeState(uid(), { status: 'waiting', dueAt: T0 + 100 });
        const b = makeState(uid(), { status: 'waiting', dueAt: T0 + 200 });
        await store.create(a, []);
        await store.create(b, []);
        const aRunning = next(a, { status: 'running', dueAt: null });
        await store.commit({ expectedVersion: 1, state: aRunning, tasks: [] });
        expect((await store.due(T0 + 1000, 10)).map((s) => s.id)).toEqual([b.id]);
        const bLater = next(b, { dueAt: T0 + 5000 });
        await store.commit({ expectedVersion: 1, state: bLater, tasks: [makeTask(b.id, 0)] });
        expect(await store.due(T0 + 1000, 10)).toEqual([]);
        expect(await store.due(T0 + 5000, 10)).toEqual([summary(bLater)]);
        const aWaiting = next(aRunning, { status: 'waiting', dueAt: T0 + 50 });
        await store.commit({ expectedVersion: 2, state: aWaiting, tasks: [] });
        expect((await store.due(T0 + 5000, 10)).map((s) => s.id)).toEqual([a.id, b.id]);
      });

      it('merges many due instances in order across the whole store', async () => {
        const states = Array.from({ length: 40 }, (_, i) => makeState(uid(), { status: 'waiting', dueAt: T0 + ((i * 7919) % 40) * 10 }));
        await Promise.all(states.map((s) => store.create(s, [])));
        const due = await store.due(T0 + 10_000, 25);
        expect(due.map((s) => s.dueAt)).toEqual(Array.from({ length: 25 }, (_, i) => T0 + i * 10));
        expect(await store.due(T0 + 10_000, 100)).toHaveLength(40);
        expect(await store.due(T0 + 95, 100)).toHaveLength(10);
      });
    });

    describe('list', () => {
      it('lists one automation, filtered by status, oldest first, in pages that cover everything once', async () => {
        const statuses: InstanceStatus[] = ['running', 'waiting', 'error', 'finished'];
        const states = Array.from({ length: 23 }, (_, i) =>
          makeState(uid(), {
            status: statuses[i % 4]!,
            created: T0 + ((i * 13) % 23) * 1000,
            finishedAt: statuses[i % 4] === 'finished' ? T0 + 99_000 : null,
          }),
        );
        for (const s of states) await store.create(s, []);
        await store.create(makeState(uid(), { automation: 'Other' }), []);

        const all = await collect(store, { automation: 'Onboarding', limit: 5 });
        expect(all.pages).toBe(5);
        expect(all.items.map((s) => s.id)).toEqual([...states].sort((a, b) => a.created - b.created).map((s) => s.id));
        expect(all.items[0]).toEqual(summary([...states].sort((a, b) => a.created - b.created)[0]!));

        const active = await collect(store, { automation: 'Onboarding', statuses: ['waiting', 'error'], limit: 4 });
        const expected = states.filter((s) => s.status === 'waiting' || s.status === 'error').sort((a, b) => a.created - b.created);
        expect(active.items.map((s) => s.id)).toEqual(expected.map((s) => s.id));

        const one = await store.list({ automation: 'Onboarding', statuses: ['finished'] });
        expect(one.cursor).toBeUndefined();
        expect(one.items.every((s) => s.status === 'finished')).toBe(true);
        expect(one.items).toHaveLength(states.filter((s) => s.status === 'finished').length);

        expect((await store.list({ automation: 'Nobody' })).items).toEqual([]);
        expect((await store.list({ automation: 'Other' })).items).toHaveLength(1);
      });

      it('orders instances created at the same time by id and ends without a cursor on an exact last page', async () => {
        const ids = ['b', 'a', 'd', 'c'].map((x) => `${uid('same')}-${x}`);
        for (const id of ids) await store.create(makeState(id, { automation: 'Same' }), []);
        const first = await store.list({ automation: 'Same', limit: 2 });
        expect(first.items.map((s) => s.id)).toEqual([...ids].sort().slice(0, 2));
        expect(first.cursor).toBeDefined();
        const second = await store.list({ automation: 'Same', limit: 2, cursor: first.cursor });
        expect(second.items.map((s) => s.id)).toEqual([...ids].sort().slice(2));
        expect(second.cursor).toBeUndefined();
      });

      it('follows status changes', async () => {
        const state = makeState(uid(), { automation: 'Moves' });
        await store.create(state, []);
        await store.commit({ expectedVersion: 1, state: next(state, { status: 'waiting', dueAt: T0 + 1 }), tasks: [] });
        expect((await store.list({ automation: 'Moves', statuses: ['running'] })).items).toEqual([]);
        const [waiting] = (await store.list({ automation: 'Moves', statuses: ['waiting'] })).items;
        expect(waiting).toMatchObject({ id: state.id, status: 'waiting', dueAt: T0 + 1, updated: state.updated + 1 });
      });
    });

    describe('countByStatus', () => {
      it('counts each status of one automation by where its instances settled, capped', async () => {
        const automation = uid('Counted');
        const make = (status: InstanceStatus) => makeState(uid(), { automation, status, finishedAt: status === 'finished' ? T0 + 1 : null });
        for (const status of ['running', 'waiting', 'waiting', 'error', 'finished', 'finished', 'finished'] as InstanceStatus[]) await store.create(make(status), []);
        await store.create(makeState(uid(), { automation: uid('Other'), status: 'waiting' }), []);
        expect(await store.countByStatus(automation)).toEqual({ counts: { running: 1, waiting: 2, error: 1, finished: 3 }, capped: false });
        expect(await store.countByStatus(automation, 2)).toEqual({ counts: { running: 1, waiting: 2, error: 1, finished: 2 }, capped: true });
        expect(await store.countByStatus(uid('Nobody'))).toEqual({ counts: { running: 0, waiting: 0, error: 0, finished: 0 }, capped: false });
      });

      it('moves an instance when a write without a lease settles it, not while a runner holds the lease', async () => {
        const automation = uid('Settles');
        const leased = makeState(uid(), { automation, lease: { owner: 'r', until: T0 + 60_000 }, dueAt: T0 + 60_000 });
        await store.create(leased, []);
        // created for an immediate run: counted once that run settles
        expect((await store.countByStatus(automation)).counts).toEqual({ running: 0, waiting: 0, error: 0, finished: 0 });
        const parked = next(leased, { status: 'waiting', lease: null, dueAt: T0 + 5_000 });
        await store.commit({ expectedVersion: 1, state: parked, tasks: [] });
        expect((await store.countByStatus(automation)).counts).toEqual({ running: 0, waiting: 1, error: 0, finished: 0 });
        // a later run holds the lease: the count stays where the instance settled
        const running = next(parked, { status: 'running', lease: { owner: 's', until: T0 + 90_000 }, dueAt: T0 + 90_000 });
        await store.commit({ expectedVersion: 2, state: running, tasks: [] });
        expect((await store.countByStatus(automation)).counts).toEqual({ running: 0, waiting: 1, error: 0, finished: 0 });
        const failed = next(running, { status: 'error', lease: null, dueAt: null });
        await store.commit({ expectedVersion: 3, state: failed, tasks: [] });
        expect((await store.countByStatus(automation)).counts).toEqual({ running: 0, waiting: 0, error: 1, finished: 0 });
        // still listed by its real status in between
        expect((await store.list({ automation, statuses: ['error'] })).items.map((i) => i.id)).toEqual([leased.id]);
        const done = next(failed, { status: 'finished', finishedAt: T0 + 100_000 });
        await store.commit({ expectedVersion: 4, state: done, tasks: [] });
        expect((await store.countByStatus(automation)).counts).toEqual({ running: 0, waiting: 0, error: 0, finished: 1 });
      });
    });

    describe('open human tasks', () => {
      it('lists open Form tasks by assignee key and all of them, oldest first, in pages', async () => {
        const a = makeState(uid());
        const b = makeState(uid());
        const forAnn = makeTask(a.id, 0, { created: T0 + 30, assignment: { user: 'ann' }, automation: 'Onboarding' });
        const forManagers = makeTask(a.id, 1, { created: T0 + 10, assignment: { groups: ['managers', 'staff'] } });
        const forAnyone = makeTask(b.id, 0, { created: T0 + 20, assignment: {} });
        const byPermission = makeTask(b.id, 1, { created: T0 + 40, assignment: { permissions: ['approve'] } });
        const alsoManagers = makeTask(b.id, 2, { created: T0 + 5, assignment: { groups: ['managers'] } });
        const notAForm = makeTask(b.id, 3, { created: T0 + 1 });
        const closed = makeTask(b.id, 4, { created: T0 + 2, assignment: { user: 'ann' }, finished: T0 + 3, message: 'OK' });
        await store.create(a, [forAnn, forManagers]);
        await store.create(b, [forAnyone, byPermission, alsoManagers, notAForm, closed]);

        expect((await store.openTasks({ assignee: 'user:ann' })).items).toEqual([forAnn]);
        expect((await store.openTasks({ assignee: 'group:managers' })).items).toEqual([alsoManagers, forManagers]);
        expect((await store.openTasks({ assignee: 'group:staff' })).items).toEqual([]);
        expect((await store.openTasks({ assignee: 'any' })).items).toEqual([forAnyone]);
        expect((await store.openTasks({ assignee: 'permission:approve' })).items).toEqual([byPermission]);
        expect((await store.openTasks({ assignee: 'user:bob' })).items).toEqual([]);

        const all = [alsoManagers, forManagers, forAnyone, forAnn, byPermission];
        expect((await store.openTasks({})).items).toEqual(all);
        const first = await store.openTasks({ limit: 2 });
        expect(first.items).toEqual(all.slice(0, 2));
        const second = await store.openTasks({ limit: 2, cursor: first.cursor });
        expect(second.items).toEqual(all.slice(2, 4));
        const third = await store.openTasks({ limit: 2, cursor: second.cursor });
        expect(third).toEqual({ items: all.slice(4) });
        const exact = await store.openTasks({ assignee: 'group:managers', limit: 2 });
        expect(exact.cursor).toBeUndefined();
      });

      it('follows commits: a submitted or cancelled form leaves the lists, a new one joins them', async () => {
        const state = makeState(uid());
        const form = makeTask(state.id, 0, { assignment: { user: 'ann' } });
        await store.create(state, [form]);
        const v2 = next(state, { nextSeq: 2 });
        const done = { ...form, finished: T0 + 100, message: 'OK', result: { approved: true }, completedBy: 'ann' };
        const review = makeTask(state.id, 1, { assignment: { groups: ['reviewers'] } });
        expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [done, review] })).toBe(true);
        expect((await store.openTasks({ assignee: 'user:ann' })).items).toEqual([]);
        expect((await store.openTasks({})).items).toEqual([review]);
        expect(await store.task(state.id, 0)).toEqual(done);
        // A commit that loses its race changes no list.
        expect(await store.commit({ expectedVersion: 1, state: v2, tasks: [{ ...review, finished: T0, message: 'cancelled' }] })).toBe(false);
        expect((await store.openTasks({ assignee: 'group:reviewers' })).items).toEqual([review]);
        const v3 = next(v2, { status: 'finished', finishedAt: T0 + 200 });
        await store.commit({ expectedVersion: 2, state: v3, tasks: [{ ...review, finished: T0 + 200, message: 'cancelled' }] });
        expect((await store.openTasks({})).items).toEqual([]);
        await store.create(makeState(uid()), []);
        const other = makeState(uid());
        const left = makeTask(other.id, 0, { assignment: { user: 'ann' } });
        await store.create(other, [left]);
        expect(await store.delete(other.id)).toBe(true);
        expect((await store.openTasks({ assignee: 'user:ann' })).items).toEqual([]);
      });
    });

    describe('versioned definitions', () => {
      const doc = (n: number) => ({ name: 'nightly', tasks: [{ name: 't', action: 'http', params: { n } }] });

      it('saves immutable versions, moves the head, lists versions newest first', async () => {
        const kind = uid('kind');
        const v1 = await store.saveDefinition({ kind, name: 'nightly', document: doc(1), active: true, savedAt: T0, savedBy: 'ann' });
        const v2 = await store.saveDefinition({ kind, name: 'nightly', document: doc(2), active: false, savedAt: T0 + 1 });
        expect(v1).toEqual({ kind, name: 'nightly', version: 1, document: doc(1), savedAt: T0, savedBy: 'ann' });
        expect(v2.version).toBe(2);
        expect(await store.definitionHead(kind, 'nightly')).toEqual({ ...v2, active: false, updated: T0 + 1 });
        expect(await store.definitionVersion(kind, 'nightly', 1)).toEqual(v1);
        expect(await store.definitionVersion(kind, 'nightly', 3)).toBeUndefined();
        expect(await store.definitionHead(kind, 'other')).toBeUndefined();
        const first = await store.listDefinitionVersions(kind, 'nightly', { limit: 1 });
        expect(first.items.map((v) => v.version)).toEqual([2]);
        const rest = await store.listDefinitionVersions(kind, 'nightly', { limit: 1, cursor: first.cursor! });
        expect(rest.items.map((v) => v.version)).toEqual([1]);
      });

      it('never loses a version when saves race', async () => {
        const kind = uid('kind');
        const saved = await Promise.all(Array.from({ length: 8 }, (_, i) => store.saveDefinition({ kind, name: 'p', document: doc(i), active: true, savedAt: T0 + i })));
        expect(saved.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        const head = (await store.definitionHead(kind, 'p'))!;
        expect(head.version).toBe(8);
        expect(head.document).toEqual(saved.find((v) => v.version === 8)!.document);
        for (const v of saved) expect((await store.definitionVersion(kind, 'p', v.version))!.document).toEqual(v.document);
      });

      it('lists heads by name in pages, deactivates, and deletes only the head', async () => {
        const kind = uid('kind');
        for (const name of ['c', 'a', 'b']) await store.saveDefinition({ kind, name, document: doc(0), active: true, savedAt: T0 });
        const page1 = await store.listDefinitions(kind, { limit: 2 });
        expect(page1.items.map((h) => h.name)).toEqual(['a', 'b']);
        const page2 = await store.listDefinitions(kind, { limit: 2, cursor: page1.cursor! });
        expect(page2).toEqual({ items: [expect.objectContaining({ name: 'c' })] });
        expect(await store.setDefinitionActive(kind, 'b', false, T0 + 5)).toMatchObject({ name: 'b', active: false, updated: T0 + 5, version: 1 });
        expect(await store.setDefinitionActive(kind, 'zz', false, T0)).toBeUndefined();
        expect(await store.deleteDefinition(kind, 'a')).toBe(true);
        expect(await store.deleteDefinition(kind, 'a')).toBe(false);
        expect(await store.definitionHead(kind, 'a')).toBeUndefined();
        expect(await store.setDefinitionActive(kind, 'a', true, T0)).toBeUndefined();
        expect((await store.definitionVersion(kind, 'a', 1))?.document).toEqual(doc(0));
        expect((await store.listDefinitions(kind)).items.map((h) => h.name)).toEqual(['b', 'c']);
        const again = await store.saveDefinition({ kind, name: 'a', document: doc(9), active: true, savedAt: T0 + 9 });
        expect(again.version).toBe(2);
        expect((await store.listDefinitions(kind)).items.map((h) => h.name)).toEqual(['a', 'b', 'c']);
      });
    });

    describe('delete', () => {
      it('removes the instance, its tasks and its claim', async () => {
        const state = makeState(uid(), { uniqueKey: 'del-key' });
        await store.create(state, [makeTask(state.id, 0), makeTask(state.id, 1)]);
        const keep = makeState(uid(), { status: 'waiting', dueAt: T0 });
        await store.create(keep, [makeTask(keep.id, 0)]);
        expect(await store.delete(state.id)).toBe(true);
        expect(await store.get(state.id)).toBeUndefined();
        expect(await store.tasks(state.id)).toEqual([]);
        expect(await store.findUnique('del-key')).toBeUndefined();
        expect((await store.list({ automation: 'Onboarding' })).items.map((s) => s.id)).toEqual([keep.id]);
        expect(await store.delete(state.id)).toBe(false);
        expect(await store.delete(uid())).toBe(false);
        expect(await store.get(keep.id)).toEqual(keep);
        expect(await store.tasks(keep.id)).toHaveLength(1);
        expect((await store.due(T0, 10)).map((s) => s.id)).toEqual([keep.id]);
      });

      it('leaves a claim held by another instance alone', async () => {
        const holder = makeState(uid(), { uniqueKey: 'shared' });
        await store.create(holder, []);
        await store.commit({ expectedVersion: 1, state: next(holder, { status: 'finished', finishedAt: T0 }), tasks: [], releaseUniqueKey: 'shared' });
        const successor = makeState(uid(), { uniqueKey: 'shared' });
        await store.create(successor, []);
        expect(await store.delete(holder.id)).toBe(true);
        expect(await store.findUnique('shared')).toBe(successor.id);
      });

      it('deletes finished instances older than the cutoff, with their tasks, and counts them', async () => {
        const old = Array.from({ length: 3 }, (_, i) => makeState(uid(), { status: 'finished', finishedAt: T0 + i, created: T0 - 10 }));
        const recent = makeState(uid(), { status: 'finished', finishedAt: T0 + 1000 });
        const atCutoff = makeState(uid(), { status: 'finished', finishedAt: T0 + 500 });
        const active = makeState(uid(), { status: 'waiting', dueAt: T0, created: T0 - 100 });
        await store.create(old[0]!, [makeTask(old[0]!.id, 0), makeTask(old[0]!.id, 1)]);
        await store.create(old[1]!, [makeTask(old[1]!.id, 0)]);
        await store.create(old[2]!, []);
        await store.create(recent, [makeTask(recent.id, 0)]);
        await store.create(atCutoff, []);
        await store.create(active, [makeTask(active.id, 0)]);
        // Finished by a commit, as the engine does it.
        const running = makeState(uid());
        await store.create(running, [makeTask(running.id, 0)]);
        const done = next(running, { status: 'finished', finishedAt: T0 + 10 });
        await store.commit({ expectedVersion: 1, state: done, tasks: [makeTask(running.id, 0, { finished: T0 + 10, message: 'OK' })] });

        // a dry run counts, a page stops at its limit and hands back a cursor; nothing is deleted by either
        expect(await store.deleteFinishedBefore(T0 + 500, { dryRun: true })).toEqual({ instances: 0, tasks: 0, matched: 4 });
        const first = await store.deleteFinishedBefore(T0 + 500, { dryRun: true, limit: 3 });
        expect(first).toMatchObject({ instances: 0, matched: 3, cursor: expect.any(String) });
        expect(await store.deleteFinishedBefore(T0 + 500, { dryRun: true, limit: 3, cursor: first.cursor! })).toEqual({ instances: 0, tasks: 0, matched: 1 });
        await expect(store.deleteFinishedBefore(T0 + 500, { cursor: 'bm9wZQ' })).rejects.toMatchObject({ status: 400 });
        for (const s of [...old, done]) expect(await store.get(s.id)).toBeDefined();
        // pages of two delete everything, once
        const page1 = await store.deleteFinishedBefore(T0 + 500, { limit: 2 });
        expect(page1).toMatchObject({ instances: 2, matched: 2, cursor: expect.any(String) });
        const page2 = await store.deleteFinishedBefore(T0 + 500, { limit: 2, cursor: page1.cursor! });
        expect(page2).toMatchObject({ instances: 2, matched: 2 });
        const rest = page2.cursor === undefined ? { instances: 0, tasks: 0, matched: 0 } : await store.deleteFinishedBefore(T0 + 500, { limit: 2, cursor: page2.cursor });
        expect(rest).toMatchObject({ instances: 0, matched: 0 });
        expect(page1.tasks + page2.tasks).toBe(4);
        for (const s of [...old, done]) expect(await store.get(s.id)).toBeUndefined();
        expect(await store.tasks(old[0]!.id)).toEqual([]);
        expect(await store.get(recent.id)).toEqual(recent);
        expect(await store.get(atCutoff.id)).toEqual(atCutoff);
        expect(await store.get(active.id)).toEqual(active);
        expect(await store.tasks(recent.id)).toHaveLength(1);
        expect(await store.deleteFinishedBefore(T0 + 500)).toEqual({ instances: 0, tasks: 0, matched: 0 });
        expect(await store.deleteFinishedBefore(T0 + 2000)).toEqual({ instances: 2, tasks: 1, matched: 2 });
        expect((await store.list({ automation: 'Onboarding' })).items.map((s) => s.id)).toEqual([active.id]);
      });
    });
  });
}

async function collect(store: Store, query: Parameters<Store['list']>[0]): Promise<{ items: InstanceSummary[]; pages: number }> {
  const items: InstanceSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list({ ...query, cursor });
    pages += 1;
    items.push(...page.items);
    cursor = page.cursor;
    if (pages > 100) throw new Error('list did not terminate');
  } while (cursor);
  return { items, pages };
}
