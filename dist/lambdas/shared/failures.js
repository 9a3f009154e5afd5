import { AutomationError, InstanceBusyError, LeaseLostError } from '../../lib/engine/errors.js';
/**
 * Whether retrying cannot help: the engine refused the work for a reason that will not
 * change (unknown instance, no receiver, missing data, a finished instance). Such work is
 * logged and dropped; anything else is thrown so that Lambda or Step Functions retries it
 * and, when retries run out, parks it in the dead-letter queue.
 */
export function isPermanent(error) {
    return error instanceof AutomationError && error.status < 500 && !(error instanceof InstanceBusyError) && !(error instanceof LeaseLostError);
}
