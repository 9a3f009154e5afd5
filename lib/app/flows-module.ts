import type { ActionDefinition } from '../engine/actions/registry.js';
import type { AutomationClass } from '../engine/definition.js';
import type { DeclaredProcesses } from './runtime.js';
import type { ServicesFactory } from './services.js';

/**
 * What a flows module (flows/index.ts, or a team's own, e.g. src/flows/index.ts) gives a runtime:
 * the construct bundles it into the functions (as `#flows`), the local stack and `automations dev`
 * load it.
 */
export interface FlowsModule {
  automations: readonly AutomationClass[];
  /** Actions process tasks may name, beside http, startAutomation and sendMessage. */
  actions?: readonly ActionDefinition<unknown>[];
  /** Processes kept in code, saved when they differ from the stored head. */
  processes?: DeclaredProcesses;
  /** The flows' own services (a database client) from the platform's mailer and HTTP client; default: the platform's. */
  services?: ServicesFactory;
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
  if (module.services !== undefined && typeof module.services !== 'function') throw new Error(`${where}: services, when exported, must be a function of the platform's services`);
  return module as FlowsModule;
}
