/**
 * Alarms and a small dashboard. Every alarm notifies one SNS topic (with an e-mail subscription when an address
 * is configured): a message in any dead-letter queue, any function error or throttle, and API 5xx answers.
 * Alarms treat missing data as "not breaching": no traffic is not a failure.
 */
import {
  aws_cloudwatch_actions as actions,
  type aws_apigatewayv2 as apigw,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_lambda as lambda,
  aws_sns as sns,
  type aws_sqs as sqs,
  aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

export interface MonitoringProps {
  readonly dashboardName: string;
  readonly alarmEmail?: string;
}

export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { enforceSSL: true, displayName: 'Relance alarms' });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.alarmTopic);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(1),
    });
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string, threshold = 1): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }

  /** Alarms on errors and throttles; invocations, errors and duration on the dashboard. */
  watchFunction(name: string, fn: lambda.IFunction): void {
    const errors = fn.metricErrors({ period: PERIOD, statistic: 'Sum' });
    const throttles = fn.metricThrottles({ period: PERIOD, statistic: 'Sum' });
    this.alarm(`${name}Errors`, errors, `${name}: at least one invocation failed`);
    this.alarm(`${name}Throttles`, throttles, `${name}: at least one invocation was throttled`);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${name}: invocations, errors, throttles`,
        left: [fn.metricInvocations({ period: PERIOD, statistic: 'Sum' }), errors, throttles],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: `${name}: duration`,
        left: [fn.metricDuration({ period: PERIOD, statistic: 'p50' }), fn.metricDuration({ period: PERIOD })],
        width: 12,
      }),
    );
  }

  /** Depth and age of the oldest message of a work queue (dashboard only: a backlog is not a failure). */
  watchQueue(name: string, queue: sqs.IQueue): void {
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${name}: queue`,
        left: [queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' })],
        right: [queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' })],
        width: 12,
      }),
    );
  }

  /** Any message in a dead-letter queue is work that failed every retry: alarm at depth ≥ 1. */
  watchDeadLetterQueue(name: string, queue: sqs.IQueue): void {
    const depth = queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' });
    this.alarm(`${name}DeadLetters`, depth, `${name}: messages failed every retry and wait in the dead-letter queue`);
    this.dashboard.addWidgets(new cloudwatch.SingleValueWidget({ title: `${name}: dead letters`, metrics: [depth] }));
  }

  /** API 5xx answers alarm; requests, 4xx/5xx and latency on the dashboard. */
  watchApi(api: apigw.HttpApi): void {
    const serverErrors = api.metricServerError({ period: PERIOD, statistic: 'Sum' });
    this.alarm('Api5xx', serverErrors, 'HTTP API: at least one 5xx answer');
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API: requests, 4xx, 5xx',
        left: [
          api.metricCount({ period: PERIOD, statistic: 'Sum' }),
          api.metricClientError({ period: PERIOD, statistic: 'Sum' }),
          serverErrors,
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API: latency',
        left: [
          api.metricLatency({ period: PERIOD, statistic: 'p50' }),
          api.metricLatency({ period: PERIOD, statistic: 'p99' }),
        ],
        width: 12,
      }),
    );
  }
}
