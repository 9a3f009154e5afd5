/**
 * Latency over the local stack (`npm run bench:latency`): a signed webhook is accepted (202),
 * its receiver runs in the worker, and the next node executes — p50/p99 of each, measured
 * from the moment the webhook is sent. Then precise timers: how late a timed node runs
 * after its due time. Everything runs in this process on DynamoDB Local, as with npm start.
 * Every DynamoDB request of the webhook path (from sending the webhook to the stack being idle)
 * is timed, so the report shows what the path is made of: requests per webhook, by command.
 *
 *   ROUNDS=200 TIMERS=30 npm run bench:latency
 */
import '../lib/local/env-defaults.js';
import { randomUUID } from 'node:crypto';
import { Automation, flow as untyped, type Task } from '../lib/engine/index.js';
import { signWebhook } from '../lib/app/webhook-signature.js';
import { startLocalStack } from '../lib/local/stack.js';
import type { DynamoStore } from '../lib/aws/dynamo-store.js';

const now = () => performance.timeOrigin + performance.now();

interface ProbeData {
  probe: string;
  receivedAt?: number;
  executedAt?: number;
}
const flow = untyped.typed<ProbeData>();

/** Waits for a message; the node after the receiver records when it ran. */
class LatencyProbe extends Automation<ProbeData> {
  start = flow.Execute(() => undefined);
  next = flow.Execute((task: Task<ProbeData>) => {
    task.data.executedAt = now();
  }).AsSoonAs((task: Task<ProbeData>) => task.data.receivedAt !== undefined);
  end = flow.End();

  receivePing() {
    this.data.receivedAt = now();
  }
}

interface TimerData {
  dueAt: number;
  firedAt?: number;
}
const timerFlow = untyped.typed<TimerData>();

class TimerProbe extends Automation<TimerData> {
  fire = timerFlow.Execute((task: Task<TimerData>) => {
    task.data.firedAt = now();
  }).AfterWaitingUntil((task: Task<TimerData>) => task.data.dueAt);
  end = timerFlow.End();
}

interface Call {
  command: string;
  /** What the request touched: the item type of its key (INST, DLV, …). */
  item: string;
  start: number;
  end: number;
}

/** The item type a request touched: the prefix of its partition key (`INST#…` → INST), or the index it queried. */
function itemKind(input: unknown): string {
  const i = input as { Key?: { pk?: unknown }; Item?: { pk?: unknown }; IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> };
  const raw = i.Key?.pk ?? i.Item?.pk ?? i.ExpressionAttributeValues?.[':pk'];
  const pk = typeof raw === 'object' && raw !== null && 'S' in raw ? (raw as { S: unknown }).S : raw; // marshalled or not
  const kind = typeof pk === 'string' ? pk.split('#')[0]! : '?';
  return i.IndexName ? `${i.IndexName}:${kind}` : kind;
}

/** Round trips in sequence: requests that overlap in time count once. */
function roundTrips(calls: readonly Call[]): number {
  let trips = 0;
  let until = -Infinity;
  for (const c of [...calls].sort((a, b) => a.start - b.start)) {
    if (c.start >= until) trips++;
    until = c.start >= until ? c.end : Math.max(until, c.end);
  }
  return trips;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   max ${Math.max(...values).toFixed(1).padStart(7)} ms`;

async function main(): Promise<void> {
  const rounds = Number(process.env.ROUNDS ?? 200);
  const warmup = Math.min(20, Math.floor(rounds / 5));
  const timers = Number(process.env.TIMERS ?? 30);
  const stack = await startLocalStack({ automations: [LatencyProbe, TimerProbe], port: 0, dataDir: null, tickIntervalMs: 60_000 });
  const engine = stack.runtime.engine;
  // every DynamoDB request while `recording` is set: its command, what it touched, when it started and ended
  let recording: Call[] | undefined;
  (stack.runtime.store as DynamoStore).documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const started = now();
      try {
        return await next(args);
      } finally {
        recording?.push({ command: String(context.commandName ?? 'unknown').replace(/Command$/, ''), item: itemKind(args.input), start: started, end: now() });
      }
    },
    { step: 'initialize', name: 'latencyBenchTimer' },
  );
  const requests: { calls: Call[]; executedAt: number }[] = [];
  try {
    const accepted: number[] = [];
    const received: number[] = [];
    const executed: number[] = [];
    for (let i = 0; i < warmup + rounds; i++) {
      const instance = await engine.start(LatencyProbe, { probe: randomUUID() });
      const body = JSON.stringify({ instance: instance.id, deliveryId: randomUUID(), data: {} });
      const headers = signWebhook({ secret: stack.webhookSecret, automation: 'LatencyProbe', message: 'ping', body });
      const calls: Call[] = [];
      recording = calls;
      const sent = now();
      const response = await fetch(`${stack.url}/webhooks/LatencyProbe/ping`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      const answered = now();
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      await stack.idle();
      recording = undefined;
      let state = await engine.get(instance.id);
      for (let tries = 0; state?.status !== 'finished' && tries < 200; tries++) {
        await new Promise((r) => setTimeout(r, 5));
        state = await engine.get(instance.id);
      }
      const data = state!.data as unknown as ProbeData;
      if (i < warmup) continue;
      accepted.push(answered - sent);
      received.push(data.receivedAt! - sent);
      executed.push(data.executedAt! - sent);
      requests.push({ calls, executedAt: data.executedAt! });
    }

    const lateness: number[] = [];
    const ids: string[] = [];
    const base = Date.now() + 1_500;
    for (let i = 0; i < timers; i++) ids.push((await engine.start(TimerProbe, { dueAt: base + i * 50 })).id);
    const deadline = Date.now() + 15_000 + timers * 50;
    for (const id of ids) {
      let state = await engine.get(id);
      while (state?.status !== 'finished' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        state = await engine.get(id);
      }
      const data = state!.data as unknown as TimerData;
      if (data.firedAt === undefined) throw new Error(`timer of ${id} did not fire`);
      lateness.push(data.firedAt - data.dueAt);
    }

    console.log(`\nLatency over the local stack (Node ${process.version}, DynamoDB Local, ${rounds} webhooks after ${warmup} warm-up, ${timers} timers)\n`);
    console.log(`  webhook sent → 202 accepted          ${fmt(accepted)}`);
    console.log(`  webhook sent → receiver ran          ${fmt(received)}`);
    console.log(`  webhook sent → next node executed    ${fmt(executed)}`);
    console.log(`  due time → timed node executed       ${fmt(lateness)}   (target: < 1000 ms)`);
    const byCommand = new Map<string, number[]>();
    for (const round of requests) for (const call of round.calls) byCommand.set(call.command, [...(byCommand.get(call.command) ?? []), call.end - call.start]);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const total = mean(requests.map((r) => r.calls.length));
    const sequential = mean(requests.map((r) => roundTrips(r.calls)));
    const beforeNext = requests.map((r) => r.calls.filter((c) => c.start < r.executedAt));
    console.log(`\n  DynamoDB requests on the webhook path (sent → stack idle): ${total.toFixed(1)} per webhook (${sequential.toFixed(1)} in sequence), ${mean(requests.map((r) => r.calls.reduce((a, c) => a + c.end - c.start, 0))).toFixed(1)} ms per webhook in total`);
    console.log(`  before the next node ran: ${mean(beforeNext.map((c) => c.length)).toFixed(1)} per webhook (${mean(beforeNext.map(roundTrips)).toFixed(1)} in sequence)`);
    for (const [command, times] of [...byCommand].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`    ${command.padEnd(22)}${(times.length / requests.length).toFixed(2).padStart(6)} per webhook   ${fmt(times)}`);
    }
    // the most common sequence, request by request ('|' marks the next node running)
    const sequences = new Map<string, number>();
    for (const r of requests) {
      const steps = [...r.calls].sort((a, b) => a.start - b.start);
      const at = steps.findIndex((c) => c.start >= r.executedAt);
      const names = steps.map((c) => `${c.command} ${c.item}`);
      names.splice(at < 0 ? names.length : at, 0, '| next node');
      const text = names.join(' → ');
      sequences.set(text, (sequences.get(text) ?? 0) + 1);
    }
    const [common, count] = [...sequences].sort((a, b) => b[1] - a[1])[0]!;
    console.log(`\n  the commonest sequence (${count} of ${requests.length} webhooks):\n    ${common.split(' → ').join('\n    ')}`);
    console.log(`\nwebhook → next node p99: ${percentile(executed, 99).toFixed(1)} ms`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
