import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
/** State names: the local stack overrides the Task states by what they invoke, tests refer to them. */
export declare const TIMER_STATES: {
    readonly wait: "WaitUntilDue";
    readonly invoke: "Advance";
    readonly deadLetter: "DeadLetter";
    readonly failed: "Failed";
};
export declare const BACKGROUND_STATES: {
    readonly invoke: "RunBackground";
    readonly deadLetter: "DeadLetter";
    readonly failed: "Failed";
};
interface InvokeMachineProps {
    /** The function the Task invokes with the execution's input. */
    target: lambda.IFunction;
    deadLetters: sqs.IQueue;
    logRetention: logs.RetentionDays;
    timeout: Duration;
    /** Wait until `$.at` (ISO time) before invoking. */
    waitUntilTimestamp: boolean;
    states: {
        invoke: string;
        deadLetter: string;
        failed: string;
        wait?: string;
    };
    comment: string;
}
/**
 * A small Standard state machine: [Wait until $.at →] invoke a function (retried with
 * backoff and jitter) → on final failure, the input and the error go to the dead-letter queue
 * and the execution fails (which an alarm watches). JSONPath only, no service integration
 * but SQS, so that the local interpreter runs the very same definition.
 */
declare class InvokeMachine extends Construct {
    readonly stateMachine: sfn.StateMachine;
    /**
     * The ARN, built from the (fixed) name rather than referenced: the target function itself
     * starts executions of its own state machine (a run may set the next timer, a background job
     * may start another), and a reference would make a dependency cycle.
     */
    readonly stateMachineArn: string;
    constructor(scope: Construct, id: string, props: InvokeMachineProps);
    /** states:StartExecution on this state machine only. */
    grantStart(grantee: iam.IGrantable): void;
}
/** Precise timers: wait until the due time, then run the instance through the advance function. */
export declare class TimerStateMachine extends InvokeMachine {
    constructor(scope: Construct, id: string, props: Omit<InvokeMachineProps, 'waitUntilTimestamp' | 'states' | 'comment'>);
}
/** Threaded Execute nodes: run the job in the worker function, with retries. */
export declare class BackgroundStateMachine extends InvokeMachine {
    constructor(scope: Construct, id: string, props: Omit<InvokeMachineProps, 'waitUntilTimestamp' | 'states' | 'comment'>);
}
export {};
