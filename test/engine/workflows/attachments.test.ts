import { describe, expect, it } from 'vitest';
import { purchaseRequestWorkflow } from '../../../flows/workflows.js';
import type { WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { harness, PR, twoStages } from './support.js';

const single = (approvals: WorkflowDocument['approvals'], over: Partial<WorkflowDocument> = {}): WorkflowDocument => ({
  slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals, ...over,
});

describe('attachments', () => {
  it('one active attachment per object: 409, unless restart cancels the old one explicitly and records it', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR });
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: PR })).rejects.toMatchObject({ status: 409, details: { attachment: a.id } });
    const b = await h.service.attach(h.as('rita'), 'two-stages', { object: PR, restart: true });
    expect(b.restartedFrom).toBe(a.id);
    const old = await h.service.view(h.as('rita'), a.id);
    expect(old).toMatchObject({ status: 'cancelled', finishedBy: 'rita', replacedBy: b.id });
    expect(old.timeline.at(-1)).toMatchObject({ type: 'cancelled', by: 'rita', reason: 'restarted' });
    expect((await h.env.engine.tasksFor(h.as('alice'))).items.map((t) => t.instanceId)).toEqual([b.id]);
    expect(h.events.unique().filter((e) => e.attachment === a.id).map((e) => e.type)).toEqual(['workflowStarted', 'workflowCancelled']);
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
    expect((await h.service.objectState(h.as('rita'), PR)).id).toBe(b.id);
  });

  it('bad input is a 422 naming each field; an unknown workflow 404', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: { type: '', id: '' }, metadata: [] as never })).rejects.toMatchObject({
      status: 422, details: { 'object.type': [expect.any(String)], 'object.id': [expect.any(String)], metadata: ['metadata is an object'] },
    });
    await expect(h.service.attach(h.as('rita'), 'nope', { object: PR })).rejects.toMatchObject({ status: 404 });
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: PR, start: false })).rejects.toMatchObject({ status: 422, details: { start: [expect.stringContaining('not supported')] } });
    expect(await h.service.listAttachments(h.as('rita'))).toEqual([]); // nothing half-written
  });

  it('no silent fall-backs: an unknown user, an unknown group or a group without active members in the first step refuses the attachment and writes nothing', async () => {
    const h = await harness();
    const saved = await h.service.save(h.as('rita'), single([{ by: 'group', group: 'nobody-here', strategy: 'anyone' }]));
    expect(saved.version).toBe(1);
    await expect(h.service.attach(h.as('rita'), 'one', { object: PR })).rejects.toMatchObject({ status: 422, message: 'The approver group "nobody-here" has no active members of tenant "acme"' });
    // a quorum larger than the group's active members
    const gone = await harness({ store: h.store });
    await gone.service.save(gone.as('rita'), single([{ by: 'group', group: 'quorum-team', strategy: { quorum: 6 } }]));
    await expect(gone.service.attach(gone.as('rita'), 'one', { object: PR })).rejects.toMatchObject({ status: 422, message: expect.stringContaining('quorum of 6 cannot be met') });
    expect(await h.store.findUnique(`workflow-object:acme:${PR.type}:${PR.id}`)).toBeUndefined();
    expect((await h.store.list({ automation: 'workflow:acme/one' })).items).toEqual([]);
  });

  it('a later step whose group has no active members stops the attachment in a visible error naming the problem (never the requester)', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice' }, { by: 'group', group: 'nobody-here', strategy: 'all' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    const view = await h.service.view(h.as('rita'), a.id);
    expect(view.error).toContain('The approver group "nobody-here" has no active members');
    expect(view.waitingFor).toBeNull();
    expect((await h.env.engine.tasksFor(h.as('rita'))).items).toEqual([]);
    await expect(h.service.decide(h.as('rita'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
    expect(h.types()).toEqual(['workflowStarted', 'approved']); // the approval's event still went out
    expect((await h.service.statistics(h.as('rita'))).attachments.error).toBe(1);
  });

  it('tenants: another tenant\'s attachment is a 404 for viewing and deciding; items are never listed to them', async () => {
    const h = await harness();
    await h.service.upsert(purchaseRequestWorkflow);
    await h.service.save(h.as('zoe', 'globex'), { ...purchaseRequestWorkflow, tenant: 'globex', pipelines: [{ id: 'f', name: { en: 'F' }, stages: [{ id: 'r', name: { en: 'R' }, approvals: [{ by: 'group', group: 'finance-reviewers', strategy: 'anyone' }] }] }] });
    const a = await h.service.attach(h.as('rita'), 'purchase-request', { object: PR });
    const g = await h.service.attach(h.as('zoe', 'globex'), 'purchase-request', { object: PR }); // same object id, other tenant: no conflict
    expect(g.waitingFor!.items).toEqual([{ group: 'finance-reviewers', members: ['zoe'] }]);
    await expect(h.service.view(h.as('zoe', 'globex'), a.id)).rejects.toMatchObject({ status: 404 });
    await expect(h.service.decide(h.as('zoe', 'globex'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 404 });
    await expect(h.service.view(h.as('rita'), g.id)).rejects.toMatchObject({ status: 404 });
    // fatima and farid are finance reviewers of acme: the globex group item is not theirs
    for (const u of ['fatima', 'farid']) expect((await h.env.engine.tasksFor(h.as(u))).items.map((t) => t.instanceId)).not.toContain(g.id);
    expect((await h.env.engine.tasksFor(h.as('zoe', 'globex'))).items.map((t) => t.instanceId)).toEqual([g.id]);
    expect((await h.service.statistics(h.as('zoe', 'globex'))).attachments.total).toBe(1);
  });

  it('deadlines: a reminder after remindAfter, then reassignment to the escalation group, on the engine\'s timers, both in the timeline', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice' }], { remindAfter: '1d', escalateAfter: '2d', escalateTo: 'escalation' }));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    await h.env.advance({ hours: 23 });
    expect(h.types()).toEqual(['workflowStarted']);
    await h.env.advance({ hours: 2 });
    expect(h.types()).toEqual(['workflowStarted', 'reminderDue']);
    expect(h.mailer.sent.filter((m) => m.to[0] === 'alice@acme.example')).toHaveLength(2);
    await h.env.advance({ days: 1 });
    const view = await h.service.view(h.as('rita'), a.id);
    expect(view.timeline.map((t) => t.type)).toEqual(['started', 'stepOpened', 'reminded', 'escalated']);
    expect(view.waitingFor!.items).toEqual([{ group: 'escalation', members: ['esc1'] }]);
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409 });
    const done = await h.service.decide(h.as('esc1'), a.id, { action: 'approve' });
    expect(done.attachment.status).toBe('completed');
    expect(h.types()).toEqual(['workflowStarted', 'reminderDue', 'escalated', 'approved', 'workflowCompleted']);
  });

  it('cleanup: finished attachments older than N days (optionally by status), dry run, stats by age; never in progress, never definitions', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice' }]));
    const done = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: '1' } });
    await h.service.decide(h.as('alice'), done.id, { action: 'approve' });
    const rejected = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: '2' } });
    await h.service.decide(h.as('alice'), rejected.id, { action: 'reject', reason: 'no' });
    await h.env.advance({ days: 40 });
    const open = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: '3' } });
    await h.env.advance({ days: 60 });
    const stats = await h.service.cleanupStats(h.as('rita'));
    expect(stats.byStatus).toEqual({ inProgress: 1, completed: 1, rejected: 1, cancelled: 0 });
    expect(stats.finishedOlderThan).toEqual({ days30: 2, days90: 2, days365: 0 });
    const dry = await h.service.cleanup(h.as('rita'), { days: 30, status: 'rejected', dryRun: true });
    expect(dry.matched.map((m) => m.id)).toEqual([rejected.id]);
    expect(dry.deleted).toBe(0);
    expect(await h.store.get(rejected.id)).toBeDefined();
    await expect(h.service.cleanup(h.as('rita'), { days: 30, status: 'inProgress' })).rejects.toMatchObject({ status: 422 });
    await expect(h.service.cleanup(h.as('rita'), { days: -1 })).rejects.toMatchObject({ status: 422 });
    expect((await h.service.cleanup(h.as('zoe', 'globex'), { days: 0 })).matched).toEqual([]);
    const real = await h.service.cleanup(h.as('rita'), { days: 30 });
    expect(real.deleted).toBe(2);
    expect(await h.store.get(done.id)).toBeUndefined();
    expect(await h.store.tasks(done.id)).toEqual([]);
    expect(await h.store.get(open.id)).toBeDefined();
    expect(await h.store.definitionHead('workflow', 'acme/one')).toBeDefined();
  });
});
