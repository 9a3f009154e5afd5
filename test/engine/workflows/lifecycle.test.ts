import { describe, expect, it } from 'vitest';
import { purchaseRequestWorkflow, timeOffWorkflow } from '../../../flows/workflows.js';
import { harness, PR, twoStages } from './support.js';

describe('approval workflows: a purchase request through two pipelines', () => {
  it('runs Finance (round robin check-in, a submit form, anyone) and Management (all), with events in order, progress and status sync', async () => {
    const h = await harness();
    await h.service.upsert(purchaseRequestWorkflow);
    const started = await h.service.attach(h.as('rita'), 'purchase-request', { object: PR, metadata: { amount: 1250 } });
    expect(started.status).toBe('inProgress');
    expect(started.progress).toBe(0);
    expect(started.currentPipeline?.id).toBe('finance');
    expect(started.currentStage?.id).toBe('initial-review');
    expect(started.nextStage?.id).toBe('budget-approval');
    const reviewer = started.waitingFor!.items[0]!.user!;
    expect(['fatima', 'farid']).toContain(reviewer);
    expect(h.types()).toEqual(['workflowStarted']);

    // the inbox lists the item for exactly the chosen reviewer
    const inbox = await h.env.engine.tasksFor(h.as(reviewer));
    expect(inbox.items.map((t) => t.instanceId)).toEqual([started.id]);
    const other = reviewer === 'fatima' ? 'farid' : 'fatima';
    expect((await h.env.engine.tasksFor(h.as(other))).items).toEqual([]);
    await expect(h.service.decide(h.as(other), started.id, { action: 'approve' })).rejects.toMatchObject({ status: 403 });

    // checkIn: the first approval records who checked in, the second completes
    const checkIn = await h.service.decide(h.as(reviewer), started.id, { action: 'approve' });
    expect(checkIn.effect.kind).toBe('checkedIn');
    expect(checkIn.attachment.currentStage?.id).toBe('initial-review');
    const reviewed = await h.service.decide(h.as(reviewer), started.id, { action: 'approve' });
    expect(reviewed.effect.kind).toBe('approved');
    expect(reviewed.attachment.currentStage?.id).toBe('budget-approval');
    expect(reviewed.attachment.progress).toBe(25);
    expect(h.types()).toEqual(['workflowStarted', 'approved', 'movedToStage']);

    // submit: values required and validated per field
    await expect(h.service.decide(h.as('omar'), started.id, { action: 'approve' })).rejects.toMatchObject({ status: 422 });
    await expect(h.service.decide(h.as('omar'), started.id, { action: 'approve', values: { budgetCode: 'B', approvedAmount: -1 } })).rejects.toMatchObject({
      status: 422, fieldErrors: { budgetCode: ['must be at least 3 characters'], approvedAmount: ['must be at least 0'] },
    });
    await h.service.decide(h.as('omar'), started.id, { action: 'approve', values: { budgetCode: 'CAPEX-7', approvedAmount: 1250 } });
    await h.service.decide(h.as('cora'), started.id, { action: 'approve' });
    const management = await h.service.view(h.as('rita'), started.id);
    expect(management.currentPipeline?.id).toBe('management');
    expect(management.values['budget-approval.1']).toEqual({ budgetCode: 'CAPEX-7', approvedAmount: 1250 });
    expect(management.progress).toBe(75);
    expect(h.types().slice(-3)).toEqual(['approved', 'movedToPipeline', 'movedToStage']);

    // all: both executives
    expect(management.waitingFor!.items.map((i) => i.user).sort()).toEqual(['ethan', 'eve']);
    const vote = await h.service.decide(h.as('eve'), started.id, { action: 'approve' });
    expect(vote.effect.kind).toBe('voted');
    expect(vote.attachment.waitingFor!.items.map((i) => i.user)).toEqual(['ethan']);
    await expect(h.service.decide(h.as('eve'), started.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
    const done = await h.service.decide(h.as('ethan'), started.id, { action: 'approve' });
    expect(done.attachment.status).toBe('completed');
    expect(done.attachment.progress).toBe(100);
    expect(done.attachment.waitingFor).toBeNull();
    expect(h.types().slice(-2)).toEqual(['approved', 'workflowCompleted']);
    const completed = h.events.unique().at(-1)!;
    expect(completed.status).toEqual({ field: 'approval_status', value: 'approved' });
    expect((await h.store.get(started.id))!.status).toBe('finished');
    // the object's state and a new attachment after completion
    expect((await h.service.objectState(h.as('rita'), PR)).status).toBe('completed');
    expect((await h.env.engine.tasksFor(h.as('ethan'))).items).toEqual([]);
    // default notifications went out (email registered, no actions configured)
    expect(h.mailer.sent.some((m) => m.subject.startsWith('Approved: Purchase approval'))).toBe(true);
  });

  it('a single-strategy workflow: a group item for anyone; the first approval completes, later ones are 409', async () => {
    const h = await harness();
    await h.service.upsert(timeOffWorkflow);
    const a = await h.service.attach(h.as('carol'), 'time-off', { object: { type: 'LeaveRequest', id: 'L-1' } });
    expect(a.waitingFor!.items).toEqual([{ group: 'approvers', members: ['alice'] }]);
    expect((await h.env.engine.tasksFor(h.as('alice'))).items).toHaveLength(1);
    const done = await h.service.decide(h.as('alice'), a.id, { action: 'approve', values: { note: 'enjoy' } });
    expect(done.attachment.status).toBe('completed');
    expect(h.events.unique().at(-1)!.status).toEqual({ field: 'status', value: 'granted' });
    expect(h.types()).toEqual(['workflowStarted', 'approved', 'workflowCompleted']);
  });

  it('rejection: reason required, workflow rejected, every open item closed, the acting user recorded, status synced', async () => {
    const h = await harness();
    await h.service.upsert(purchaseRequestWorkflow);
    const a = await h.service.attach(h.as('rita'), 'purchase-request', { object: PR });
    const reviewer = a.waitingFor!.items[0]!.user!;
    await expect(h.service.decide(h.as(reviewer), a.id, { action: 'reject' })).rejects.toMatchObject({ status: 422, fieldErrors: { reason: ['required'] } });
    const before = await h.store.tasks(a.id);
    const r = await h.service.decide(h.as(reviewer), a.id, { action: 'reject', reason: 'no budget' });
    expect(r.attachment.status).toBe('rejected');
    expect(r.attachment.finishedBy).toBe(reviewer);
    expect(r.attachment.progress).toBe(0);
    const rejected = h.events.unique().filter((e) => e.type === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.by).toBe(reviewer);
    expect(rejected[0]!.status).toEqual({ field: 'approval_status', value: 'rejected' });
    const tasks = await h.store.tasks(a.id);
    expect(tasks.filter((t) => t.assignment && t.finished === null)).toEqual([]);
    expect(tasks.length).toBeGreaterThan(before.length - 1);
    await expect(h.service.decide(h.as(reviewer), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
  });

  it('keeps what a rejected workflow reached: progress after two of four units', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    const r = await h.service.decide(h.as('omar'), a.id, { action: 'reject', reason: 'too late' });
    expect(r.attachment.status).toBe('rejected');
    expect(r.attachment.progress).toBe(33);
  });
});
