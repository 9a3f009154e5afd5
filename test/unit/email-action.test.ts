import { describe, expect, it } from 'vitest';
import { devDirectory } from '../../lib/identity/dev.js';
import { ActionRegistry, type ActionContext, type ActionDefinition } from '../../lib/engine/actions/registry.js';
import { MemoryMailer, type Mail, type Mailer } from '../../lib/engine/mail.js';
import { createEmailAction, mailDisabledFromEnv, mailIdempotencyKey, MissingWorkflowContextError, type EmailActionContext, type EmailActionParams, type WorkflowEventContext } from '../../lib/engine/workflows/email-action.js';

const event: WorkflowEventContext = {
  locale: 'ar',
  notification: { workflow: { name: { en: 'Purchase approval', ar: 'موافقة الشراء' } }, object: { type: 'PurchaseRequest', id: 'PR-7' }, actor: { id: 'omar', name: 'Omar' }, reason: '<script>x()</script>' },
  recipients: { tenant: 'acme', people: { creator: 'rita', starter: 'rita', currentApprovers: ['eve', 'ethan'] } },
};
const ctx = (overrides: Partial<EmailActionContext> = {}): EmailActionContext => ({ idempotencyKey: 'attachment-1:event-3:action-0', workflow: event, ...overrides });

describe('the email action', () => {
  it('registers in the actions registry and runs through it with the workflow event in its context', async () => {
    const mailer = new MemoryMailer();
    const action: ActionDefinition<EmailActionParams> = createEmailAction({ mailer, directory: devDirectory() });
    const registry = new ActionRegistry(action as ActionDefinition<unknown>);
    expect(registry.validateParams('email', { template: 'nope', to: {} })).toMatchObject({ ok: false, problems: [{ path: 'template' }, { path: 'to' }] });
    const logs: string[] = [];
    const log = (m: string) => void logs.push(m);
    const ctx: ActionContext & EmailActionContext = {
      logger: { debug: log, info: log, warn: log, error: log },
      idempotencyKey: 'job-1:task-2',
      deadline: Date.now() + 60_000,
      signal: new AbortController().signal,
      automations: { start: async () => ({ id: 'x' }), sendMessage: async () => undefined },
      workflow: event,
    };
    const output = await registry.invoke('email', { template: 'approved', to: { roles: ['creator'] } }, ctx);
    expect(output).toMatchObject({ sent: true, mails: [{ to: 'rita@acme.example' }] });
    expect(mailer.sent[0]!.idempotencyKey).toBe(mailIdempotencyKey('job-1:task-2', 'rita@acme.example'));
    expect(logs).toContain('notification sent');
  });

  it('validates its params, listing every problem', () => {
    const action = createEmailAction({ mailer: new MemoryMailer(), directory: devDirectory() });
    expect(action.name).toBe('email');
    expect(action.params.parse({ template: 'rejected', to: { roles: ['creator'] } })).toEqual({ template: 'rejected', to: { roles: ['creator'] }, enabled: true });
    const bad = action.params.safeParse({ template: 'welcome', locale: 'arabic!', to: { roles: ['boss'], addresses: ['nope'], cc: [] }, extra: 1 });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.') || (i as { keys?: string[] }).keys?.join(','));
    expect(paths).toEqual(expect.arrayContaining(['template', 'locale', 'to.roles.0', 'to.addresses.0']));
    expect(JSON.stringify(bad.error!.issues)).toContain('cc');
    expect(JSON.stringify(bad.error!.issues)).toContain('extra');
    expect(action.params.safeParse({ template: 'approved', to: {} }).error?.issues[0]?.message).toBe('name at least one role, user or address');
  });

  it('sends the rendered template once per resolved recipient, in the workflow locale, with keys derived from the action key', async () => {
    const mailer = new MemoryMailer();
    const action = createEmailAction({ mailer, directory: devDirectory() });
    const result = await action.run(action.params.parse({ template: 'rejected', to: { roles: ['creator', 'starter', 'currentApprovers', 'delegate'], addresses: ['audit@acme.example'] } }), ctx());
    expect(mailer.sent.map((m) => m.to)).toEqual([['rita@acme.example'], ['eve@acme.example'], ['ethan@acme.example'], ['audit@acme.example']]);
    expect(mailer.sent[0]!.subject).toBe('مرفوض: موافقة الشراء – PurchaseRequest PR-7');
    expect(mailer.sent[0]!.html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(mailer.sent[0]!.html).not.toContain('<script>');
    expect(mailer.sent[0]!.idempotencyKey).toBe(mailIdempotencyKey('attachment-1:event-3:action-0', 'rita@acme.example'));
    expect(new Set(mailer.sent.map((m) => m.idempotencyKey)).size).toBe(4);
    expect(result).toMatchObject({ sent: true, locale: 'ar', skipped: [{ who: 'role:delegate', reason: 'no one holds this role' }] });

    const english = new MemoryMailer();
    await createEmailAction({ mailer: english, directory: devDirectory() }).run(action.params.parse({ template: 'approved', locale: 'en-GB', to: { users: ['cora'] } }), ctx());
    expect(english.sent[0]!.subject).toBe('Approved: Purchase approval for PurchaseRequest PR-7');
  });

  it('a retried action sends the same keys again (at least once; the keys let duplicates be recognised)', async () => {
    let calls = 0;
    const sent: Mail[] = [];
    const flaky: Mailer = {
      async send(mail) {
        calls++;
        if (calls === 2) throw new Error('Throttling');
        sent.push(mail);
        return { messageId: `m${calls}` };
      },
    };
    const action = createEmailAction({ mailer: flaky, directory: devDirectory() });
    const params = action.params.parse({ template: 'actionRequired', to: { roles: ['currentApprovers'] } });
    await expect(action.run(params, ctx())).rejects.toThrow('Throttling');
    await action.run(params, ctx());
    expect(sent.map((m) => m.to[0])).toEqual(['eve@acme.example', 'eve@acme.example', 'ethan@acme.example']);
    expect(sent[0]!.idempotencyKey).toBe(sent[1]!.idempotencyKey);
  });

  it('sends nothing when disabled by the action or by configuration, and refuses to run outside a workflow event', async () => {
    const mailer = new MemoryMailer();
    const action = createEmailAction({ mailer, directory: devDirectory() });
    expect(await action.run(action.params.parse({ template: 'approved', enabled: false, to: { roles: ['creator'] } }), ctx())).toEqual({ sent: false, reason: 'disabled', template: 'approved' });
    const off = createEmailAction({ mailer, directory: devDirectory(), disabled: mailDisabledFromEnv({ ATM_MAIL_DISABLED: 'true' }) });
    expect(await off.run(action.params.parse({ template: 'approved', to: { roles: ['creator'] } }), ctx())).toMatchObject({ sent: false, reason: 'disabled' });
    expect(mailer.sent).toEqual([]);
    expect(mailDisabledFromEnv({})).toBe(false);
    await expect(action.run(action.params.parse({ template: 'approved', to: { roles: ['creator'] } }), { idempotencyKey: 'k' })).rejects.toBeInstanceOf(MissingWorkflowContextError);
  });

  it('reports sent: false with the reasons when nobody can be mailed', async () => {
    const mailer = new MemoryMailer();
    const action = createEmailAction({ mailer, directory: devDirectory() });
    const result = await action.run(action.params.parse({ template: 'delegated', to: { roles: ['delegate'], users: ['zoe'] } }), ctx());
    expect(result).toMatchObject({ sent: false, mails: [], skipped: [{ who: 'role:delegate', reason: 'no one holds this role' }, { who: 'user:zoe', reason: 'unknown user' }] });
    expect(mailer.sent).toEqual([]);
  });
});
