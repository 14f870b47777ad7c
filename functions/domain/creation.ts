/**
 * Creating a community or a checkpoint, never replacing one: the console's "new community" and "new
 * checkpoint" forms. They run the API's own use cases (putCommunity, putCheckpoint: the same
 * validation, the same record, the same audit entry), over the registry store narrowed to creates.
 *
 * The guard is the create's own condition (`attribute_not_exists`), not a read before it: every write
 * the use case would make over a stored record (a replacement at a version, or the replacement a PUT
 * makes after losing its create race) is refused here before it is sent, and a create whose condition
 * fails — someone else created that id in between — is refused too. So two forms posted at once with
 * one id create it once, and the other is told the id is taken; nothing is overwritten, whatever the
 * timing.
 */
import { ConflictError } from './errors';
import type { RegistryStore } from './registry';

/** The id is taken: a community (checkpoint) with it exists. Nothing was written. */
export class AlreadyRegisteredError extends ConflictError {
  constructor(
    readonly what: 'community' | 'checkpoint',
    readonly id: string,
  ) {
    super(`a ${what} with the id ${id} exists already`);
  }
}

/** The registry store, but writes only creates: any write over a stored record is refused (AlreadyRegisteredError). */
export const createOnly = (store: RegistryStore): RegistryStore => ({
  community: (communityId) => store.community(communityId),
  checkpoint: (checkpointId) => store.checkpoint(checkpointId),
  checkpointsOf: (communityId) => store.checkpointsOf(communityId),
  saveCommunity: async (community, isNew, audit) => {
    if (!isNew || !(await store.saveCommunity(community, true, audit))) throw new AlreadyRegisteredError('community', community.communityId);
    return true;
  },
  saveCheckpoint: async (checkpoint, expectedVersion, audit) => {
    if (expectedVersion !== undefined || !(await store.saveCheckpoint(checkpoint, undefined, audit))) throw new AlreadyRegisteredError('checkpoint', checkpoint.checkpointId);
    return true;
  },
});
