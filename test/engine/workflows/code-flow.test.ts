import { describe, expect, it } from 'vitest';
import { Automation, flow as untyped, type Task } from '../../../lib/engine/index.js';
import { ApprovalStep, applyDecision, checkDecision, openStepOf } from '../../../lib/engine/nodes/approval.js';
import { StoreRotation } from '../../../lib/engine/nodes/approval-rotation.js';
import { history, testEnv } from '../../support/env.js';
import { testDirectory } from './support.js';

/**
 * The approval step is a node kind of the engine: a code-defined automation (no workflow
 * definition, no attachment) uses it as a human task with a strategy and decisions — its items
 * in the inbox for exactly the eligible users, a quorum settling it, then the flow going on.
 */
interface Data {
  log: string[];
}
const flow = untyped.typed<Data>();
const directory = testDirectory();
let rotation: StoreRotation | undefined;

class Expense extends Automation<Data> {
  approve = new ApprovalStep<Data>(
    { approver: { by: 'group', group: 'quorum-team', strategy: { quorum: 2 } }, type: 'approve', title: 'Approve the expense' },
    { directory, rotation: { next: (...args) => rotation!.next(...args) }, tenantOf: () => 'acme' },
  ).OnReject('refused');
  paid = flow.Execute((t: Task<Data>) => void t.data.log.push('paid')).Next('end');
  refused = flow.Execute((t: Task<Data>) => void t.data.log.push('refused')).Next('end');
  end = flow.End();
}

describe('the approval step in a code-defined automation', () => {
  it('opens items for the group in the inbox, settles at the quorum (the rest superseded) and continues with the next node', async () => {
    const env = await testEnv([Expense]);
    rotation = new StoreRotation(env.engine.store, env.engine.clock);
    const started = await env.engine.start(Expense, { log: [] });
    const member = (id: string) => ({ id, tenant: 'acme', groups: ['quorum-team'] });
    for (const id of ['qa1', 'qa2', 'qa3', 'qa4', 'qa5']) expect((await env.engine.tasksFor(member(id))).items.map((t) => t.instanceId)).toEqual([started.id]);
    expect((await env.engine.tasksFor({ id: 'rita', tenant: 'acme', groups: [] })).items).toEqual([]);
    const decide = async (actor: string) =>
      env.engine.update(started.id, async ({ state, runner, now }) => {
        const open = openStepOf(state)!;
        const checked = await checkDecision(open.step, undefined, { action: 'approve', actor }, directory);
        applyDecision(state, open.node, open.step, 'approve', checked, actor, now, (r) => runner.writeTask(r));
      });
    await decide('qa1');
    expect((await env.engine.store.get(started.id))!.data.log).toEqual([]);
    await decide('qa4');
    const done = (await env.engine.store.get(started.id))!;
    expect(done.status).toBe('finished');
    expect(done.data.log).toEqual(['paid']);
    expect([...new Set((await history(env, started.id)).map((h) => h.split(':')[0]))]).toEqual(['approve', 'paid', 'end']);
    const items = (await env.engine.store.get(started.id))!.approvals!.approve!.items;
    expect(items.filter((i) => i.status === 'approved').map((i) => i.user).sort()).toEqual(['qa1', 'qa4']);
    expect(items.filter((i) => i.status === 'superseded')).toHaveLength(3);
    for (const id of ['qa2', 'qa3', 'qa5']) expect((await env.engine.tasksFor(member(id))).items).toEqual([]);
  });
});
