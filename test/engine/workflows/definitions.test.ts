import { describe, expect, it } from 'vitest';
import { purchaseRequestWorkflow, timeOffWorkflow } from '../../../flows/workflows.js';
import { unitsOf, type WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { harness, twoStages } from './support.js';

const problemsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    const e = error as { status: number; problems: { path: string; message: string }[] };
    expect(e.status).toBe(422);
    return e.problems.map((x) => x.path);
  }
  throw new Error('expected a 422');
};

describe('workflow definitions', () => {
  it('saves the examples as versions of kind workflow, tenant-scoped; statistics count definitions, not versions', async () => {
    const h = await harness();
    expect((await h.service.upsert(purchaseRequestWorkflow)).saved).toBe(true);
    expect((await h.service.upsert(purchaseRequestWorkflow)).saved).toBe(false);
    await h.service.upsert(timeOffWorkflow);
    await h.service.save(h.as('rita'), { ...timeOffWorkflow, name: { en: 'Time off v2' } });
    const got = await h.service.get(h.as('rita'), 'time-off');
    expect(got.version).toBe(2);
    expect(got.versions).toEqual([2, 1]);
    expect((await h.service.list(h.as('rita'))).map((w) => w.slug).sort()).toEqual(['purchase-request', 'time-off']);
    expect(await h.service.list(h.as('zoe', 'globex'))).toEqual([]);
    await expect(h.service.get(h.as('zoe', 'globex'), 'time-off')).rejects.toMatchObject({ status: 404 });
    expect((await h.service.statistics(h.as('rita'))).definitions).toBe(2);
    expect(await h.store.definitionHead('workflow', 'acme/time-off')).toMatchObject({ kind: 'workflow', version: 2 });
  });

  it('orders units by order, ties by position, never skipping one', () => {
    const doc = twoStages({
      pipelines: [
        { id: 'b', name: { en: 'B' }, order: 2, stages: [{ id: 'b1', name: { en: 'b1' }, approvals: [{ by: 'user', user: 'alice' }] }] },
        { id: 'a', name: { en: 'A' }, order: 1, stages: [{ id: 'a2', name: { en: 'a2' }, order: 5, approvals: [{ by: 'user', user: 'alice' }] }, { id: 'a1', name: { en: 'a1' }, order: 1, approvals: [{ by: 'user', user: 'alice' }] }] },
        { id: 'c', name: { en: 'C' }, order: 2, stages: [{ id: 'c1', name: { en: 'c1' }, approvals: [{ by: 'user', user: 'alice' }] }] },
      ],
    });
    expect(unitsOf(doc).map((u) => u.id)).toEqual(['a1', 'a2', 'b1', 'c1']);
  });

  it('names every problem of a bad definition in one 422, and saves nothing', async () => {
    const h = await harness();
    const bad = {
      slug: 'Bad Slug', tenant: 'acme', name: {}, strategy: 'pipelines', removeAfterDays: 0, approvals: [{ by: 'user', user: 'alice' }], actions: [{ on: 'approved', action: 'os.system' }, { on: 'whenever', action: 'record' }],
      pipelines: [
        { id: 'p', name: { en: 'P' }, stages: [{ id: 's', name: { en: 'S' }, approvals: [] }] },
        { id: 'p', name: { en: 'Q' }, approvals: [] },
        {
          id: 'r', name: { en: 'R' }, remindAfter: '3d', escalateAfter: '1d', escalateTo: 'no-such-group',
          approvals: [
            { by: 'user', user: 'ghost' },
            { by: 'group', group: 'executives', strategy: 'everyone' },
            { by: 'group', group: 'executives', strategy: { quorum: 0 } },
            { by: 'user', user: 'alice', type: 'submit' },
            { by: 'user', user: 'alice', type: 'move', form: { type: 'object', properties: { a: { type: 'string' } } } },
            { by: 'user', user: 'alice', form: { type: 'object', properties: { a: { type: 'date' }, b: { type: 'number', minLength: 2 } }, required: ['c'] } },
            { by: 'group', group: 'nope', strategy: 'all' },
          ],
          actions: [{ on: 'approved', action: 'email', params: { template: 'nope', to: {} } }],
        },
      ],
    };
    const paths = await problemsOf(h.service.save(h.as('rita'), bad));
    expect(paths).toEqual(expect.arrayContaining([
      'slug', 'name', 'approvals', 'actions[0].action', 'actions[1].on', 'pipelines[0].stages', 'pipelines[1].id', 'pipelines[1].approvals',
      'pipelines[2].actions[0].params.template', 'pipelines[2].actions[0].params.to', 'pipelines[2].approvals[1].strategy', 'pipelines[2].approvals[2].strategy.quorum',
      'pipelines[2].approvals[3].form', 'pipelines[2].approvals[4].form', 'pipelines[2].approvals[5].form.properties.a.type', 'pipelines[2].approvals[5].form.properties.b.minLength',
      'pipelines[2].approvals[5].form.required[0]', 'pipelines[2].remindAfter', 'removeAfterDays',
    ]));
    expect(await h.store.definitionHead('workflow', 'acme/Bad Slug')).toBeUndefined();
    // unknown approvers are named once the shape is right
    const unknown = await problemsOf(h.service.save(h.as('rita'), {
      slug: 'x', name: { en: 'X' }, strategy: 'single', approvals: [{ by: 'user', user: 'ghost' }, { by: 'group', group: 'nope', strategy: 'all' }, { by: 'user', user: 'zoe' }],
    }));
    expect(unknown).toEqual(['approvals[0].user', 'approvals[2].user', 'approvals[1].group']);
  });

  it('removeAfterDays: a finished attachment of that workflow carries its own retention (the TTL the store writes)', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), { slug: 'short-lived', name: { en: 'Short' }, strategy: 'single', removeAfterDays: 3, approvals: [{ by: 'user', user: 'alice' }] });
    const attached = await h.service.attach(h.as('rita'), 'short-lived', { object: { type: 'Note', id: 'N-1' } });
    expect((await h.store.get(attached.id))!.retentionDays).toBe(3);
    await h.service.save(h.as('rita'), { slug: 'kept', name: { en: 'Kept' }, strategy: 'single', approvals: [{ by: 'user', user: 'alice' }] });
    const kept = await h.service.attach(h.as('rita'), 'kept', { object: { type: 'Note', id: 'N-2' } });
    expect((await h.store.get(kept.id))!).not.toHaveProperty('retentionDays');
  });

  it('strategy constraints: stages only under stages, approvals on the right level, deadlines where approvals are', async () => {
    const h = await harness();
    const single: WorkflowDocument = { slug: 's', tenant: 'acme', name: { en: 'S' }, strategy: 'single', approvals: [], pipelines: [] };
    expect((await problemsOf(h.service.save(h.as('rita'), single))).sort()).toEqual(['approvals', 'pipelines']);
    const stages = twoStages();
    stages.pipelines![0]!.approvals = [{ by: 'user', user: 'alice' }];
    stages.pipelines![0]!.remindAfter = '1d';
    expect((await problemsOf(h.service.save(h.as('rita'), stages))).sort()).toEqual(['pipelines[0].approvals', 'pipelines[0].remindAfter']);
    await expect(h.service.save(h.as('rita'), { ...twoStages(), tenant: 'globex' })).rejects.toMatchObject({ status: 403 });
  });

  it('deactivating or deleting a definition never touches running attachments; a new version never reaches them', async () => {
    const h = await harness();
    await h.service.save(h.as('rita'), twoStages());
    const a = await h.service.attach(h.as('rita'), 'two-stages', { object: { type: 'PurchaseRequest', id: 'PR-9' } });
    await h.service.save(h.as('rita'), twoStages({ pipelines: [{ id: 'only', name: { en: 'Only' }, stages: [{ id: 'x', name: { en: 'X' }, approvals: [{ by: 'user', user: 'cora' }] }] }] }));
    await h.service.setActive(h.as('rita'), 'two-stages', false);
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: { type: 'PurchaseRequest', id: 'PR-10' } })).rejects.toMatchObject({ status: 409 });
    await h.service.delete(h.as('rita'), 'two-stages');
    await h.service.decide(h.as('alice'), a.id, { action: 'approve' });
    const view = await h.service.view(h.as('rita'), a.id);
    expect(view.version).toBe(1);
    expect(view.waitingFor!.items).toEqual([{ user: 'omar' }]);
    await expect(h.service.attach(h.as('rita'), 'two-stages', { object: { type: 'PurchaseRequest', id: 'PR-11' } })).rejects.toMatchObject({ status: 404 });
  });

  it('introspection: nested structure with approval counts by type and strategy', async () => {
    const h = await harness();
    await h.service.upsert(purchaseRequestWorkflow);
    const i = await h.service.introspect(h.as('rita'), 'purchase-request');
    expect(i.pipelines.map((p) => [p.id, p.stages.map((s) => s.id)])).toEqual([['finance', ['initial-review', 'budget-approval', 'final-sign-off']], ['management', ['executive-approval']]]);
    expect(i.counts).toEqual({ units: 4, approvals: 4, byType: { checkIn: 1, submit: 1, approve: 2 }, byStrategy: { roundRobin: 1, anyone: 2, all: 1 }, withForm: 1 });
  });
});
