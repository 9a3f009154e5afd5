import './promise-polyfill.js';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
const SQS_SEND = /^arn:aws:states:::sqs:sendMessage$/;
const LAMBDA_INVOKE = /^arn:aws:states:::lambda:invoke$/;
/**
 * Step Functions on this machine: the synthesised definitions, run by aws-local-stepfunctions
 * (Wait, Retry with backoff, Catch, Fail as written). Task states are overridden by what they
 * call: a Lambda ARN of the template runs that function's handler in-process, SQS sendMessage
 * goes to the local dead-letter list. Execution names are unique per state machine, as in AWS,
 * so starting an execution twice is harmless.
 */
export class LocalStepFunctions {
    options;
    executions = new Map();
    aborts = new Map();
    machines = new Map();
    settled = new Set();
    constructor(options) {
        this.options = options;
    }
    compiled(sm) {
        let entry = this.machines.get(sm.id);
        if (entry)
            return entry;
        const definition = sm.definition;
        const handlers = {};
        for (const [name, state] of Object.entries(definition.States)) {
            if (state.Type !== 'Task')
                continue;
            const resource = String(state.Resource);
            const direct = this.options.template.functionByArn(resource);
            if (direct) {
                handlers[name] = async (input) => (await this.options.invoke(direct.id, input));
            }
            else if (LAMBDA_INVOKE.test(resource)) {
                // With Parameters {FunctionName, Payload}: the interpreter has applied Parameters already.
                handlers[name] = async (input) => {
                    const params = input;
                    const fn = this.options.template.functionByArn(String(params.FunctionName)) ?? this.options.template.functions.get(String(params.FunctionName));
                    if (!fn)
                        throw new Error(`Task ${name} invokes an unknown function ${String(params.FunctionName)}`);
                    return { Payload: (await this.options.invoke(fn.id, params.Payload)), StatusCode: 200 };
                };
            }
            else if (SQS_SEND.test(resource)) {
                handlers[name] = async (input) => {
                    const params = input;
                    this.options.sendToQueue(String(params.QueueUrl), params.MessageBody);
                    return { MessageId: randomUUID() };
                };
            }
            else {
                throw new Error(`The local stack cannot run Task ${name} of ${sm.id} (resource ${resource})`);
            }
        }
        const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
        entry = { machine, handlers };
        this.machines.set(sm.id, entry);
        return entry;
    }
    /** StartExecution: 'exists' if this state machine already has an execution of that name. */
    startExecution(stateMachine, name, input) {
        const key = `${stateMachine.id}/${name}`;
        if (this.executions.has(key))
            return 'exists';
        const { machine, handlers } = this.compiled(stateMachine);
        const execution = { name, stateMachine: stateMachine.id, status: 'RUNNING', input, startedAt: Date.now() };
        this.executions.set(key, execution);
        const run = machine.run(input, {
            overrides: {
                taskResourceLocalHandlers: handlers,
                ...(this.options.retryIntervalOverrides ? { retryIntervalOverrides: this.options.retryIntervalOverrides } : {}),
                ...(this.options.waitTimeOverrides ? { waitTimeOverrides: this.options.waitTimeOverrides } : {}),
            },
            context: {
                Execution: { Id: `${stateMachine.arn.replace(':stateMachine:', ':execution:')}:${name}`, Name: name, Input: input, StartTime: new Date().toISOString() },
                StateMachine: { Id: stateMachine.arn, Name: stateMachine.id },
            },
            noThrowOnAbort: true,
        });
        this.aborts.set(key, run.abort);
        const done = run.result.then((output) => {
            execution.status = output === null && execution.status === 'ABORTED' ? 'ABORTED' : 'SUCCEEDED';
            execution.output = output;
        }, (error) => {
            execution.status = 'FAILED';
            execution.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }).finally(() => {
            execution.stoppedAt = Date.now();
            this.aborts.delete(key);
            this.settled.delete(done);
        });
        this.settled.add(done);
        return 'started';
    }
    /** Resolves when every running execution has stopped. */
    async idle() {
        while (this.settled.size)
            await Promise.all([...this.settled]);
    }
    /** Aborts every running execution (Ctrl-C). */
    async stop() {
        for (const [key, abort] of this.aborts) {
            const execution = this.executions.get(key);
            if (execution)
                execution.status = 'ABORTED';
            abort();
        }
        await Promise.allSettled([...this.settled]);
    }
}
