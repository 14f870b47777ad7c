import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CheckpointWatchStack } from './infra/stack';
const stack = new CheckpointWatchStack(new App(), 'Test');
for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
  const report = pack.validateScope(stack) as any;
  for (const v of report.violations) console.log(v.ruleName, v.violatingResources.length, v.violatingResources.map((r: any) => r.constructPath + (r.locations ? '@' + r.locations.join(',') : '')).slice(0, 40).join(' '));
}
