import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { BackgroundJob } from '../engine/run-result.js';
import { clientConfig } from './aws-clients.js';

/**
 * Threaded Execute nodes (and process tasks) run through the background state machine: Step
 * Functions Standard earns its price there (retries with backoff over minutes, then a dead
 * letter, for work that may run up to the worker's 5 minutes). Timers no longer use it
 * (lib/app/timers.ts: SQS delay queues).
 */

/** Step Functions execution names: at most 80 characters of [A-Za-z0-9_-]. */
export function executionName(prefix: string, ...parts: (string | number)[]): string {
  const name = [prefix, ...parts].map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
  return name.length <= 80 ? name : name.slice(0, 80);
}

/**
 * `bg-<instance>-<task>-<dispatchedAt>`: duplicates of one dispatch (retries) are one execution,
 * while the engine's re-dispatch of a job whose runner was lost (one lease later) is a new one.
 * Running a job twice is harmless anyway: `runBackground` claims the job first.
 */
export const backgroundExecutionName = ({ instanceId, task, dispatchedAt }: BackgroundJob) => executionName('bg', instanceId, task, dispatchedAt);

/** The worker payload for a threaded Execute node. */
export interface BackgroundWork {
  type: 'background';
  job: BackgroundJob;
}

/** Engine `dispatchBackground` through the background state machine (Retry, then Catch to the DLQ). */
export class StepFunctionsBackground {
  constructor(private readonly client: SFNClient, private readonly stateMachineArn: string) {}

  async dispatch(job: BackgroundJob): Promise<'started' | 'exists'> {
    const input: BackgroundWork = { type: 'background', job };
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: backgroundExecutionName(job), input: JSON.stringify(input) }));
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as { name?: string }).name === 'ExecutionAlreadyExists') return 'exists';
      throw error;
    }
  }
}

export const createSfnClient = () => new SFNClient(clientConfig('SFN'));
