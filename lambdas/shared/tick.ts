import { redriveDue } from './deliveries.js';
import { logger } from './observability.js';
import type { Runtime } from '../../lib/app/runtime.js';

export interface TickSummary {
  /** Instances found due (at most tickMaxDue). */
  due: number;
  ran: number;
  busy: number;
  failed: { id: string; automation: string; error: string }[];
  /** Instances handed to worker invocations. */
  fannedOut: number;
  /** Far waits that came within the timer horizon and got their timer. */
  handedOver: number;
  /** Pending deliveries past their grace period: how many were found, and where those attempted here stand now. */
  deliveries: { due: number; applied: number; pending: number; dead: number; fannedOut: number };
}

/** Runs `worker` over `items` with at most `concurrency` at a time. */
export async function eachLimited<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) await worker(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Runs the given instances if they are still due and nobody holds them (a fan-out batch of
 * the tick). The engine's lease makes a second runner of the same instance back off.
 */
export async function runIds(runtime: Runtime, ids: readonly string[]): Promise<Pick<TickSummary, 'ran' | 'busy' | 'failed'>> {
  const report = await runtime.engine.runDue({ ids, concurrency: runtime.settings.tickConcurrency });
  return { ran: report.ran.length, busy: ids.length - report.ran.length - report.failed.length, failed: report.failed };
}

/**
 * One tick (the successor of `automation_step`): runs what is due — polled conditions,
 * Repeat schedules, timers that were missed — in bounded parallel batches; when more is due
 * than one batch, the rest goes to worker invocations in batches. Then hands the waits that
 * came within the timer horizon to timer messages (SQS).
 */
export async function runTick(runtime: Runtime, options: { fanOut?: boolean } = {}): Promise<TickSummary> {
  const now = runtime.engine.clock.now();
  // independent work: none waits for another
  const [instances, deliveries, handedOver] = await Promise.all([runInstances(runtime, now, options), redrivePending(runtime, now, options), handOver(runtime, now)]);
  return { ...instances, handedOver, deliveries };
}

/**
 * Re-drives the deliveries still pending after their grace period (the hand-off was lost, the
 * worker died or timed out, the instance was busy, an attempt failed and its backoff is over).
 */
export async function redrivePending(runtime: Runtime, now: number, options: { fanOut?: boolean } = {}): Promise<TickSummary['deliveries']> {
  const { settings } = runtime;
  const due = (await runtime.inbox.dueDeliveries(now, settings.deliveryMaxDue)).map((r) => r.id);
  let mine = due;
  let fannedOut = 0;
  if (options.fanOut !== false && due.length > settings.tickBatchSize) {
    mine = due.slice(0, settings.tickBatchSize);
    const others: string[][] = [];
    for (let i = settings.tickBatchSize; i < due.length; i += settings.tickBatchSize) others.push(due.slice(i, i + settings.tickBatchSize));
    await Promise.all(others.map((ids) => runtime.invokeWorker({ type: 'deliveries', ids })));
    fannedOut = due.length - mine.length;
  }
  return { due: due.length, ...(await redriveDue(runtime, mine)), fannedOut };
}

async function runInstances(runtime: Runtime, now: number, options: { fanOut?: boolean }): Promise<Omit<TickSummary, 'handedOver' | 'deliveries'>> {
  const { engine, store, settings } = runtime;
  const due = await store.due(now, settings.tickMaxDue);
  let summary: Pick<TickSummary, 'ran' | 'busy' | 'failed'>;
  let fannedOut = 0;
  if (options.fanOut === false || due.length <= settings.tickBatchSize) {
    const report = await engine.runDue({ limit: options.fanOut === false ? settings.tickMaxDue : settings.tickBatchSize, concurrency: settings.tickConcurrency });
    summary = { ran: report.ran.length, busy: report.busy.length, failed: report.failed };
  } else {
    const ids = due.map((d) => d.id);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += settings.tickBatchSize) batches.push(ids.slice(i, i + settings.tickBatchSize));
    const [mine, ...others] = batches;
    await Promise.all(others.map((batch) => runtime.invokeWorker({ type: 'run', ids: batch })));
    fannedOut = others.reduce((n, b) => n + b.length, 0);
    summary = await runIds(runtime, mine!);
  }
  return { due: due.length, ...summary, fannedOut };
}

/** The most waits one tick hands over (the next tick goes on from the last one handed over). */
export const HANDOVER_MAX = 10_000;

/**
 * Sends the timer messages of the waits that came within the horizon since the last hand-over:
 * (mark, now + horizon], the mark then moved to the end. Each wait is handed over once, whether
 * ticks come late, twice or not at all (a wait already due is this tick's to run, not a timer's).
 * If the messages cannot be sent, the mark stays and the next tick tries again.
 */
export async function handOver(runtime: Runtime, now: number): Promise<number> {
  const window = runtime.dueWindow;
  if (!window) return 0;
  const to = now + runtime.settings.timerHorizonMs;
  const mark = await runtime.handoverMark.read();
  const from = Math.max(now, mark ?? now);
  if (to <= from) return 0;
  const entries = await window.dueBetween(from, to, HANDOVER_MAX);
  try {
    await runtime.timers.schedule(entries.map((e) => ({ instanceId: e.id, at: e.dueAt })));
  } catch (error) {
    logger.warn('Could not send the timers of the hand-over; the next tick tries again (the tick runs them if they fall due first)', { from, to, waits: entries.length, error: error as Error });
    return 0;
  }
  // Cut short: waits due at the last one's time may be left; the next tick starts just before it.
  const reached = entries.length >= HANDOVER_MAX ? entries[entries.length - 1]!.dueAt - 1 : to;
  await runtime.handoverMark.advance(reached);
  return entries.length;
}
