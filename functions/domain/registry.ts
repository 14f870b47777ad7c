/**
 * Registering communities and checkpoints: what a PUT changes, and how a checkpoint is shown.
 * A checkpoint carries its community's zone, so a zone change is passed on to its checkpoints.
 */
import type { CheckpointBody, CommunityBody } from '../contract/schemas';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import type { Checkpoint, Community } from './model';
import { slotStateOf } from './readings';
import { scheduleProblem } from './schedule';
import type { LinkKeys } from './links';
import { formTokenOf, issueFormToken, tokenMatchesHash } from './secrets';
import { nextDeadline, statusAt, type CheckpointStatus } from './slots';
import { durationMs } from './time';

/** The server keys form tokens are derived under. */
export type TokenKeys = () => Promise<LinkKeys>;

export interface RegistryStore {
  community(communityId: string): Promise<Community | undefined>;
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  checkpointsOf(communityId: string): Promise<Checkpoint[]>;
  /** Creates (expectedVersion undefined) or replaces at that version; false when someone wrote in between. */
  saveCheckpoint(checkpoint: Checkpoint, expectedVersion: number | undefined): Promise<boolean>;
  saveCommunity(community: Community, isNew: boolean): Promise<boolean>;
}

export const putCommunity = async (
  store: RegistryStore,
  input: { communityId: string; body: CommunityBody; now: Date },
): Promise<{ created: boolean; community: Community }> => {
  const existing = await store.community(input.communityId);
  const community: Community = {
    communityId: input.communityId,
    ...input.body,
    createdAt: existing?.createdAt ?? input.now.toISOString(),
    updatedAt: input.now.toISOString(),
  };
  if (!(await store.saveCommunity(community, !existing))) {
    throw new ConflictError('the community was changed at the same time; send again', 1);
  }
  if (existing && existing.timezone !== community.timezone) {
    for (const checkpoint of await store.checkpointsOf(community.communityId)) {
      await saveWithRetry(store, checkpoint.checkpointId, (current) => withDeadline({ ...current, timezone: community.timezone }, input.now));
    }
  }
  return { created: !existing, community };
};

export const putCheckpoint = async (
  store: RegistryStore,
  input: { checkpointId: string; body: CheckpointBody; now: Date; keys: TokenKeys },
): Promise<{ created: boolean; checkpoint: Checkpoint; formToken?: string }> => {
  const { body, now } = input;
  const community = await store.community(body.communityId);
  if (!community) {
    throw new ValidationError('the checkpoint is not valid', [{ path: 'communityId', message: 'no community has this id' }]);
  }
  const problem = scheduleProblem(body.schedule, community.timezone);
  if (problem) throw new ValidationError('the checkpoint is not valid', [{ path: 'schedule', message: problem }]);

  const existing = await store.checkpoint(input.checkpointId);
  if (existing) {
    const checkpoint = await saveWithRetry(store, input.checkpointId, (current) =>
      withDeadline({ ...withoutOptional(current), ...applyActive(current, body.active, now), ...registration(body), timezone: community.timezone, updatedAt: now.toISOString() }, now),
    );
    return { created: false, checkpoint };
  }
  const { token, ...tokenRef } = issueFormToken(await input.keys(), input.checkpointId);
  const checkpoint = withDeadline(
    {
      checkpointId: input.checkpointId,
      ...registration(body),
      timezone: community.timezone,
      active: body.active,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      activeSince: now.toISOString(),
      pauses: body.active ? [] : [{ from: now.toISOString() }],
      recentlyFilled: [],
      recentMaxTempC: {},
      ...tokenRef,
      version: 0,
    },
    now,
  );
  if (!(await store.saveCheckpoint(checkpoint, undefined))) {
    throw new ConflictError('the checkpoint was created at the same time; send again', 1);
  }
  return { created: true, checkpoint, formToken: token };
};

export const rotateFormToken = async (
  store: RegistryStore,
  input: { checkpointId: string; now: Date; keys: TokenKeys },
): Promise<{ checkpoint: Checkpoint; formToken: string }> => {
  const keys = await input.keys();
  let token = '';
  const checkpoint = await saveWithRetry(store, input.checkpointId, (current) => {
    const issued = issueFormToken(keys, input.checkpointId, current.tokenVersion ?? 0);
    token = issued.token;
    return { ...current, tokenHash: issued.tokenHash, tokenKid: issued.tokenKid, tokenVersion: issued.tokenVersion, updatedAt: input.now.toISOString() };
  });
  return { checkpoint, formToken: token };
};

/** The checkpoint's current form token, derived again (for QR codes and gate sheets); undefined if it cannot be. */
export const currentFormToken = (keys: LinkKeys, checkpoint: Checkpoint): string | undefined => {
  if (!checkpoint.tokenKid || !checkpoint.tokenVersion || !keys.keys[checkpoint.tokenKid]) return undefined;
  const token = formTokenOf(keys, checkpoint.checkpointId, { tokenKid: checkpoint.tokenKid, tokenVersion: checkpoint.tokenVersion });
  return tokenMatchesHash(token, checkpoint.tokenHash) ? token : undefined;
};

/** A re-PUT replaces the registration: optional parts it leaves out are gone. */
const withoutOptional = ({ escalation: _escalation, shifts: _shifts, ...rest }: Checkpoint): Checkpoint => rest;

const registration = (body: CheckpointBody) => ({
  name: body.name,
  communityId: body.communityId,
  schedule: body.schedule,
  grace: body.grace,
  contacts: body.contacts,
  ...(body.escalation && { escalation: body.escalation }),
  ...(body.shifts && { shifts: body.shifts }),
});

/** Pausing opens a pause; resuming closes it and starts expecting slots from now. */
const applyActive = (current: Checkpoint, active: boolean, now: Date): Pick<Checkpoint, 'active' | 'pauses' | 'activeSince'> => {
  if (current.active === active) return current;
  if (!active) return { active, pauses: [...current.pauses, { from: now.toISOString() }], activeSince: current.activeSince };
  const pauses = current.pauses.map((pause) => (pause.to ? pause : { ...pause, to: now.toISOString() }));
  return { active, pauses, activeSince: now.toISOString() };
};

const withDeadline = (checkpoint: Checkpoint, now: Date): Checkpoint => {
  const { dueAt: _previous, ...rest } = checkpoint;
  const due = nextDeadline(slotStateOf(checkpoint), now);
  return due ? { ...rest, dueAt: due.toISOString() } : rest;
};

/** Read, change, write at the version read; again when another write came in between. */
const saveWithRetry = async (
  store: RegistryStore,
  checkpointId: string,
  change: (current: Checkpoint) => Checkpoint,
): Promise<Checkpoint> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await store.checkpoint(checkpointId);
    if (!current) throw new NotFoundError(`no checkpoint ${checkpointId}`);
    const next = { ...change(current), version: current.version + 1 };
    if (await store.saveCheckpoint(next, current.version)) return next;
  }
  throw new ConflictError('the checkpoint is busy; send again', 1);
};

export interface CheckpointView {
  checkpointId: string;
  communityId: string;
  name: string;
  schedule: Checkpoint['schedule'];
  grace: string;
  contacts: Checkpoint['contacts'];
  escalation?: Checkpoint['escalation'];
  shifts?: Checkpoint['shifts'];
  active: boolean;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  status: CheckpointStatus;
  lastReadingAt: string | null;
  nextDeadline: string | null;
}

export const viewOf = (checkpoint: Checkpoint, now: Date): CheckpointView => ({
  checkpointId: checkpoint.checkpointId,
  communityId: checkpoint.communityId,
  name: checkpoint.name,
  schedule: checkpoint.schedule,
  grace: checkpoint.grace,
  contacts: checkpoint.contacts,
  ...(checkpoint.escalation && { escalation: checkpoint.escalation }),
  ...(checkpoint.shifts && { shifts: checkpoint.shifts }),
  active: checkpoint.active,
  timezone: checkpoint.timezone,
  createdAt: checkpoint.createdAt,
  updatedAt: checkpoint.updatedAt,
  status: statusAt(
    {
      active: checkpoint.active,
      graceMs: durationMs(checkpoint.grace) ?? 0,
      escalationOpen: checkpoint.openEscalationId !== undefined,
      ...(checkpoint.dueAt && { dueAt: new Date(checkpoint.dueAt) }),
      ...(checkpoint.lastReadingAt && { lastReadingAt: new Date(checkpoint.lastReadingAt) }),
    },
    now,
  ),
  lastReadingAt: checkpoint.lastReadingAt ?? null,
  nextDeadline: checkpoint.dueAt ?? null,
});
