/**
 * Latency over the local stack (`npm run bench:latency`): a signed webhook is accepted (202),
 * its receiver runs in the worker, and the next node executes — p50/p99 of each, measured
 * from the moment the webhook is sent. Then precise timers: how late a timed node runs
 * after its due time. Everything runs in this process on DynamoDB Local, as with npm start.
 *
 *   ROUNDS=200 TIMERS=30 npm run bench:latency
 */
import '../lib/local/env-defaults.js';
import { randomUUID } from 'node:crypto';
import { Automation, flow as untyped, type Task } from '../lib/engine/index.js';
import { signWebhook } from '../lib/aws/webhook-signature.js';
import { startLocalStack } from '../lib/local/stack.js';

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
  try {
    const accepted: number[] = [];
    const received: number[] = [];
    const executed: number[] = [];
    for (let i = 0; i < warmup + rounds; i++) {
      const instance = await engine.start(LatencyProbe, { probe: randomUUID() });
      const body = JSON.stringify({ instance: instance.id, deliveryId: randomUUID(), data: {} });
      const headers = signWebhook({ secret: stack.webhookSecret, automation: 'LatencyProbe', message: 'ping', body });
      const sent = now();
      const response = await fetch(`${stack.url}/webhooks/LatencyProbe/ping`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      const answered = now();
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
      await stack.idle();
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
    console.log('');
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
