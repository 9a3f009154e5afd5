import { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface TimerQueueProps {
  /** The advance function: runs the timers of each message. */
  consumer: lambda.IFunction;
  /** Where a message goes after MAX_RECEIVES failed deliveries. */
  deadLetters: sqs.IQueue;
  /** The consumer's timeout: the visibility timeout is six times it (AWS's advice for event sources). */
  consumerTimeout: Duration;
}

/** Deliveries of a message before it goes to the dead-letter queue. */
export const MAX_RECEIVES = 5;
/** Messages per invocation of the consumer (one SQS receive); no batching window: a window would add its length to every timer's lateness. */
export const TIMER_BATCH_SIZE = 10;

/**
 * Precise timers (lib/app/timers.ts): a standard SQS queue whose messages are sent with a
 * DelaySeconds of up to 15 minutes, consumed by the advance function through an event source
 * that reports failed messages one by one. Those come again after the visibility timeout and,
 * after MAX_RECEIVES deliveries, move to the dead-letter queue. SQS-managed encryption, TLS only.
 */
export class TimerQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: TimerQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: props.deadLetters, maxReceiveCount: MAX_RECEIVES },
    });
    props.consumer.addEventSource(new SqsEventSource(this.queue, { batchSize: TIMER_BATCH_SIZE, reportBatchItemFailures: true }));
  }

  /** sqs:SendMessage (and GetQueueAttributes, GetQueueUrl) on this queue only. */
  grantSend(grantee: iam.IGrantable): void {
    this.queue.grantSendMessages(grantee);
  }
}
