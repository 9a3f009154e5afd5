import { describe, expect, it } from 'vitest';
import { purchaseRequestWorkflow } from '../../../flows/workflows.js';
import type { WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { createTestStore } from '../../support/backend.js';
import { harness, PR, twoStages } from './support.js';

const single = (approvals: WorkflowDocument['approvals'], over: Partial<WorkflowDocument> = {}): WorkflowDocument => ({
  slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals, ...over,
});

describe('attach now, start later (start: false)', () => {
  it('an attached attachment holds the object, has no items and no events; start opens the first step once (a repeat is 409)', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR, start: false, metadata: { amount: 5 } });
    expect(a).toMatchObject({ status: 'attached', startedAt: null, attachedAt: '2026-03-02T08:00:00.000Z', waitingFor: null, progress: 0, currentStage: null, nextStage: { id: 's1' } });
    expect(a.timeline.map((t) => t.type)).toEqual(['attached']);
    expect(h.events.unique()).toEqual([]);
    expect((await h.env.engine.tasksFor(h.as('alice'))).items).toEqual([]);
    // still the object's one active attachment
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: PR })).rejects.toMatchObject({ status: 409, details: { attachment: a.id } });
    expect((await h.service.objectState(h.as('rita'), PR)).id).toBe(a.id);
    await expect(h.service.decide(h.as('alice'), a.id, { action: 'approve' })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('not started') });
    expect((await h.service.listAttachments(h.as('rita'), { status: 'attached' })).map((x) => x.id)).toEqual([a.id]);
    // only whoever attached it or an operator starts it; another tenant does not find it
    await expect(h.service.start(h.as('alice'), a.id)).rejects.toMatchObject({ status: 403 });
    await expect(h.service.start(h.as('zoe', 'globex'), a.id)).rejects.toMatchObject({ status: 404 });
    await h.env.advance({ minutes: 5 });
    const started = await h.service.start(h.as('rita'), a.id);
    expect(started).toMatchObject({ status: 'inProgress', startedBy: 'rita', startedAt: '2026-03-02T08:05:00.000Z', attachedAt: '2026-03-02T08:00:00.000Z', currentStage: { id: 's1' }, waitingFor: { items: [{ user: 'alice' }] } });
    expect(started.timeline.map((t) => t.type)).toEqual(['attached', 'started', 'stepOpened']);
    expect(h.types()).toEqual(['workflowStarted']);
    await expect(h.service.start(h.as('rita'), a.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('already started') });
    expect(h.types()).toEqual(['workflowStarted']);
    expect((await h.service.listAttachments(h.as('rita'), { status: 'attached' }))).toEqual([]);
    expect((await h.service.listAttachments(h.as('rita'), { status: 'inProgress' })).map((x) => x.id)).toEqual([a.id]);
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    expect((await h.service.view(h.as('rita'), a.id)).currentStage?.id).toBe('s2');
  });

  it('racing starts: exactly one wins, the others get 409; one workflowStarted event, one inbox item', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: PR, start: false });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => h.service.start(h.as('rita'), a.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409, 409, 409]);
    expect(h.types()).toEqual(['workflowStarted']);
    expect((await h.env.engine.tasksFor(h.as('alice'))).items).toHaveLength(1);
  });

  it('a start whose first approvers are wrong is a 422 and leaves it attached; cancel and restart work on an attached one', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), { slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals: [{ by: 'group', group: 'nobody-here', strategy: 'anyone' }] });
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR, start: false }); // approvers are checked when it starts
    await expect(h.service.start(h.as('rita'), a.id)).rejects.toMatchObject({ status: 422, message: expect.stringContaining('no active members') });
    expect(await h.service.view(h.as('rita'), a.id)).toMatchObject({ status: 'attached', startedAt: null, error: null });
    const b = await h.service.attach(h.as('rita'), 'one', { object: PR, start: false, restart: true });
    expect(await h.service.view(h.as('rita'), a.id)).toMatchObject({ status: 'cancelled', replacedBy: b.id });
    const cancelled = await h.service.cancel(h.as('rita'), b.id, 'not needed');
    expect(cancelled).toMatchObject({ status: 'cancelled', finishedBy: 'rita' });
    await expect(h.service.start(h.as('rita'), b.id)).rejects.toMatchObject({ status: 409 });
    expect(h.types()).toEqual(['workflowCancelled', 'workflowCancelled']);
    expect(await h.store.findUnique(`workflow-object:acme:${PR.type}:${PR.id}`)).toBeUndefined();
  });
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
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: PR, start: 'no' as never })).rejects.toMatchObject({ status: 422, details: { start: ['start is true or false'] } });
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
    expect(stats.byStatus).toEqual({ attached: 0, inProgress: 1, completed: 1, rejected: 1, cancelled: 0 });
    expect(stats.finishedOlderThan).toEqual({ days30: 2, days90: 2, days365: 0 });
    const dry = await h.service.cleanup(h.as('rita'), { days: 30, status: 'rejected', dryRun: true });
    expect(dry.matched.map((m) => m.id)).toEqual([rejected.id]);
    expect(dry.deleted).toBe(0);
    expect(await h.store.get(rejected.id)).toBeDefined();
    await expect(h.service.cleanup(h.as('rita'), { days: 30, status: 'inProgress' as 'completed' })).rejects.toMatchObject({ status: 422 });
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

describe('the status index: lists, statistics and cleanup read only the status they need', () => {
  it('by status, only that status\'s entries and attachments are read; statistics and cleanup stats read no attachment at all', async () => {
    const inner = await createTestStore();
    const reads: string[] = [];
    const store = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'get') return async (id: string) => { reads.push(id); return target.get(id); };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const h = await harness({ store });
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice' }]));
    const done: string[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: `done-${i}` } });
      await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
      done.push(a.id);
      await h.env.advance({ seconds: 1 });
    }
    const open = await h.service.attach(h.as('rita'), 'one', { object: { type: 'PurchaseRequest', id: 'open' } });
    const before = { ...h.runtime.index.reads };
    reads.length = 0;
    const listed = await h.service.listAttachments(h.as('rita'), { status: 'inProgress' });
    expect(listed.map((a) => a.id)).toEqual([open.id]);
    expect(h.runtime.index.reads.entries - before.entries).toBe(1); // not 5
    expect(reads.filter((id) => id.startsWith('att-'))).toEqual([open.id]);
    reads.length = 0;
    const stats = await h.service.cleanupStats(h.as('rita'));
    expect(stats.byStatus).toEqual({ attached: 0, inProgress: 1, completed: 4, rejected: 0, cancelled: 0 });
    const statistics = await h.service.statistics(h.as('rita'));
    expect(statistics.attachments).toMatchObject({ inProgress: 1, completed: 4, total: 5 });
    // statistics read only the in-progress one (for its error flag); cleanup stats none
    expect(reads.filter((id) => id.startsWith('att-'))).toEqual([open.id]);
    // newest first over every status
    expect((await h.service.listAttachments(h.as('rita'))).map((a) => a.id)).toEqual([open.id, ...done.reverse()]);
    // cleanup reads only finished attachments old enough to go, and removes their entries
    await h.env.advance({ days: 31 });
    reads.length = 0;
    const report = await h.service.cleanup(h.as('rita'), { days: 30 });
    expect(report.deleted).toBe(4);
    expect(report.cutoff).toBe('2026-03-03T08:00:04.000Z'); // 31 days later, minus 30
    expect(reads.filter((id) => id.startsWith('att-')).sort()).toEqual([...done].sort());
    expect((await h.service.cleanupStats(h.as('rita'))).byStatus.completed).toBe(0);
    // a deleted definition's attachments still count and are listed
    await h.service.delete(h.as('rita'), 'one');
    expect((await h.service.statistics(h.as('rita'))).attachments).toMatchObject({ inProgress: 1, total: 1 });
    expect((await h.service.listAttachments(h.as('rita'), { status: 'inProgress' })).map((a) => a.id)).toEqual([open.id]);
  });

  it('an entry a crash left behind converges: a stale status is moved when listed, an entry without attachment is dropped', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), single([{ by: 'user', user: 'alice' }]));
    const a = await h.service.attach(h.as('rita'), 'one', { object: PR });
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    // as if the move to completed never happened, and an orphan entry
    await h.runtime.index.put({ tenant: 'acme', workflow: 'one', attachment: a.id, status: 'inProgress', created: 0, finishedAt: null });
    await h.runtime.index.put({ tenant: 'acme', workflow: 'one', attachment: 'att-gone', status: 'inProgress', created: 0, finishedAt: null });
    expect((await h.service.cleanupStats(h.as('rita'))).byStatus).toMatchObject({ inProgress: 2, completed: 0 });
    expect(await h.service.listAttachments(h.as('rita'), { status: 'inProgress' })).toEqual([]);
    expect((await h.service.cleanupStats(h.as('rita'))).byStatus).toMatchObject({ inProgress: 0, completed: 1 });
    expect((await h.service.listAttachments(h.as('rita'), { status: 'completed' })).map((x) => x.id)).toEqual([a.id]);
  });
});
