/**
 * Textract's asynchronous expense analysis (INTEGRATIONS.md §4): StartExpenseAnalysis names an SNS topic and a
 * role Textract assumes to publish the completion there; the topic feeds a work queue with the raw JSON message
 * (`{"JobId", "Status", "API", "JobTag", "DocumentLocation"}`).
 */
import { aws_iam as iam, Stack, aws_sns as sns, aws_sns_subscriptions as subscriptions } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AppFunction } from './app-function.ts';
import type { WorkQueue } from './work-queue.ts';

/** The Textract actions a document-intake function calls. */
export const TEXTRACT_ACTIONS = [
  'textract:AnalyzeExpense',
  'textract:StartExpenseAnalysis',
  'textract:GetExpenseAnalysis',
] as const;

export class TextractNotifications extends Construct {
  readonly topic: sns.Topic;
  /** Assumed by Textract (this account only) to publish job completions to the topic. */
  readonly publishRole: iam.Role;

  constructor(scope: Construct, id: string, completions: WorkQueue) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { enforceSSL: true, displayName: 'Textract job completions' });
    this.publishRole = new iam.Role(this, 'PublishRole', {
      description: 'Assumed by Textract to publish Relance job completions',
      assumedBy: new iam.ServicePrincipal('textract.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    this.topic.grantPublish(this.publishRole);
    this.topic.addSubscription(new subscriptions.SqsSubscription(completions.queue, { rawMessageDelivery: true }));
  }

  /**
   * Lets `fn` start analyses that notify this topic: the Textract actions, PassRole on the publish role only, and
   * TEXTRACT_SNS_TOPIC_ARN / TEXTRACT_ROLE_ARN. Read access to the input prefix is a separate `bindBucket`
   * (Textract reads the object with the caller's permissions: s3:GetObject is a dependent action).
   */
  allowAnalysis(fn: AppFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...TEXTRACT_ACTIONS],
        // Documented exception: these Textract actions have no resource types in the IAM service authorization
        // reference, so "*" is the only resource they accept.
        resources: ['*'],
      }),
    );
    this.publishRole.grantPassRole(fn.grantPrincipal);
    fn.addEnvironment('TEXTRACT_SNS_TOPIC_ARN', this.topic.topicArn);
    fn.addEnvironment('TEXTRACT_ROLE_ARN', this.publishRole.roleArn);
  }
}
