import { InstanceBusyError, InstanceNotFoundError, InstanceStateError } from '../lib/engine/errors.js';
import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
/** A timer may fire up to this much early (Step Functions waits to the second); the rest is slept off. */
const EARLY_TOLERANCE_MS = 2_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * The timer state machine's target: runs the instance if it is (about to be) due. A stale
 * timer (the instance moved on, was killed, or is due later) does nothing; a busy instance
 * is left to its current runner. Anything else is thrown, for the state machine to retry.
 */
export function createAdvanceHandler(provider) {
    return instrumented(async (input) => {
        const runtime = await provider();
        const { engine } = runtime;
        const state = await engine.get(input.instanceId);
        if (!state)
            return { ran: false, reason: 'gone' };
        if (state.status === 'finished' || state.status === 'error')
            return { ran: false, reason: 'finished' };
        let now = engine.clock.now();
        if (state.dueAt === null || state.dueAt > now + EARLY_TOLERANCE_MS)
            return { ran: false, reason: 'not-due' };
        if (state.dueAt > now) {
            await sleep(state.dueAt - now);
            now = engine.clock.now();
        }
        try {
            const run = await engine.run(input.instanceId);
            const lateMs = Math.max(0, now - input.dueAt);
            metrics.addMetric('timer.fired', MetricUnit.Count, 1);
            metrics.addMetric('timer.lateness', MetricUnit.Milliseconds, lateMs);
            logger.info('Timer fired', { instanceId: input.instanceId, dueAt: input.at, lateMs, status: run.status });
            return { ran: true, status: run.status, lateMs };
        }
        catch (error) {
            if (error instanceof InstanceBusyError)
                return { ran: false, reason: 'busy' };
            if (error instanceof InstanceNotFoundError)
                return { ran: false, reason: 'gone' };
            if (error instanceof InstanceStateError)
                return { ran: false, reason: 'finished' };
            throw error;
        }
    });
}
export const handler = createAdvanceHandler(lambdaRuntime);
