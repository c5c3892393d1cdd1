/**
 * CDK entry point (`cdk.json`: `npx tsx infra/app.ts`). Settings come from context: see infra/README.md.
 */
import { App } from 'aws-cdk-lib';
import { readConfig } from './config.ts';
import { buildRelance } from './relance.ts';

const app = new App();
buildRelance(app, readConfig(app.node));
app.synth();
