import { describe, expect, it } from 'vitest';
import { DailyDigest } from '../../../flows/daily-digest.js';
import { matchesPattern } from '../../../lib/aws/event-pattern.js';
import type { AutomationEvent } from '../../../lib/engine/event-triggers.js';
import { RecordingHttpClient } from '../../../lib/engine/index.js';
import { testEnv } from '../../support/env.js';

describe('DailyDigest', () => {
  it('sends what was queued each day at 08:00 Berlin time, skips empty days, and runs forever', async () => {
    const http = new RecordingHttpClient();
    const env = await testEnv([DailyDigest], { start: '2026-03-02T10:00:00Z', services: { http } });
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
    expect(http.requests).toEqual([]); // no postTo: recorded only
  });

  it('posts each digest through the http service when postTo is set, keyed by its task', async () => {
    const http = new RecordingHttpClient();
    const env = await testEnv([DailyDigest], { start: '2026-03-02T10:00:00Z', services: { http } });
    const digest = await env.engine.start(DailyDigest, { postTo: 'https://chat.example.com/hooks/digest' });
    await digest.sendMessage('item', undefined, { title: 'Release 1.2' });
    await env.advance({ days: 2 });
    await digest.refresh();
    const sent = (await digest.tasks()).find((t) => t.node === 'send' && t.message === 'OK')!;
    expect(http.requests).toEqual([
      { method: 'POST', url: 'https://chat.example.com/hooks/digest', body: { digest: '2026-03-03T07:00:00.000Z', items: ['Release 1.2'] }, idempotencyKey: `${digest.id}:${sent.seq}` },
    ]);
    await expect(env.engine.start(DailyDigest, { postTo: 'ftp://chat.example.com/x' })).rejects.toMatchObject({ status: 422 });
  });

  it('turns every ArticlePublished event from the CMS into an item of the next digest', async () => {
    const env = await testEnv([DailyDigest], { start: '2026-03-02T10:00:00Z', services: { http: new RecordingHttpClient() } });
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
