import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { TIMER_EARLY_MS, TimerMessageSchema, type TimerMessage } from '../lib/app/timers.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import type { Runtime, RuntimeProvider } from '../lib/app/runtime.js';
import { eachLimited } from './shared/tick.js';

/**
 * What one timer of a message came to. `stale`: the instance's dueAt is no longer the message's
 * (it moved on, was woken by a message, or this is a duplicate); `busy`: another runner holds
 * it or it stopped being due; `requeued`: the message came more than the early tolerance
 * before its time (a sender's clock ahead), and was sent again for the rest.
 */
export type TimerOutcome =
  | { id: string; outcome: 'ran'; status: string; lateMs: number }
  | { id: string; outcome: 'stale' | 'gone' | 'finished' | 'busy' | 'requeued' };

/** How early a message may come and be slept off (it is sent to arrive at most TIMER_EARLY_MS early). */
const EARLY_TOLERANCE_MS = TIMER_EARLY_MS + 1_000;
/** Timers of one invocation run in parallel, this many at a time. */
const CONCURRENCY = 16;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the timers of one message: each only if the instance's head still has the message's dueAt. */
export async function advanceTimers(runtime: Runtime, timers: TimerMessage['timers']): Promise<TimerOutcome[]> {
  const { engine } = runtime;
  const outcomes: TimerOutcome[] = [];
  await eachLimited(timers, CONCURRENCY, async ({ id, dueAt }) => {
    const state = await engine.get(id);
    if (!state) return void outcomes.push({ id, outcome: 'gone' });
    if (state.status === 'finished' || state.status === 'error') return void outcomes.push({ id, outcome: 'finished' });
    if (state.dueAt !== dueAt) return void outcomes.push({ id, outcome: 'stale' });
    const early = dueAt - engine.clock.now();
    if (early > EARLY_TOLERANCE_MS) {
      await runtime.timers.schedule([{ instanceId: id, at: dueAt }]);
      return void outcomes.push({ id, outcome: 'requeued' });
    }
    if (early > 0) await sleep(early);
    const startedAt = engine.clock.now();
    // runDue: leases the instance only if it is still due and free (one conditional write), else skips it without a write.
    const report = await engine.runDue({ ids: [id], concurrency: 1 });
    const failed = report.failed[0];
    if (failed) throw new Error(`Timer of ${id}: ${failed.error}`);
    const run = report.ran[0];
    if (!run) return void outcomes.push({ id, outcome: 'busy' });
    const lateMs = Math.max(0, startedAt - dueAt);
    outcomes.push({ id, outcome: 'ran', status: run.status, lateMs });
  });
  return outcomes;
}

/**
 * The timer queue's consumer (an SQS event source): runs each message's timers. A message
 * whose timers failed is reported back (ReportBatchItemFailures) and comes again after the
 * visibility timeout, then goes to the dead-letter queue; its timers that did run are stale by
 * then, so a retry repeats nothing. A malformed message is reported the same way, so that it
 * ends in the dead-letter queue where a person sees it.
 */
export function createAdvanceHandler(provider: RuntimeProvider) {
  return instrumented<SQSEvent, SQSBatchResponse>(async (event: SQSEvent) => {
    const runtime = await provider();
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    await Promise.all((event.Records ?? []).map(async (record) => {
      let body: TimerMessage;
      try {
        body = TimerMessageSchema.parse(JSON.parse(record.body));
      } catch (error) {
        logger.error('Malformed timer message; it goes to the dead-letter queue after its retries', { messageId: record.messageId, error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
        return;
      }
      try {
        const outcomes = await advanceTimers(runtime, body.timers);
        for (const o of outcomes) {
          metrics.addMetric(`timer.${o.outcome}`, MetricUnit.Count, 1);
          if (o.outcome === 'ran') metrics.addMetric('timer.lateness', MetricUnit.Milliseconds, o.lateMs);
        }
        logger.info('Timers', { messageId: record.messageId, outcomes });
      } catch (error) {
        logger.error('A timer failed; the message comes again', { messageId: record.messageId, error: error as Error });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }));
    return { batchItemFailures };
  });
}

export const handler = createAdvanceHandler(lambdaRuntime);
