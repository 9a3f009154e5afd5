import { type SFNClient } from '@aws-sdk/client-sfn';
import type { BackgroundJob, RunResult } from '../engine/run-result.js';
/**
 * Precise timers. When a run parks an instance on a time wait (RunResult.wake = {kind:'at'}),
 * the runtime starts an execution of the timer state machine: Wait until the timestamp, then
 * invoke the advance function (with retries, and a dead-letter queue behind them). The
 * execution name is derived from the instance and the due time, so scheduling the same wake
 * twice is harmless (Step Functions refuses a second execution of the same name).
 * Polled conditions (wake 'poll') are left to the tick. Waits further away than the horizon
 * are left too: the tick hands them to a timer when they come within it.
 */
export interface TimerRequest {
    instanceId: string;
    /** Epoch milliseconds. */
    at: number;
}
/** What the timer state machine receives (and passes on to the advance function). */
export interface TimerInput {
    instanceId: string;
    /** ISO-8601 due time: the Wait state's TimestampPath. */
    at: string;
    dueAt: number;
}
export interface TimerScheduler {
    /** 'exists' when a timer of the same name was already started. */
    schedule(request: TimerRequest): Promise<'started' | 'exists'>;
}
/** Step Functions execution names: at most 80 characters of [A-Za-z0-9_-]. */
export declare function executionName(prefix: string, ...parts: (string | number)[]): string;
/**
 * `t-<instance>-<due ms>`: the same wake scheduled twice is one execution. A wake that is already
 * due when it is reported (a run that yielded, or one that parked while a timer for the same
 * time fired and found the instance busy) gets the current time appended: the execution of
 * that name may have run already, and this wake must still run.
 */
export declare function timerExecutionName({ instanceId, at }: TimerRequest, now?: number): string;
/**
 * `bg-<instance>-<task>-<minute>`: duplicates of one dispatch (retries) are one execution, while
 * the engine's re-dispatch of a job whose runner was lost (one lease, 5 minutes, later) is a new
 * one. Running a job twice is harmless anyway: `runBackground` claims the job first.
 */
/** One name per dispatch: retries of a dispatch share it; the engine's re-dispatch (after a lost runner) carries a new time. */
export declare const backgroundExecutionName: ({ instanceId, task, dispatchedAt }: BackgroundJob) => string;
export declare function timerInput({ instanceId, at }: TimerRequest): TimerInput;
export declare class StepFunctionsTimers implements TimerScheduler {
    private readonly client;
    private readonly stateMachineArn;
    constructor(client: SFNClient, stateMachineArn: string);
    schedule(request: TimerRequest): Promise<'started' | 'exists'>;
}
/** The worker payload for a threaded Execute node. */
export interface BackgroundWork {
    type: 'background';
    job: BackgroundJob;
}
/** Engine `dispatchBackground` through the background state machine (Retry, then Catch to the DLQ). */
export declare class StepFunctionsBackground {
    private readonly client;
    private readonly stateMachineArn;
    constructor(client: SFNClient, stateMachineArn: string);
    dispatch(job: BackgroundJob): Promise<void>;
}
/** The timer a run asks for, if any: a time wait within the horizon. */
export declare function timerFor(run: Pick<RunResult, 'id' | 'status' | 'wake'>, now: number, horizonMs: number): TimerRequest | undefined;
export interface DueEntry {
    id: string;
    dueAt: number;
}
/** Instances due in (from, to]: the tick's hand-over of far waits to timers (DynamoStore.dueBetween). */
export interface DueWindow {
    dueBetween(from: number, to: number, limit: number): Promise<DueEntry[]>;
}
