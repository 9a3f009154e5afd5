import type { Context } from 'aws-lambda';
import { attemptDelivery, handedRecord, redriveDue } from './shared/deliveries.js';
import { isPermanent } from './shared/failures.js';
import type { WorkerJob } from '../lib/app/jobs.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import type { RuntimeProvider } from '../lib/app/runtime.js';
import { runIds } from './shared/tick.js';

export type WorkerResult =
  | { status: 'done'; job: WorkerJob['type']; detail?: unknown }
  | { status: 'rejected'; job: WorkerJob['type']; error: string };

/**
 * The worker function, invoked asynchronously (webhook hand-offs, tick fan-out batches) or by
 * the background state machine (threaded Execute nodes). A delivery's own failures are
 * recorded on its inbox record (pending with a backoff, or dead); what is thrown is what a
 * retry can fix (Lambda's async retries, or the state machine's Retry, then the DLQ).
 */
export function createWorkerHandler(provider: RuntimeProvider) {
  return instrumented<WorkerJob, WorkerResult>(async (job: WorkerJob, _context: Context) => {
    const runtime = await provider();
    try {
      switch (job.type) {
        case 'background': {
          const run = await runtime.engine.runBackground(job.job);
          metrics.addMetric('background.completed', MetricUnit.Count, 1);
          return { status: 'done', job: job.type, detail: run ? { status: run.status } : { skipped: 'already taken or gone' } };
        }
        case 'delivery': {
          const record = await attemptDelivery(runtime, job.id, handedRecord(runtime, job));
          return { status: 'done', job: job.type, detail: record ? { status: record.status, attempts: record.attempts, outcome: record.outcome, lastError: record.lastError } : { missing: job.id } };
        }
        case 'deliveries': {
          return { status: 'done', job: job.type, detail: await redriveDue(runtime, job.ids) };
        }
        case 'run': {
          const out = await runIds(runtime, job.ids);
          metrics.addMetric('tick.ran', MetricUnit.Count, out.ran);
          if (out.failed.length) logger.error('Some due instances failed', { failed: out.failed });
          return { status: 'done', job: job.type, detail: out };
        }
        default:
          throw new Error(`Unknown worker job ${JSON.stringify(job)}`);
      }
    } catch (error) {
      if (!isPermanent(error)) throw error;
      logger.warn('Worker job rejected', { job, error: error as Error });
      metrics.addMetric('worker.rejected', MetricUnit.Count, 1);
      return { status: 'rejected', job: job.type, error: (error as Error).message };
    }
  });
}

export const handler = createWorkerHandler(lambdaRuntime);
