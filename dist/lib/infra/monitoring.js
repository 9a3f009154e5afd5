import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
/**
 * Alarms on what needs a person: function errors and throttles, failed timer and background
 * executions, and anything in the dead-letter queue. They notify one SNS topic
 * (encrypted, TLS only); subscribe to it, or pass `alarmEmail`.
 */
export class Monitoring extends Construct {
    topic;
    alarms = [];
    constructor(scope, id, props) {
        super(scope, id);
        this.topic = new sns.Topic(this, 'Alarms', {
            displayName: 'Automations alarms',
            enforceSSL: true,
            masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
        });
        if (props.alarmEmail)
            this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
        const action = new actions.SnsAction(this.topic);
        const alarm = (name, metric, description) => {
            const a = new cloudwatch.Alarm(this, name, {
                metric,
                threshold: 0,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                evaluationPeriods: 1,
                treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
                alarmDescription: description,
            });
            a.addAlarmAction(action);
            this.alarms.push(a);
        };
        const period = Duration.minutes(5);
        for (const [name, fn] of Object.entries(props.functions)) {
            alarm(`${name}Errors`, fn.metricErrors({ period, statistic: 'Sum' }), `The ${name} function failed (see its logs)`);
            alarm(`${name}Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), `The ${name} function was throttled`);
        }
        for (const [name, machine] of Object.entries(props.stateMachines)) {
            alarm(`${name}ExecutionsFailed`, machine.metricFailed({ period, statistic: 'Sum' }), `${name} executions failed after their retries (inputs are in the dead-letter queue)`);
        }
        alarm('DeadLetters', props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 'Work that failed repeatedly is waiting in the dead-letter queue');
    }
}
