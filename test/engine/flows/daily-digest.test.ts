import { describe, expect, it } from 'vitest';
import { DailyDigest } from '../../../flows/daily-digest.js';
import { matchesPattern } from '../../../lib/aws/event-pattern.js';
import type { AutomationEvent } from '../../../lib/engine/event-triggers.js';
import { testEnv } from '../../support/env.js';

describe('DailyDigest', () => {
  it('sends what was queued each day at 08:00 Berlin time, skips empty days, and runs forever', async () => {
    const env = await testEnv([DailyDigest], { start: '2026-03-02T10:00:00Z' });
    const digest = await env.engine.start(DailyDigest, {});
    expect(digest.data).toEqual({ queue: [], sent: [] });
    expect(digest.state.dueAt).toBe(Date.parse('2026-03-03T07:00:00Z'));
    await digest.sendMessage('item', undefined, { title: 'Release 1.2' });
    await digest.sendMessage('item', undefined, { title: 'Office closed Friday' });
    await expect(digest.sendMessage('item', undefined, { headline: 'wrong' })).rejects.toMatchObject({ status: 422 });
    await env.advance({ days: 3 });
    await digest.refresh();
    expect(digest.data.sent).toEqual([{ at: '2026-03-03T07:00:00.000Z', items: ['Release 1.2', 'Office closed Friday'] }]);
    expect(digest.status).toBe('waiting');
    expect((await digest.tasks()).filter((t) => t.node === 'send').map((t) => t.message)).toEqual(['skipped', 'OK', 'skipped', 'skipped']);
    expect((await env.engine.start(DailyDigest, { queue: [], sent: [] })).id).toBe(digest.id);
  });

  it('turns every ArticlePublished event from the CMS into an item of the next digest', async () => {
    const env = await testEnv([DailyDigest], { start: '2026-03-02T10:00:00Z' });
    const digest = await env.engine.start(DailyDigest, { ...DailyDigest.example });
    const [trigger] = DailyDigest.events;
    const event: AutomationEvent = {
      version: '0', id: 'e1', 'detail-type': 'ArticlePublished', source: 'cms.articles', account: '1', time: '2026-03-02T10:00:00Z',
      region: 'eu-central-1', resources: [], detail: { title: 'Spring sale' },
    };
    expect(matchesPattern(trigger!.pattern, event)).toBe(true);
    expect(matchesPattern(trigger!.pattern, { ...event, source: 'cms.pages' })).toBe(false);
    expect(matchesPattern(trigger!.pattern, { ...event, 'detail-type': 'ArticleDeleted' })).toBe(false);
    await env.engine.broadcastMessage(DailyDigest, trigger!.message!, undefined, trigger!.data!(event));
    await env.advance({ days: 1 });
    expect((await digest.refresh()).data.sent).toEqual([{ at: '2026-03-03T07:00:00.000Z', items: ['Spring sale'] }]);
  });
});
