/**
 * Write units per executed node, per flow, counted by a wrapper around the DynamoDB client
 * (not by the store's own accounting): every request the store sends gets
 * `ReturnConsumedCapacity: INDEXES`, and what DynamoDB (Local) answers is summed — the table
 * and each index separately. TransactWriteItems count at DynamoDB's 2 units per item-KB
 * (DynamoDB Local reports 4, see bench/cost.ts).
 *
 * `npm run bench:write-units` prints the table; `measureWriteUnits(client)` returns it, for
 * bench/cost.ts ("write units per node (mean over flows)").
 *
 * Flows: the straight 5-node flow of bench/engine.ts and the example flows, from
 * bench/scenarios.ts (the scenarios bench/cost.ts drives too: timers by advancing a virtual
 * clock and running what is due, forms submitted, messages sent right after the start), and a
 * message to a waiting instance (one parked on a one-day timer).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore } from '../lib/aws/dynamo-store.js';
import { createTable } from '../lib/aws/table-schema.js';
import { ManualClock } from '../lib/engine/clock.js';
import { Engine } from '../lib/engine/engine.js';
import { Automation, flow as untyped } from '../lib/engine/index.js';
import { APPROVER, assertNoError, benchServices, driveScenario, EXAMPLES, START, STRAIGHT, type Scenario } from './scenarios.js';

/** Waits a day for its one node; a `note` message changes its data. */
class Waiting extends Automation<{ notes: number }> {
  static override meta = { name: 'BenchWaiting' };
  hold = untyped.typed<{ notes: number }>().Execute(() => undefined).AfterWaitingFor({ days: 1 });
  end = untyped.typed<{ notes: number }>().End();
  receiveNote() {
    this.data.notes += 1;
  }
}

const FLOWS: readonly Scenario[] = [STRAIGHT, ...EXAMPLES];

/** Units by where they were written: the table, or an index by name. */
export type UnitsByTarget = Record<string, number>;

export interface FlowWriteUnits {
  name: string;
  instances: number;
  nodes: number;
  writeUnits: number;
  perNode: number;
  byTarget: UnitsByTarget;
  byCommand: Record<string, number>;
}

export interface WriteUnitsReport {
  flows: FlowWriteUnits[];
  /** Mean over the example flows (the straight flow left out) of write units per node. */
  meanOverExamples: number;
  /** Write units a message to a waiting instance costs (receiver ran, no node). */
  messageToWaiting: { writeUnits: number; byTarget: UnitsByTarget };
}

interface Capacity {
  TableName?: string;
  CapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number; WriteCapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number; WriteCapacityUnits?: number }>;
}

const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

/** A counter that sees every write request the client sends and what it consumed. */
export class WriteCounter {
  enabled = true;
  total = 0;
  readonly byTarget: UnitsByTarget = {};
  readonly byCommand: Record<string, number> = {};

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = (context as { commandName?: string }).commandName ?? '';
        if (!WRITE_COMMANDS.has(command)) return next(args);
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity = 'INDEXES';
        const out = await next(args);
        if (this.enabled) this.count(command, (out.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
        return out;
      },
      { step: 'initialize', name: 'countWriteUnits' },
    );
  }

  reset(): void {
    this.total = 0;
    for (const key of Object.keys(this.byTarget)) delete this.byTarget[key];
    for (const key of Object.keys(this.byCommand)) delete this.byCommand[key];
  }

  private count(command: string, consumed: Capacity | Capacity[] | undefined): void {
    // DynamoDB bills a transactional write twice (prepare, commit); Local reports it four times.
    const factor = command === 'TransactWriteItemsCommand' ? 0.5 : 1;
    const units = (c: { CapacityUnits?: number; WriteCapacityUnits?: number } | undefined) => (c?.WriteCapacityUnits ?? c?.CapacityUnits ?? 0) * factor;
    for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
      const table = c.Table ? units(c.Table) : units(c) - Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((s, g) => s + units(g), 0);
      this.add('table', command, table);
      for (const [name, g] of Object.entries(c.GlobalSecondaryIndexes ?? {})) this.add(`index ${name}`, command, units(g));
    }
  }

  private add(target: string, command: string, units: number): void {
    if (units === 0) return;
    this.total += units;
    this.byTarget[target] = (this.byTarget[target] ?? 0) + units;
    const name = command.replace(/Command$/, '');
    this.byCommand[name] = (this.byCommand[name] ?? 0) + units;
  }
}

/** The engine's own paths: start, sendMessage, submitForm, and the tick for timers. */
function drive(engine: Engine, clock: ManualClock, scenario: Scenario, i: number): Promise<string> {
  return driveScenario(engine, clock, scenario, i, {
    start: async (s, data) => (await engine.start(s.cls, data)).id,
    message: async (id, m) => void (await engine.sendMessage(id, m.message, undefined, m.data ?? {})),
    submitForm: async (id, task, values) => void (await engine.submitForm({ instanceId: id, task, user: APPROVER, values })),
    timer: async () => void (await engine.runDue()),
    read: (id) => engine.get(id),
  });
}

async function freshStore(client: DynamoDBClient): Promise<DynamoStore> {
  const tableName = `bench-wru-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await createTable(client, tableName);
  return new DynamoStore({ tableName, client });
}

async function measureFlow(client: DynamoDBClient, counter: WriteCounter, scenario: Scenario, instances: number): Promise<FlowWriteUnits> {
  const store = await freshStore(client);
  const clock = new ManualClock(START);
  const engine = new Engine({ store, clock, secret: 'bench-write-units-0123456789', automations: [scenario.cls], services: benchServices() });
  counter.reset();
  let nodes = 0;
  for (let i = 0; i < instances; i++) {
    counter.enabled = true;
    const id = await drive(engine, clock, scenario, i);
    counter.enabled = false;
    assertNoError(scenario, await store.get(id));
    nodes += (await store.tasks(id)).filter((t) => t.finished !== null).length;
    if (scenario.horizon !== undefined) await engine.kill(id);
  }
  counter.enabled = true;
  return {
    name: scenario.name,
    instances,
    nodes: nodes / instances,
    writeUnits: counter.total / instances,
    perNode: counter.total / nodes,
    byTarget: Object.fromEntries(Object.entries(counter.byTarget).map(([k, v]) => [k, v / instances])),
    byCommand: Object.fromEntries(Object.entries(counter.byCommand).map(([k, v]) => [k, v / instances])),
  };
}

/** A message to an instance parked on a one-day timer: the units of that one delivery (the receiver runs, no node does). */
async function measureMessage(client: DynamoDBClient, counter: WriteCounter, instances: number): Promise<WriteUnitsReport['messageToWaiting']> {
  const store = await freshStore(client);
  const engine = new Engine({ store, clock: new ManualClock(START), secret: 'bench-write-units-0123456789', automations: [Waiting] });
  counter.enabled = false;
  const ids: string[] = [];
  for (let i = 0; i < instances; i++) ids.push((await engine.start(Waiting, { notes: 0 })).id);
  counter.reset();
  counter.enabled = true;
  for (const id of ids) await engine.sendMessage(id, 'note');
  const report = { writeUnits: counter.total / ids.length, byTarget: Object.fromEntries(Object.entries(counter.byTarget).map(([k, v]) => [k, v / ids.length])) };
  counter.reset();
  return report;
}

export async function measureWriteUnits(client: DynamoDBClient, instances = Number(process.env.INSTANCES ?? 10)): Promise<WriteUnitsReport> {
  const counter = new WriteCounter(client);
  const flows: FlowWriteUnits[] = [];
  for (const scenario of FLOWS) flows.push(await measureFlow(client, counter, scenario, instances));
  const examples = flows.filter((f) => f.name !== STRAIGHT.name);
  const meanOverExamples = examples.reduce((s, f) => s + f.perNode, 0) / examples.length;
  const messageToWaiting = await measureMessage(client, counter, instances);
  return { flows, meanOverExamples, messageToWaiting };
}

export function formatWriteUnits(report: WriteUnitsReport): string {
  const fmt = (n: number) => n.toFixed(2);
  const lines = ['flow | nodes | write units per instance | per node | by target (per instance)', '--- | --- | --- | --- | ---'];
  for (const f of report.flows) {
    const targets = Object.entries(f.byTarget).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    lines.push(`${f.name} | ${fmt(f.nodes)} | ${fmt(f.writeUnits)} | ${fmt(f.perNode)} | ${targets}`);
  }
  lines.push('');
  lines.push(`message to a waiting instance: ${fmt(report.messageToWaiting.writeUnits)} write units (${Object.entries(report.messageToWaiting.byTarget).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`);
  lines.push(`write units per node (mean over the example flows): ${fmt(report.meanOverExamples)}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const { withDynamoDB } = await import('./dynamodb.js');
  await withDynamoDB(async (client) => console.log(formatWriteUnits(await measureWriteUnits(client))));
}
