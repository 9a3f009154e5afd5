import type { ActionDefinition } from './engine/actions/registry.js';
import type { AutomationClass } from './engine/definition.js';
import type { DeclaredProcesses } from '../lambdas/shared/runtime.js';

/**
 * What a team's flows entry (e.g. src/flows/index.ts) exports: the automations (required), and
 * optionally the actions and processes of processes. The construct bundles this module into the
 * functions (as `#flows`), the local stack and `automations dev` load it.
 */
export interface FlowsModule {
  automations: readonly AutomationClass[];
  actions?: readonly ActionDefinition<unknown>[];
  processes?: DeclaredProcesses;
}

/** Checks a loaded flows module; the error names the module and what is wrong. */
export function checkFlowsModule(loaded: unknown, where: string): FlowsModule {
  const module = loaded as Partial<Record<keyof FlowsModule, unknown>>;
  if (!Array.isArray(module.automations)) throw new Error(`${where} does not export an array named automations`);
  if (module.automations.some((a) => typeof a !== 'function')) throw new Error(`${where}: every entry of automations must be an Automation class`);
  if (module.actions !== undefined && !Array.isArray(module.actions)) throw new Error(`${where}: actions, when exported, must be an array`);
  if (module.processes !== undefined && !Array.isArray(module.processes) && typeof module.processes !== 'function') {
    throw new Error(`${where}: processes, when exported, must be an array of process documents or a function returning one`);
  }
  return module as FlowsModule;
}
