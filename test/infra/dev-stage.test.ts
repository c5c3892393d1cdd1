/**
 * The default stage (`npm run synth` with cdk.json only): nothing optional, disposable resources, and the
 * configuration checks that fail a synth early with a clear message.
 */
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_ACCOUNT, readConfig } from '../../infra/config.ts';
import { nagFindings, type Synthesised, synthRelance } from './synth.ts';

let s: Synthesised;
beforeAll(() => {
  s = synthRelance({});
  // Seven entry points bundled with esbuild: on two cores with the other file synthesising too, well over 30 s.
}, 180_000);

describe('dev stage (cdk.json defaults)', () => {
  it('deploys to eu-west-3 with no SES identity, no user pool and no alarm subscription', () => {
    expect(s.stateful.region).toBe('eu-west-3');
    s.statefulTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
    s.statefulTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
    s.statefulTemplate.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    s.statelessTemplate.resourceCountIs('AWS::SNS::Subscription', 1); // Textract topic → queue only
  });

  it('lets a dev stage be deleted, and keeps point-in-time recovery on anyway', () => {
    const resources = s.statefulTemplate.toJSON().Resources as Record<
      string,
      { Type: string; DeletionPolicy?: string }
    >;
    for (const [id, r] of Object.entries(resources))
      if (['AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret'].includes(r.Type))
        expect(r.DeletionPolicy, id).toBe('Delete');
    s.statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('logs at DEBUG and keeps logs a month', () => {
    s.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
    });
    s.statelessTemplate.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('passes cdk-nag with no unacknowledged finding', () => {
    expect(nagFindings(s.app)).toEqual([]);
  });
});

describe('configuration', () => {
  const config = (context: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
    readConfig(new App({ context }).node, env);

  it('defaults to dev in eu-west-3, the credentials account, or a placeholder account offline', () => {
    expect(config({})).toMatchObject({ stage: 'dev', region: 'eu-west-3', account: OFFLINE_ACCOUNT, cognito: false });
    expect(config({}, { CDK_DEFAULT_ACCOUNT: '999988887777' }).account).toBe('999988887777');
    expect(config({ account: '111122223333' }, { CDK_DEFAULT_ACCOUNT: '999988887777' }).account).toBe('111122223333');
  });

  it('refuses malformed values and a sender address outside the sender domain', () => {
    expect(() => config({ stage: 'Prod!' })).toThrow(/stage/);
    expect(() => config({ region: 'paris' })).toThrow(/region/);
    expect(() => config({ alarmEmail: 'nobody' })).toThrow(/alarmEmail/);
    expect(() => config({ senderDomain: 'acme.example', senderAddress: 'x@other.example' })).toThrow(/senderAddress/);
    expect(config({ senderDomain: 'Acme.Example', senderAddress: 'relances@acme.example' }).senderDomain).toBe(
      'acme.example',
    );
  });
});
