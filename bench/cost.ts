/**
 * npm run bench:cost: what one executed node costs in DynamoDB request units and dollars.
 *
 * Runs the example flows of flows/ on DynamoDB Local (started here unless
 * AUTOMATIONS_DYNAMODB_ENDPOINT / AWS_ENDPOINT_URL is set) through the real engine and
 * DynamoStore, with ReturnConsumedCapacity on every request, and prints per flow the
 * read and write request units per executed node (every finished task record counts as one
 * node execution), the requests by operation, and the dollar cost per million node
 * executions at on-demand prices; then the Lambda share for a 5-node run (WebinarWorkflow).
 *
 * Prices (us-east-1, on-demand, as published on the DynamoDB and Lambda pricing pages):
 *   DynamoDB: $0.625 per million write request units, $0.125 per million read request units
 *   Lambda (arm64): $0.20 per million requests, $0.0000133334 per GB-second
 * Capacity is what DynamoDB Local reports (1 KB per WRU, 4 KB per RRU, index writes included),
 * with one correction: for TransactWriteItems it reports 4 WRU per item of up to 1 KB where
 * DynamoDB bills 2 (two underlying writes, prepare and commit), so transactional figures are
 * halved (set RAW=1 to see them unadjusted). It also reports 0 for a Query that finds
 * nothing, where DynamoDB bills at least 0.5 RRU; reads are a small share either way.
 *
 * Then the DynamoDB units per process job of the example's shape (extract → 2 parallel → load →
 * report), each task an attempt in its own background run.
 *
 * Then the units per approval-workflow decision (the purchase-request workflow of
 * flows/workflows.ts, with its notifications; npm run bench:workflows has more).
 *
 * Options: INSTANCES=20 (per flow, and jobs; attachments: INSTANCES / 4, at least 2); FLOWS=0
 * measures the process jobs and workflow decisions only.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore, type CapacityUse } from '../lib/aws/dynamo-store.js';
import { createTable } from '../lib/aws/table-schema.js';
import { ManualClock } from '../lib/engine/clock.js';
import { Engine } from '../lib/engine/engine.js';
import { Form } from '../lib/engine/nodes/form.js';
import type { AutomationClass } from '../lib/engine/definition.js';
import { MemoryStore } from '../lib/engine/memory-store.js';
import type { Store } from '../lib/engine/store.js';
import * as z from 'zod';
import { ActionRegistry, defineAction } from '../lib/engine/actions/registry.js';
import { ProcessRuntime } from '../lib/engine/processes/runtime.js';
import { ProcessService } from '../lib/engine/processes/service.js';
import type { ProcessDocument } from '../lib/engine/processes/types.js';
import { withDynamoDB } from './dynamodb.js';
import { formatOperations, measureDecisions } from './workflow-decisions.js';
import { DailyDigest, IssueDiscussion, ProcessInput, WebinarWorkflow } from '../flows/index.js';

export const PRICES = {
  region: 'us-east-1',
  dynamodbPerMillionWru: 0.625,
  dynamodbPerMillionRru: 0.125,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecondArm: 0.0000133334,
};
/** Lambda model: 512 MB arm64; billed time = engine CPU time measured here + an assumed DynamoDB round trip per request. */
const LAMBDA_MEMORY_GB = 0.5;
const DYNAMODB_LATENCY_MS = 6;

const INSTANCES = Number(process.env.INSTANCES ?? 20);
/** DynamoDB Local's transactional write figures over DynamoDB's (see above). */
const TRANSACTION_FACTOR = process.env.RAW === '1' ? 1 : 0.5;
const START = Date.UTC(2026, 2, 2, 8, 0, 0);
const DAY = 86_400_000;
const approver = { id: 'ann', groups: ['approvers', 'Moderators'] };

interface Scenario {
  name: string;
  cls: AutomationClass;
  /** The instance's data, given its index and the (virtual) time it starts at. */
  data: (i: number, now: number) => Record<string, unknown>;
  /** Messages sent right after the start. */
  messages?: { message: string; data?: Record<string, unknown> }[];
  /** Values for every form task the flow opens. */
  form?: Record<string, unknown>;
  /** For flows that never end: how far to run them. */
  horizon?: number;
}

const scenarios: Scenario[] = [
  {
    name: 'WebinarWorkflow (5 nodes, 2 timers)',
    cls: WebinarWorkflow,
    data: (i, now) => ({ email: `user${i}-${Math.random()}@example.com`, webinarAt: new Date(now + 2 * DAY).toISOString() }),
  },
  { name: 'ProcessInput, small amount (no approval)', cls: ProcessInput, data: (i) => ({ requester: `r${i}`, amount: 100 }) },
  {
    name: 'ProcessInput, large amount (approval form)',
    cls: ProcessInput,
    data: (i) => ({ requester: `r${i}`, amount: 50_000 }),
    form: { approved: true, comment: 'fine' },
  },
  {
    name: 'IssueDiscussion (split, hourly loop, form, join)',
    cls: IssueDiscussion,
    data: (i, now) => ({ issue: `#${i}`, deadline: new Date(now + 2 * DAY).toISOString(), confCallThisWeek: true }),
    messages: [{ message: 'newMail' }, { message: 'newMail' }],
    form: { approved: 2, rejected: 0 },
  },
  {
    name: 'DailyDigest (Repeat, 3 days)',
    cls: DailyDigest,
    data: () => ({ queue: [], sent: [] }),
    messages: [{ message: 'item', data: { title: 'a' } }, { message: 'item', data: { title: 'b' } }],
    horizon: 3 * DAY,
  },
];

interface Totals {
  nodes: number;
  read: number;
  write: number;
  requests: number;
  activations: number;
  cpuMs: number;
  byOperation: Map<string, { requests: number; read: number; write: number }>;
}

async function drive(engine: Engine, clock: ManualClock, scenario: Scenario, i: number, totals: Totals): Promise<string> {
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t = process.cpuUsage();
    try {
      return await fn();
    } finally {
      const used = process.cpuUsage(t);
      totals.cpuMs += (used.user + used.system) / 1000;
      totals.activations += 1;
    }
  };
  const instance = await timed(() => engine.start(scenario.cls, scenario.data(i, clock.now())));
  const id = instance.id;
  for (const m of scenario.messages ?? []) await timed(() => engine.sendMessage(id, m.message, undefined, m.data ?? {}));
  const end = clock.now() + (scenario.horizon ?? 30 * DAY);
  for (let step = 0; step < 500; step++) {
    const state = (await engine.get(id))!;
    if (state.status === 'finished' || state.status === 'error') break;
    const def = engine.definition(state.automation);
    const form = state.paths.find((p) => p.task !== null && def.byName.get(p.node)?.node instanceof Form);
    if (form && scenario.form) {
      await timed(() => engine.submitForm({ instanceId: id, task: form.task!, user: approver, values: scenario.form }));
      continue;
    }
    if (state.dueAt === null || state.dueAt > end) break;
    if (state.dueAt > clock.now()) clock.set(state.dueAt);
    // The scheduler's tick runs what is due; each instance it runs is one activation.
    const t = process.cpuUsage();
    const report = await engine.runDue();
    const used = process.cpuUsage(t);
    totals.cpuMs += (used.user + used.system) / 1000;
    totals.activations += report.ran.length;
  }
  return id;
}

async function measure(scenario: Scenario, makeStore: (onCapacity: (u: CapacityUse) => void) => Promise<Store>): Promise<Totals> {
  const totals: Totals = { nodes: 0, read: 0, write: 0, requests: 0, activations: 0, cpuMs: 0, byOperation: new Map() };
  let accounting = true;
  const store = await makeStore((raw) => {
    if (!accounting) return;
    const u = raw.transaction ? { ...raw, write: raw.write * TRANSACTION_FACTOR } : raw;
    totals.read += u.read;
    totals.write += u.write;
    totals.requests += 1;
    const op = totals.byOperation.get(u.operation) ?? { requests: 0, read: 0, write: 0 };
    op.requests += 1;
    op.read += u.read;
    op.write += u.write;
    totals.byOperation.set(u.operation, op);
  });
  const clock = new ManualClock(START);
  const engine = new Engine({ store, clock, secret: 'bench-cost-secret-0123456789', automations: [scenario.cls] });
  const countNodes = async (id: string) => (await store.tasks(id)).filter((t) => t.finished !== null).length;
  let nodes = 0;
  for (let i = 0; i < INSTANCES; i++) {
    const id = await drive(engine, clock, scenario, i, totals);
    // Outside the accounting: count the instance's executed nodes, and remove a never-ending one
    // (a singleton such as DailyDigest would otherwise be returned again by the next start()).
    accounting = false;
    nodes += await countNodes(id);
    if (scenario.horizon !== undefined) await engine.kill(id);
    accounting = true;
  }
  return { ...totals, nodes };
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** The example's shape: extract → two parallel steps → load → report (5 tasks, each its own background run). */
const EXAMPLE_PROCESS: ProcessDocument = {
  name: 'example-shaped',
  tasks: [
    { name: 'extract', action: 'work' },
    { name: 'clean', action: 'work', after: ['extract'] },
    { name: 'enrich', action: 'work', after: ['extract'] },
    { name: 'load', action: 'work', after: ['clean', 'enrich'] },
    { name: 'report', action: 'work', after: ['load'] },
  ],
};

/** DynamoDB units per process job run to completion (create, five task attempts, the end), jobs run one after another. */
async function measureProcessJobs(client: DynamoDBClient): Promise<void> {
  const tableName = `bench-cost-process-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await createTable(client, tableName);
  const totals: Totals = { nodes: 0, read: 0, write: 0, requests: 0, activations: 0, cpuMs: 0, byOperation: new Map() };
  let accounting = false;
  const store = new DynamoStore({
    tableName, client,
    onCapacity: (raw) => {
      if (!accounting) return;
      const u = raw.transaction ? { ...raw, write: raw.write * TRANSACTION_FACTOR } : raw;
      totals.read += u.read;
      totals.write += u.write;
      totals.requests += 1;
      const op = totals.byOperation.get(u.operation) ?? { requests: 0, read: 0, write: 0 };
      op.requests += 1;
      op.read += u.read;
      op.write += u.write;
      totals.byOperation.set(u.operation, op);
    },
  });
  const engine = new Engine({ store, clock: new ManualClock(START), secret: 'bench-cost-secret-0123456789' });
  const actions = new ActionRegistry(defineAction({ name: 'work', params: z.object({}), run: async (_p, ctx) => ({ done: ctx.process?.task ?? '' }) }));
  const runtime = new ProcessRuntime({ engine, actions });
  const service = new ProcessService(runtime);
  const version = await service.save(EXAMPLE_PROCESS);
  let finished = 0;
  for (let i = 0; i < INSTANCES; i++) {
    accounting = true;
    // as the schedule creates it (a run on demand also notes the job on the scheduler record: one update more)
    const { id } = await runtime.createJob(version, { trigger: 'schedule' });
    accounting = false;
    if ((await service.getJob(id)).status === 'finished') finished += 1;
  }
  const per = (n: number) => n / INSTANCES;
  const dollars = per(totals.write) * PRICES.dynamodbPerMillionWru + per(totals.read) * PRICES.dynamodbPerMillionRru;
  console.log(`Process job, example-shaped (extract → clean ∥ enrich → load → report; 5 tasks), ${finished}/${INSTANCES} jobs finished:`);
  console.log(
    `  per job: ${per(totals.write).toFixed(1)} WRU, ${per(totals.read).toFixed(1)} RRU, ${per(totals.requests).toFixed(1)} requests ` +
      `(per task ${(per(totals.write) / 5).toFixed(2)} WRU) -> ${usd(dollars)} per million jobs`,
  );
  const ops = [...totals.byOperation.entries()]
    .sort((a, b) => b[1].write + b[1].read - (a[1].write + a[1].read))
    .map(([op, v]) => `${op} ${per(v.requests).toFixed(1)} req/${(v.write > 0 ? per(v.write) : per(v.read)).toFixed(1)} ${v.write > 0 ? 'WRU' : 'RRU'}`);
  console.log(`  by operation (per job): ${ops.join(', ')}\n`);
}

/** DynamoDB units per workflow decision: the purchase-request workflow, attached and decided to completion (6 decisions each). */
async function measureWorkflowDecision(client: DynamoDBClient): Promise<void> {
  const attachments = Math.max(2, Math.round(INSTANCES / 4));
  const f = await measureDecisions(client, attachments);
  const d = f.decisions;
  const write = (f.decide.write + f.background.write) / d;
  const read = (f.decide.read + f.background.read) / d;
  console.log(`Workflow decision (purchase-request, notifications on), ${d} decisions on ${attachments} attachments, ${f.completed} completed:`);
  console.log(`  per decision: ${write.toFixed(1)} WRU, ${read.toFixed(1)} RRU, ${((f.decide.requests + f.background.requests) / d).toFixed(1)} requests -> ${usd(write * PRICES.dynamodbPerMillionWru + read * PRICES.dynamodbPerMillionRru)} per million decisions`);
  console.log(`  decisions per second: ${((d * 1000) / f.decideMs).toFixed(0)} (sequential, one client on DynamoDB Local: a latency-bound rate, not a ceiling)`);
  console.log(`  by operation (per decision, the request): ${formatOperations(f.decide, d)}\n`);
}

async function main(client: DynamoDBClient): Promise<void> {
  console.log(`DynamoDB cost per executed node, ${INSTANCES} instances per flow, on-demand ${PRICES.region}:`);
  console.log(`  $${PRICES.dynamodbPerMillionWru}/M WRU, $${PRICES.dynamodbPerMillionRru}/M RRU; transactional writes ${TRANSACTION_FACTOR === 1 ? 'as DynamoDB Local reports them' : 'at DynamoDB\'s 2 WRU per KB (Local reports 4)'}\n`);
  let webinar: Totals | undefined;
  for (const scenario of process.env.FLOWS === '0' ? [] : scenarios) {
    const tableName = `bench-cost-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await createTable(client, tableName);
    const totals = await measure(scenario, async (onCapacity) => new DynamoStore({ tableName, client, onCapacity }));
    if (scenario.cls === WebinarWorkflow) webinar = totals;
    const perNode = (n: number) => n / totals.nodes;
    const dollars = (perNode(totals.write) * PRICES.dynamodbPerMillionWru + perNode(totals.read) * PRICES.dynamodbPerMillionRru);
    console.log(`${scenario.name}: ${(totals.nodes / INSTANCES).toFixed(1)} nodes per instance`);
    console.log(
      `  per node: ${perNode(totals.write).toFixed(2)} WRU, ${perNode(totals.read).toFixed(2)} RRU, ${perNode(totals.requests).toFixed(2)} requests` +
        ` -> ${usd(dollars)} per million node executions`,
    );
    const ops = [...totals.byOperation.entries()]
      .sort((a, b) => b[1].write + b[1].read - (a[1].write + a[1].read))
      .map(([op, v]) => `${op} ${perNode(v.requests).toFixed(2)} req/${(v.write > 0 ? perNode(v.write) : perNode(v.read)).toFixed(2)} ${v.write > 0 ? 'WRU' : 'RRU'}`);
    console.log(`  by operation (per node): ${ops.join(', ')}\n`);
  }

  await measureProcessJobs(client);
  await measureWorkflowDecision(client);

  if (webinar) {
    // The Lambda share of a 5-node run: CPU time of the engine measured on the same run with an in-memory store.
    const memory = await measure(scenarios[0]!, async () => new MemoryStore());
    const runs = INSTANCES;
    const activations = webinar.activations / runs;
    const billedMs = memory.cpuMs / runs + (webinar.requests / runs) * DYNAMODB_LATENCY_MS;
    const lambda = activations * (PRICES.lambdaPerMillionRequests / 1e6) + (billedMs / 1000) * LAMBDA_MEMORY_GB * PRICES.lambdaPerGbSecondArm;
    const dynamo = (webinar.write / runs) * (PRICES.dynamodbPerMillionWru / 1e6) + (webinar.read / runs) * (PRICES.dynamodbPerMillionRru / 1e6);
    const nodes = webinar.nodes / runs;
    console.log(`A 5-node run (WebinarWorkflow: ${nodes.toFixed(0)} nodes, ${activations.toFixed(1)} Lambda activations):`);
    console.log(
      `  DynamoDB ${usd(dynamo * 1e6)} per million runs; Lambda ${usd(lambda * 1e6)} per million runs ` +
        `(${activations.toFixed(1)} requests, ~${billedMs.toFixed(0)} ms at ${LAMBDA_MEMORY_GB * 1024} MB arm64: engine CPU ${(memory.cpuMs / runs).toFixed(1)} ms + ${(webinar.requests / runs).toFixed(0)} DynamoDB calls x ${DYNAMODB_LATENCY_MS} ms)`,
    );
    console.log(
      `  per million node executions: DynamoDB ${usd((dynamo * 1e6) / nodes)}, Lambda ${usd((lambda * 1e6) / nodes)}; Lambda share ${((100 * lambda) / (lambda + dynamo)).toFixed(0)}%`,
    );
  }
}

await withDynamoDB(main);
