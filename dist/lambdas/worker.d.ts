import type { Context } from 'aws-lambda';
import type { WorkerJob } from './shared/jobs.js';
import type { RuntimeProvider } from './shared/runtime.js';
export type WorkerResult = {
    status: 'done';
    job: WorkerJob['type'];
    detail?: unknown;
} | {
    status: 'rejected';
    job: WorkerJob['type'];
    error: string;
};
/**
 * The worker function, invoked asynchronously (webhook hand-offs, tick fan-out batches) or by
 * the background state machine (threaded Execute nodes). A delivery's own failures are
 * recorded on its inbox record (pending with a backoff, or dead); what is thrown is what a
 * retry can fix (Lambda's async retries, or the state machine's Retry, then the DLQ).
 */
export declare function createWorkerHandler(provider: RuntimeProvider): import("@middy/core").MiddyfiedHandler<WorkerJob, WorkerResult, Error, Context, {}>;
export declare const handler: import("@middy/core").MiddyfiedHandler<WorkerJob, WorkerResult, Error, Context, {}>;
