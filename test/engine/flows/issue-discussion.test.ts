import { describe, expect, it } from 'vitest';
import { IssueDiscussion } from '../../../flows/issue-discussion.js';
import { testEnv } from '../../support/env.js';

const moderator = { id: 'mo', groups: ['Moderators'] };

describe('IssueDiscussion', () => {
  it('moderates mail in parallel with the warning and the conference call until the deadline, then evaluates', async () => {
    const env = await testEnv([IssueDiscussion], { start: '2026-03-02T08:00:00Z' });
    const d = await env.engine.start(IssueDiscussion, { issue: 'Budget 2027', deadline: '2026-03-05T08:00:00Z', confCallThisWeek: true });
    expect(d.data.log).toEqual(['announced Budget 2027', 'conference call blocked']);

    await d.sendMessage('newMail');
    await d.sendMessage('new_mail');
    await env.advance({ hours: 1 });
    const form = (await d.tasks()).find((t) => t.node === 'moderate' && t.finished === null)!;
    expect(form.assignment).toEqual({ groups: ['Moderators'] });
    await env.engine.submitForm({ instanceId: d.id, task: form.seq, user: moderator, values: { approved: 2, rejected: 0 } });
    expect((await d.refresh()).data.moderated).toBe(2);

    await env.advanceTo('2026-03-04T08:00:00Z');
    expect((await d.refresh()).data.log).toContain('deadline warning sent');
    expect(d.finished).toBe(false);
    await env.advanceTo('2026-03-05T09:00:00Z');
    await d.refresh();
    expect(d.finished).toBe(true);
    expect(d.data.log).toEqual([
      'announced Budget 2027',
      'conference call blocked',
      'moderated 2 approved',
      'deadline warning sent',
      'evaluated: 2 mails moderated',
    ]);
    const joins = (await d.tasks()).filter((t) => t.node === 'join');
    expect(joins.map((t) => t.message).sort()).toEqual(['OK', 'joined', 'joined']);
  });

  it('without a conference call the third path goes straight to the Join', async () => {
    const env = await testEnv([IssueDiscussion]);
    const d = await env.engine.start(IssueDiscussion, { issue: 'Quiet', deadline: '2026-03-03T08:00:00Z', confCallThisWeek: false });
    await env.advance({ days: 2 });
    await d.refresh();
    expect(d.finished).toBe(true);
    expect(d.data.log).toEqual(['announced Quiet', 'deadline warning sent', 'evaluated: 0 mails moderated']);
  });
});
