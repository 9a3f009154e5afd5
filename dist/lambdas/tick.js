import { lambdaRuntime } from './shared/lambda-runtime.js';
import { instrumented, logger, metrics, MetricUnit } from './shared/observability.js';
import { runTick } from './shared/tick.js';
/**
 * The tick, every minute: runs what is due (conditions, Repeat schedules, missed timers) and
 * hands far waits to timers. The same function runs the daily history clean-up.
 */
export function createTickHandler(provider) {
    return instrumented(async (event) => {
        const runtime = await provider();
        if ('task' in event && event.task === 'history') {
            const days = event.days ?? runtime.settings.retentionDays;
            const counts = await runtime.engine.deleteHistory(days);
            metrics.addMetric('history.deletedInstances', MetricUnit.Count, counts.instances);
            logger.info('History deleted', { days, ...counts });
            return { task: 'history', instances: counts.instances, tasks: counts.tasks };
        }
        // Processes declared in flows/ are saved once per container, before its first tick fires schedules.
        await runtime.syncDeclaredProcesses().catch((error) => logger.error('Could not save the processes declared in code; the next tick tries again', { error: error }));
        const summary = await runTick(runtime);
        metrics.addMetric('tick.due', MetricUnit.Count, summary.due);
        metrics.addMetric('tick.ran', MetricUnit.Count, summary.ran);
        metrics.addMetric('tick.busy', MetricUnit.Count, summary.busy);
        metrics.addMetric('tick.failed', MetricUnit.Count, summary.failed.length);
        metrics.addMetric('tick.fannedOut', MetricUnit.Count, summary.fannedOut);
        metrics.addMetric('timers.handedOver', MetricUnit.Count, summary.handedOver);
        metrics.addMetric('deliveries.redriven', MetricUnit.Count, summary.deliveries.due);
        metrics.addMetric('deliveries.dead', MetricUnit.Count, summary.deliveries.dead);
        if (summary.failed.length)
            logger.error('Some due instances failed', { failed: summary.failed });
        return { task: 'tick', ...summary };
    });
}
export const handler = createTickHandler(lambdaRuntime);
