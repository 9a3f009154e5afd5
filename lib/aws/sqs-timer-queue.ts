import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { OutgoingTimerMessage, TimerQueue } from '../app/timers.js';
import { clientConfig } from './aws-clients.js';

/** SQS's most entries per SendMessageBatch. */
const BATCH = 10;

/** The timer queue on SQS: SendMessageBatch, 10 messages a request; entries SQS refuses are retried once, then reported. */
export class SqsTimerQueue implements TimerQueue {
  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  async send(messages: readonly OutgoingTimerMessage[]): Promise<void> {
    const batches: OutgoingTimerMessage[][] = [];
    for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
    await Promise.all(batches.map((batch) => this.sendBatch(batch, 1)));
  }

  private async sendBatch(batch: readonly OutgoingTimerMessage[], retries: number): Promise<void> {
    const out = await this.client.send(new SendMessageBatchCommand({
      QueueUrl: this.queueUrl,
      Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: JSON.stringify(m.body), DelaySeconds: m.delaySeconds })),
    }));
    const failed = out.Failed ?? [];
    if (failed.length === 0) return;
    const again = failed.map((f) => batch[Number(f.Id)]!);
    if (retries > 0 && failed.every((f) => !f.SenderFault)) return this.sendBatch(again, retries - 1);
    throw new Error(`SQS refused ${failed.length} timer message(s): ${failed.map((f) => `${f.Code}: ${f.Message ?? ''}`).join('; ')}`);
  }
}

export const createSqsClient = () => new SQSClient(clientConfig('SQS'));
