/**
 * Board stamps (docs/data-model.md): the transaction item each write the board shows adds, so that a
 * refresh can ask one query what changed instead of reading every checkpoint again. A checkpoint's
 * stamp counts writes to the checkpoint and its day counters (`v`) and to its escalations (`e`); a
 * community's counts writes to the community. Being in the write's own transaction, a stamp never
 * says "unchanged" of a write that was made. And the board's one read of them all.
 */
import type { BoardStamps, BoardStore } from '../domain/board';
import { BOARD, boardStampKey } from './keys';
import type { Table, TransactItem } from './table';

export type StampedChange = { checkpoint?: boolean; escalation?: boolean };

export const checkpointStamp = (checkpointId: string, change: StampedChange): TransactItem => ({
  Update: {
    Key: boardStampKey('CHECKPOINT', checkpointId),
    UpdateExpression: `ADD ${[...(change.checkpoint ? ['v :one'] : []), ...(change.escalation ? ['e :one'] : [])].join(', ')}`,
    ExpressionAttributeValues: { ':one': 1 },
  },
});

export const communityStamp = (communityId: string): TransactItem => ({
  Update: { Key: boardStampKey('COMMUNITY', communityId), UpdateExpression: 'ADD v :one', ExpressionAttributeValues: { ':one': 1 } },
});

/** The board's stamps: every one in one query of small items (one request per megabyte: some 15,000 checkpoints). */
export const boardStamps = (table: Table): Pick<BoardStore, 'boardStamps'> => ({
  boardStamps: async () => {
    const items = await table.queryAll({
      KeyConditionExpression: 'pk = :board',
      ExpressionAttributeValues: { ':board': BOARD },
      ProjectionExpression: 'sk, v, e',
      ConsistentRead: true,
    });
    const stamps: BoardStamps = { communities: new Map(), checkpoints: new Map() };
    for (const item of items) {
      const [kind, ...rest] = String(item.sk).split('#');
      const id = rest.join('#');
      if (kind === 'COMMUNITY') stamps.communities.set(id, Number(item.v ?? 0));
      else if (kind === 'CHECKPOINT') stamps.checkpoints.set(id, { v: Number(item.v ?? 0), e: Number(item.e ?? 0) });
    }
    return stamps;
  },
});
