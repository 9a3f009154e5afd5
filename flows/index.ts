import type { AutomationClass } from '../lib/engine/index.js';
import { WebinarWorkflow } from './webinar.js';

export { WebinarWorkflow };

/** The example automations the local stack and the deployed stack register. */
export const automations: readonly AutomationClass[] = [WebinarWorkflow];
