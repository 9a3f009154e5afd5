import { describe, expect, it } from 'vitest';
import { WebinarWorkflow } from '../../../flows/webinar.js';
import { history, testEnv } from '../../support/env.js';

describe('WebinarWorkflow', () => {
  it('sends the welcome at once, the reminder 30 minutes before, the replay offer 2.5 hours after the reminder', async () => {
    const env = await testEnv([WebinarWorkflow], { start: '2026-03-01T09:00:00Z' });
    const w = await env.engine.start(WebinarWorkflow, { email: 'ada@example.org', webinarAt: '2026-03-03T18:00:00Z' });
    expect(w.data.mails).toEqual(['welcome']);
    expect(w.state.dueAt).toBe(Date.parse('2026-03-03T17:30:00Z'));
    await env.advanceTo('2026-03-03T17:29:59Z');
    expect((await w.refresh()).data.mails).toEqual(['welcome']);
    await env.advanceTo('2026-03-03T17:30:00Z');
    expect((await w.refresh()).data.mails).toEqual(['welcome', 'reminder']);
    await env.advance({ hours: 2.5 });
    await w.refresh();
    expect(w.finished).toBe(true);
    expect(w.data.mails).toEqual(['welcome', 'reminder', 'replay']);
    const tasks = await w.tasks();
    expect(tasks.map((t) => [t.node, new Date(t.finished!).toISOString()])).toEqual([
      ['start', '2026-03-01T09:00:00.000Z'],
      ['sendWelcomeMail', '2026-03-01T09:00:00.000Z'],
      ['sendReminder', '2026-03-03T17:30:00.000Z'],
      ['sendReplayOffer', '2026-03-03T20:00:00.000Z'],
      ['end', '2026-03-03T20:00:00.000Z'],
    ]);
  });

  it('is unique per email, and refuses bad start data with field errors before writing anything', async () => {
    const env = await testEnv([WebinarWorkflow]);
    const a = await env.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: '2026-04-01T10:00:00Z' });
    const again = await env.engine.start(WebinarWorkflow, { email: 'a@example.org', webinarAt: '2026-05-01T10:00:00Z' });
    expect(again.id).toBe(a.id);
    const bad = await env.engine.start(WebinarWorkflow, { email: 'not-an-email', webinarAt: 'soon' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 422, code: 'invalid_data' });
    expect(Object.keys((bad as { details: object }).details).sort()).toEqual(['email', 'webinarAt']);
    expect((await env.store.list({ automation: 'WebinarWorkflow' })).items).toHaveLength(1);
  });
});
