import type { BackgroundJob } from '../engine/run-result.js';
import type { DeliveryRecord } from './inbox.js';

export type { Recipient } from './inbox.js';

/**
 * What the worker function is invoked with (asynchronously, or by the background state
 * machine). Deliveries travel by id: the inbox record (lib/app/inbox.ts) holds the payload; a
 * hand-off carries the record as accepted too (when it fits), so the worker need not read it.
 */
export type WorkerJob =
  | { type: 'background'; job: BackgroundJob }
  /** One accepted delivery, right after it was recorded (the hand-off); `record` as accepted with `handOff`, sealed with the engine's secret. */
  | { type: 'delivery'; id: string; record?: DeliveryRecord; seal?: string }
  /** A batch of pending deliveries the tick fans out. */
  | { type: 'deliveries'; ids: string[] }
  | { type: 'run'; ids: string[] };
