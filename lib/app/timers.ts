import * as z from 'zod';
import type { RunResult } from '../engine/run-result.js';

/**
 * Precise timers on SQS delay queues (docs/architecture.md, "Timers").
 *
 * The due index in DynamoDB is the source of truth; a timer message is only an alarm clock
 * that wakes the advance function at the due second. When a run parks an instance on a time
 * wait within the horizon (at most SQS's 15-minute DelaySeconds), the runtime sends a message
 * right away; later waits are read from the due index by the tick, which sends the messages of
 * what falls due within the next horizon, grouped by due second. On arrival, a message runs an
 * instance only if its head's dueAt is still the one in the message: a duplicate, or a message
 * for a wait that moved, is a no-op. A lost message costs precision, never the timer: the tick
 * runs every due instance within a minute.
 */
export interface TimerRequest {
  instanceId: string;
  /** Epoch milliseconds. */
  at: number;
}

/** SQS's longest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

/**
 * A message is sent to arrive up to this much before the due time; the advance function sleeps
 * off the rest. Rounding the delay up instead would make every timer up to a second late
 * (DelaySeconds has whole seconds); this keeps lateness under 1 s minus this, at a mean sleep of
 * EARLY²/2 s per timer (20 ms at 200 ms).
 */
export const TIMER_EARLY_MS = 200;

/** Timers due in the same second share a message, up to this many (one advance invocation runs them in parallel). */
export const MAX_TIMERS_PER_MESSAGE = 50;

/** The message body: timers due in the same second. */
export const TimerMessageSchema = z.object({
  v: z.literal(1),
  timers: z
    .array(z.object({ id: z.string().min(1).max(200), dueAt: z.number().int().nonnegative() }).strict())
    .min(1)
    .max(MAX_TIMERS_PER_MESSAGE),
}).strict();
export type TimerMessage = z.infer<typeof TimerMessageSchema>;

export interface OutgoingTimerMessage {
  body: TimerMessage;
  /** 0…900. */
  delaySeconds: number;
}

/** The port: the AWS adapter sends to SQS (lib/aws/sqs-timer-queue.ts), the local stack keeps messages in-process (lib/local/timer-queue.ts). */
export interface TimerQueue {
  /** Sends every message (batched as the queue allows); throws if any could not be sent. */
  send(messages: readonly OutgoingTimerMessage[]): Promise<void>;
}

export interface TimerScheduler {
  /** Sends the timers' messages; throws if some could not be sent. */
  schedule(requests: readonly TimerRequest[]): Promise<void>;
}

/** Whole seconds to delay a message sent at `now` for a timer due at `dueAt` (arriving at most TIMER_EARLY_MS early). */
export function delaySecondsFor(dueAt: number, now: number, earlyMs = TIMER_EARLY_MS): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt - earlyMs - now) / 1000)));
}

/** The messages for `requests` sent at `now`: one per delay second, at most MAX_TIMERS_PER_MESSAGE timers each. */
export function timerMessages(requests: readonly TimerRequest[], now: number): OutgoingTimerMessage[] {
  const bySecond = new Map<number, TimerMessage['timers']>();
  for (const r of requests) {
    const delay = delaySecondsFor(r.at, now);
    const list = bySecond.get(delay) ?? [];
    list.push({ id: r.instanceId, dueAt: Math.floor(r.at) });
    bySecond.set(delay, list);
  }
  const out: OutgoingTimerMessage[] = [];
  for (const [delaySeconds, timers] of [...bySecond.entries()].sort((a, b) => a[0] - b[0])) {
    for (let i = 0; i < timers.length; i += MAX_TIMERS_PER_MESSAGE) out.push({ delaySeconds, body: { v: 1, timers: timers.slice(i, i + MAX_TIMERS_PER_MESSAGE) } });
  }
  return out;
}

/** Timers through a TimerQueue. */
export class QueueTimers implements TimerScheduler {
  constructor(private readonly queue: TimerQueue, private readonly now: () => number = Date.now) {}

  async schedule(requests: readonly TimerRequest[]): Promise<void> {
    if (requests.length === 0) return;
    await this.queue.send(timerMessages(requests, this.now()));
  }
}

/**
 * The timer a run asks for, if any: a time wait within the horizon. The horizon here is the
 * tick's plus a margin (HANDOVER_INDEX_LAG_MS), so that a wait left to the tick was committed
 * well before the tick that hands it over reads the (eventually consistent) due index.
 */
export function timerFor(run: Pick<RunResult, 'id' | 'status' | 'wake'>, now: number, horizonMs: number): TimerRequest | undefined {
  if (run.wake.kind !== 'at' || run.status === 'finished' || run.status === 'error') return undefined;
  if (run.wake.at - now > horizonMs + HANDOVER_INDEX_LAG_MS) return undefined;
  return { instanceId: run.id, at: run.wake.at };
}

/** See timerFor: how long a commit may take to show in the due index (a GSI). */
export const HANDOVER_INDEX_LAG_MS = 5_000;

export interface DueEntry {
  id: string;
  dueAt: number;
}

/** Instances due in (from, to]: the tick's hand-over of far waits to timers (DynamoStore.dueBetween). */
export interface DueWindow {
  dueBetween(from: number, to: number, limit: number): Promise<DueEntry[]>;
}

/**
 * How far the tick has handed the due index over to timers: the next tick starts there, so each
 * wait gets one message however the ticks fall (late, missed, twice). Lib/aws/handover-mark.ts.
 */
export interface HandoverMark {
  read(): Promise<number | undefined>;
  /** Moves the mark to `to` unless it is already there or further (a conditional write). */
  advance(to: number): Promise<void>;
}

/** The hand-over mark in memory (one process: tests, and a runtime given none). */
export class MemoryHandoverMark implements HandoverMark {
  private until: number | undefined;

  async read(): Promise<number | undefined> {
    return this.until;
  }

  async advance(to: number): Promise<void> {
    if (this.until === undefined || this.until < to) this.until = to;
  }
}
