/**
 * Community operator keys in the table: one item per key in one partition, so a request's key is one
 * consistent GetItem by its id and the county's list is one query. The item holds the key's SHA-256,
 * never the key. Keys are few (one or two per community), so the one partition stays small.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { OperatorKeyStore, StoredOperatorKey } from '../domain/operators';
import { withAudit } from './audit-trail';
import { strip, writeIf, type Table } from './table';

const OPERATOR_KEYS = 'OPERATOR_KEYS';
const operatorKeyKey = (keyId: string) => ({ pk: OPERATOR_KEYS, sk: `KEY#${keyId}` });

export const operatorKeyStore = (table: Table): OperatorKeyStore => ({
  operatorKey: (keyId) => table.get<StoredOperatorKey>(operatorKeyKey(keyId)),
  operatorKeys: async () => {
    const items = await table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': OPERATOR_KEYS, ':prefix': 'KEY#' },
      ConsistentRead: true,
    });
    return items.map((item) => strip<StoredOperatorKey>(item));
  },
  saveOperatorKey: (key, audit) =>
    audit
      ? table.transactIf(withAudit([{ Put: { Item: { ...operatorKeyKey(key.keyId), ...key }, ConditionExpression: 'attribute_not_exists(pk)' } }], audit))
      : table.putIf({ ...operatorKeyKey(key.keyId), ...key }, 'attribute_not_exists(pk)'),
  deleteOperatorKey: (keyId, audit) =>
    audit
      ? table.transactIf(withAudit([{ Delete: { Key: operatorKeyKey(keyId), ConditionExpression: 'attribute_exists(pk)' } }], audit))
      : writeIf(() => table.db.send(new DeleteCommand({ TableName: table.name, Key: operatorKeyKey(keyId), ConditionExpression: 'attribute_exists(pk)' }))),
});
