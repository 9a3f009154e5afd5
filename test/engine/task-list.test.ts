import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Automation, flow as untyped } from '../../lib/engine/index.js';
import { testEnv } from '../support/env.js';

interface Data {
  order: { item: string; quantity: number };
}
const flow = untyped.typed<Data>();

class Tasks extends Automation<Data> {
  static override meta = { verboseName: 'Order handling' };
  split = flow.Split().Next('mine').Next('managers').Next('permitted').Next('anyone');
  mine = flow.Form(z.object({ ok: z.boolean() }), { description: 'For alice only' }).User('alice').Next('join');
  managers = flow.Form(z.object({ ok: z.boolean() })).Group('managers').Group('staff').Next('join');
  permitted = flow.Form(z.object({ ok: z.boolean() })).Permission('orders.approve').SkipAfter({ hours: 4 }).Next('join');
  anyone = flow.ModelForm(z.object({ quantity: z.number() }), 'order', { context: { hint: 'edit the order' } }).Next('join');
  join = flow.Join();
  end = flow.End();
}

const nodes = (page: { items: { node: string }[] }) => page.items.map((t) => t.node);

describe('task lists', () => {
  it('show each user the open tasks whose every assignment holds, oldest first', async () => {
    const env = await testEnv([Tasks]);
    const first = await env.engine.start(Tasks, { order: { item: 'desk', quantity: 1 } });
    await env.advance({ hours: 1 });
    await env.engine.start(Tasks, { order: { item: 'lamp', quantity: 2 } });

    const alice = await env.engine.tasksFor({ id: 'alice' });
    expect(nodes(alice)).toEqual(['mine', 'anyone', 'mine', 'anyone']);
    expect(alice.items[0]).toMatchObject({
      instanceId: first.id, automation: 'Tasks', verboseName: 'Order handling', description: 'For alice only',
      hoursSinceCreated: 1, assignment: { user: 'alice' }, expiresAt: null,
    });
    expect(alice.items[0]!.schema).toMatchObject({ type: 'object', properties: { ok: { type: 'boolean' } } });
    expect(nodes(await env.engine.tasksFor({ id: 'bob', groups: ['managers'] }))).toEqual(['anyone', 'anyone']);
    expect(nodes(await env.engine.tasksFor({ id: 'bob', groups: ['managers', 'staff'], permissions: ['orders.approve'] })))
      .toEqual(['managers', 'permitted', 'anyone', 'managers', 'permitted', 'anyone']);
    expect((await env.engine.tasksFor({ id: 'root', superuser: true })).items).toHaveLength(8);
  });

  it('paginate, filter by automation, and drop a task once it is completed or expired', async () => {
    const env = await testEnv([Tasks]);
    const t = await env.engine.start(Tasks, { order: { item: 'desk', quantity: 1 } });
    const boss = { id: 'boss', superuser: true };
    const page1 = await env.engine.tasksFor(boss, { limit: 3 });
    expect(page1.items).toHaveLength(3);
    const page2 = await env.engine.tasksFor(boss, { limit: 3, cursor: page1.cursor! });
    expect(nodes(page2)).toEqual(['anyone']);
    expect(page2.cursor).toBeUndefined();
    expect((await env.engine.tasksFor(boss, { automation: 'Other' })).items).toEqual([]);

    const mine = page1.items.find((x) => x.node === 'mine')!;
    await env.engine.submitForm({ instanceId: t.id, task: mine.task, user: { id: 'alice' }, values: { ok: true } });
    env.clock.advance(4 * 3_600_000); // the 'permitted' form expires now; no tick has run yet
    expect(nodes(await env.engine.tasksFor(boss))).toEqual(['managers', 'anyone']);
    await env.runDue();
    expect(nodes(await env.engine.tasksFor(boss))).toEqual(['managers', 'anyone']);
  });

  it('give the form with its schema, prefilled values and context to a user it is open to', async () => {
    const env = await testEnv([Tasks]);
    const t = await env.engine.start(Tasks, { order: { item: 'desk', quantity: 1 } });
    const anyone = (await env.engine.tasksFor({ id: 'carl' })).items[0]!;
    const form = await env.engine.taskForm(t.id, anyone.task, { id: 'carl' });
    expect(form).toMatchObject({ node: 'anyone', values: { item: 'desk', quantity: 1 }, context: { hint: 'edit the order' }, data: { order: { item: 'desk', quantity: 1 } } });
    const mine = (await env.engine.tasksFor({ id: 'alice' })).items.find((x) => x.node === 'mine')!;
    await expect(env.engine.taskForm(t.id, mine.task, { id: 'carl' })).rejects.toMatchObject({ status: 403 });
    await expect(env.engine.taskForm(t.id, 999, { id: 'carl' })).rejects.toMatchObject({ status: 404 });
    await expect(env.engine.taskForm('nope', 1, { id: 'carl' })).rejects.toMatchObject({ status: 404 });
    await expect(env.engine.taskForm(t.id, 1, { id: 'carl' })).rejects.toMatchObject({ status: 409 });
  });
});
