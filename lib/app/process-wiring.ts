import type { ActionLogger, ActionRegistry } from '../engine/actions/registry.js';
import type { Engine } from '../engine/engine.js';
import { upsertProcesses } from '../engine/processes/define.js';
import { ProcessRuntime } from '../engine/processes/runtime.js';
import { ProcessService } from '../engine/processes/service.js';
import { InvalidProcessError } from '../engine/processes/validate-process.js';
import type { DeclaredProcesses, DeclaredProcessSync, ProcessEnvironment, ProcessSurface } from './runtime.js';

/**
 * Processes on a runtime's engine: the ProcessRuntime (which takes over the engine's `process`
 * and `process-schedule` definitions) and the service. Loaded by createRuntime on first use
 * (runtime.ts): a chunk of its own in the Lambda bundles.
 */
export function processParts(options: { engine: Engine; actions: ActionRegistry; logger: ActionLogger; defaultTaskTimeoutMs?: number }): ProcessSurface {
  const runtime = new ProcessRuntime({
    engine: options.engine, actions: options.actions, logger: options.logger,
    ...(options.defaultTaskTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTaskTimeoutMs }),
  });
  return { runtime, service: new ProcessService(runtime) };
}

/** Saves each declared process whose document differs from the stored head; an invalid one is logged and left out. */
export async function syncProcesses(service: ProcessService, logger: ActionLogger, declared: DeclaredProcesses | undefined, env: ProcessEnvironment): Promise<DeclaredProcessSync[]> {
  const documents = typeof declared === 'function' ? declared(env) : (declared ?? []);
  const out: DeclaredProcessSync[] = [];
  for (const doc of documents) {
    try {
      const [result] = await upsertProcesses(service, [doc]);
      out.push(result!);
    } catch (error) {
      if (!(error instanceof InvalidProcessError)) throw error;
      logger.error('A process declared in code is invalid; it was not saved', { process: doc.name, error });
      out.push({ name: doc.name, saved: 'invalid' });
    }
  }
  return out;
}
