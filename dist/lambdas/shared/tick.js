import { redriveDue } from './deliveries.js';
/** Runs `worker` over `items` with at most `concurrency` at a time. */
export async function eachLimited(items, concurrency, worker) {
    let next = 0;
    const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
        while (next < items.length)
            await worker(items[next++]);
    });
    await Promise.all(lanes);
}
/**
 * Runs the given instances if they are still due and nobody holds them (a fan-out batch of
 * the tick). The engine's lease makes a second runner of the same instance back off.
 */
export async function runIds(runtime, ids) {
    const report = await runtime.engine.runDue({ ids, concurrency: runtime.settings.tickConcurrency });
    return { ran: report.ran.length, busy: ids.length - report.ran.length - report.failed.length, failed: report.failed };
}
/**
 * One tick (the successor of `automation_step`): runs what is due — polled conditions,
 * Repeat schedules, timers that were missed — in bounded parallel batches; when more is due
 * than one batch, the rest goes to worker invocations in batches. Then hands the waits that
 * came within the timer horizon to Step Functions timers.
 */
export async function runTick(runtime, options = {}) {
    const now = runtime.engine.clock.now();
    // independent work: none waits for another
    const [instances, deliveries, handedOver] = await Promise.all([runInstances(runtime, now, options), redrivePending(runtime, now, options), handOver(runtime, now)]);
    return { ...instances, handedOver, deliveries };
}
/**
 * Re-drives the deliveries still pending after their grace period (the hand-off was lost, the
 * worker died or timed out, the instance was busy, an attempt failed and its backoff is over).
 */
export async function redrivePending(runtime, now, options = {}) {
    const { settings } = runtime;
    const due = (await runtime.inbox.dueDeliveries(now, settings.deliveryMaxDue)).map((r) => r.id);
    let mine = due;
    let fannedOut = 0;
    if (options.fanOut !== false && due.length > settings.tickBatchSize) {
        mine = due.slice(0, settings.tickBatchSize);
        const others = [];
        for (let i = settings.tickBatchSize; i < due.length; i += settings.tickBatchSize)
            others.push(due.slice(i, i + settings.tickBatchSize));
        await Promise.all(others.map((ids) => runtime.invokeWorker({ type: 'deliveries', ids })));
        fannedOut = due.length - mine.length;
    }
    return { due: due.length, ...(await redriveDue(runtime, mine)), fannedOut };
}
async function runInstances(runtime, now, options) {
    const { engine, store, settings } = runtime;
    const due = await store.due(now, settings.tickMaxDue);
    let summary;
    let fannedOut = 0;
    if (options.fanOut === false || due.length <= settings.tickBatchSize) {
        const report = await engine.runDue({ limit: options.fanOut === false ? settings.tickMaxDue : settings.tickBatchSize, concurrency: settings.tickConcurrency });
        summary = { ran: report.ran.length, busy: report.busy.length, failed: report.failed };
    }
    else {
        const ids = due.map((d) => d.id);
        const batches = [];
        for (let i = 0; i < ids.length; i += settings.tickBatchSize)
            batches.push(ids.slice(i, i + settings.tickBatchSize));
        const [mine, ...others] = batches;
        await Promise.all(others.map((batch) => runtime.invokeWorker({ type: 'run', ids: batch })));
        fannedOut = others.reduce((n, b) => n + b.length, 0);
        summary = await runIds(runtime, mine);
    }
    return { due: due.length, ...summary, fannedOut };
}
/** Starts timers for waits now within the horizon that were beyond it when the instance parked. */
export async function handOver(runtime, now) {
    const window = runtime.dueWindow;
    if (!window)
        return 0;
    const { timerHorizonMs, handoffWindowMs } = runtime.settings;
    const entries = await window.dueBetween(now + timerHorizonMs - handoffWindowMs, now + timerHorizonMs, 1_000);
    await eachLimited(entries, 8, (entry) => runtime.scheduleTimer({ instanceId: entry.id, at: entry.dueAt }));
    return entries.length;
}
