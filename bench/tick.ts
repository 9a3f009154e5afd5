/**
 * npm run bench:tick: 100,000 waiting instances of which 1,000 are due. Finding what is due
 * must read about 1,000 index entries, not 100,000 (django-automations loads every
 * unfinished instance on every tick).
 *
 * Runs against DynamoDB Local (started here, in memory) unless AWS_ENDPOINT_URL or
 * AUTOMATIONS_DYNAMODB_ENDPOINT points elsewhere. Options: WAITING=100000 DUE=1000.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore, type CapacityUse } from '../lib/aws/dynamo-store.js';
import { createTable } from '../lib/aws/table-schema.js';
import type { InstanceState } from '../lib/engine/state.js';
import { withDynamoDB } from './dynamodb.js';

const WAITING = Number(process.env.WAITING ?? 100_000);
const DUE = Number(process.env.DUE ?? 1_000);
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

function waiting(i: number, dueAt: number): InstanceState {
  return {
    id: randomUUID(), automation: i % 3 ? 'WebinarWorkflow' : 'Reminder', version: 3, status: 'waiting',
    data: { email: `user${i}@example.com`, webinarAt: new Date(NOW + 86_400_000).toISOString(), mails: ['welcome'] },
    paths: [{ id: 0, node: 'sendReminder', task: 2, taskCreated: NOW - 3_600_000, frames: [] }],
    nextSeq: 3, nextPathId: 1, created: NOW - 3_600_000, updated: NOW - 3_600_000, finishedAt: null,
    dueAt, uniqueKey: null, lease: null, anchors: {}, error: null,
  };
}

async function main(client: DynamoDBClient): Promise<void> {
  const tableName = `bench-tick-${Date.now()}`;
  await createTable(client, tableName);
  const uses: CapacityUse[] = [];
  const store = new DynamoStore({ tableName, client, onCapacity: (u) => uses.push(u) });

  // Seed with BatchWriteItem, 25 items a request, 16 requests in flight.
  const t0 = Date.now();
  const total = WAITING;
  let next = 0;
  const batch = () => {
    const items = [];
    for (let k = 0; k < 25 && next < total; k++, next++) {
      const i = next;
      // The first DUE instances are due (spread over the last hour); the rest wake within the next 30 days.
      const dueAt = i < DUE ? NOW - 3_600_000 + Math.floor((i * 3_600_000) / DUE) : NOW + 60_000 + ((i * 7_919) % (30 * 86_400_000));
      items.push({ PutRequest: { Item: store.instanceItem(waiting(i, dueAt)) } });
    }
    return items;
  };
  const worker = async () => {
    for (let items = batch(); items.length > 0; items = batch()) {
      let pending = items;
      while (pending.length > 0) {
        const out = await store.documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  console.log(`seeded ${total.toLocaleString('en-US')} waiting instances (${DUE.toLocaleString('en-US')} due) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Warm up once, then time due().
  await store.due(NOW, DUE);
  uses.length = 0;
  const t1 = performance.now();
  const due = await store.due(NOW, DUE);
  const ms = performance.now() - t1;
  const indexRead = uses.filter((u) => u.operation === 'due').reduce((n, u) => n + (u.scanned ?? 0), 0);
  const headsRead = uses.filter((u) => u.operation === 'batchGet').reduce((n, u) => n + (u.scanned ?? 0), 0);
  const queries = uses.filter((u) => u.operation === 'due').length;
  const batches = uses.filter((u) => u.operation === 'batchGet').length;
  const read = uses.reduce((n, u) => n + u.read, 0);
  const sorted = due.every((s, i) => i === 0 || s.dueAt! >= due[i - 1]!.dueAt!);
  console.log(
    `due(now, ${DUE}) -> ${due.length} instances, earliest first: ${sorted}; read ${indexRead} due-index entries (${queries} queries over ${store.dueShards} shards) ` +
      `and ${headsRead} instance heads (${batches} BatchGetItem), ${read.toFixed(1)} read request units, ${ms.toFixed(0)} ms`,
  );

  // For contrast (SCAN=1; slow on DynamoDB Local): what a scan of every waiting instance reads.
  if (process.env.SCAN === '1') {
    const t2 = performance.now();
    let scannedAll = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await store.documentClient.send(
        new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }),
      );
      scannedAll += out.ScannedCount ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    console.log(`for contrast, a Scan reads ${scannedAll.toLocaleString('en-US')} items in ${(performance.now() - t2).toFixed(0)} ms`);
  }
  if (due.length !== DUE || indexRead > DUE * 1.1 + store.dueShards || headsRead > DUE * 1.1 || !sorted) {
    console.error('FAILED: due() did not read O(due) items or returned the wrong set');
    process.exitCode = 1;
  }
}

await withDynamoDB(main);
