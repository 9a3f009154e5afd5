import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { harness, PR, twoStages } from './support.js';

const single = (approvals: WorkflowDocument['approvals'], over: Partial<WorkflowDocument> = {}): WorkflowDocument => ({
  slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals, ...over,
});

describe('decisions', () => {
  it('delegate: to an active user of the tenant, not oneself; the delegate decides in the delegator\'s place (their vote under all); the delegator can no longer act', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'group', group: 'executives', strategy: 'all' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    await expect(h.service.decide(h.as('eve'), a.id, { action: 'delegate', to: 'eve' })).rejects.toMatchObject({ status: 422, fieldErrors: { to: ['you cannot delegate to yourself'] } });
    await expect(h.service.decide(h.as('eve'), a.id, { action: 'delegate', to: 'zoe' })).rejects.toMatchObject({ status: 422 }); // another tenant
    await expect(h.service.decide(h.as('eve'), a.id, { action: 'delegate', to: 'sleepy' })).rejects.toMatchObject({ status: 422, fieldErrors: { to: ['the user "sleepy" is not active'] } });
    await expect(h.service.decide(h.as('eve'), a.id, { action: 'delegate', to: 'ghost' })).rejects.toMatchObject({ status: 422 });
    await expect(h.service.decide(h.as('eve'), a.id, { action: 'delegate', to: 'ethan' })).rejects.toMatchObject({ status: 422 }); // already an approver here
    const d = await h.service.decide(h.as('eve'), a.id, { action: 'delegate', to: 'carol', reason: 'on leave' });
    expect(d.effect.kind).toBe('delegated');
    expect(d.attachment.waitingFor!.items).toEqual(expect.arrayContaining([{ user: 'carol', onBehalfOf: 'eve' }, { user: 'ethan' }]));
    await expect(h.service.decide(h.as('eve'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
    expect((await h.env.engine.tasksFor(h.as('eve'))).items).toEqual([]);
    expect((await h.env.engine.tasksFor(h.as('carol'))).items).toHaveLength(1);
    const v = await h.service.decide(h.as('carol'), a.id, { action: 'approve' });
    expect(v.effect.kind).toBe('voted');
    expect(v.attachment.status).toBe('inProgress'); // ethan's vote is still needed
    const done = await h.service.decide(h.as('ethan'), a.id, { action: 'approve' });
    expect(done.attachment.status).toBe('completed');
    expect(h.types()).toEqual(['workflowStarted', 'delegated', 'approved', 'workflowCompleted']);
    expect(h.events.unique().find((e) => e.type === 'delegated')).toMatchObject({ by: 'eve', to: 'carol', reason: 'on leave' });
  });

  it('resubmit: reason required; back to the current or an earlier stage only; its approvers get new items; later stages are approved again', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    await h.service.decide(h.as('omar'), a.id, { action: 'approve' });
    // now at s3 (pipeline p2)
    await expect(h.service.decide(h.as('cora'), a.id, { action: 'resubmit', stage: 's1' })).rejects.toMatchObject({ status: 422, fieldErrors: { reason: ['required'] } });
    await expect(h.service.decide(h.as('cora'), a.id, { action: 'resubmit', stage: 'nope', reason: 'x' })).rejects.toMatchObject({ status: 422 });
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'resubmit', stage: 's1', reason: 'x' })).rejects.toMatchObject({ status: 403 });
    const r = await h.service.decide(h.as('cora'), a.id, { action: 'resubmit', stage: 's1', reason: 'missing quote' });
    expect(r.effect).toEqual({ kind: 'resubmitted', unit: 's1' });
    expect(r.attachment.currentStage?.id).toBe('s1');
    expect(r.attachment.progress).toBe(0);
    expect(r.attachment.waitingFor!.items).toEqual([{ user: 'alice' }]);
    expect((await h.env.engine.tasksFor(h.as('cora'))).items).toEqual([]);
    expect((await h.env.engine.tasksFor(h.as('alice'))).items).toHaveLength(1);
    // a later stage is refused
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'resubmit', stage: 's2', reason: 'skip' })).rejects.toMatchObject({ status: 422 });
    // everything after it is approved again
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    expect((await h.service.view(h.as('rita'), a.id)).waitingFor!.items).toEqual([{ user: 'omar' }]);
    await h.service.decide(h.as('omar'), a.id, { action: 'approve' });
    const done = await h.service.decide(h.as('cora'), a.id, { action: 'approve' });
    expect(done.attachment.status).toBe('completed');
    const types = h.types();
    expect(types.filter((t) => t === 'resubmissionRequested')).toHaveLength(1);
    expect(types.indexOf('resubmissionRequested')).toBeLessThan(types.lastIndexOf('workflowCompleted'));
    expect(done.attachment.timeline.filter((t) => t.type === 'approved').map((t) => t.by)).toEqual(['alice', 'omar', 'alice', 'omar', 'cora']);
  });

  it('resubmit to the current stage reopens it', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    const r = await h.service.decide(h.as('alice'), a.id, { action: 'resubmit', reason: 'typo' });
    expect(r.effect).toEqual({ kind: 'resubmitted', unit: 's1' });
    const tasks = await h.store.tasks(a.id);
    expect(tasks.filter((t) => t.assignment?.user === 'alice').map((t) => t.message)).toEqual(['resubmitted', null]);
  });

  it('roundRobin: a fair rotation over the active members sorted by id; only the assigned member may act', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'group', group: 'quorum-team', strategy: 'roundRobin' }]));
    const chosen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const a = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: `PR-${i}` } });
      chosen.push(a.waitingFor!.items[0]!.user!);
    }
    expect(chosen).toEqual(['qa1', 'qa2', 'qa3', 'qa4', 'qa5', 'qa1', 'qa2', 'qa3', 'qa4', 'qa5']); // sleepy is inactive
  });

  it('quorum: M approvals or a percentage; the remaining items are superseded and kept in the history', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'group', group: 'quorum-team', strategy: { quorum: '60%' } }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    expect(a.waitingFor).toMatchObject({ required: 3, strategy: 'quorum' });
    await h.service.decide(h.as('qa1'), a.id, { action: 'approve' });
    await h.service.decide(h.as('qa2'), a.id, { action: 'approve' });
    const done = await h.service.decide(h.as('qa3'), a.id, { action: 'approve' });
    expect(done.attachment.status).toBe('completed');
    const items = (await h.store.tasks(a.id)).filter((t) => t.assignment);
    expect(items.map((t) => [t.assignment!.user, t.message])).toEqual([['qa1', 'approved'], ['qa2', 'approved'], ['qa3', 'approved'], ['qa4', 'superseded'], ['qa5', 'superseded']]);
    await expect(h.service.decide(h.as('qa4'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
  });

  it('types: move takes no values; approve without a form refuses values; unknown actions are 422; a refused decision changes nothing', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice', type: 'move' }, { by: 'user', user: 'alice' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    const before = await h.store.get(a.id);
    const beforeTasks = await h.store.tasks(a.id);
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'approve', values: { x: 1 } })).rejects.toMatchObject({ status: 422, fieldErrors: { values: ['a move step takes no values'] } });
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'nope' as 'approve' })).rejects.toMatchObject({ status: 422 });
    await expect(h.service.decide(h.as('carol'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 403 });
    expect(await h.store.get(a.id)).toEqual(before);
    expect(await h.store.tasks(a.id)).toEqual(beforeTasks);
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'approve', values: { x: 1 } })).rejects.toMatchObject({ status: 422, fieldErrors: { values: ['this step has no form: it takes no values'] } });
    expect((await h.service.decide(h.as('alice'), a.id, { action: 'approve' })).attachment.status).toBe('completed');
  });

  it('approval items are no forms: submitForm on them is refused', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    const [item] = (await h.env.engine.tasksFor(h.as('alice'))).items;
    await expect(h.env.engine.submitForm({ instanceId: a.id, task: item!.task, user: h.as('alice'), values: {} })).rejects.toMatchObject({ status: 409 });
    const state = await h.store.get(a.id);
    const stepTask = state!.paths.find((p) => p.node !== 'outbox')!.task!;
    await expect(h.env.engine.submitForm({ instanceId: a.id, task: stepTask, user: h.as('carol'), values: {} })).rejects.toMatchObject({ status: 409 });
    expect((await h.service.view(h.as('rita'), a.id)).status).toBe('inProgress');
  });
});

describe('racing decisions', () => {
  it('anyone: of concurrent approvals exactly one wins, the others get 409', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'group', group: 'quorum-team', strategy: 'anyone' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    const results = await Promise.allSettled(['qa1', 'qa2', 'qa3', 'qa4'].map((u) => h.service.decide(h.as(u), a.id, { action: 'approve' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { status: number }).status).toBe(409);
    expect(h.types()).toEqual(['workflowStarted', 'approved', 'workflowCompleted']);
  });

  it('all: concurrent approvals of every member all count, the step completes once; a member racing themself gets one 409', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'group', group: 'quorum-team', strategy: 'all' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    const users = ['qa1', 'qa2', 'qa3', 'qa4', 'qa5', 'qa5'];
    const results = await Promise.allSettled(users.map((u) => h.service.decide(h.as(u), a.id, { action: 'approve' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as { status: number }).status)).toEqual([409]);
    expect(h.types()).toEqual(['workflowStarted', 'approved', 'workflowCompleted']);
    expect((await h.service.view(h.as('rita'), a.id)).timeline.filter((t) => t.type === 'voted' || t.type === 'approved')).toHaveLength(5);
  });

  it('quorum 2 of 5: two win, the rest get 409; an approval racing a rejection: exactly one outcome', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'group', group: 'quorum-team', strategy: { quorum: 2 } }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    const results = await Promise.allSettled(['qa1', 'qa2', 'qa3', 'qa4', 'qa5'].map((u) => h.service.decide(h.as(u), a.id, { action: 'approve' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(h.types().filter((t) => t === 'approved')).toHaveLength(1);

    const b = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: 'PR-2' } });
    const mixed = await Promise.allSettled([
      h.service.decide(h.as('qa1'), b.id, { action: 'reject', reason: 'no' }),
      h.service.decide(h.as('qa2'), b.id, { action: 'approve' }),
      h.service.decide(h.as('qa3'), b.id, { action: 'approve' }),
    ]);
    const view = await h.service.view(h.as('rita'), b.id);
    const wins = mixed.filter((r) => r.status === 'fulfilled').length;
    if (view.status === 'rejected') expect(view.timeline.filter((t) => t.type === 'rejected')).toHaveLength(1);
    else expect(view.status).toBe('completed');
    expect(wins).toBeGreaterThanOrEqual(1);
    const bTypes = h.events.unique().filter((e) => e.attachment === b.id).map((e) => e.type);
    expect(bTypes.filter((t) => t === 'rejected' || t === 'workflowCompleted')).toHaveLength(1);
  });
});
