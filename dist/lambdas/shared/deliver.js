import { isValidMessageName, receiverName, unmetRequirements } from '../../lib/engine/messages.js';
import { DataValidationError, MessageRequirementsError, NoReceiverError } from '../../lib/engine/errors.js';
/**
 * Checks up front what the engine checks on delivery: the automation exists, has a receiver
 * for `message`, and (given `data`) the data satisfies the receiver's requirements (422).
 */
export function requireReceiver(engine, automation, message, data) {
    const def = engine.definition(automation);
    if (!isValidMessageName(message))
        throw new DataValidationError(`"${message}" is not a valid message name (letters, digits, _ and -)`);
    const key = receiverName(message).slice('receive'.length).replace(/^./, (c) => c.toLowerCase());
    const receiver = def.receivers.get(key);
    if (!receiver)
        throw new NoReceiverError(def.name, message);
    if (data !== undefined) {
        const unmet = unmetRequirements(receiver.requirements, data);
        if (unmet.length)
            throw new MessageRequirementsError(def.name, message, unmet);
    }
    return def.cls;
}
/**
 * Delivers a message to the recipient: one instance (by id or key), every running one, or a
 * new one. With a guard, each instance applies the delivery at most once (see
 * lib/engine/deliveries.ts); a create-on-message creates at most one instance for it.
 */
export async function deliverMessage(engine, automation, message, to, token, data, guard) {
    const cls = requireReceiver(engine, automation, message);
    const options = guard ? { delivery: guard } : {};
    if (to === 'broadcast')
        return { instanceId: null, results: await engine.broadcastMessage(cls, message, token, data, options), duplicate: false };
    if (to === 'create') {
        const delivery = await engine.createOnMessage(cls, message, token, data, options);
        return { instanceId: delivery.instanceId, results: [delivery.result], duplicate: delivery.duplicate ?? false };
    }
    const id = 'id' in to ? to.id : engine.idFromKey(to.key);
    const delivery = await engine.sendMessage(id, message, token, data, { automation: cls, ...options });
    return { instanceId: delivery.instanceId, results: [delivery.result], duplicate: delivery.duplicate ?? false };
}
