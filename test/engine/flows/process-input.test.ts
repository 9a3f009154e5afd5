import { describe, expect, it } from 'vitest';
import { ProcessInput } from '../../../flows/process-input.js';
import { history, testEnv } from '../../support/env.js';

const approver = { id: 'ann', groups: ['approvers'] };

describe('ProcessInput', () => {
  it('processes small amounts at once', async () => {
    const env = await testEnv([ProcessInput]);
    const p = await env.engine.start(ProcessInput, { requester: 'rob', amount: 900 });
    expect(p.finished).toBe(true);
    expect(p.data.outcome).toBe('processed');
    expect(await history(env, p.id)).toEqual(['start:OK', 'check:OK', 'process:OK', 'end:OK']);
  });

  it('asks an approver for large amounts and follows the decision', async () => {
    const env = await testEnv([ProcessInput]);
    for (const approved of [true, false]) {
      const p = await env.engine.start(ProcessInput, { requester: 'rob', amount: 25_000 });
      expect(p.status).toBe('waiting');
      const form = (await p.tasks()).at(-1)!;
      expect(form).toMatchObject({ node: 'approval', finished: null });
      await expect(env.engine.submitForm({ instanceId: p.id, task: form.seq, user: { id: 'rob' }, values: { approved: true } })).rejects.toMatchObject({ status: 403 });
      await env.engine.submitForm({ instanceId: p.id, task: form.seq, user: approver, values: { approved, comment: 'ok' } });
      await p.refresh();
      expect(p.data.outcome).toBe(approved ? 'processed' : 'rejected');
    }
  });

  it('rejects a request nobody approved within three days; a bad amount stops the instance, a non-number is refused', async () => {
    const env = await testEnv([ProcessInput]);
    const p = await env.engine.start(ProcessInput, { requester: 'rob', amount: 20_000 });
    await env.advance({ days: 3 });
    await p.refresh();
    expect(p.data.outcome).toBe('rejected');
    expect(await history(env, p.id)).toEqual(['start:OK', 'check:OK', 'approval:skipped', 'decide:OK', 'reject:OK', 'end:OK']);
    const bad = await env.engine.start(ProcessInput, { requester: 'rob', amount: -5 });
    expect(bad.state.error!.message).toBe('RangeError: amount must be a positive number, got -5');
    await expect(env.engine.start(ProcessInput, { requester: 'rob', amount: '5' })).rejects.toMatchObject({ status: 422, details: { amount: [expect.any(String)] } });
  });
});
