import { describe, expect, it } from 'vitest';
import { WebinarWorkflow } from '../../../flows/webinar.js';
import { MemoryMailer } from '../../../lib/engine/index.js';
import { history, testEnv } from '../../support/env.js';

describe('WebinarWorkflow', () => {
  it('sends the welcome at once, the reminder 30 minutes before, the replay offer 2.5 hours after the reminder', async () => {
    const mailer = new MemoryMailer();
    const env = await testEnv([WebinarWorkflow], { start: '2026-03-01T09:00:00Z', services: { mailer } });
    const w = await env.engine.start(WebinarWorkflow, { email: 'ada@example.org', webinarAt: '2026-03-03T18:00:00Z' });
    expect(w.data.mails).toEqual(['welcome']);
    expect(mailer.sent.map((m) => [m.to, m.subject])).toEqual([[['ada@example.org'], 'Welcome to the webinar']]);
    expect(w.state.dueAt).toBe(Date.parse('2026-03-03T17:30:00Z'));
    await env.advanceTo('2026-03-03T17:29:59Z');
    expect((await w.refresh()).data.mails).toEqual(['welcome']);
    await env.advanceTo('2026-03-03T17:30:00Z');
    expect((await w.refresh()).data.mails).toEqual(['welcome', 'reminder']);
    await env.advance({ hours: 2.5 });
    await w.refresh();
    expect(w.finished).toBe(true);
    expect(w.data.mails).toEqual(['welcome', 'reminder', 'replay']);
    // through the mailer service, each keyed by its task (a repeated node sends the same key)
    expect(mailer.sent.map((m) => m.subject)).toEqual(['Welcome to the webinar', 'The webinar starts in 30 minutes', 'The replay of the webinar']);
    const tasks = await w.tasks();
    const mailTasks = tasks.filter((t) => t.node.startsWith('send')).map((t) => `${w.id}:${t.seq}`);
    expect(mailer.sent.map((m) => m.idempotencyKey)).toEqual(mailTasks);
    expect(new Set(mailTasks).size).toBe(3);
    expect(tasks.map((t) => [t.node, new Date(t.finished!).toISOString()])).toEqual([
      ['start', '2026-03-01T09:00:00.000Z'],
      ['sendWelcomeMail', '2026-03-01T09:00:00.000Z'],
      ['sendReminder', '2026-03-03T17:30:00.000Z'],
      ['sendReplayOffer', '2026-03-03T20:00:00.000Z'],
      ['end', '2026-03-03T20:00:00.000Z'],
    ]);
  });

  it('is unique per email, and refuses bad start data with field errors before writing anything', async () => {
    const env = await testEnv([WebinarWorkflow], { services: { mailer: new MemoryMailer() } });
    const a = await env.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: '2026-04-01T10:00:00Z' });
    const again = await env.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: '2026-05-01T10:00:00Z' });
    expect(again.id).toBe(a.id);
    const bad = await env.engine.start(WebinarWorkflow, { email: 'not-an-email', webinarAt: 'soon' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 422, code: 'invalid_data' });
    expect(Object.keys((bad as { details: object }).details).sort()).toEqual(['email', 'webinarAt']);
    expect((await env.store.list({ automation: 'WebinarWorkflow' })).items).toHaveLength(1);
  });

  it('stops on an error, and sends nothing more, when the mailer fails; a retry sends the mail once', async () => {
    let down = true;
    const mailer = new MemoryMailer();
    const failing = { send: async (mail: Parameters<MemoryMailer['send']>[0]) => { if (down) throw new Error('SES is down'); return mailer.send(mail); } };
    const env = await testEnv([WebinarWorkflow], { services: { mailer: failing } });
    const w = await env.engine.start(WebinarWorkflow, { email: 'bo@example.org', webinarAt: '2026-04-01T10:00:00Z' });
    expect(w.status).toBe('error');
    expect(w.data.mails).toEqual([]);
    expect(w.state.error).toMatchObject({ node: 'sendWelcomeMail', message: 'Error: SES is down' });
    down = false;
    await w.retry();
    expect(w.data.mails).toEqual(['welcome']);
    const welcome = (await w.tasks()).filter((t) => t.node === 'sendWelcomeMail').at(-1)!;
    expect(mailer.sent.map((m) => m.idempotencyKey)).toEqual([`${w.id}:${welcome.seq}`]);
  });
});
