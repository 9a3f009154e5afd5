import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  ActionParamsError, ActionRegistry, UnknownActionError, createBuiltInActions, defineAction, type ActionContext, type AutomationPort,
} from '../../../lib/engine/actions/index.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function context(automations: AutomationPort = { start: async () => ({ id: 'none' }), sendMessage: async () => undefined }): ActionContext {
  return { logger: silent, idempotencyKey: 'job-1:task-a:1', deadline: Date.now() + 60_000, signal: new AbortController().signal, automations };
}

const clean = defineAction({
  name: 'sales.clean',
  params: z.strictObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day must be YYYY-MM-DD'), limit: z.number().int().default(100) }),
  async run(params) {
    return { day: params.day, limit: params.limit };
  },
});

describe('ActionRegistry', () => {
  it('registers actions and looks them up by name', () => {
    const registry = new ActionRegistry(clean);
    expect(registry.has('sales.clean')).toBe(true);
    expect(registry.has('sales.load')).toBe(false);
    expect(registry.get('sales.clean')?.name).toBe('sales.clean');
    registry.register(defineAction({ name: 'a_b-c.1', params: z.object({}), async run() {} }));
    expect(registry.names()).toEqual(['a_b-c.1', 'sales.clean']);
  });

  it('refuses a duplicate name', () => {
    const registry = new ActionRegistry(clean);
    expect(() => registry.register(clean)).toThrow('An action named "sales.clean" is already registered');
  });

  it.each(['', 'has space', 'path/to/module.js', '1starts-with-digit', 'x'.repeat(101), 'semi;colon'])('refuses the name %j', (name) => {
    expect(() => new ActionRegistry(defineAction({ name, params: z.object({}), async run() {} }))).toThrow(/is invalid/);
  });

  it('refuses a definition without a schema or a function', () => {
    expect(() => new ActionRegistry({ name: 'x', params: {} as z.ZodType<unknown>, run: async () => null })).toThrow('needs a zod schema');
    expect(() => new ActionRegistry({ name: 'x', params: z.object({}), run: undefined as unknown as () => Promise<null> })).toThrow('needs a run function');
  });

  it('validates params, listing every problem with its path', () => {
    const registry = new ActionRegistry(clean);
    expect(registry.validateParams('sales.clean', { day: '2026-01-02' })).toEqual({ ok: true, params: { day: '2026-01-02', limit: 100 } });
    const bad = registry.validateParams('sales.clean', { day: 'yesterday', limit: 1.5, extra: true });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      { path: 'day', message: 'day must be YYYY-MM-DD' },
      { path: 'limit', message: expect.stringMatching(/int/i) },
      { path: 'extra', message: 'unknown field' },
    ]);
    expect(registry.validateParams('nope', {})).toEqual({ ok: false, problems: [{ path: '', message: 'no action named "nope" is registered' }] });
  });

  it('invokes an action with parsed params and returns its output as JSON', async () => {
    const registry = new ActionRegistry(clean, defineAction({ name: 'nothing', params: z.object({}), async run() {} }));
    await expect(registry.invoke('sales.clean', { day: '2026-01-02' }, context())).resolves.toEqual({ day: '2026-01-02', limit: 100 });
    await expect(registry.invoke('nothing', undefined, context())).resolves.toBeNull();
    await expect(registry.invoke('sales.clean', { day: 'x' }, context())).rejects.toThrow(ActionParamsError);
    await expect(registry.invoke('missing', {}, context())).rejects.toThrow(UnknownActionError);
  });
});

describe('startAutomation and sendMessage', () => {
  function port() {
    const calls: unknown[][] = [];
    const automations: AutomationPort = {
      async start(...args) {
        calls.push(['start', ...args]);
        return { id: 'inst-7' };
      },
      async sendMessage(...args) {
        calls.push(['sendMessage', ...args]);
        return undefined;
      },
    };
    return { calls, automations };
  }
  const registry = new ActionRegistry(...createBuiltInActions({ http: { allowedHosts: [] } }));

  it('are built in next to http', () => {
    expect(registry.names()).toEqual(['http', 'sendMessage', 'startAutomation']);
  });

  it('startAutomation starts through the port with the task idempotency key', async () => {
    const { calls, automations } = port();
    await expect(registry.invoke('startAutomation', { automation: 'Onboarding', data: { email: 'a@example.com' } }, context(automations))).resolves.toEqual({ id: 'inst-7' });
    expect(calls).toEqual([['start', 'Onboarding', { email: 'a@example.com' }, { idempotencyKey: 'job-1:task-a:1' }]]);
  });

  it('sendMessage targets an instance by id or by key, never both', async () => {
    const { calls, automations } = port();
    await registry.invoke('sendMessage', { automation: 'Order', message: 'paid', key: 'order-42' }, context(automations));
    await registry.invoke('sendMessage', { automation: 'Order', message: 'paid', instance: 'i-1', data: { amount: 3 } }, context(automations));
    expect(calls).toEqual([
      ['sendMessage', { key: 'order-42', automation: 'Order' }, 'paid', {}, { idempotencyKey: 'job-1:task-a:1' }],
      ['sendMessage', { id: 'i-1', automation: 'Order' }, 'paid', { amount: 3 }, { idempotencyKey: 'job-1:task-a:1' }],
    ]);
    const both = registry.validateParams('sendMessage', { automation: 'Order', message: 'paid', key: 'k', instance: 'i' });
    expect(!both.ok && both.problems).toEqual([{ path: 'instance', message: 'give exactly one of instance (an id) or key' }]);
    const missing = registry.validateParams('sendMessage', { automation: '', data: [] });
    expect(!missing.ok && missing.problems.map((p) => p.path)).toEqual(['automation', 'message', 'data', 'instance']);
  });
});
