import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableSchema, type Projection } from '../../functions/adapters/table-schema';

const projection = (type: Projection) => (type === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY);
const text = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The one table, built from functions/adapters/table-schema.ts (the local stack builds from it too).
 * On-demand, point-in-time recovery, deletion protection, AWS-managed encryption, TTL on readings, and
 * a stream (the sender's wake: infra/constructs/notice-sender.ts).
 */
export class CheckpointTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: text(tableSchema.partitionKey),
      sortKey: text(tableSchema.sortKey),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      timeToLiveAttribute: tableSchema.timeToLiveAttribute,
      dynamoStream: dynamodb.StreamViewType[tableSchema.stream],
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: tableSchema.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: text(index.partitionKey),
        sortKey: text(index.sortKey),
        projectionType: projection(index.projection),
      })),
      localSecondaryIndexes: tableSchema.localIndexes.map((index) => ({
        indexName: index.indexName,
        sortKey: text(index.sortKey),
        projectionType: projection(index.projection),
      })),
    });
  }
}
