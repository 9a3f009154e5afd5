import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
/** Step Functions execution names: at most 80 characters of [A-Za-z0-9_-]. */
export function executionName(prefix, ...parts) {
    const name = [prefix, ...parts].map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, '_')).join('-');
    return name.length <= 80 ? name : name.slice(0, 80);
}
/**
 * `t-<instance>-<due ms>`: the same wake scheduled twice is one execution. A wake that is already
 * due when it is reported (a run that yielded, or one that parked while a timer for the same
 * time fired and found the instance busy) gets the current time appended: the execution of
 * that name may have run already, and this wake must still run.
 */
export function timerExecutionName({ instanceId, at }, now = Date.now()) {
    const due = Math.floor(at);
    return due <= now ? executionName('t', instanceId, due, Math.floor(now)) : executionName('t', instanceId, due);
}
/**
 * `bg-<instance>-<task>-<minute>`: duplicates of one dispatch (retries) are one execution, while
 * the engine's re-dispatch of a job whose runner was lost (one lease, 5 minutes, later) is a new
 * one. Running a job twice is harmless anyway: `runBackground` claims the job first.
 */
/** One name per dispatch: retries of a dispatch share it; the engine's re-dispatch (after a lost runner) carries a new time. */
export const backgroundExecutionName = ({ instanceId, task, dispatchedAt }) => executionName('bg', instanceId, task, dispatchedAt);
export function timerInput({ instanceId, at }) {
    return { instanceId, at: new Date(at).toISOString(), dueAt: Math.floor(at) };
}
async function startOnce(client, stateMachineArn, name, input) {
    try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
        return 'started';
    }
    catch (error) {
        if (error instanceof ExecutionAlreadyExists || error.name === 'ExecutionAlreadyExists')
            return 'exists';
        throw error;
    }
}
export class StepFunctionsTimers {
    client;
    stateMachineArn;
    constructor(client, stateMachineArn) {
        this.client = client;
        this.stateMachineArn = stateMachineArn;
    }
    schedule(request) {
        return startOnce(this.client, this.stateMachineArn, timerExecutionName(request), timerInput(request));
    }
}
/** Engine `dispatchBackground` through the background state machine (Retry, then Catch to the DLQ). */
export class StepFunctionsBackground {
    client;
    stateMachineArn;
    constructor(client, stateMachineArn) {
        this.client = client;
        this.stateMachineArn = stateMachineArn;
    }
    async dispatch(job) {
        const input = { type: 'background', job };
        await startOnce(this.client, this.stateMachineArn, backgroundExecutionName(job), input);
    }
}
/** The timer a run asks for, if any: a time wait within the horizon. */
export function timerFor(run, now, horizonMs) {
    if (run.wake.kind !== 'at' || run.status === 'finished' || run.status === 'error')
        return undefined;
    if (run.wake.at - now > horizonMs)
        return undefined;
    return { instanceId: run.id, at: run.wake.at };
}
