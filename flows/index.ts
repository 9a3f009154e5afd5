import type { AutomationClass } from '../lib/engine/authoring.js';
import type { ActionDefinition } from '../lib/engine/actions/registry.js';
import type { ProcessDocument } from '../lib/engine/processes/types.js';
import type { ProcessEnvironment } from '../lib/app/runtime.js';
import { DailyDigest } from './daily-digest.js';
import { IssueDiscussion } from './issue-discussion.js';
import { nightlyReport, reportActions } from './nightly-report.js';
import { ProcessInput } from './process-input.js';
import { WebinarWorkflow } from './webinar.js';

export { DailyDigest, IssueDiscussion, ProcessInput, WebinarWorkflow };

/** The example automations the local stack and the deployed stack register. */
export const automations: readonly AutomationClass[] = [WebinarWorkflow, IssueDiscussion, ProcessInput, DailyDigest];

/** Actions process tasks may name, beside the built-in http, startAutomation and sendMessage. */
export const actions: readonly ActionDefinition<unknown>[] = [...reportActions];

/**
 * Processes kept in git: saved as a new version at start-up (npm start) and at the first tick
 * of each deployed tick container when they differ from the stored head (a version saved
 * through the API is replaced by the code's on the next start). The example calls an endpoint
 * only the local stack serves, so it is declared locally only; declare yours unconditionally.
 */
export function processes(env: ProcessEnvironment): ProcessDocument[] {
  return env.local && env.baseUrl ? [nightlyReport({ echoUrl: `${env.baseUrl}/_local/echo` })] : [];
}
