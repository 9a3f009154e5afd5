import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, arnRef } from './nag.js';
/** State names: the local stack overrides the Task states by what they invoke, tests refer to them. */
export const TIMER_STATES = { wait: 'WaitUntilDue', invoke: 'Advance', deadLetter: 'DeadLetter', failed: 'Failed' };
export const BACKGROUND_STATES = { invoke: 'RunBackground', deadLetter: 'DeadLetter', failed: 'Failed' };
/**
 * A small Standard state machine: [Wait until $.at →] invoke a function (retried with
 * backoff and jitter) → on final failure, the input and the error go to the dead-letter queue
 * and the execution fails (which an alarm watches). JSONPath only, no service integration
 * but SQS, so that the local interpreter runs the very same definition.
 */
class InvokeMachine extends Construct {
    stateMachine;
    /**
     * The ARN, built from the (fixed) name rather than referenced: the target function itself
     * starts executions of its own state machine (a run may set the next timer, a background job
     * may start another), and a reference would make a dependency cycle.
     */
    stateMachineArn;
    constructor(scope, id, props) {
        super(scope, id);
        const invoke = new tasks.LambdaInvoke(this, props.states.invoke, {
            stateName: props.states.invoke,
            lambdaFunction: props.target,
            payloadResponseOnly: true,
            retryOnServiceExceptions: true,
        });
        invoke.addRetry({
            errors: ['States.ALL'],
            interval: Duration.seconds(1),
            maxAttempts: 5,
            backoffRate: 2,
            maxDelay: Duration.seconds(30),
            jitterStrategy: sfn.JitterType.FULL,
        });
        const deadLetter = new tasks.SqsSendMessage(this, props.states.deadLetter, {
            stateName: props.states.deadLetter,
            queue: props.deadLetters,
            messageBody: sfn.TaskInput.fromObject({
                source: id,
                execution: sfn.JsonPath.executionId,
                input: sfn.JsonPath.objectAt('$$.Execution.Input'),
                error: sfn.JsonPath.objectAt('$.error'),
            }),
        }).next(new sfn.Fail(this, props.states.failed, { stateName: props.states.failed, error: `${id}Failed`, cause: 'Retries exhausted; the input is in the dead-letter queue' }));
        invoke.addCatch(deadLetter, { errors: ['States.ALL'], resultPath: '$.error' });
        const start = props.waitUntilTimestamp
            ? new sfn.Wait(this, props.states.wait ?? 'Wait', { stateName: props.states.wait, time: sfn.WaitTime.timestampPath('$.at') }).next(invoke)
            : invoke;
        const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
        const stack = Stack.of(this);
        const stateMachineName = `${stack.stackName}-${id}`;
        this.stateMachineArn = stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
        this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
            stateMachineName,
            comment: props.comment,
            stateMachineType: sfn.StateMachineType.STANDARD,
            definitionBody: sfn.DefinitionBody.fromChainable(start),
            timeout: props.timeout,
            tracingEnabled: true,
            logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        });
        acknowledge(this.stateMachine, ['AwsSolutions-IAM5[Resource::*]'], 'CloudWatch Logs delivery and X-Ray actions of Step Functions support no resource-level permissions.');
        acknowledge(this.stateMachine, [`AwsSolutions-IAM5[Resource::${arnRef(props.target)}:*]`], 'lambda:InvokeFunction on "<function arn>:*" covers the versions of the one target function.');
    }
    /** states:StartExecution on this state machine only. */
    grantStart(grantee) {
        iam.Grant.addToPrincipal({ grantee, actions: ['states:StartExecution'], resourceArns: [this.stateMachineArn] });
    }
}
/** Precise timers: wait until the due time, then run the instance through the advance function. */
export class TimerStateMachine extends InvokeMachine {
    constructor(scope, id, props) {
        super(scope, id, { ...props, waitUntilTimestamp: true, states: TIMER_STATES, comment: 'Waits until an automation instance is due ($.at), then runs it' });
    }
}
/** Threaded Execute nodes: run the job in the worker function, with retries. */
export class BackgroundStateMachine extends InvokeMachine {
    constructor(scope, id, props) {
        super(scope, id, { ...props, waitUntilTimestamp: false, states: BACKGROUND_STATES, comment: 'Runs a threaded Execute node of an automation instance in the worker' });
    }
}
