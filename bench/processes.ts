/**
 * npm run bench:processes: what processes cost on DynamoDB (Local, started here unless
 * AUTOMATIONS_DYNAMODB_ENDPOINT / AWS_ENDPOINT_URL is set). Prints figures; asserts nothing.
 *
 * (a) The tick with PROCESSES=10000 active scheduled processes of which DUE=100 are due: the
 *     due index, items read (request units and items) and requests, for finding what is due
 *     and for firing it (each fire creates a job, whose first run hands out its task).
 *     The 100 due processes are saved through ProcessService; the others are seeded directly
 *     (their definition through the store, their scheduler record with BatchWriteItem, waiting
 *     for tomorrow's fire time) — the tick never reads them.
 * (b) A WIDTH=1000-task-wide fan-out job run to completion, its attempts run by WORKERS=32
 *     concurrent background runners (as Lambda invocations would): wall time, background runs,
 *     compare-and-set conflicts, busy retries, write and read units.
 *
 * Capacity is what DynamoDB Local reports, transactional writes halved as in bench/cost.ts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { DynamoStore, type CapacityUse } from '../lib/aws/dynamo-store.js';
import { createTable } from '../lib/aws/table-schema.js';
import { ActionRegistry, defineAction } from '../lib/engine/actions/registry.js';
import { ManualClock } from '../lib/engine/clock.js';
import { Engine } from '../lib/engine/engine.js';
import { InstanceBusyError } from '../lib/engine/errors.js';
import type { JsonObject } from '../lib/engine/json.js';
import { nextFireTime, parseCron } from '../lib/engine/processes/cron.js';
import { PROCESS_KIND, ProcessRuntime, SCHEDULE_KIND, schedulerAutomation, schedulerId, type SchedulerData } from '../lib/engine/processes/runtime.js';
import { ProcessService } from '../lib/engine/processes/service.js';
import type { ProcessDocument } from '../lib/engine/processes/types.js';
import type { BackgroundJob } from '../lib/engine/run-result.js';
import type { InstanceState } from '../lib/engine/state.js';
import type { Store } from '../lib/engine/store.js';
import { withDynamoDB } from './dynamodb.js';

const PROCESSES = Number(process.env.PROCESSES ?? 10_000);
const DUE = Number(process.env.DUE ?? 100);
const WIDTH = Number(process.env.WIDTH ?? 1_000);
const WORKERS = Number(process.env.WORKERS ?? 32);
const TRANSACTION_FACTOR = process.env.RAW === '1' ? 1 : 0.5;
const SAVED_AT = Date.UTC(2026, 5, 1, 11, 50, 0);
const TICK_AT = Date.UTC(2026, 5, 1, 12, 0, 20);

interface Meter {
  read: number;
  write: number;
  requests: number;
  itemsScanned: number;
  conflicts: number;
  byOperation: Map<string, { requests: number; read: number; write: number; scanned: number }>;
  reset(): void;
}

function meter(): Meter & { onCapacity: (u: CapacityUse) => void } {
  const m = {
    read: 0, write: 0, requests: 0, itemsScanned: 0, conflicts: 0, byOperation: new Map(),
    reset() {
      m.read = m.write = m.requests = m.itemsScanned = m.conflicts = 0;
      m.byOperation.clear();
    },
    onCapacity(raw: CapacityUse) {
      const write = raw.transaction ? raw.write * TRANSACTION_FACTOR : raw.write;
      m.read += raw.read;
      m.write += write;
      m.requests += 1;
      m.itemsScanned += raw.scanned ?? 0;
      const op = m.byOperation.get(raw.operation) ?? { requests: 0, read: 0, write: 0, scanned: 0 };
      op.requests += 1;
      op.read += raw.read;
      op.write += write;
      op.scanned += raw.scanned ?? 0;
      m.byOperation.set(raw.operation, op);
    },
  } as Meter & { onCapacity: (u: CapacityUse) => void };
  return m;
}

/** Counts commits that lost their compare-and-set. */
function countingConflicts(inner: Store, m: Meter): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (prop !== 'commit') return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        const ok = await (value as (...a: unknown[]) => Promise<boolean>).apply(target, args);
        if (!ok) m.conflicts += 1;
        return ok;
      };
    },
  });
}

const ops = (m: Meter) =>
  [...m.byOperation.entries()]
    .sort((a, b) => b[1].requests - a[1].requests)
    .map(([op, v]) => `${op} ${v.requests} req${v.read ? ` ${v.read.toFixed(1)} RRU` : ''}${v.write ? ` ${v.write.toFixed(1)} WRU` : ''}${v.scanned ? ` ${v.scanned} items` : ''}`)
    .join(', ');

const actions = () =>
  new ActionRegistry(defineAction({ name: 'work', params: z.object({}), run: async (_p, ctx) => ({ done: ctx.process?.task ?? '' }) }));

async function setup(client: DynamoDBClient, prefix: string, options: { dispatch?: (job: BackgroundJob) => Promise<void>; now: number }) {
  const tableName = `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await createTable(client, tableName);
  const m = meter();
  const dynamo = new DynamoStore({ tableName, client, onCapacity: m.onCapacity });
  const store = countingConflicts(dynamo, m);
  const clock = new ManualClock(options.now);
  const engine = new Engine({ store, clock, secret: 'bench-processes-secret-0123', ...(options.dispatch ? { dispatchBackground: options.dispatch } : {}) });
  const runtime = new ProcessRuntime({ engine, actions: actions() });
  return { dynamo, store, clock, engine, runtime, service: new ProcessService(runtime), m, tableName };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function tick(client: DynamoDBClient): Promise<void> {
  const handedOut: BackgroundJob[] = [];
  const s = await setup(client, 'bench-proc-tick', { now: SAVED_AT, dispatch: async (job) => void handedOut.push(job) });
  const t0 = Date.now();
  const doc = (name: string, cron: string): ProcessDocument => ({ name, schedule: { cron }, tasks: [{ name: 'only', action: 'work' }] });
  await pool(Array.from({ length: DUE }, (_, i) => i), 16, async (i) => void (await s.service.save(doc(`due-${String(i).padStart(5, '0')}`, '0 12 * * *'))));

  // the rest: definitions through the store, scheduler records (waiting for tomorrow 03:00) in batches
  const rest = PROCESSES - DUE;
  const nightly = parseCron('0 3 * * *');
  if (!nightly.ok) throw new Error('bad cron');
  const next = nextFireTime(nightly.cron, SAVED_AT, 'UTC');
  // the items saveDefinition writes (head and version 1), in batches rather than one transaction each
  const keys = s.dynamo as unknown as { definitionHeadKey(kind: string, name: string): JsonObject; definitionVersionKey(kind: string, name: string, version: number): JsonObject };
  const records: { PutRequest: { Item: Record<string, unknown> } }[] = Array.from({ length: rest }, (_, i) => {
    const process = `idle-${String(i).padStart(5, '0')}`;
    const d = JSON.stringify(doc(process, '0 3 * * *'));
    return [
      { PutRequest: { Item: { ...keys.definitionHeadKey(PROCESS_KIND, process), v: 1, d, at: SAVED_AT, up: SAVED_AT, active: true } } },
      { PutRequest: { Item: { ...keys.definitionVersionKey(PROCESS_KIND, process, 1), v: 1, d, at: SAVED_AT } } },
    ];
  }).flat();
  records.push(...Array.from({ length: rest }, (_, i) => {
    const process = `idle-${String(i).padStart(5, '0')}`;
    const data: SchedulerData = { process, since: SAVED_AT, lastFire: null, lastJob: null, started: 0, skipped: 0, missed: 0, recent: [] };
    const state: InstanceState = {
      id: schedulerId(process), automation: schedulerAutomation(process), version: 2, status: 'waiting', data: data as unknown as JsonObject,
      paths: [{ id: 0, node: 'fire', task: 1, taskCreated: SAVED_AT, frames: [], waiting: { reason: 'time', until: next } }], nextSeq: 2, nextPathId: 1,
      created: SAVED_AT, updated: SAVED_AT, finishedAt: null, dueAt: next, uniqueKey: null, lease: null, anchors: {}, error: null,
      definition: { kind: SCHEDULE_KIND, name: process, version: 0 },
    };
    return { PutRequest: { Item: s.dynamo.instanceItem(state) as Record<string, unknown> } };
  }));
  await pool(Array.from({ length: Math.ceil(records.length / 25) }, (_, i) => records.slice(i * 25, i * 25 + 25)), 16, async (batch) => {
    let pending = batch;
    while (pending.length) {
      const out = await s.dynamo.documentClient.send(new BatchWriteCommand({ RequestItems: { [s.tableName]: pending } }));
      pending = (out.UnprocessedItems?.[s.tableName] ?? []) as typeof pending;
    }
  });
  console.log(`(a) seeded ${PROCESSES.toLocaleString('en-US')} scheduled processes (${DUE} due at 12:00, the rest at 03:00 tomorrow) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  s.clock.set(TICK_AT);
  s.m.reset();
  const found = await s.dynamo.due(TICK_AT, 1_000);
  const finding = { ...s.m, byOperation: new Map(s.m.byOperation) };
  console.log(`    finding what is due: ${found.length} due; ${finding.requests} requests (${ops(finding)}), ${finding.read.toFixed(1)} RRU`);
  s.m.reset();
  const t1 = performance.now();
  const report = await s.engine.runDue();
  const ms = performance.now() - t1;
  const jobs = report.ran.filter((r) => r.automation.startsWith('process-schedule:')).length;
  console.log(
    `    the whole tick: ran ${report.ran.length} scheduler records (busy ${report.busy.length}, failed ${report.failed.length}), ${handedOut.length} task attempts handed out; ` +
      `${s.m.requests} requests, ${s.m.read.toFixed(1)} RRU (${s.m.itemsScanned} items via Query/BatchGet), ${s.m.write.toFixed(1)} WRU, ${ms.toFixed(0)} ms`,
  );
  console.log(`      by operation: ${ops(s.m)}`);
  console.log(`      per due process: ${(s.m.requests / DUE).toFixed(1)} requests, ${(s.m.read / DUE).toFixed(2)} RRU, ${(s.m.write / DUE).toFixed(2)} WRU (fire, create the job, hand out its task)`);
  if (jobs !== DUE) console.log(`    NOTE: ${jobs} scheduler records ran, expected ${DUE}`);
}

async function fanOut(client: DynamoDBClient): Promise<void> {
  const queue: BackgroundJob[] = [];
  const s = await setup(client, 'bench-proc-wide', { now: TICK_AT, dispatch: async (job) => void queue.push(job) });
  await s.service.save({ name: 'wide', tasks: Array.from({ length: WIDTH }, (_, i) => ({ name: `t${i}`, action: 'work' })) });
  s.m.reset();
  const t0 = performance.now();
  const { id } = await s.runtime.createJob((await s.service.version('wide', 1)), { trigger: 'manual' });
  const created = { requests: s.m.requests, write: s.m.write, ms: performance.now() - t0 };
  let runs = 0;
  let busy = 0;
  let lost = 0;
  await Promise.all(Array.from({ length: WORKERS }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      runs += 1;
      try {
        const r = await s.engine.runBackground(job);
        if (r === null) lost += 1;
      } catch (error) {
        if (!(error instanceof InstanceBusyError)) throw error;
        busy += 1;
        queue.push(job); // the background execution's retry
      }
    }
  }));
  const ms = performance.now() - t0;
  const view = await s.service.getJob(id);
  const finished = view.tasks.filter((t) => t.status === 'finished').length;
  const state = (await s.store.get(id))!;
  const stateBytes = Buffer.byteLength(JSON.stringify(state), 'utf8');
  console.log(`(b) a ${WIDTH}-task-wide fan-out job, ${WORKERS} concurrent background runners: job ${view.status}, ${finished}/${WIDTH} tasks finished, in ${(ms / 1000).toFixed(1)} s`);
  console.log(`    create + first run (every task handed out): ${created.requests} requests, ${created.write.toFixed(1)} WRU, ${created.ms.toFixed(0)} ms`);
  console.log(`    ${runs} background runs (${busy} busy, retried; ${lost} returned without a result), ${s.m.conflicts} compare-and-set conflicts (tried again)`);
  console.log(`    ${s.m.requests} requests, ${s.m.write.toFixed(0)} WRU (${(s.m.write / WIDTH).toFixed(1)} per task), ${s.m.read.toFixed(0)} RRU (${(s.m.read / WIDTH).toFixed(1)} per task); job state ${(stateBytes / 1024).toFixed(0)} KB as JSON`);
  console.log(`      by operation: ${ops(s.m)}`);
}

const PARTS = (process.env.PARTS ?? 'a,b').split(',');
await withDynamoDB(async (client) => {
  if (PARTS.includes('a')) await tick(client);
  if (PARTS.includes('a') && PARTS.includes('b')) console.log('');
  if (PARTS.includes('b')) await fanOut(client);
});

