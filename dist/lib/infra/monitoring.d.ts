import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
export interface MonitoringProps {
    functions: Record<string, lambda.IFunction>;
    stateMachines: Record<string, sfn.IStateMachine>;
    deadLetters: sqs.IQueue;
    alarmEmail?: string;
}
/**
 * Alarms on what needs a person: function errors and throttles, failed timer and background
 * executions, and anything in the dead-letter queue. They notify one SNS topic
 * (encrypted, TLS only); subscribe to it, or pass `alarmEmail`.
 */
export declare class Monitoring extends Construct {
    readonly topic: sns.Topic;
    readonly alarms: cloudwatch.Alarm[];
    constructor(scope: Construct, id: string, props: MonitoringProps);
}
