import type { Json } from '../engine/json.js';
import type { DeliveryGuard } from '../engine/deliveries.js';
import type { Engine } from '../engine/engine.js';
import type { Recipient } from './inbox.js';

export interface DeliveryOutcome {
  instanceId: string | null;
  results: Json[];
  /** The instance had applied this delivery already (only with a guard, to one instance). */
  duplicate: boolean;
}

/**
 * Delivers a message to the recipient: one instance (by id or key), every running one, or a
 * new one. With a guard, each instance applies the delivery at most once (see
 * lib/engine/deliveries.ts); a create-on-message creates at most one instance for it.
 */
export async function deliverMessage(
  engine: Engine,
  automation: string,
  message: string,
  to: Recipient,
  token: string | undefined,
  data: Record<string, unknown>,
  guard?: DeliveryGuard,
): Promise<DeliveryOutcome> {
  const cls = engine.checkReceiver(automation, message);
  const options = guard ? { delivery: guard } : {};
  if (to === 'broadcast') return { instanceId: null, results: await engine.broadcastMessage(cls, message, token, data, options), duplicate: false };
  if (to === 'create') {
    const delivery = await engine.createOnMessage(cls, message, token, data, options);
    return { instanceId: delivery.instanceId, results: [delivery.result], duplicate: delivery.duplicate ?? false };
  }
  const id = 'id' in to ? to.id : engine.idFromKey(to.key);
  const delivery = await engine.sendMessage(id, message, token, data, { automation: cls, ...options });
  return { instanceId: delivery.instanceId, results: [delivery.result], duplicate: delivery.duplicate ?? false };
}
