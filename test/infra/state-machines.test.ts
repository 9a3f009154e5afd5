import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lib/aws/env.js';
import { timerExecutionName, timerInput } from '../../lib/aws/timers.js';
import { synthesize } from '../../lib/infra/synth.js';
import { LocalStepFunctions } from '../../lib/local/step-functions.js';
import { readTemplate, type LocalTemplate } from '../../lib/local/template.js';
import { testAutomations } from '../e2e/flows.js';

/**
 * The state machines exactly as the stack synthesises them (intrinsics resolved), run by the
 * local ASL interpreter: Wait until the timestamp, Retry, Catch to the dead-letter queue, Fail.
 */
let template: LocalTemplate;
beforeAll(() => {
  template = readTemplate(synthesize({ automations: testAutomations }).template);
});

interface Harness {
  sfn: LocalStepFunctions;
  calls: { role: string; payload: unknown; at: number }[];
  queued: { url: string; body: any }[];
}

function harness(behaviour: (call: number) => unknown): Harness {
  const calls: Harness['calls'] = [];
  const queued: Harness['queued'] = [];
  const sfn = new LocalStepFunctions({
    template,
    invoke: async (functionId, payload) => {
      calls.push({ role: template.functions.get(functionId)!.role, payload, at: Date.now() });
      const out = behaviour(calls.length);
      if (out instanceof Error) throw out;
      return out;
    },
    sendToQueue: (url, body) => queued.push({ url, body }),
    retryIntervalOverrides: { Advance: 0, RunBackground: 0 },
  });
  return { sfn, calls, queued };
}

describe('the timer state machine', () => {
  it('waits until the timestamp, then invokes the advance function with the timer input', async () => {
    const { sfn, calls } = harness(() => ({ ran: true }));
    const request = { instanceId: 'i-1', at: Date.now() + 400 };
    const machine = template.stateMachineFor(ENV.timerStateMachine);
    const name = timerExecutionName(request); // named once: on a loaded machine the due time may pass between two calls
    expect(sfn.startExecution(machine, name, timerInput(request))).toBe('started');
    expect(sfn.startExecution(machine, name, timerInput(request))).toBe('exists');
    await sfn.idle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.role).toBe('advance');
    expect(calls[0]!.payload).toEqual(timerInput(request));
    expect(calls[0]!.at).toBeGreaterThanOrEqual(request.at);
    expect([...sfn.executions.values()][0]).toMatchObject({ status: 'SUCCEEDED', output: { ran: true } });
  });

  it('retries a failing advance and succeeds', async () => {
    const { sfn, calls } = harness((n) => (n < 3 ? new Error('DynamoDB throttled') : { ran: true }));
    const request = { instanceId: 'i-2', at: Date.now() };
    sfn.startExecution(template.stateMachineFor(ENV.timerStateMachine), timerExecutionName(request), timerInput(request));
    await sfn.idle();
    expect(calls).toHaveLength(3);
    expect([...sfn.executions.values()][0]!.status).toBe('SUCCEEDED');
  });

  it('sends the input and the error to the dead-letter queue when retries run out, and fails', async () => {
    const { sfn, calls, queued } = harness(() => new Error('always broken'));
    const request = { instanceId: 'i-3', at: Date.now() };
    const name = timerExecutionName(request);
    sfn.startExecution(template.stateMachineFor(ENV.timerStateMachine), name, timerInput(request));
    await sfn.idle();
    expect(calls).toHaveLength(1 + 5); // the first try and five retries (States.ALL)
    expect(queued).toHaveLength(1);
    expect(queued[0]!.url).toMatch(/DeadLetters/);
    expect(queued[0]!.body).toMatchObject({ source: 'Timers', input: timerInput(request), error: { Error: expect.any(String) } });
    expect(queued[0]!.body.execution).toContain(name);
    expect([...sfn.executions.values()][0]).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/Retries exhausted/) });
  });
});

describe('the background state machine', () => {
  it('runs the job in the worker, retrying failures', async () => {
    const { sfn, calls } = harness((n) => (n === 1 ? new Error('lease lost') : { status: 'done' }));
    const input = { type: 'background', job: { instanceId: 'i-4', task: 2 } };
    sfn.startExecution(template.stateMachineFor(ENV.backgroundStateMachine), 'bg-i-4-2', input);
    await sfn.idle();
    expect(calls.map((c) => [c.role, c.payload])).toEqual([['worker', input], ['worker', input]]);
    expect([...sfn.executions.values()][0]).toMatchObject({ status: 'SUCCEEDED', output: { status: 'done' } });
  });

  it('dead-letters a job that keeps failing', async () => {
    const { sfn, queued } = harness(() => new Error('nope'));
    sfn.startExecution(template.stateMachineFor(ENV.backgroundStateMachine), 'bg-i-5-2', { type: 'background', job: { instanceId: 'i-5', task: 2 } });
    await sfn.idle();
    expect(queued[0]!.body).toMatchObject({ source: 'Background', input: { job: { instanceId: 'i-5' } } });
  });

  it('can be stopped while waiting (Ctrl-C of the local stack)', async () => {
    const { sfn, calls } = harness(() => ({}));
    const request = { instanceId: 'i-6', at: Date.now() + 60_000 };
    sfn.startExecution(template.stateMachineFor(ENV.timerStateMachine), timerExecutionName(request), timerInput(request));
    await sfn.stop();
    expect(calls).toHaveLength(0);
    expect([...sfn.executions.values()][0]!.status).toBe('ABORTED');
  });
});
