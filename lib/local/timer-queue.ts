import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { OutgoingTimerMessage, TimerQueue } from '../app/timers.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalQueue } from './template.js';

export type LocalMessageStatus = 'delayed' | 'in-flight' | 'waiting-retry' | 'deleted' | 'dead' | 'purged';

/** A message as the stand-in keeps it (GET /_local/timers lists them). */
export interface LocalQueueMessage {
  messageId: string;
  body: unknown;
  delaySeconds: number;
  sentAt: number;
  /** When it was last handed to the consumer. */
  deliveredAt?: number;
  receiveCount: number;
  status: LocalMessageStatus;
}

export interface LocalTimerQueueOptions {
  /** The queue and its consumer as the template declares them (batch size, redrive policy). */
  queue: LocalQueue;
  /** Invokes the consumer function with an SQS event, as the event source mapping would. */
  deliver: (event: SQSEvent) => Promise<unknown>;
  /** Receives a message that failed maxReceiveCount times. */
  deadLetter: (message: LocalQueueMessage, error: string) => void;
  /** How long a failed message stays invisible before it comes again (AWS: the visibility timeout, minutes; locally 1 s). */
  retryDelayMs?: number;
  /** The most messages kept for inspection (the oldest finished ones go first). */
  keep?: number;
}

/**
 * The timer queue on this machine. No SQS emulator on npm speaks the SDK's current JSON
 * protocol (sqslite answers "Unsupported Media Type: application/x-amz-json-1.0"; ElasticMQ is
 * a JVM server not on npm), so the local stack keeps the queue in-process, behind the same
 * TimerQueue port as the SQS adapter: DelaySeconds, batches of up to the mapping's BatchSize
 * handed to the consumer as an SQS event, ReportBatchItemFailures, redelivery of failed
 * messages and the dead-letter queue after maxReceiveCount, PurgeQueue. Not emulated: the
 * visibility timeout's length (a retry comes after `retryDelayMs`), at-least-once duplicates
 * (the consumer is idempotent anyway), message retention, and durability: the queue dies with
 * the process, which is why the local stack re-sends the timers of the due index at start-up.
 */
export class LocalTimerQueue implements TimerQueue {
  readonly messages = new Map<string, LocalQueueMessage>();
  private readonly timeouts = new Map<string, NodeJS.Timeout>();
  private readonly visible: LocalQueueMessage[] = [];
  private flushing = false;
  private stopped = false;

  constructor(private readonly options: LocalTimerQueueOptions) {}

  async send(messages: readonly OutgoingTimerMessage[]): Promise<void> {
    if (this.stopped) throw new Error('The local timer queue is stopped');
    for (const m of messages) {
      if (!Number.isInteger(m.delaySeconds) || m.delaySeconds < 0 || m.delaySeconds > 900) throw new Error(`DelaySeconds must be 0…900, got ${m.delaySeconds}`);
      const message: LocalQueueMessage = { messageId: randomUUID(), body: structuredClone(m.body), delaySeconds: m.delaySeconds, sentAt: Date.now(), receiveCount: 0, status: 'delayed' };
      this.messages.set(message.messageId, message);
      this.later(message, m.delaySeconds * 1000);
    }
    this.trim();
  }

  /** SQS PurgeQueue: every message not yet deleted is gone (as if lost). */
  purge(): number {
    let n = 0;
    for (const [id, timeout] of this.timeouts) {
      clearTimeout(timeout);
      this.messages.get(id)!.status = 'purged';
      n++;
    }
    this.timeouts.clear();
    for (const m of this.visible.splice(0)) {
      m.status = 'purged';
      n++;
    }
    return n;
  }

  /** Messages whose body names this instance. */
  about(instanceId: string): LocalQueueMessage[] {
    return [...this.messages.values()].filter((m) => (m.body as { timers?: { id: string }[] }).timers?.some((t) => t.id === instanceId));
  }

  stop(): void {
    this.stopped = true;
    this.purge();
  }

  private later(message: LocalQueueMessage, ms: number): void {
    const timeout = setTimeout(() => {
      this.timeouts.delete(message.messageId);
      this.visible.push(message);
      void this.flush();
    }, ms);
    this.timeouts.set(message.messageId, timeout);
  }

  /** Hands what is visible to the consumer in batches, as the event source's pollers do. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.visible.length && !this.stopped) {
        const batch = this.visible.splice(0, this.options.queue.consumer.batchSize);
        void this.deliver(batch);
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async deliver(batch: LocalQueueMessage[]): Promise<void> {
    const now = Date.now();
    for (const m of batch) {
      m.status = 'in-flight';
      m.receiveCount += 1;
      m.deliveredAt = now;
    }
    let failed: Set<string>;
    let error = 'the consumer reported it failed';
    try {
      const response = (await this.options.deliver({ Records: batch.map((m) => this.record(m)) })) as SQSBatchResponse | undefined;
      failed = this.options.queue.consumer.reportBatchItemFailures ? new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier)) : new Set();
    } catch (e) {
      failed = new Set(batch.map((m) => m.messageId));
      error = (e as Error).message;
    }
    for (const m of batch) {
      if (!failed.has(m.messageId)) {
        m.status = 'deleted';
        continue;
      }
      const max = this.options.queue.maxReceiveCount;
      if (max !== undefined && m.receiveCount >= max) {
        m.status = 'dead';
        this.options.deadLetter(m, error);
      } else if (!this.stopped) {
        m.status = 'waiting-retry';
        this.later(m, this.options.retryDelayMs ?? 1_000);
      }
    }
  }

  private record(m: LocalQueueMessage): SQSRecord {
    const body = JSON.stringify(m.body);
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.deliveredAt ?? m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${this.options.queue.id}`,
      awsRegion: LOCAL_REGION,
    };
  }

  private trim(): void {
    const keep = this.options.keep ?? 10_000;
    if (this.messages.size <= keep) return;
    for (const [id, m] of this.messages) {
      if (this.messages.size <= keep) break;
      if (m.status === 'deleted' || m.status === 'purged' || m.status === 'dead') this.messages.delete(id);
    }
  }
}
