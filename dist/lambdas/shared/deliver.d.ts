import type { Json } from '../../lib/engine/json.js';
import type { AutomationClass } from '../../lib/engine/definition.js';
import type { DeliveryGuard } from '../../lib/engine/deliveries.js';
import type { Engine } from '../../lib/engine/engine.js';
import type { Recipient } from '../../lib/aws/inbox.js';
/**
 * Checks up front what the engine checks on delivery: the automation exists, has a receiver
 * for `message`, and (given `data`) the data satisfies the receiver's requirements (422).
 */
export declare function requireReceiver(engine: Engine, automation: string, message: string, data?: unknown): AutomationClass;
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
export declare function deliverMessage(engine: Engine, automation: string, message: string, to: Recipient, token: string | undefined, data: Record<string, unknown>, guard?: DeliveryGuard): Promise<DeliveryOutcome>;
