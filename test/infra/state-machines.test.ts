import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../lib/aws/env.js';
import { synthesize } from '../../lib/infra/synth.js';
import { LocalStepFunctions } from '../../lib/local/step-functions.js';
import { readTemplate, type LocalTemplate } from '../../lib/local/template.js';
import { testAutomations } from '../e2e/flows.js';

/**
 * The background state machine exactly as the stack synthesises it (intrinsics resolved), run by
 * the local ASL interpreter: Retry, Catch to the dead-letter queue, Fail. (Timers: timer-queue.test.ts.)
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
    retryIntervalOverrides: { RunBackground: 0 },
  });
  return { sfn, calls, queued };
}

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

  it('can be stopped while running (Ctrl-C of the local stack)', async () => {
    let release: () => void = () => undefined;
    const { sfn } = harness(() => new Promise<void>((r) => (release = r)));
    sfn.startExecution(template.stateMachineFor(ENV.backgroundStateMachine), 'bg-i-6-2', { type: 'background', job: { instanceId: 'i-6', task: 2 } });
    await new Promise((r) => setTimeout(r, 20));
    const stopping = sfn.stop();
    release();
    await stopping;
    expect([...sfn.executions.values()][0]!.status).toBe('ABORTED');
  });
});
