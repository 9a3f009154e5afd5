import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TimerRequest, TimerScheduler } from '../app/timers.js';
import type { BackgroundJob } from '../engine/run-result.js';

/**
 * Precise timers. When a run parks an instance on a time wait (RunResult.wake = {kind:'at'}),
 * the runtime starts an execution of the timer state machine: Wait until the timestamp, then
 * invoke the advance function (with retries, and a dead-letter queue behind them). The
 * execution name is derived from the instance and the due time, so scheduling the same wake
 * twice is harmless (Step Functions refuses a second execution of the same name).
 * Polled conditions (wake 'poll') are left to the tick. Waits further away than the horizon
 * are left too: the tick hands them to a timer when they come within it.
 */

/** What the timer state machine receives (and passes on to the advance function). */
export interface TimerInput {
  instanceId: string;
  /** ISO-8601 due time: the Wait state's TimestampPath. */
  at: string;
  dueAt: number;
}


/** Step Functions execution names: at most 80 characters of [A-Za-z0-9_-]. */
export function executionName(prefix: string, ...parts: (string | number)[]): string {
  const name = [prefix, ...parts].map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
  return name.length <= 80 ? name : name.slice(0, 80);
}

/**
 * `t-<instance>-<due ms>`: the same wake scheduled twice is one execution. A wake that is already
 * due when it is reported (a run that yielded, or one that parked while a timer for the same
 * time fired and found the instance busy) gets the current time appended: the execution of
 * that name may have run already, and this wake must still run.
 */
export function timerExecutionName({ instanceId, at }: TimerRequest, now = Date.now()): string {
  const due = Math.floor(at);
  return due <= now ? executionName('t', instanceId, due, Math.floor(now)) : executionName('t', instanceId, due);
}

/**
 * `bg-<instance>-<task>-<minute>`: duplicates of one dispatch (retries) are one execution, while
 * the engine's re-dispatch of a job whose runner was lost (one lease, 5 minutes, later) is a new
 * one. Running a job twice is harmless anyway: `runBackground` claims the job first.
 */
/** One name per dispatch: retries of a dispatch share it; the engine's re-dispatch (after a lost runner) carries a new time. */
export const backgroundExecutionName = ({ instanceId, task, dispatchedAt }: BackgroundJob) => executionName('bg', instanceId, task, dispatchedAt);

export function timerInput({ instanceId, at }: TimerRequest): TimerInput {
  return { instanceId, at: new Date(at).toISOString(), dueAt: Math.floor(at) };
}

async function startOnce(client: SFNClient, stateMachineArn: string, name: string, input: unknown): Promise<'started' | 'exists'> {
  try {
    await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    return 'started';
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as { name?: string }).name === 'ExecutionAlreadyExists') return 'exists';
    throw error;
  }
}

export class StepFunctionsTimers implements TimerScheduler {
  constructor(private readonly client: SFNClient, private readonly stateMachineArn: string) {}

  schedule(request: TimerRequest): Promise<'started' | 'exists'> {
    return startOnce(this.client, this.stateMachineArn, timerExecutionName(request), timerInput(request));
  }
}

/** The worker payload for a threaded Execute node. */
export interface BackgroundWork {
  type: 'background';
  job: BackgroundJob;
}

/** Engine `dispatchBackground` through the background state machine (Retry, then Catch to the DLQ). */
export class StepFunctionsBackground {
  constructor(private readonly client: SFNClient, private readonly stateMachineArn: string) {}

  async dispatch(job: BackgroundJob): Promise<void> {
    const input: BackgroundWork = { type: 'background', job };
    await startOnce(this.client, this.stateMachineArn, backgroundExecutionName(job), input);
  }
}
