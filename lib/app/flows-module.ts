import type { ActionDefinition } from '../engine/actions/registry.js';
import type { AutomationClass } from '../engine/definition.js';
import type { DeclaredProcesses } from './runtime.js';
import type { ServicesFactory } from './services.js';

/** What a flows module (flows/index.ts, or a team's own) gives a runtime. */
export interface FlowsModule {
  automations: readonly AutomationClass[];
  /** Actions process tasks may name, beside http, startAutomation and sendMessage. */
  actions?: readonly ActionDefinition<unknown>[];
  /** Processes kept in code, saved when they differ from the stored head. */
  processes?: DeclaredProcesses;
  /** The flows' own services (a database client) from the platform's mailer and HTTP client; default: the platform's. */
  services?: ServicesFactory;
}
