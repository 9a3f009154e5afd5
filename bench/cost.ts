/**
 * npm run bench:cost: what one executed node costs, all in, at list prices.
 *
 * Runs the example flows of flows/ on DynamoDB Local (started here unless
 * AUTOMATIONS_DYNAMODB_ENDPOINT / AWS_ENDPOINT_URL is set) through the same runtime the Lambda
 * functions build (lambdas/shared/runtime.ts), each activation on the path it takes when
 * deployed: a start or a form through the API, a message through the webhook path (the webhook
 * function records the delivery, the worker applies it), a time wait through the timer queue
 * (lambdas/advance.ts `advanceTimers`: the check read, then the run). Every DynamoDB request is
 * counted with ReturnConsumedCapacity (the store's by its own report, under its operation names;
 * the inbox's by bench/capacity.ts, under command names); every finished task record is one node.
 *
 * Per flow it prints DynamoDB units per node and the dollars per million nodes of each service:
 *   DynamoDB   measured units (DynamoDB Local reports 4 WRU per transactional item of up to 1 KB
 *              where DynamoDB bills 2: halved, RAW=1 shows them as reported; a Query finding
 *              nothing reports 0 where DynamoDB bills 0.5 RRU).
 *   Lambda     one request per activation (two on the webhook path: webhook + worker), billed
 *              duration = the Node CPU time measured for that activation on DynamoDB Local (the
 *              engine plus the SDK; the JVM is another process) + NETWORK_MS per DynamoDB request
 *              (an assumed in-region round trip), at the function's memory size (stack specs).
 *              The SDK's CPU per request is printed: (CPU on DynamoDB - CPU on the memory store) / requests.
 *   Timers     per timer, lone (worst case): SQS SendMessage + the event source's ReceiveMessage
 *              and DeleteMessageBatch (3 requests), the mean early-arrival sleep; the check read is
 *              in the DynamoDB figure. Grouped (the tick's hand-over, 10 a batch): a tenth of that.
 *   API GW     HTTP API, one request per start, form and webhook.
 *   Step Fns   Standard, per background execution (2 transitions): none in these flows (no
 *              Threaded node); the process job line shows what its tasks cost there.
 * Then the timers line (price and a measured p99 lateness) and the two summary lines.
 *
 * Options: INSTANCES=20 (per flow, and jobs; attachments: INSTANCES / 4, at least 2); FLOWS=0
 * measures the process jobs and workflow decisions only; TIMERS=100 timers for the lateness run.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { DynamoInbox } from '../lib/aws/dynamo-inbox.js';
import { DynamoStore } from '../lib/aws/dynamo-store.js';
import { MemoryInbox } from '../lib/app/inbox.js';
import { deriveSecrets } from '../lib/app/secrets.js';
import { createTable } from '../lib/aws/table-schema.js';
import { QueueTimers, TIMER_EARLY_MS, TimerMessageSchema } from '../lib/app/timers.js';
import { ActionRegistry, defineAction } from '../lib/engine/actions/registry.js';
import { ManualClock } from '../lib/engine/clock.js';
import type { AutomationClass } from '../lib/engine/definition.js';
import type { Json } from '../lib/engine/json.js';
import { Engine } from '../lib/engine/engine.js';
import { MemoryStore } from '../lib/engine/memory-store.js';
import { ProcessRuntime } from '../lib/engine/processes/runtime.js';
import { ProcessService } from '../lib/engine/processes/service.js';
import type { ProcessDocument } from '../lib/engine/processes/types.js';
import type { Store } from '../lib/engine/store.js';
import { LocalTimerQueue } from '../lib/local/timer-queue.js';
import { advanceTimers } from '../lambdas/advance.js';
import { acceptDelivery, attemptDelivery, handedRecord, handOffJob } from '../lambdas/shared/deliveries.js';
import { createRuntime, type Runtime } from '../lib/app/runtime.js';
import { countCapacity } from './capacity.js';
import { withDynamoDB } from './dynamodb.js';
import { add, formatOperations, measureDecisions, TRANSACTION_FACTOR, units, type Units } from './workflow-decisions.js';
import { WebinarWorkflow } from '../flows/index.js';
import { APPROVER, assertNoError, benchServices, driveScenario, EXAMPLES, START, type Scenario } from './scenarios.js';

export const PRICES = {
  region: 'us-east-1',
  dynamodbPerMillionWru: 0.625,
  dynamodbPerMillionRru: 0.125,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecondArm: 0.0000133334,
  sqsPerMillionRequests: 0.4,
  apiGatewayHttpPerMillion: 1.0,
  stepFunctionsStandardPerMillionTransitions: 25,
};
/** Memory of each function (lib/infra/automations-stack.ts FUNCTION_SPECS), GB. */
const MEMORY_GB = { api: 0.5, webhook: 0.25, worker: 1, advance: 0.5 } as const;
/** Assumed wall time of one DynamoDB request in the region, beyond the client's CPU. */
const NETWORK_MS = 5;
/** SQS requests per lone timer: SendMessage(Batch), the event source's ReceiveMessage and DeleteMessageBatch. */
const SQS_REQUESTS_PER_TIMER = 3;
/** Timers per SQS request when the tick hands them over in batches (SendMessageBatch of 10, received and deleted 10 at a time). */
const GROUPED = 10;
/** Mean sleep of a message that arrives early (uniform rounding over one second, TIMER_EARLY_MS of it early): EARLY²/2 s. */
const EARLY_SLEEP_MS = (TIMER_EARLY_MS * TIMER_EARLY_MS) / 2 / 1000;

const INSTANCES = Number(process.env.INSTANCES ?? 20);
const SECRETS = deriveSecrets('bench-cost-secret-0123456789');

/** How an activation reaches the engine when deployed. */
type Path = 'api' | 'webhook' | 'worker' | 'advance';
interface PathFigures {
  activations: number;
  cpuMs: number;
  units: Units;
}
type Figures = Record<Path, PathFigures> & { nodes: number; timers: number };

const emptyFigures = (): Figures => ({
  api: { activations: 0, cpuMs: 0, units: units() },
  webhook: { activations: 0, cpuMs: 0, units: units() },
  worker: { activations: 0, cpuMs: 0, units: units() },
  advance: { activations: 0, cpuMs: 0, units: units() },
  nodes: 0,
  timers: 0,
});

const PATHS: readonly Path[] = ['api', 'webhook', 'worker', 'advance'];

/** The runtime the functions build, on this store and inbox, with a manual clock; timers and worker hand-offs are counted, not sent. */
function benchRuntime(store: Store, inbox: Runtime['inbox'], clock: ManualClock, cls: AutomationClass): Runtime {
  return createRuntime({
    store, inbox, clock, secrets: SECRETS, automations: [cls], services: benchServices(),
    timers: { schedule: async () => undefined },
    invokeWorker: async () => undefined,
  });
}

/** Drives one instance to its end (or the horizon), each activation on its deployed path; `into` says which path the DynamoDB requests belong to. */
async function drive(runtime: Runtime, clock: ManualClock, scenario: Scenario, i: number, figures: Figures, into: { path: Path | null }): Promise<string> {
  const { engine } = runtime;
  const on = async <T>(path: Path, fn: () => Promise<T>): Promise<T> => {
    into.path = path;
    const t = process.cpuUsage();
    try {
      return await fn();
    } finally {
      const used = process.cpuUsage(t);
      figures[path].cpuMs += (used.user + used.system) / 1000;
      figures[path].activations += 1;
      into.path = null;
    }
  };
  return driveScenario(engine, clock, scenario, i, {
    start: async (s, data) => (await on('api', () => engine.start(s.cls, data))).id,
    message: async (id, m, n) => {
      // the webhook function: the recipient check, the delivery record; then the worker applies it
      const { record } = await on('webhook', async () => {
        await engine.get(id);
        return acceptDelivery(runtime, { source: 'webhook', key: `webhook:${scenario.cls.name}/${m.message}/${id}-${n}`, work: { kind: 'message', automation: engine.definition(scenario.cls).name, message: m.message, to: { id }, data: (m.data ?? {}) as Record<string, Json> }, payload: m, handOff: true });
      });
      // the hand-off carries the record as accepted: the worker neither reads nor claims it
      await on('worker', () => attemptDelivery(runtime, record.id, handedRecord(runtime, handOffJob(runtime, record))));
    },
    submitForm: async (id, task, values) => void (await on('api', () => engine.submitForm({ instanceId: id, task, user: APPROVER, values }))),
    // the timer's message arrives: the advance function checks the head, then runs it
    timer: async (id, dueAt) => {
      await on('advance', () => advanceTimers(runtime, [{ id, dueAt }]));
      figures.timers += 1;
    },
    read: (id) => {
      into.path = null;
      return engine.get(id);
    },
  });
}

async function measure(scenario: Scenario, make: () => Promise<{ store: Store; inbox: Runtime['inbox'] }>, into: { path: Path | null; figures?: Figures }): Promise<Figures> {
  const figures = emptyFigures();
  into.figures = figures;
  const { store, inbox } = await make();
  const clock = new ManualClock(START);
  const runtime = benchRuntime(store, inbox, clock, scenario.cls);
  for (let i = 0; i < INSTANCES; i++) {
    const id = await drive(runtime, clock, scenario, i, figures, into);
    // Outside the accounting: count the instance's executed nodes, and remove a never-ending one
    // (a singleton such as DailyDigest would otherwise be returned again by the next start()).
    into.path = null;
    assertNoError(scenario, await store.get(id));
    figures.nodes += (await store.tasks(id)).filter((t) => t.finished !== null).length;
    if (scenario.horizon !== undefined) await runtime.engine.kill(id);
  }
  into.figures = undefined;
  return figures;
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
const dynamoDollars = (u: Pick<Units, 'read' | 'write'>) => (u.write * PRICES.dynamodbPerMillionWru + u.read * PRICES.dynamodbPerMillionRru) / 1e6;
/** Lambda dollars of one path: requests, and billed duration (CPU + network per request) at its memory size. */
function lambdaDollars(path: Path, f: PathFigures): number {
  const billedSeconds = (f.cpuMs + f.units.requests * NETWORK_MS + (path === 'advance' ? f.activations * EARLY_SLEEP_MS : 0)) / 1000;
  return (f.activations * PRICES.lambdaPerMillionRequests) / 1e6 + billedSeconds * MEMORY_GB[path] * PRICES.lambdaPerGbSecondArm;
}
/** SQS dollars of lone timers (worst case). */
const timerDollars = (timers: number, grouped = 1) => (timers * SQS_REQUESTS_PER_TIMER * PRICES.sqsPerMillionRequests) / grouped / 1e6;

interface FlowCost {
  name: string;
  perNode: { dynamodb: number; lambda: number; timers: number; apiGateway: number; stepFunctions: number; all: number };
  wruPerNode: number;
}

function flowCost(name: string, f: Figures): FlowCost {
  const total = PATHS.reduce((u, p) => ({ read: u.read + f[p].units.read, write: u.write + f[p].units.write }), { read: 0, write: 0 });
  const lambda = PATHS.reduce((n, p) => n + lambdaDollars(p, f[p]), 0);
  const apiRequests = f.api.activations + f.webhook.activations;
  const perNode = (d: number) => (d / f.nodes) * 1e6;
  const c = {
    dynamodb: perNode(dynamoDollars(total)),
    lambda: perNode(lambda),
    timers: perNode(timerDollars(f.timers)),
    apiGateway: perNode((apiRequests * PRICES.apiGatewayHttpPerMillion) / 1e6),
    stepFunctions: 0,
  };
  return { name, perNode: { ...c, all: c.dynamodb + c.lambda + c.timers + c.apiGateway + c.stepFunctions }, wruPerNode: total.write / f.nodes };
}

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
async function measureProcessJobs(client: DynamoDBClient, into: { units: Units | null }): Promise<void> {
  const tableName = `bench-cost-process-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await createTable(client, tableName);
  const job = units();
  const store = new DynamoStore({ tableName, client, onCapacity: (u) => into.units && add(into.units, u) });
  const engine = new Engine({ store, clock: new ManualClock(START), secret: 'bench-cost-secret-0123456789' });
  const actions = new ActionRegistry(defineAction({ name: 'work', params: z.object({}), run: async (_p, ctx) => ({ done: ctx.process?.task ?? '' }) }));
  const runtime = new ProcessRuntime({ engine, actions });
  const service = new ProcessService(runtime);
  const version = await service.save(EXAMPLE_PROCESS);
  let finished = 0;
  for (let i = 0; i < INSTANCES; i++) {
    into.units = job;
    // as the schedule creates it (a run on demand also notes the job on the scheduler record: one update more)
    const { id } = await runtime.createJob(version, { trigger: 'schedule' });
    into.units = null;
    if ((await service.getJob(id)).status === 'finished') finished += 1;
  }
  const per = (n: number) => n / INSTANCES;
  // each task attempt is a background execution when deployed: 2 Standard transitions
  const sfn = (5 * 2 * PRICES.stepFunctionsStandardPerMillionTransitions) / 1e6;
  console.log(`Process job, example-shaped (extract → clean ∥ enrich → load → report; 5 tasks), ${finished}/${INSTANCES} jobs finished:`);
  console.log(
    `  per job: ${per(job.write).toFixed(1)} WRU, ${per(job.read).toFixed(1)} RRU, ${per(job.requests).toFixed(1)} requests (per task ${(per(job.write) / 5).toFixed(2)} WRU) -> ` +
      `DynamoDB ${usd(dynamoDollars({ read: per(job.read), write: per(job.write) }) * 1e6)} per million jobs; Step Functions (5 background executions) ${usd(sfn * 1e6)} per million jobs`,
  );
  console.log(`  by operation (per job): ${formatOperations(job, INSTANCES)}\n`);
}

/** DynamoDB units per workflow decision: the purchase-request workflow, attached and decided to completion (6 decisions each). */
async function measureWorkflowDecision(client: DynamoDBClient): Promise<void> {
  const attachments = Math.max(2, Math.round(INSTANCES / 4));
  const f = await measureDecisions(client, attachments);
  const d = f.decisions;
  const write = (f.decide.write + f.background.write) / d;
  const read = (f.decide.read + f.background.read) / d;
  console.log(`Workflow decision (purchase-request, notifications on), ${d} decisions on ${attachments} attachments, ${f.completed} completed:`);
  console.log(`  per decision: ${write.toFixed(1)} WRU, ${read.toFixed(1)} RRU, ${((f.decide.requests + f.background.requests) / d).toFixed(1)} requests -> ${usd(dynamoDollars({ read, write }) * 1e6)} per million decisions`);
  console.log(`  decisions per second: ${((d * 1000) / f.decideMs).toFixed(0)} (sequential, one client on DynamoDB Local: a latency-bound rate, not a ceiling)`);
  console.log(`  by operation (per decision, the request): ${formatOperations(f.decide, d)}\n`);
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * Timer lateness, measured: TIMERS WebinarWorkflow reminders due 3–4 s after their start, each
 * sent through the timer path (QueueTimers → the in-process queue → advanceTimers) on DynamoDB
 * Local with the real clock. Lateness = when the run starts - the due time. SQS's own delivery
 * delay after DelaySeconds (the event source's long poll) is not in it: there is no SQS here.
 */
async function measureLateness(client: DynamoDBClient, count: number): Promise<number[]> {
  const tableName = `bench-cost-timers-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await createTable(client, tableName);
  const store = new DynamoStore({ tableName, client });
  const late: number[] = [];
  let runtime: Runtime | undefined;
  const queue = new LocalTimerQueue({
    queue: { id: 'timers', url: 'local://timers', consumer: { functionId: 'advance', batchSize: 10, reportBatchItemFailures: true }, visibilityTimeoutSeconds: 180, maxReceiveCount: 5, deadLetterUrl: undefined },
    deliver: async (event) => {
      for (const record of event.Records) {
        for (const o of await advanceTimers(runtime!, TimerMessageSchema.parse(JSON.parse(record.body)).timers)) if (o.outcome === 'ran') late.push(o.lateMs);
      }
      return { batchItemFailures: [] };
    },
    deadLetter: () => undefined,
  });
  runtime = createRuntime({ store, inbox: new DynamoInbox({ tableName, client: store.documentClient }), secrets: SECRETS, automations: [WebinarWorkflow], services: benchServices(), timers: new QueueTimers(queue), invokeWorker: async () => undefined });
  for (let i = 0; i < count; i++) {
    const due = Date.now() + 3_000 + Math.floor(Math.random() * 1_000);
    await runtime.engine.start(WebinarWorkflow, { email: `late${i}-${Math.random()}@example.com`, webinarAt: new Date(due + 30 * 60_000).toISOString() });
  }
  const deadline = Date.now() + 60_000;
  while (late.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  queue.stop();
  return late.sort((a, b) => a - b);
}

async function main(client: DynamoDBClient): Promise<void> {
  const into: { path: Path | null; figures?: Figures; units: Units | null } = { path: null, units: null };
  countCapacity(client, () => {
    if (into.units) return (u) => add(into.units!, u);
    if (into.figures && into.path) return (u) => add(into.figures![into.path!].units, u);
    return null;
  });
  console.log(`All-in cost per executed node, ${INSTANCES} instances per flow, list prices ${PRICES.region}:`);
  console.log(`  DynamoDB on-demand $${PRICES.dynamodbPerMillionWru}/M WRU, $${PRICES.dynamodbPerMillionRru}/M RRU (transactional writes ${TRANSACTION_FACTOR === 1 ? 'as DynamoDB Local reports them' : "at DynamoDB's 2 WRU per KB (Local reports 4)"});`);
  console.log(`  Lambda arm64 $${PRICES.lambdaPerMillionRequests}/M requests, $${PRICES.lambdaPerGbSecondArm}/GB-s at api ${MEMORY_GB.api * 1024} MB, webhook ${MEMORY_GB.webhook * 1024} MB, worker ${MEMORY_GB.worker * 1024} MB, advance ${MEMORY_GB.advance * 1024} MB;`);
  console.log(`    billed = measured Node CPU (engine + SDK) + ${NETWORK_MS} ms per DynamoDB request (assumed round trip)`);
  console.log(`  SQS $${PRICES.sqsPerMillionRequests}/M requests (${SQS_REQUESTS_PER_TIMER} per lone timer); API Gateway HTTP API $${PRICES.apiGatewayHttpPerMillion}/M requests; Step Functions Standard $${PRICES.stepFunctionsStandardPerMillionTransitions}/M transitions\n`);

  const flows: FlowCost[] = [];
  for (const scenario of process.env.FLOWS === '0' ? [] : EXAMPLES) {
    const tableName = `bench-cost-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    await createTable(client, tableName);
    const f = await measure(scenario, async () => {
      const store = new DynamoStore({ tableName, client, onCapacity: (u) => into.figures && into.path && add(into.figures[into.path].units, u) });
      return { store, inbox: new DynamoInbox({ tableName, client: store.documentClient }) };
    }, into);
    const memory = await measure(scenario, async () => ({ store: new MemoryStore(), inbox: new MemoryInbox() }), { path: null });
    const cost = flowCost(scenario.name, f);
    flows.push(cost);
    const all = PATHS.reduce((u, p) => ({ read: u.read + f[p].units.read, write: u.write + f[p].units.write, requests: u.requests + f[p].units.requests }), { read: 0, write: 0, requests: 0 });
    const cpu = PATHS.reduce((n, p) => n + f[p].cpuMs, 0);
    const cpuMemory = PATHS.reduce((n, p) => n + memory[p].cpuMs, 0);
    const per = (n: number) => n / f.nodes;
    const c = cost.perNode;
    console.log(`${scenario.name}: ${(f.nodes / INSTANCES).toFixed(1)} nodes, ${(f.timers / INSTANCES).toFixed(1)} timers, ${((f.webhook.activations) / INSTANCES).toFixed(1)} webhooks per instance`);
    console.log(`  per node: ${per(all.write).toFixed(2)} WRU, ${per(all.read).toFixed(2)} RRU, ${per(all.requests).toFixed(2)} DynamoDB requests; Node CPU ${per(cpu).toFixed(2)} ms (SDK ${((cpu - cpuMemory) / Math.max(1, all.requests)).toFixed(2)} ms per request)`);
    console.log(
      `  $ per million nodes: DynamoDB ${usd(c.dynamodb)}, Lambda ${usd(c.lambda)}, timers (SQS) ${usd(c.timers)}, API Gateway ${usd(c.apiGateway)}, Step Functions ${usd(c.stepFunctions)} -> all-in ${usd(c.all)}`,
    );
    const units0 = units();
    for (const p of PATHS) for (const [op, v] of f[p].units.byOperation) {
      const o = units0.byOperation.get(`${p}:${op}`) ?? { requests: 0, read: 0, write: 0 };
      units0.byOperation.set(`${p}:${op}`, { requests: o.requests + v.requests, read: o.read + v.read, write: o.write + v.write });
    }
    if (f.webhook.activations > 0) {
      // the webhook path per webhook: the webhook function (recipient check, inbox record) and the worker (the inbox's writes, the instance's)
      const hooks = f.webhook.activations;
      const path = (p: Path) => `${(f[p].units.requests / hooks).toFixed(2)} req, ${(f[p].units.write / hooks).toFixed(2)} WRU, ${(f[p].units.read / hooks).toFixed(2)} RRU (${formatOperations(f[p].units, hooks)})`;
      console.log(`  per webhook: webhook ${path('webhook')}; worker ${path('worker')}`);
    }
    console.log(`  by path:operation (per node): ${formatOperations(units0, f.nodes)}\n`);
  }

  await measureProcessJobs(client, into);
  await measureWorkflowDecision(client);

  const count = Number(process.env.TIMERS ?? 100);
  const late = await measureLateness(client, count);
  const lone = timerDollars(1e6) + (EARLY_SLEEP_MS / 1000) * MEMORY_GB.advance * PRICES.lambdaPerGbSecondArm * 1e6;
  const grouped = timerDollars(1e6, GROUPED) + (EARLY_SLEEP_MS / 1000) * MEMORY_GB.advance * PRICES.lambdaPerGbSecondArm * 1e6;
  console.log(
    `timers: ${usd(lone)} per million lone timers (${SQS_REQUESTS_PER_TIMER} SQS requests + ${EARLY_SLEEP_MS} ms mean early sleep at ${MEMORY_GB.advance * 1024} MB), ${usd(grouped)} handed over ${GROUPED} to a request ` +
      `(Step Functions Standard: $${(2 * PRICES.stepFunctionsStandardPerMillionTransitions).toFixed(2)}); ` +
      `lateness ${late.length ? `p50 ${percentile(late, 50)} ms, p99 ${percentile(late, 99)} ms, max ${late[late.length - 1]} ms` : 'not measured'} over ${late.length} timers run by their message (of ${count} started; one due before its start returned runs inline) ` +
      `(in-process queue on DynamoDB Local; SQS's delivery after DelaySeconds not included)`,
  );
  if (flows.length) {
    const max = flows.reduce((m, f) => (f.perNode.all > m.perNode.all ? f : m));
    const meanWru = flows.reduce((n, f) => n + f.wruPerNode, 0) / flows.length;
    console.log(`  (the most expensive flow: ${max.name})`);
    console.log(`all-in $ per million nodes (max over flows): ${max.perNode.all.toFixed(2)}`);
    console.log(`write units per node (mean over flows): ${meanWru.toFixed(2)}`);
  }
}

await withDynamoDB(main);
