#!/usr/bin/env node
/** The CDK app. `npx cdk synth` works offline, without AWS credentials; `npx cdk deploy` deploys. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CheckpointWatchStack } from './stack';

const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name) as string | undefined;
const list = (name: string): string[] | undefined => context(name)?.split(',').map((item) => item.trim()).filter(Boolean);
new CheckpointWatchStack(app, context('stackName') ?? 'CheckpointWatch', {
  description: 'checkpoint-watch: checkpoint readings, escalation and daily summaries',
  ...(context('senderEmail') && { senderEmail: context('senderEmail') }),
  ...(list('summaryTimezones') && { summaryTimezones: list('summaryTimezones') }),
  ...(list('countySummaryEmails') && { countySummaryEmails: list('countySummaryEmails') }),
  ...(list('formOrigins') && { formOrigins: list('formOrigins') }),
  ...(context('readingsPerMinute') && { readingsPerMinute: Number(context('readingsPerMinute')) }),
  ...(context('readingRetentionDays') && { readingRetentionDays: Number(context('readingRetentionDays')) }),
  ...(context('groupThreshold') && { groupThreshold: Number(context('groupThreshold')) }),
  ...(context('noticesPerHour') && { noticesPerHour: Number(context('noticesPerHour')) }),
  ...(context('alarmEmail') && { alarmEmail: context('alarmEmail') }),
  // `-c region=cn-north-1` (or the CLI's CDK_DEFAULT_REGION) pins the region, and so the partition of every ARN.
  ...((context('region') ?? process.env.CDK_DEFAULT_REGION) && {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: context('region') ?? process.env.CDK_DEFAULT_REGION },
  }),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
