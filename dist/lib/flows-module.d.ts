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
export declare function checkFlowsModule(loaded: unknown, where: string): FlowsModule;
