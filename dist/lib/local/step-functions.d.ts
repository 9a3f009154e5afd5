import './promise-polyfill.js';
import type { LocalStateMachine, LocalTemplate } from './template.js';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
export interface LocalExecution {
    name: string;
    stateMachine: string;
    status: ExecutionStatus;
    input: unknown;
    output?: unknown;
    error?: string;
    startedAt: number;
    stoppedAt?: number;
}
export interface LocalStepFunctionsOptions {
    template: LocalTemplate;
    /** Runs a function of the template with a payload, as a Task that invokes it would. */
    invoke: (functionId: string, payload: unknown) => Promise<unknown>;
    /** Receives what a Task sends to SQS (the dead-letter queue). */
    sendToQueue: (queueUrl: string, body: unknown) => void;
    /** Shorter retry intervals (ms per state name), for tests. */
    retryIntervalOverrides?: Record<string, number | number[]>;
    /** Shorter waits (ms per state name), for tests. */
    waitTimeOverrides?: Record<string, number>;
}
/**
 * Step Functions on this machine: the synthesised definitions, run by aws-local-stepfunctions
 * (Wait, Retry with backoff, Catch, Fail as written). Task states are overridden by what they
 * call: a Lambda ARN of the template runs that function's handler in-process, SQS sendMessage
 * goes to the local dead-letter list. Execution names are unique per state machine, as in AWS,
 * so starting an execution twice is harmless.
 */
export declare class LocalStepFunctions {
    private readonly options;
    readonly executions: Map<string, LocalExecution>;
    private readonly aborts;
    private readonly machines;
    private readonly settled;
    constructor(options: LocalStepFunctionsOptions);
    private compiled;
    /** StartExecution: 'exists' if this state machine already has an execution of that name. */
    startExecution(stateMachine: LocalStateMachine, name: string, input: unknown): 'started' | 'exists';
    /** Resolves when every running execution has stopped. */
    idle(): Promise<void>;
    /** Aborts every running execution (Ctrl-C). */
    stop(): Promise<void>;
}
