/**
 * Registering communities and checkpoints: what a PUT changes, and how a checkpoint is shown.
 * A checkpoint carries its community's zone, so a zone change is passed on to its checkpoints.
 */
import type { CheckpointInput, CommunityInput } from './inputs';
import { changedFields, checkpointAudit, communityAudit, rotationAudit, type AuditActor, type AuditEntry } from './audit';
import { channelView, registeredChannels, type ChannelRules } from './channels';
import { BusyError, ConflictError, NotFoundError, ValidationError } from './errors';
import type { Checkpoint, Community, Pause } from './model';
import { backoff, slotStateOf, slotUpdate } from './readings';
import { scheduleProblem } from './schedule';
import type { LinkKeys } from './links';
import { actorName } from './operators';
import { formTokenOf, issueFormToken, tokenMatchesHash } from './secrets';
import { asSweptAt, statusAt, type CheckpointStatus } from './slots';
import { durationMs, zoneSpanAround } from './time';

/** The server keys form tokens are derived under. */
export type TokenKeys = () => Promise<LinkKeys>;

export interface RegistryStore {
  community(communityId: string): Promise<Community | undefined>;
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  checkpointsOf(communityId: string): Promise<Checkpoint[]>;
  /**
   * Creates (expectedVersion undefined) or replaces at that version; false when someone wrote in between.
   * With `audit`, the entry is written in the same transaction: only if the checkpoint is.
   */
  saveCheckpoint(checkpoint: Checkpoint, expectedVersion: number | undefined, audit?: AuditEntry): Promise<boolean>;
  /**
   * A new community (`isNew`: false when the id is taken), or a replacement: false when the community is
   * gone, or when it carries a `version` and the stored one is not the version before it (another
   * write came in between; a record from before versions counts as 0).
   */
  saveCommunity(community: Community, isNew: boolean, audit?: AuditEntry): Promise<boolean>;
}

/** Who is making the change, for its audit entry (audit.ts); without one nothing is recorded (the local seed, tests). */
type Audited = { actor?: AuditActor };

export const putCommunity = async (
  store: RegistryStore,
  input: { communityId: string; body: CommunityInput; now: Date; channelRules?: ChannelRules } & Audited,
): Promise<{ created: boolean; community: Community }> => {
  const { channels: channelBodies, ...body } = input.body;
  const audit = (before: Community | undefined, after: Community) => (input.actor ? communityAudit(input.actor, input.now, before, after) : undefined);
  // Made from the record read, written at its version: another write in between (its robot's new URL, which
  // a body without a URL keeps) is read again, never overwritten unseen.
  const replacing = (stored: Community | undefined): Community => {
    const channels = registeredChannels(channelBodies, stored?.channels, input.channelRules);
    return {
      communityId: input.communityId,
      ...body,
      ...(channels && { channels }),
      createdAt: stored?.createdAt ?? input.now.toISOString(),
      updatedAt: input.now.toISOString(),
      version: (stored?.version ?? 0) + 1,
    };
  };
  /** The record this PUT replaces: none for a create. */
  let before = await store.community(input.communityId);
  let community = replacing(before);
  let saved = await store.saveCommunity(community, !before, audit(before, community));
  for (let attempt = 0; !saved && attempt < 10; attempt += 1) {
    if (attempt > 0) await backoff(attempt);
    const current = await store.community(input.communityId);
    if (!current) break;
    // A create that lost to an identical PUT (a retry, or the SDK retrying our own write): the same community.
    if (!before && sameRegistration(current, replacing(current))) return { created: false, community: current };
    before = current;
    community = replacing(current);
    saved = await store.saveCommunity(community, false, audit(current, community));
  }
  if (!saved) throw new BusyError('the community was changed at the same time; send again');
  if (before && before.timezone !== community.timezone) {
    // Part of the community's change (its entry names `timezone`): no entry per checkpoint.
    for (const checkpoint of await store.checkpointsOf(community.communityId)) {
      await saveWithRetry(store, checkpoint.checkpointId, (current) => withDeadline({ ...current, timezone: community.timezone }, input.now, current));
    }
  }
  return { created: !before, community };
};

export const putCheckpoint = async (
  store: RegistryStore,
  input: { checkpointId: string; body: CheckpointInput; now: Date; keys: TokenKeys; channelRules?: ChannelRules } & Audited & {
    /** The import this PUT is a row of: named by the checkpoint's entry. */
    importId?: string;
  },
): Promise<{ created: boolean; checkpoint: Checkpoint; formToken?: string }> => {
  const { body, now } = input;
  const registration = (stored: Checkpoint | undefined) => registrationOf(body, registeredChannels(body.channels, stored?.channels, input.channelRules));
  const community = await store.community(body.communityId);
  if (!community) {
    throw new ValidationError('the checkpoint is not valid', [{ path: 'communityId', message: 'no community has this id' }]);
  }
  const problem = scheduleProblem(body.schedule, community.timezone);
  if (problem) throw new ValidationError('the checkpoint is not valid', [{ path: 'every' in body.schedule ? 'schedule.every' : 'schedule.cron', message: problem }]);
  if (body.active && body.pausedReason?.trim()) {
    throw new ValidationError('the checkpoint is not valid', [{ path: 'pausedReason', message: 'only a paused checkpoint (active: false) has a reason' }]);
  }

  const reregistered = (current: Checkpoint): Checkpoint =>
    withDeadline({ ...withoutOptional(current), ...applyActive(current, body, now, input.actor && actorName(input.actor)), ...registration(current), timezone: community.timezone, updatedAt: now.toISOString() }, now, current);
  // Each attempt's entry is the diff from the record that attempt read: the one that is written is the change made.
  const audit = (before: Checkpoint | undefined, after: Checkpoint) => (input.actor ? checkpointAudit(input.actor, now, before, after, input.importId) : undefined);
  const existing = await store.checkpoint(input.checkpointId);
  if (existing) {
    return { created: false, checkpoint: await saveWithRetry(store, input.checkpointId, reregistered, audit) };
  }
  const { token, ...tokenRef } = issueFormToken(await input.keys(), input.checkpointId);
  const reason = pausedReasonOf(undefined, body);
  const checkpoint = withDeadline(
    {
      checkpointId: input.checkpointId,
      ...registration(undefined),
      timezone: community.timezone,
      active: body.active,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      activeSince: now.toISOString(),
      pauses: body.active ? [] : [{ from: now.toISOString(), ...(reason && { reason }), ...(input.actor && { by: actorName(input.actor) }) }],
      ...(reason && { pausedReason: reason }),
      filledRuns: [],
      recentMaxTempC: {},
      ...tokenRef,
      version: 0,
    },
    now,
  );
  if (!(await store.saveCheckpoint(checkpoint, undefined, audit(undefined, checkpoint)))) {
    // Created meanwhile: by an identical PUT (a retry) it is the same checkpoint, and its token is the
    // one that PUT was given; by a different one, this PUT replaces its registration.
    const winner = await store.checkpoint(input.checkpointId);
    if (!winner) throw new BusyError('the checkpoint was created at the same time; send again');
    const formToken = currentFormToken(await input.keys(), winner);
    if (sameRegistration(winner, checkpoint)) return { created: false, checkpoint: winner, ...(formToken && { formToken }) };
    return { created: false, checkpoint: await saveWithRetry(store, input.checkpointId, reregistered, audit) };
  }
  return { created: true, checkpoint, formToken: token };
};

export const rotateFormToken = async (
  store: RegistryStore,
  input: { checkpointId: string; now: Date; keys: TokenKeys } & Audited,
): Promise<{ checkpoint: Checkpoint; formToken: string }> => {
  const keys = await input.keys();
  let read = await store.checkpoint(input.checkpointId);
  for (let attempt = 0; read && attempt < 20; attempt += 1) {
    const issued = issueFormToken(keys, input.checkpointId, read.tokenVersion ?? 0);
    const next = { ...read, tokenHash: issued.tokenHash, tokenKid: issued.tokenKid, tokenVersion: issued.tokenVersion, updatedAt: input.now.toISOString(), version: read.version + 1 };
    if (await store.saveCheckpoint(next, read.version, input.actor && rotationAudit(input.actor, input.now, next))) return { checkpoint: next, formToken: issued.token };
    const current = await store.checkpoint(input.checkpointId);
    // Another rotation won: its token is the one that works, and this one must not be handed out.
    if (current && current.tokenHash !== read.tokenHash) {
      throw new ConflictError('the form token was rotated by another request at the same moment; use the token that request returned, or rotate again');
    }
    read = current;
  }
  if (!read) throw new NotFoundError(`no checkpoint ${input.checkpointId}`);
  throw new BusyError('the checkpoint is busy; send again');
};

/** The checkpoint's current form token, derived again (for QR codes and gate sheets); undefined if it cannot be. */
export const currentFormToken = (keys: LinkKeys, checkpoint: Checkpoint): string | undefined => {
  if (!checkpoint.tokenKid || !checkpoint.tokenVersion || !keys.keys[checkpoint.tokenKid]) return undefined;
  const token = formTokenOf(keys, checkpoint.checkpointId, { tokenKid: checkpoint.tokenKid, tokenVersion: checkpoint.tokenVersion });
  return tokenMatchesHash(token, checkpoint.tokenHash) ? token : undefined;
};

/** A re-PUT replaces the registration: optional parts it leaves out are gone (the pause's reason is applyActive's). */
const withoutOptional = ({ escalation: _escalation, shifts: _shifts, channels: _channels, closures: _closures, pausedReason: _reason, ...rest }: Checkpoint): Checkpoint => rest;

const registrationOf = (body: CheckpointInput, channels: Checkpoint['channels']) => ({
  name: body.name,
  communityId: body.communityId,
  schedule: body.schedule,
  grace: body.grace,
  contacts: body.contacts,
  ...(body.escalation && { escalation: body.escalation }),
  ...(body.shifts && { shifts: body.shifts }),
  ...(channels && { channels }),
  ...(body.closures && body.closures.length > 0 && { closures: body.closures }),
});

/**
 * The reason a PUT leaves a checkpoint paused for: the one it gives (empty: none), else the one of a
 * pause it keeps open — an edit of a paused checkpoint (the console's form, an import row) need not
 * repeat why. None once it reports.
 */
const pausedReasonOf = (current: Checkpoint | undefined, body: Pick<CheckpointInput, 'active' | 'pausedReason'>): string | undefined => {
  if (body.active) return undefined;
  const reason = body.pausedReason ?? (current && !current.active ? current.pausedReason : undefined);
  return reason?.trim() || undefined;
};

/**
 * Pausing opens a pause (naming who paused, `by`, when known); resuming closes it. No slot the pause
 * touches is expected (slots.ts), and it ends the escalation it excuses (closing.ts, endPaused).
 */
const applyActive = (current: Checkpoint, body: Pick<CheckpointInput, 'active' | 'pausedReason'>, now: Date, by?: string): Pick<Checkpoint, 'active' | 'pauses' | 'activeSince' | 'pausedReason'> => {
  // Only these: the whole record here would bring back what a re-PUT leaves out.
  const { active } = body;
  const reason = pausedReasonOf(current, body);
  const withReason = (pause: Pause): Pause => {
    const { reason: _was, ...open } = pause;
    return reason ? { ...open, reason } : open;
  };
  if (current.active && active) return { active, pauses: current.pauses, activeSince: current.activeSince };
  if (!active) {
    const pauses = current.active ? [...current.pauses, withReason({ from: now.toISOString(), ...(by && { by }) })] : current.pauses.map((pause) => (pause.to ? pause : withReason(pause)));
    return { active, pauses, activeSince: current.activeSince, ...(reason && { pausedReason: reason }) };
  }
  const pauses = current.pauses.map((pause) => (pause.to ? pause : { ...pause, to: now.toISOString() }));
  return { active, pauses, activeSince: now.toISOString() };
};

/**
 * Two registrations say the same thing (what a PUT sets; not timestamps, counters or tokens): no field
 * changed, by the diff the audit trail names changes with (audit.ts), which compares whatever the order
 * of their objects' keys.
 */
export const sameRegistration = <T extends object>(stored: T, wanted: T): boolean => changedFields(stored, wanted).length === 0;

/**
 * Whether `PUT /checkpoints/{checkpointId}` with this body would leave the stored checkpoint's
 * registration as it is (an import's `unchanged`): the registration that PUT would write, in the
 * community's zone, compared as a PUT that lost its create race compares it.
 */
export const registersTheSame = (stored: Checkpoint, body: CheckpointInput, timezone: string, channelRules?: ChannelRules): boolean => {
  const pausedReason = pausedReasonOf(stored, body);
  return sameRegistration(stored, {
    ...withoutOptional(stored),
    ...registrationOf(body, registeredChannels(body.channels, stored.channels, channelRules)),
    active: body.active,
    ...(pausedReason && { pausedReason }),
    timezone,
  });
};

/**
 * The watched deadline after a change. A passed one the sweep has not recorded stays while the slots
 * are the same; a new schedule, grace or zone starts from the slot rule again.
 */
const withDeadline = (checkpoint: Checkpoint, now: Date, before?: Checkpoint): Checkpoint => {
  const { dueAt: previous, ...rest } = checkpoint;
  const sameSlots = before !== undefined && JSON.stringify([before.schedule, before.grace, before.timezone]) === JSON.stringify([checkpoint.schedule, checkpoint.grace, checkpoint.timezone]);
  const { dueAt, filledRuns } = slotUpdate(slotStateOf(checkpoint), sameSlots ? previous : undefined, now);
  return { ...rest, filledRuns, zoneSpan: zoneSpanAround(now.getTime(), checkpoint.timezone), ...(dueAt && { dueAt }) };
};

/** Read, change, write at the version read (with the entry recording that change, if any); again when another write came in between. */
const saveWithRetry = async (
  store: RegistryStore,
  checkpointId: string,
  change: (current: Checkpoint) => Checkpoint,
  audit?: (current: Checkpoint, next: Checkpoint) => AuditEntry | undefined,
): Promise<Checkpoint> => {
  // Readings bump the version too: a burst of them at the gate must not turn an edit away.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    if (attempt > 0) await backoff(attempt);
    const current = await store.checkpoint(checkpointId);
    if (!current) throw new NotFoundError(`no checkpoint ${checkpointId}`);
    const next = { ...change(current), version: current.version + 1 };
    if (await store.saveCheckpoint(next, current.version, audit?.(current, next))) return next;
  }
  throw new BusyError('the checkpoint is busy; send again');
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
  channels?: ReturnType<typeof channelView>[];
  closures?: Checkpoint['closures'];
  active: boolean;
  pausedReason?: string;
  timezone: string;
  createdAt: string;
  updatedAt: string;
  status: CheckpointStatus;
  lastReadingAt: string | null;
  nextDeadline: string | null;
}

export const viewOf = (checkpoint: Checkpoint, now: Date): CheckpointView => {
  const { status, dueAt } = asSwept(checkpoint, now);
  return {
    checkpointId: checkpoint.checkpointId,
    communityId: checkpoint.communityId,
    name: checkpoint.name,
    schedule: checkpoint.schedule,
    grace: checkpoint.grace,
    contacts: checkpoint.contacts,
    ...(checkpoint.escalation && { escalation: checkpoint.escalation }),
    ...(checkpoint.shifts && { shifts: checkpoint.shifts }),
    ...(checkpoint.channels && { channels: checkpoint.channels.map(channelView) }),
    ...(checkpoint.closures && { closures: checkpoint.closures }),
    active: checkpoint.active,
    ...(checkpoint.pausedReason && { pausedReason: checkpoint.pausedReason }),
    timezone: checkpoint.timezone,
    createdAt: checkpoint.createdAt,
    updatedAt: checkpoint.updatedAt,
    status,
    lastReadingAt: checkpoint.lastReadingAt ?? null,
    // While paused nothing is due; a watched deadline may still stand for a slot missed before the pause.
    nextDeadline: checkpoint.active && dueAt ? dueAt.toISOString() : null,
  };
};

/**
 * A checkpoint's status at `now` by the slot rule (slots.ts, statusAt) and the deadline it watches, as
 * the sweep would leave them had it just run: between two sweeps a passed deadline is not shown as next.
 */
const asSwept = (checkpoint: Checkpoint, now: Date): { status: CheckpointStatus; dueAt?: Date } => {
  const stored = { ...(checkpoint.dueAt && { dueAt: new Date(checkpoint.dueAt) }), ...(checkpoint.missedAt && { missedAt: new Date(checkpoint.missedAt) }) };
  // Only a watched deadline that has passed needs the slot rule: the rest is stored.
  const swept = stored.dueAt && stored.dueAt <= now && checkpoint.active ? asSweptAt(slotStateOf(checkpoint), stored, now) : stored;
  const lastReadingAt = checkpoint.lastReadingAt === undefined ? undefined : new Date(checkpoint.lastReadingAt);
  const status = statusAt(
    {
      active: checkpoint.active,
      graceMs: durationMs(checkpoint.grace) ?? 0,
      activeSince: new Date(checkpoint.activeSince),
      ...swept,
      ...(lastReadingAt && { lastReadingAt }),
    },
    now,
  );
  return { status, ...(swept.dueAt && { dueAt: swept.dueAt }) };
};

/** A community as API clients see it: its channels without their credentials. */
export const communityView = ({ channels, version: _version, ...community }: Community) => ({ ...community, ...(channels && { channels: channels.map(channelView) }) });
