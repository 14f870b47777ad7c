import { CfnOutput, Stack, Validations, type CfnResource, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CheckpointApi } from './constructs/api';
import { CheckpointTable } from './constructs/table';

/** checkpoint-watch in one stack: the table, the admin key, the API and its functions. */
export class CheckpointWatchStack extends Stack {
  readonly table: CheckpointTable;
  readonly api: CheckpointApi;
  readonly adminKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.table = new CheckpointTable(this, 'Data');
    this.adminKey = new secretsmanager.Secret(this, 'AdminKey', {
      description: 'checkpoint-watch admin key: send it as Authorization: Bearer <key> on admin routes',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    this.api = new CheckpointApi(this, 'Api', { table: this.table.table, adminKey: this.adminKey });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'Base URL of the API' });
    new CfnOutput(this, 'AdminKeySecretName', {
      value: this.adminKey.secretName,
      description: 'aws secretsmanager get-secret-value --secret-id <this> --query SecretString --output text',
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    this.acknowledgeFindings();
  }

  /** cdk-nag findings we accept, each with the reason it is right here (see docs/security.md). */
  private acknowledgeFindings(): void {
    Validations.of(this.adminKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The admin key is a bearer key held by county IT; it is rotated by hand (README: Rotating the admin key), because rotating it automatically would lock out its holders.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Every route checks its own credential in the function: the admin key (constant-time) on admin routes, the per-checkpoint form token on the reading route; GET /openapi.json is public by design.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole only lets a function write its own logs; it is the managed policy AWS maintains for exactly that.',
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray trace segments and telemetry have no resource-level permissions (xray:PutTraceSegments, xray:PutTelemetryRecords).',
    });
    Validations.of(this.api).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.table.table.node.defaultChild as CfnResource)}.Arn>/index/*]`,
      reason: "Functions query the indexes of their own table (byParent, byDeadline, byTime); the grant names the table and nothing else.",
    });
  }
}
