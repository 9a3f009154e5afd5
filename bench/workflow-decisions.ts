/**
 * The purchase-request workflow of flows/workflows.ts driven through WorkflowService on a
 * DynamoStore with ReturnConsumedCapacity: attach, then every decision it takes to complete
 * (the reviewer's check-in and approval, the budget form, the CFO, both executives: 6), with the
 * built-in notifications (the e-mail action, a memory mailer). Shared by bench:workflows and
 * bench:cost.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore, type CapacityUse } from '../lib/aws/dynamo-store.js';
import { createTable } from '../lib/aws/table-schema.js';
import { ActionRegistry, type ActionDefinition } from '../lib/engine/actions/registry.js';
import { ManualClock } from '../lib/engine/clock.js';
import { Engine } from '../lib/engine/engine.js';
import type { Identity } from '../lib/engine/identity.js';
import { MemoryMailer } from '../lib/engine/mail.js';
import { createEmailAction } from '../lib/engine/workflows/email-action.js';
import { MemoryWorkflowEvents } from '../lib/engine/workflows/events.js';
import { WorkflowRuntime } from '../lib/engine/workflows/runtime.js';
import { WorkflowService } from '../lib/engine/workflows/service.js';
import { StaticDirectory } from '../lib/identity/directory.js';
import { DEV_USERS } from '../lib/identity/dev.js';
import { purchaseRequestWorkflow } from '../flows/workflows.js';

/** DynamoDB Local reports 4 WRU per transactional item of up to 1 KB where DynamoDB bills 2 (see bench/cost.ts). */
export const TRANSACTION_FACTOR = process.env.RAW === '1' ? 1 : 0.5;

export interface Units {
  read: number;
  write: number;
  requests: number;
  byOperation: Map<string, { requests: number; read: number; write: number }>;
}

export interface DecisionFigures {
  attachments: number;
  completed: number;
  decisions: number;
  /** Wall time of the decide calls only (sequential, one client). */
  decideMs: number;
  /** Units of the attach requests. */
  attach: Units;
  /** Units of the decide requests. */
  decide: Units;
  /** Units of the background runs after the decisions (the outbox: notifications, events). */
  background: Units;
  /** Reads of the listing routes afterwards, with `open` attachments left in progress among the completed ones. */
  lists: { open: number; total: number; inProgress: Units; all: Units; statistics: Units; cleanupStats: Units; cleanupDryRun: Units };
}

const units = (): Units => ({ read: 0, write: 0, requests: 0, byOperation: new Map() });

function add(into: Units, raw: CapacityUse): void {
  const write = raw.transaction ? raw.write * TRANSACTION_FACTOR : raw.write;
  into.read += raw.read;
  into.write += write;
  into.requests += 1;
  const op = into.byOperation.get(raw.operation) ?? { requests: 0, read: 0, write: 0 };
  op.requests += 1;
  op.read += raw.read;
  op.write += write;
  into.byOperation.set(raw.operation, op);
}

const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const BUDGET_FORM = { budgetCode: 'CC-1001', approvedAmount: 1200 };

/** `notifications: false`: no `email` action registered, so no built-in notification mails (the outbox has nothing to do). */
export async function measureDecisions(client: DynamoDBClient, attachments: number, options: { notifications?: boolean } = {}): Promise<DecisionFigures> {
  const tableName = `bench-workflows-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await createTable(client, tableName);
  const figures: DecisionFigures = {
    attachments, completed: 0, decisions: 0, decideMs: 0, attach: units(), decide: units(), background: units(),
    lists: { open: 0, total: 0, inProgress: units(), all: units(), statistics: units(), cleanupStats: units(), cleanupDryRun: units() },
  };
  let into: Units | null = null;
  const store = new DynamoStore({ tableName, client, onCapacity: (u) => into && add(into, u) });
  const clock = new ManualClock(START);
  const engine = new Engine({ store, clock, secret: 'bench-workflows-secret-0123456789' });
  const directory = new StaticDirectory(DEV_USERS.map((u) => ({ id: u.id, name: u.name, email: u.email, tenant: u.tenant, active: true, groups: [...u.groups] })), ['admins']);
  const actions = new ActionRegistry();
  if (options.notifications !== false) actions.register(createEmailAction({ mailer: new MemoryMailer(), directory }) as unknown as ActionDefinition<unknown>);
  const runtime = new WorkflowRuntime({ engine, actions, directory, events: new MemoryWorkflowEvents() });
  const service = new WorkflowService(runtime);
  const as = (id: string): Identity => ({ id, tenant: 'acme', groups: DEV_USERS.find((u) => u.id === id)?.groups ?? [] });
  const operator: Identity = { id: 'operator', tenant: 'acme', superuser: true };
  await service.save(operator, purchaseRequestWorkflow);

  for (let i = 0; i < attachments; i++) {
    into = figures.attach;
    let view = await service.attach(operator, 'purchase-request', { object: { type: 'PurchaseRequest', id: `PR-${i}` }, metadata: { amount: 1250 } });
    into = figures.background;
    await engine.runDue();
    for (let step = 0; step < 20 && view.status === 'inProgress'; step++) {
      into = null;
      view = await service.view(operator, view.id);
      const wait = view.waitingFor;
      if (!wait || view.status !== 'inProgress') break;
      const item = wait.items[0]!;
      const user = item.user ?? item.members?.[0];
      if (!user) throw new Error(`Nobody to decide ${wait.step}`);
      into = figures.decide;
      const t = performance.now();
      ({ attachment: view } = await service.decide(as(user), view.id, { action: 'approve', ...(wait.type === 'submit' ? { values: BUDGET_FORM } : {}) }));
      figures.decideMs += performance.now() - t;
      figures.decisions += 1;
      into = figures.background;
      await engine.runDue();
    }
    into = null;
    if ((await service.view(operator, view.id)).status === 'completed') figures.completed += 1;
  }
  // what listing by status, statistics and cleanup read: a few attachments left in progress among the completed ones
  const open = Math.max(1, Math.round(attachments / 10));
  for (let i = 0; i < open; i++) await service.attach(operator, 'purchase-request', { object: { type: 'PurchaseRequest', id: `OPEN-${i}` } });
  await engine.runDue();
  figures.lists.open = open;
  figures.lists.total = attachments + open;
  const measure = async (u: Units, fn: () => Promise<unknown>) => {
    into = u;
    await fn();
    into = null;
  };
  await measure(figures.lists.inProgress, () => service.listAttachments(operator, { status: 'inProgress' }));
  await measure(figures.lists.all, () => service.listAttachments(operator));
  await measure(figures.lists.statistics, () => service.statistics(operator));
  await measure(figures.lists.cleanupStats, () => service.cleanupStats(operator));
  await measure(figures.lists.cleanupDryRun, () => service.cleanup(operator, { days: 0, dryRun: true }));
  return figures;
}

export function formatOperations(u: Units, per: number): string {
  return [...u.byOperation.entries()]
    .sort((a, b) => b[1].write + b[1].read - (a[1].write + a[1].read))
    .map(([op, v]) => `${op} ${(v.requests / per).toFixed(1)} req/${(v.write > 0 ? v.write / per : v.read / per).toFixed(1)} ${v.write > 0 ? 'WRU' : 'RRU'}`)
    .join(', ');
}
