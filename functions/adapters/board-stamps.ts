/**
 * Board stamps (docs/data-model.md): the transaction item each write the board shows adds, so that a
 * refresh can ask one query what changed instead of reading every checkpoint again. A checkpoint's
 * stamp counts writes to the checkpoint and its day counters (`v`) and to its escalations (`e`); a
 * community's counts writes to the community. Being in the write's own transaction, a stamp never
 * says "unchanged" of a write that was made.
 */
import { boardStampKey } from './keys';

export type StampedChange = { checkpoint?: boolean; escalation?: boolean };

export const checkpointStamp = (tableName: string, checkpointId: string, change: StampedChange) => ({
  Update: {
    TableName: tableName,
    Key: boardStampKey('CHECKPOINT', checkpointId),
    UpdateExpression: `ADD ${[...(change.checkpoint ? ['v :one'] : []), ...(change.escalation ? ['e :one'] : [])].join(', ')}`,
    ExpressionAttributeValues: { ':one': 1 },
  },
});

export const communityStamp = (tableName: string, communityId: string) => ({
  Update: { TableName: tableName, Key: boardStampKey('COMMUNITY', communityId), UpdateExpression: 'ADD v :one', ExpressionAttributeValues: { ':one': 1 } },
});
