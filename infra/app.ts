#!/usr/bin/env node
/** The CDK app. `npx cdk synth` works offline, without AWS credentials; `npx cdk deploy` deploys. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CheckpointWatchStack } from './stack';

const app = new App();
new CheckpointWatchStack(app, app.node.tryGetContext('stackName') ?? 'CheckpointWatch', {
  description: 'checkpoint-watch: checkpoint readings, escalation and daily summaries',
  ...(app.node.tryGetContext('senderEmail') && { senderEmail: app.node.tryGetContext('senderEmail') as string }),
  ...(app.node.tryGetContext('summaryTimezones') && { summaryTimezones: String(app.node.tryGetContext('summaryTimezones')).split(',') }),
  ...(app.node.tryGetContext('countySummaryEmails') && { countySummaryEmails: String(app.node.tryGetContext('countySummaryEmails')).split(',') }),
  ...(process.env.CDK_DEFAULT_ACCOUNT && { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } }),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
