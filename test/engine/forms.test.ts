import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Automation, FormForbiddenError, FormValidationError, TaskClosedError, flow as untyped } from '../../lib/engine/index.js';
import { testEnv } from '../support/env.js';

interface Data {
  order: { item: string; quantity: number };
  approval?: { approved: boolean; comment?: string };
}
const flow = untyped.typed<Data>();

const approvalForm = z.object({ approved: z.boolean(), comment: z.string().max(200).optional() });

class Approval extends Automation<Data> {
  approval = flow.Form(approvalForm, { description: 'Approve the order', context: { team: 'ops' } })
    .User('alice').Group('managers').Permission('orders.approve').SkipAfter({ days: 2 });
  edit = flow.ModelForm(z.object({ quantity: z.number().int().positive() }), 'order').Group('clerks');
  end = flow.End();
}

const alice = { id: 'alice', groups: ['managers'], permissions: ['orders.approve'] };

async function started() {
  const env = await testEnv([Approval]);
  const a = await env.engine.start(Approval, { order: { item: 'chairs', quantity: 4 } });
  const task = (await a.tasks())[0]!;
  return { env, a, task };
}

describe('Form nodes', () => {
  it('record the assignment and wait, with a due time only for SkipAfter', async () => {
    const { env, a, task } = await started();
    expect(a.status).toBe('waiting');
    expect(task).toMatchObject({ node: 'approval', finished: null, assignment: { user: 'alice', groups: ['managers'], permissions: ['orders.approve'] } });
    expect(a.state.dueAt).toBe(env.clock.now() + 2 * 86_400_000);
    const form = env.engine.definition(Approval).byName.get('approval')!.node;
    expect((form as unknown as { jsonSchema(): object }).jsonSchema()).toMatchObject({ type: 'object', required: ['approved'] });
  });

  it('are open only to users for whom every assignment holds, and to superusers', async () => {
    const { env, a, task } = await started();
    for (const user of [
      { id: 'bob', groups: ['managers'], permissions: ['orders.approve'] },
      { id: 'alice', groups: [], permissions: ['orders.approve'] },
      { id: 'alice', groups: ['managers'], permissions: [] },
    ]) {
      await expect(env.engine.submitForm({ instanceId: a.id, task: task.seq, user, values: { approved: true } })).rejects.toBeInstanceOf(FormForbiddenError);
    }
    const run = await env.engine.submitForm({ instanceId: a.id, task: task.seq, user: { id: 'root', superuser: true }, values: { approved: true } });
    expect(run.positions.map((p) => p.node)).toEqual(['edit']);
  });

  it('validate values with field errors and leave state untouched', async () => {
    const { env, a, task } = await started();
    const before = await env.engine.get(a.id);
    const error = await env.engine.submitForm({ instanceId: a.id, task: task.seq, user: alice, values: { approved: 'yes', comment: 'x'.repeat(300) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormValidationError);
    expect((error as FormValidationError).status).toBe(422);
    expect(Object.keys((error as FormValidationError).fieldErrors).sort()).toEqual(['approved', 'comment']);
    expect(await env.engine.get(a.id)).toEqual(before);
  });

  it('continue the instance on submission, store the values, and refuse a second submission (409)', async () => {
    const { env, a, task } = await started();
    await env.engine.submitForm({ instanceId: a.id, task: task.seq, user: alice, values: { approved: true, comment: 'fine' } });
    await a.refresh();
    expect(a.data.approval).toEqual({ approved: true, comment: 'fine' });
    const done = (await a.tasks())[0]!;
    expect(done).toMatchObject({ message: 'OK', completedBy: 'alice', result: { approved: true, comment: 'fine' } });
    const again = await env.engine.submitForm({ instanceId: a.id, task: task.seq, user: alice, values: { approved: false } }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TaskClosedError);
    expect((again as TaskClosedError).status).toBe(409);
  });

  it('exactly one of two racing submissions wins', async () => {
    const { env, a, task } = await started();
    const results = await Promise.allSettled([true, false].map((approved) => env.engine.submitForm({ instanceId: a.id, task: task.seq, user: alice, values: { approved } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.status).toBe(409);
    expect((await a.tasks()).filter((t) => t.node === 'approval' && t.message === 'OK')).toHaveLength(1);
  });

  it('ModelForm-style forms edit the record under their key', async () => {
    const { env, a, task } = await started();
    await env.engine.submitForm({ instanceId: a.id, task: task.seq, user: alice, values: { approved: true } });
    const edit = (await a.tasks()).find((t) => t.node === 'edit')!;
    await env.engine.submitForm({ instanceId: a.id, task: edit.seq, user: { id: 'carl', groups: ['clerks'] }, values: { quantity: 6 } });
    await a.refresh();
    expect(a.finished).toBe(true);
    expect(a.data.order).toEqual({ item: 'chairs', quantity: 6 });
  });

  it('SkipAfter expires a form: the tick skips it, and a late submission gets 410', async () => {
    const { env, a, task } = await started();
    await env.advance({ days: 2 });
    const late = await env.engine.submitForm({ instanceId: a.id, task: task.seq, user: alice, values: { approved: true } }).catch((e: unknown) => e);
    expect((late as TaskClosedError).status).toBe(410);
    const tasks = await a.tasks();
    expect(tasks[0]).toMatchObject({ node: 'approval', message: 'skipped' });
    expect(tasks[1]).toMatchObject({ node: 'edit', finished: null });
  });

  it('an unknown task is 404', async () => {
    const { env, a } = await started();
    await expect(env.engine.submitForm({ instanceId: a.id, task: 99, user: alice, values: {} })).rejects.toMatchObject({ status: 404 });
  });
});
