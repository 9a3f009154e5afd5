import { describe, expect, it } from 'vitest';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { ActionRegistry } from '../../lib/engine/actions/registry.js';
import { createTestEnvironment } from '../../lib/engine/testing.js';
import { MemoryStore } from '../../lib/engine/memory-store.js';
import { WorkflowRuntime } from '../../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../../lib/engine/workflows/service.js';
import { EventBridgeWorkflowEvents, WORKFLOW_EVENT_SOURCE } from '../../lib/aws/eventbridge-events.js';
import { testDirectory } from '../engine/workflows/support.js';

/** Every workflow event is put on EventBridge (one PutEvents entry each); a refused entry is put again later, never lost, never a second occurrence. */
describe('workflow events on EventBridge', () => {
  it('puts each event once with source, detail-type and the event as detail; a failed entry is retried by the outbox', async () => {
    const entries: PutEventsRequestEntry[] = [];
    let refuse = 0;
    const events = new EventBridgeWorkflowEvents(async (batch) => {
      if (refuse > 0) {
        refuse -= 1;
        return { FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }] };
      }
      entries.push(...batch);
      return { FailedEntryCount: 0, Entries: [{}] };
    }, 'workflows-bus');
    const env = createTestEnvironment({ store: new MemoryStore(), start: '2026-03-02T08:00:00Z' });
    const runtime = new WorkflowRuntime({ engine: env.engine, actions: new ActionRegistry(), directory: testDirectory(), events });
    const service = new WorkflowService(runtime);
    const rita = { id: 'rita', tenant: 'acme' };
    await service.save(rita, { slug: 'one', tenant: 'acme', name: { en: 'One' }, strategy: 'single', approvals: [{ by: 'user', user: 'alice' }] });
    const a = await service.attach(rita, 'one', { object: { type: 'PurchaseRequest', id: 'PR-1' } });
    refuse = 3; // the bus refuses the approval's event three times
    await service.decide({ id: 'alice', tenant: 'acme' }, a.id, { action: 'approve' });
    const view = await service.view(rita, a.id);
    expect(view).toMatchObject({ status: 'completed', error: null }); // the decision stands, nothing stopped
    expect(entries.map((e) => e.DetailType)).toEqual(['Workflow Started']); // in order: the completion waits behind the approval
    expect((await env.engine.store.get(a.id))!.status).not.toBe('finished');
    await env.advance({ minutes: 30 });
    expect(entries.map((e) => [e.Source, e.DetailType, e.EventBusName])).toEqual([
      [WORKFLOW_EVENT_SOURCE, 'Workflow Started', 'workflows-bus'],
      [WORKFLOW_EVENT_SOURCE, 'Approved', 'workflows-bus'],
      [WORKFLOW_EVENT_SOURCE, 'Workflow Completed', 'workflows-bus'],
    ]);
    const details = entries.map((e) => JSON.parse(e.Detail!) as { id: string; type: string; attachment: string; object: unknown });
    expect(details.map((d) => d.id)).toEqual([`${a.id}:1`, `${a.id}:2`, `${a.id}:3`]);
    expect(details[2]).toMatchObject({ type: 'workflowCompleted', attachment: a.id, object: { type: 'PurchaseRequest', id: 'PR-1' } });
    expect((await env.engine.store.get(a.id))!.status).toBe('finished');
  });
});
