import type { EventTrigger } from '../lib/engine/event-triggers.js';
import * as z from 'zod';
import { Automation, flow as untyped, type Task } from '../lib/engine/authoring.js';
import type { FlowServices } from './services.js';

export interface DailyDigestData {
  queue: string[];
  sent: { at: string; items: string[] }[];
  /** Where the digest is posted (a chat webhook, say; its host must be on the HTTP allowlist); none: only recorded. */
  postTo?: string;
}

/** What the flow uses of the services it is registered with. */
export type DailyDigestServices = Pick<FlowServices, 'http'>;

const flow = untyped.typed<DailyDigestData, DailyDigestServices>();

/**
 * One digest a day at 08:00 Berlin time with whatever was queued since the last one; a
 * singleton that runs forever (Repeat instead of End). Items arrive as `item` messages.
 */
export class DailyDigest extends Automation<DailyDigestData, DailyDigestServices> {
  static override meta = {
    verboseName: 'Daily digest',
    unique: true,
    timeZone: 'Europe/Berlin',
    requireDataParameters: { item: { title: 'string' } },
    data: z.object({
      queue: z.array(z.string()).default([]),
      sent: z.array(z.object({ at: z.string(), items: z.array(z.string()) })).default([]),
      postTo: z.url({ protocol: /^https?$/ }).optional(),
    }),
  } as const;

  /** Every article the CMS publishes on the default event bus becomes an item of the next digest. */
  static events: EventTrigger[] = [
    {
      name: 'article',
      pattern: { source: ['cms.articles'], 'detail-type': ['ArticlePublished'] },
      message: 'item',
      to: 'broadcast',
      data: (event) => ({ title: String(event.detail.title ?? 'Untitled') }),
    },
  ];

  /** Data for the local stack's ready-made curl. */
  static example = {};

  send = flow.Execute(this.sendDigest).SkipIf((t) => t.data.queue.length === 0);
  again = flow.Repeat().At(8, 0);

  async sendDigest(task: Task<DailyDigestData, DailyDigestServices>) {
    const items = task.data.queue;
    if (task.data.postTo) {
      await task.services.http.request({ method: 'POST', url: task.data.postTo, body: { digest: task.now.toISOString(), items }, idempotencyKey: task.idempotencyKey });
    }
    task.data.sent = [...task.data.sent.slice(-29), { at: task.now.toISOString(), items }];
    task.data.queue = [];
    return { items: items.length };
  }

  receiveItem(_token: string | undefined, data: Record<string, unknown>) {
    this.data.queue = [...this.data.queue, String(data.title)];
  }
}
