import type { BackgroundJob } from '../../lib/engine/run-result.js';
import type { Json } from '../../lib/engine/json.js';

/** Who a webhook delivery or an event message goes to. */
export type Recipient = { id: string } | { key: string } | 'broadcast' | 'create';

/** A webhook delivery accepted by the webhook function, continued by the worker. */
export interface Delivery {
  automation: string;
  message: string;
  to: Recipient;
  token?: string;
  data: Record<string, Json>;
  /** Scoped idempotency key: `<automation>/<message>/<deliveryId or signature>`. */
  idempotencyKey: string;
  /** Epoch ms when the webhook function accepted it. */
  acceptedAt: number;
}

/** What the worker function is invoked with (asynchronously, or by the background state machine). */
export type WorkerJob =
  | { type: 'background'; job: BackgroundJob }
  | { type: 'delivery'; delivery: Delivery }
  | { type: 'run'; ids: string[] };
