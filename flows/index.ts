import type { AutomationClass } from '../lib/engine/index.js';
import { DailyDigest } from './daily-digest.js';
import { IssueDiscussion } from './issue-discussion.js';
import { ProcessInput } from './process-input.js';
import { WebinarWorkflow } from './webinar.js';

export { DailyDigest, IssueDiscussion, ProcessInput, WebinarWorkflow };

/** The example automations the local stack and the deployed stack register. */
export const automations: readonly AutomationClass[] = [WebinarWorkflow, IssueDiscussion, ProcessInput, DailyDigest];
