import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { IssueDiscussion, ProcessInput } from '../../flows/index.js';
import { ManualClock } from '../../lib/engine/clock.js';
import { Automation, flow as untyped } from '../../lib/engine/index.js';
import { admin, alice, bob, carol, snapshot, taskApi } from './support.js';

const flow = untyped.typed<{ note?: { text: string } }>();

/** A form with an unbounded text field (for the data-size limit) and one for a named user with a permission. */
class Notes extends Automation<{ note?: { text: string } }> {
  static override meta = { verboseName: 'Notes' };
  note = flow.Form(z.object({ text: z.string() }), { description: 'Write a note' }).Group('staff');
  signOff = flow.Form(z.object({ ok: z.literal(true) }), { description: 'Sign off' }).User('carol').Permission('notes.sign');
  end = flow.End();
}

async function setup(clock?: ManualClock) {
  const api = await taskApi([ProcessInput, IssueDiscussion, Notes], clock ? { clock } : {});
  const start = async (amount = 50_000) => (await api.runtime.engine.start(ProcessInput, { requester: 'rita', amount })).id;
  const openTask = async (id: string) => (await api.runtime.engine.tasksFor({ id: 'root', superuser: true })).items.find((t) => t.instanceId === id)!.task;
  return { ...api, start, openTask };
}

describe('GET /tasks: the caller\'s open tasks', () => {
  it('lists a task to the members of its group (and superusers) only, with automation, node, description, age and schema', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T08:00:00Z'));
    const api = await setup(clock);
    const id = await api.start();
    clock.advance(5 * 3_600_000);
    const res = await api.request('GET', '/tasks', alice);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        instanceId: id, automation: 'ProcessInput', verboseName: 'Process input', node: 'approval', description: 'Approve or reject the amount',
        created: '2026-03-02T08:00:00.000Z', hoursSinceCreated: 5, assignment: { groups: ['approvers'] }, expiresAt: '2026-03-05T08:00:00.000Z',
        schema: expect.objectContaining({ type: 'object', properties: expect.objectContaining({ approved: expect.objectContaining({ type: 'boolean' }) }) }),
      }),
    ]);
    expect((await api.request('GET', '/tasks', carol)).body.items).toEqual([]);
    expect((await api.request('GET', '/tasks', bob)).body.items).toEqual([]);
    expect((await api.request('GET', '/tasks', admin)).body.items.map((t: { node: string }) => t.node)).toEqual(['approval']);
  });

  it('requires every assignment: user and permission together', async () => {
    const api = await setup();
    const notes = await api.runtime.engine.start(Notes, {});
    const note = await api.openTask(notes.id);
    await api.runtime.engine.submitForm({ instanceId: notes.id, task: note, user: { id: 'carol', groups: ['staff'] }, values: { text: 'hi' } });
    const signOff = await api.openTask(notes.id);
    expect((await api.request('GET', '/tasks', carol)).body.items).toEqual([]); // carol lacks notes.sign
    expect((await api.request('GET', `/tasks/${notes.id}/${signOff}`, carol)).status).toBe(403);
    expect((await api.request('GET', '/tasks', { id: 'dave', permissions: ['notes.sign'] })).body.items).toEqual([]); // not carol
    const both = { id: 'carol', permissions: ['notes.sign'] };
    expect((await api.request('GET', '/tasks', both)).body.items.map((t: { node: string }) => t.node)).toEqual(['signOff']);
  });

  it('filters by automation and pages with a cursor, oldest first', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T08:00:00Z'));
    const api = await setup(clock);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await api.start(20_000 + i));
      clock.advance(60_000);
    }
    await api.runtime.engine.start(IssueDiscussion, { issue: 'x', deadline: '2026-03-09T08:00:00Z', confCallThisWeek: false, pendingMails: 1 });
    const first = await api.request('GET', '/tasks', admin, { query: { limit: '2', automation: 'ProcessInput' } });
    expect(first.body.items.map((t: { instanceId: string }) => t.instanceId)).toEqual(ids.slice(0, 2));
    const rest: string[] = [];
    let cursor = first.body.cursor as string | undefined;
    while (cursor) {
      const page = await api.request('GET', '/tasks', admin, { query: { limit: '2', automation: 'ProcessInput', cursor } });
      rest.push(...page.body.items.map((t: { instanceId: string }) => t.instanceId));
      cursor = page.body.cursor;
    }
    expect(rest).toEqual(ids.slice(2));
    expect((await api.request('GET', '/tasks', admin)).body.items).toHaveLength(6);
    expect((await api.request('GET', '/tasks', admin, { query: { automation: 'IssueDiscussion' } })).body.items.map((t: { node: string }) => t.node)).toEqual(['moderate']);
    expect((await api.request('GET', '/tasks', admin, { query: { automation: 'Nope' } })).status).toBe(400);
    expect((await api.request('GET', '/tasks', admin, { query: { limit: '0' } })).status).toBe(400);
  });
});

describe('GET /tasks/{id}/{task}: the form', () => {
  it('gives schema, context and data to a user the task is open to; 403, 404 and 409 otherwise', async () => {
    const api = await setup();
    const id = await api.start();
    const task = await api.openTask(id);
    const res = await api.request('GET', `/tasks/${id}/${task}`, alice);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ node: 'approval', context: { policy: 'amounts over 10,000 need approval' }, data: { requester: 'rita', amount: 50_000 }, values: null });
    expect(res.body.schema.required).toEqual(['approved']);
    expect((await api.request('GET', `/tasks/${id}/${task}`, carol)).status).toBe(403);
    expect((await api.request('GET', `/tasks/${id}/999`, alice)).status).toBe(404);
    expect((await api.request('GET', `/tasks/nope/${task}`, alice)).status).toBe(404);
    expect((await api.request('GET', `/tasks/${id}/abc`, alice)).status).toBe(400);
    expect((await api.request('GET', `/tasks/${id}/1`, alice)).status).toBe(409); // a finished Execute task, not an open form
  });
});

describe('POST /tasks/{id}/{task}: submissions', () => {
  it('completes the task and continues the instance in the same request', async () => {
    const api = await setup();
    const id = await api.start();
    const task = await api.openTask(id);
    const res = await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: true, comment: 'fine' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ instanceId: id, task, completedBy: 'alice', instance: { status: 'finished', current: [] } });
    const state = await api.store.get(id);
    expect(state).toMatchObject({ status: 'finished', data: { approval: { approved: true, comment: 'fine' }, outcome: 'processed' } });
    expect((await api.store.task(id, task))!).toMatchObject({ completedBy: 'alice', message: 'OK' });
    expect((await api.request('GET', '/tasks', alice)).body.items).toEqual([]);
  });

  it('refuses a user outside the group with 403, and changes nothing', async () => {
    const api = await setup();
    const id = await api.start();
    const task = await api.openTask(id);
    const before = await snapshot(api, id);
    for (const user of [carol, bob, { id: 'alice' }]) {
      const res = await api.request('POST', `/tasks/${id}/${task}`, user, { body: { values: { approved: true } } });
      expect(res.status, user.id).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await snapshot(api, id)).toEqual(before);
  });

  it('refuses invalid values with 422 and the errors per field, and changes nothing', async () => {
    const api = await setup();
    const id = await api.start();
    const task = await api.openTask(id);
    const before = await snapshot(api, id);
    const res = await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: 'yes', comment: 'x'.repeat(501) } } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_form');
    expect(Object.keys(res.body.error.details).sort()).toEqual(['approved', 'comment']);
    expect(res.body.error.details.approved[0]).toMatch(/boolean/i);
    const missing = await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: {} } });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.error.details)).toEqual(['approved']);
    expect((await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: 'yes' } })).status).toBe(400);
    expect((await api.request('POST', `/tasks/${id}/${task}`, alice, { rawBody: '{"values": ' })).status).toBe(400);
    expect(await snapshot(api, id)).toEqual(before);
  });

  it('refuses oversized data with 413 (request body over the API limit, or values over the data limit), and changes nothing', async () => {
    const api = await setup();
    const notes = await api.runtime.engine.start(Notes, {});
    const task = await api.openTask(notes.id);
    const before = await snapshot(api, notes.id);
    const staff = { id: 'sam', groups: ['staff'] };
    const huge = await api.request('POST', `/tasks/${notes.id}/${task}`, staff, { body: { values: { text: 'x'.repeat(300 * 1024) } } });
    expect(huge.status).toBe(413);
    const overData = await api.request('POST', `/tasks/${notes.id}/${task}`, staff, { body: { values: { text: 'x'.repeat(150 * 1024) } } });
    expect(overData.status).toBe(413);
    expect(overData.body.error.code).toBe('too_large');
    expect(await snapshot(api, notes.id)).toEqual(before);
    expect((await api.request('POST', `/tasks/${notes.id}/${task}`, staff, { body: { values: { text: 'short' } } })).status).toBe(200);
  });

  it('lets exactly one of two racing submissions win; the other gets 409 and changes nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const api = await setup();
      const id = await api.start();
      const task = await api.openTask(id);
      const [a, b] = await Promise.all([
        api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: true } } }),
        api.request('POST', `/tasks/${id}/${task}`, { id: 'anna', groups: ['approvers'] }, { body: { values: { approved: false } } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      expect(loser.body.error.code).toBe('task_completed');
      expect(loser.body.error.message).toContain(`by ${winner.body.completedBy}`);
      const after = await snapshot(api, id);
      // The state is the winner's: its values, one completion, and nothing more after the loser.
      const state = await api.store.get(id);
      expect(state!.data.approval).toEqual({ approved: winner.body.completedBy === 'alice' });
      expect((await api.store.tasks(id)).filter((t) => t.node === 'approval')).toHaveLength(1);
      const again = await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: true } } });
      expect(again.status).toBe(409);
      expect(await snapshot(api, id)).toEqual(after);
    }
  });

  it('answers 410 once SkipAfter has expired the form, before and after the tick skips it, and changes nothing', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T08:00:00Z'));
    const api = await setup(clock);
    const id = await api.start();
    const task = await api.openTask(id);
    clock.advance(3 * 86_400_000 - 1);
    expect((await api.request('GET', '/tasks', alice)).body.items[0].hoursSinceCreated).toBeCloseTo(72, 1);
    clock.advance(1);
    const before = await snapshot(api, id);
    const expired = await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: true } } });
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('task_expired');
    expect(await snapshot(api, id)).toEqual(before);
    expect((await api.request('GET', '/tasks', alice)).body.items).toEqual([]); // not listed, though the tick has not skipped it yet
    await api.runtime.engine.runDue();
    const skipped = await api.request('POST', `/tasks/${id}/${task}`, alice, { body: { values: { approved: true } } });
    expect(skipped.status).toBe(410);
    expect((await api.request('GET', '/tasks', alice)).body.items).toEqual([]);
  });
});

describe('ModelForm-style forms', () => {
  const ordered = untyped.typed<{ order: { item: string; quantity: number } }>();
  class Order extends Automation<{ order: { item: string; quantity: number } }> {
    static override meta = { verboseName: 'Order' };
    edit = ordered.ModelForm(z.object({ quantity: z.number().int().min(1) }), 'order', { description: 'Correct the quantity' }).Group('staff');
    end = ordered.End();
  }

  it('prefill the record they edit and merge the submitted values into it', async () => {
    const api = await taskApi([Order]);
    const { id } = await api.runtime.engine.start(Order, { order: { item: 'desk', quantity: 1 } });
    const staff = { id: 'sam', groups: ['staff'] };
    const [task] = (await api.request('GET', '/tasks', staff)).body.items;
    const form = await api.request('GET', `/tasks/${id}/${task.task}`, staff);
    expect(form.body.values).toEqual({ item: 'desk', quantity: 1 });
    expect((await api.request('POST', `/tasks/${id}/${task.task}`, staff, { body: { values: { quantity: 0 } } })).status).toBe(422);
    expect((await api.request('POST', `/tasks/${id}/${task.task}`, staff, { body: { values: { quantity: 3 } } })).status).toBe(200);
    expect((await api.store.get(id))!.data.order).toEqual({ item: 'desk', quantity: 3 });
  });
});
