import type { BackgroundJob } from '../../lib/engine/run-result.js';
export type { Recipient } from '../../lib/aws/inbox.js';
/**
 * What the worker function is invoked with (asynchronously, or by the background state
 * machine). Deliveries travel by id: the inbox record (lib/aws/inbox.ts) holds the payload.
 */
export type WorkerJob = {
    type: 'background';
    job: BackgroundJob;
}
/** One accepted delivery, right after it was recorded (the hand-off). */
 | {
    type: 'delivery';
    id: string;
}
/** A batch of pending deliveries the tick fans out. */
 | {
    type: 'deliveries';
    ids: string[];
} | {
    type: 'run';
    ids: string[];
};
