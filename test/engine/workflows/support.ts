import * as z from 'zod';
import { ActionRegistry, defineAction, type ActionDefinition } from '../../../lib/engine/actions/registry.js';
import type { Identity } from '../../../lib/engine/identity.js';
import { createTestEnvironment, type TestEnvironment } from '../../../lib/engine/testing.js';
import { MemoryMailer } from '../../../lib/engine/mail.js';
import type { Store } from '../../../lib/engine/store.js';
import { createEmailAction } from '../../../lib/engine/workflows/email-action.js';
import { MemoryWorkflowEvents, type WorkflowEvent } from '../../../lib/engine/workflows/events.js';
import { WorkflowRuntime } from '../../../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../../../lib/engine/workflows/service.js';
import type { ActionDoc, WorkflowDocument } from '../../../lib/engine/workflows/types.js';
import { StaticDirectory } from '../../../lib/identity/directory.js';
import { DEV_USERS } from '../../../lib/identity/dev.js';
import { createTestStore } from '../../support/backend.js';

export interface RecordedCall {
  key: string;
  event: string;
  params: Record<string, unknown>;
}

export interface Harness {
  env: TestEnvironment;
  store: Store;
  runtime: WorkflowRuntime;
  service: WorkflowService;
  events: MemoryWorkflowEvents;
  mailer: MemoryMailer;
  directory: StaticDirectory;
  /** Every call of the `record` action, repeats included. */
  calls: RecordedCall[];
  /** Effects of `record`, deduplicated by idempotency key (what a well-behaved downstream system keeps). */
  effects: Map<string, RecordedCall>;
  /** `record` fails (throws) this many more times; `falsy` makes it return false instead. */
  failures: { left: number; falsy: boolean };
  as(id: string, tenant?: string): Identity;
  types(): string[];
}

/** Extra people for the tests besides the development users: an empty group, a quorum group, an inactive user. */
const EXTRA = [
  { id: 'qa1', groups: ['quorum-team'] },
  { id: 'qa2', groups: ['quorum-team'] },
  { id: 'qa3', groups: ['quorum-team'] },
  { id: 'qa4', groups: ['quorum-team'] },
  { id: 'qa5', groups: ['quorum-team'] },
  { id: 'sleepy', groups: ['quorum-team'], active: false },
  { id: 'esc1', groups: ['escalation'] },
];

export function testDirectory(): StaticDirectory {
  return new StaticDirectory(
    [
      ...DEV_USERS.map((u) => ({ id: u.id, name: u.name, email: u.email, tenant: u.tenant, active: true, groups: [...u.groups] })),
      ...EXTRA.map((u) => ({ id: u.id, name: u.id, email: `${u.id}@acme.example`, tenant: 'acme', active: u.active ?? true, groups: u.groups })),
    ],
    ['admins', 'nobody-here'],
  );
}

export async function harness(options: { store?: Store; projectActions?: ActionDoc[]; email?: boolean } = {}): Promise<Harness> {
  const store = options.store ?? (await createTestStore());
  const env = createTestEnvironment({ start: '2026-03-02T08:00:00Z', store, busyWaitMs: 20_000 });
  const directory = testDirectory();
  const mailer = new MemoryMailer();
  const calls: RecordedCall[] = [];
  const effects = new Map<string, RecordedCall>();
  const failures = { left: 0, falsy: false };
  const record = defineAction({
    name: 'record',
    params: z.object({ note: z.string().optional() }).strict(),
    run: async (params, ctx) => {
      const event = (ctx as unknown as { workflowEvent: WorkflowEvent }).workflowEvent;
      const call = { key: ctx.idempotencyKey, event: event.type, params };
      calls.push(call);
      if (failures.left > 0) {
        failures.left -= 1;
        if (failures.falsy) return false;
        throw new Error('the downstream system is down');
      }
      if (!effects.has(call.key)) effects.set(call.key, call);
      return { ok: true };
    },
  });
  const actions = new ActionRegistry(record as ActionDefinition<unknown>);
  if (options.email !== false) actions.register(createEmailAction({ mailer, directory }) as unknown as ActionDefinition<unknown>);
  const events = new MemoryWorkflowEvents();
  const runtime = new WorkflowRuntime({ engine: env.engine, actions, directory, events, ...(options.projectActions ? { projectActions: options.projectActions } : {}) });
  const service = new WorkflowService(runtime);
  const as = (id: string, tenant = 'acme'): Identity => ({ id, tenant, groups: DEV_USERS.find((u) => u.id === id)?.groups ?? EXTRA.find((u) => u.id === id)?.groups ?? [] });
  return { env, store, runtime, service, events, mailer, directory, calls, effects, failures, as, types: () => events.unique().map((e) => e.type) };
}

/** A small stages workflow on the test people; `over` patches it. */
export function twoStages(over: Partial<WorkflowDocument> = {}): WorkflowDocument {
  return {
    slug: 'two-stages',
    tenant: 'acme',
    name: { en: 'Two stages', ar: 'مرحلتان' },
    strategy: 'stages',
    pipelines: [
      {
        id: 'p1',
        name: { en: 'First' },
        stages: [
          { id: 's1', name: { en: 'Stage one' }, approvals: [{ by: 'user', user: 'alice' }] },
          { id: 's2', name: { en: 'Stage two' }, approvals: [{ by: 'user', user: 'omar' }] },
        ],
      },
      { id: 'p2', name: { en: 'Second' }, stages: [{ id: 's3', name: { en: 'Stage three' }, approvals: [{ by: 'user', user: 'cora' }] }] },
    ],
    ...over,
  };
}

export const PR = { type: 'PurchaseRequest', id: 'PR-1042' };
