import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../lib/engine/memory-store.js';
import { makeState, makeTask, storeContract } from '../contract/store-contract.js';

storeContract('MemoryStore', async () => new MemoryStore());

// Not in the contract: the DynamoStore keeps the records of its last write by reference (its head
// cache carries them into the next commit), which the engine never notices (it does not change a
// record once committed), but which this test would.
describe('MemoryStore', () => {
  const uid = () => `i-${Math.random().toString(36).slice(2)}`;
  const store = new MemoryStore();

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
});
