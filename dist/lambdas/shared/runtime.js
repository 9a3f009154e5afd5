import { Engine } from '../../lib/engine/engine.js';
import { eventTriggersOf } from '../../lib/aws/event-triggers.js';
import { timerFor } from '../../lib/aws/timers.js';
import { ActionRegistry, createBuiltInActions } from '../../lib/engine/actions/index.js';
import { upsertProcesses } from '../../lib/engine/processes/define.js';
import { ProcessRuntime } from '../../lib/engine/processes/runtime.js';
import { ProcessService } from '../../lib/engine/processes/service.js';
import { InvalidProcessError } from '../../lib/engine/processes/validate-process.js';
import { logger } from './observability.js';
export const DEFAULT_SETTINGS = {
    timerHorizonMs: 24 * 3_600_000,
    handoffWindowMs: 10 * 60_000,
    tickBatchSize: 50,
    tickConcurrency: 8,
    tickMaxDue: 2_500,
    retentionDays: 30,
    webhookToleranceSeconds: 300,
    idempotencySeconds: 24 * 3_600,
    deliveryGraceMs: 120_000,
    deliveryMaxAttempts: 5,
    deliveryBusyRetries: 3,
    deliveryMaxDue: 1_000,
    leaseMs: 5 * 60_000,
    maxBodyBytes: 256 * 1024,
};
/** Powertools' logger as the actions' logger. */
const actionLogger = {
    debug: (message, details) => logger.debug(message, details ?? {}),
    info: (message, details) => logger.info(message, details ?? {}),
    warn: (message, details) => logger.warn(message, details ?? {}),
    error: (message, details) => logger.error(message, details ?? {}),
};
/**
 * Builds the engine and wires the runtime around it: every run that parks on a time wait
 * gets a precise timer; threaded nodes go to `dispatchBackground`.
 */
export function createRuntime(parts) {
    const settings = { ...DEFAULT_SETTINGS, ...parts.settings };
    const scheduleTimer = async (request) => {
        try {
            await parts.timers.schedule(request);
        }
        catch (error) {
            // The tick still runs the instance within a minute of its due time.
            logger.warn('Could not start a timer; the tick will run the instance', { instanceId: request.instanceId, at: request.at, error: error });
        }
    };
    const engine = new Engine({
        store: parts.store,
        automations: parts.automations,
        secret: parts.secrets.engineSecret,
        lease: settings.leaseMs,
        ...(parts.clock ? { clock: parts.clock } : {}),
        ...(parts.timeZone ? { timeZone: parts.timeZone } : {}),
        ...(parts.dispatchBackground ? { dispatchBackground: parts.dispatchBackground } : {}),
        // every run that parks on a time wait within the horizon gets a precise timer
        onRun: async (run) => {
            const timer = timerFor(run, engine.clock.now(), settings.timerHorizonMs);
            if (timer)
                await scheduleTimer(timer);
        },
    });
    const actions = new ActionRegistry(...createBuiltInActions(parts.http ? { http: parts.http } : {}), ...(parts.actions ?? []));
    const processRuntime = new ProcessRuntime({
        engine, actions, logger: actionLogger,
        ...(parts.defaultTaskTimeoutMs === undefined ? {} : { defaultTimeoutMs: parts.defaultTaskTimeoutMs }),
    });
    const processes = new ProcessService(processRuntime);
    let synced;
    const syncDeclaredProcesses = () => {
        synced ??= syncProcesses(processes, parts.processes, parts.processEnvironment ?? { local: false, baseUrl: null }).catch((error) => {
            synced = undefined; // a store error: the next call tries again
            throw error;
        });
        return synced;
    };
    return {
        engine,
        store: parts.store,
        secrets: parts.secrets,
        settings,
        triggers: new Map(eventTriggersOf(parts.automations).map((t) => [t.id, t])),
        inbox: parts.inbox,
        timers: parts.timers,
        dueWindow: parts.dueWindow,
        invokeWorker: parts.invokeWorker,
        scheduleTimer,
        ...(parts.workflows ? { workflows: parts.workflows(engine, parts.inbox) } : {}),
        processes,
        processRuntime,
        syncDeclaredProcesses,
    };
}
async function syncProcesses(service, declared, env) {
    const documents = typeof declared === 'function' ? declared(env) : (declared ?? []);
    const out = [];
    for (const doc of documents) {
        try {
            const [result] = await upsertProcesses(service, [doc]);
            out.push(result);
        }
        catch (error) {
            if (!(error instanceof InvalidProcessError))
                throw error;
            logger.error('A process declared in code is invalid; it was not saved', { process: doc.name, error: error });
            out.push({ name: doc.name, saved: 'invalid' });
        }
    }
    return out;
}
