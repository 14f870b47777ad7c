/**
 * Accepting a reading: authenticate the form token, apply the slot rule, and record the reading with
 * its effect on the checkpoint and on its day's counters in one atomic write. The reading's key is its
 * submission id, so a retried or concurrent duplicate can never be stored twice.
 */
import type { ReadingInput } from './inputs';
import { closuresOf } from './closures';
import { looksCopied, runAfter } from './fever/copied';
import { planFever, type FeverPlan } from './fever/opening';
import { rulesBroken } from './reading-rules';
import { BusyError, ConflictError, ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from './errors';
import type { Checkpoint, Community, Escalation, ReadingFigures, StoredReading } from './model';
import { DEFAULT_READINGS_PER_MINUTE } from './limits';
import { scheduleOf } from './schedule';
import { fingerprintOf, tokenCheckpoint, tokenMatchesHash } from './secrets';
import { assignSlot, firstUndecided, isExpected, isPausedAt, pruned, rememberingSlots, watchedDeadline, withFilled, type FilledRun, type SlotState, type Timeliness } from './slots';
import { durationMs, localDateOf, rememberZoneSpan, zoneSpanAround } from './time';

/** A reading observed more than this after it was received is refused: clocks on phones drift, not that far. */
const OBSERVED_AT_TOLERANCE_MS = 5 * 60_000;
/**
 * Attempts when other readings of the same checkpoint land in between our read and our write. Each
 * round of a burst stores one of them, so a burst of n needs n rounds: enough for a hundred at once
 * (about 8 s at worst on DynamoDB Local). Past that, or sooner when the function's time would run out
 * first (`answerBy`), the answer is a busy 503 with Retry-After, nothing stored, and the form sends it again.
 */
const MAX_ATTEMPTS = 60;

/** Full jitter, growing to a quarter second: concurrent writers of one record spread out instead of colliding again. */
export const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 10 * 2 ** attempt)));
/** The window a checkpoint's rate limit counts readings in. */
export const RATE_WINDOW_MS = 60_000;
/** Local dates whose highest temperature a checkpoint remembers (a late reading may count for yesterday). */
const MAX_TEMP_DATES_KEPT = 3;

export interface ReadingWrite {
  reading: StoredReading;
  checkpoint: Pick<Checkpoint, 'checkpointId' | 'lastReadingAt' | 'filledRuns' | 'recentMaxTempC' | 'dueAt' | 'zoneSpan' | 'lastFigures' | 'sameFiguresRun' | 'feverAlertId'> & {
    expectedVersion: number;
    rateWindow: number;
    rateCount: number;
  };
  day: {
    date: string;
    figures: ReadingFigures;
    /** The slot this reading filled, when it filled an expected one (only those count in the day's figures). */
    filled?: { slotStart: number; timeliness: Timeliness };
    /** The reading broke a rule that only warns (reading-rules.ts): the day counts it among its unlikely readings. */
    unlikely?: true;
    /** The reading repeats the figures of the ones before it often enough to look copied (fever/copied.ts): the day counts it. */
    copied?: true;
  };
  /**
   * Its fever cases (fever/opening.ts): a new fever alert, written only if its id is free (and the
   * checkpoint's `feverAlertId` set to it), or the gate's open one with the cases added, at the version
   * read — changed meanwhile, the whole write is stale, and the reading is planned again.
   */
  fever?: FeverPlan;
}

export type RecordOutcome = 'stored' | 'duplicate' | 'stale';

export interface ReadingStore {
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  /** Read only for a reading with a fever: its threshold and fever policy. */
  community(communityId: string): Promise<Community | undefined>;
  /** The checkpoint's latest fever alert (its `feverAlertId`), read only for a reading with a fever. */
  feverAlert(alertId: string): Promise<Escalation | undefined>;
  reading(checkpointId: string, submissionId: string): Promise<StoredReading | undefined>;
  /** Writes all of it or nothing: 'duplicate' when the submission exists, 'stale' when the checkpoint changed. */
  record(write: ReadingWrite): Promise<RecordOutcome>;
}

export interface ReadingReceipt {
  readingId: string;
  checkpointId: string;
  receivedAt: string;
  slot: { start: string; end: string };
  nextDeadline?: string;
  /** The reading's fever cases alerted the community (opened or joined a fever alert, fever/joining.ts). */
  feverAlert?: true;
}

/** What the slot rule knows of a checkpoint, for one decision (its schedule's answers are kept for it: rememberingSlots). */
export const slotStateOf = (checkpoint: Checkpoint): SlotState => {
  rememberZoneSpan(checkpoint.zoneSpan);
  const schedule = rememberingSlots(scheduleOf(checkpoint.schedule, checkpoint.timezone));
  return {
    schedule,
    graceMs: durationMs(checkpoint.grace) ?? 0,
    createdAt: Date.parse(checkpoint.createdAt),
    pauses: checkpoint.pauses.map((pause) => ({ from: Date.parse(pause.from), ...(pause.to && { to: Date.parse(pause.to) }) })),
    closures: closuresOf(checkpoint.closures ?? [], checkpoint.timezone),
    filled: checkpoint.filledRuns ?? legacyRuns(checkpoint.recentlyFilled ?? [], schedule),
  };
};

/** Records written before runs were kept list filled slot starts; each is read as its slot. */
const legacyRuns = (starts: readonly number[], schedule: SlotState['schedule']): FilledRun[] =>
  starts.reduce<FilledRun[]>((runs, start) => withFilled(runs, schedule.slotAt(new Date(start))), []);

/**
 * The deadline to store after a change at `now`: a watched deadline that has already passed stays, so
 * the sweep records that miss; otherwise the slot rule's. Filled runs the rule can no longer look at
 * are dropped.
 */
export const slotUpdate = (
  state: SlotState,
  storedDueAt: string | undefined,
  now: Date,
): { dueAt?: string; filledRuns: [number, number][]; watched?: Date } => {
  const unrecorded = storedDueAt !== undefined && Date.parse(storedDueAt) <= now.getTime() ? storedDueAt : undefined;
  const watched = watchedDeadline(state, now);
  const due = unrecorded ?? watched?.toISOString();
  const lookFrom = Math.min(firstUndecided(state, now).start.getTime(), unrecorded ? Date.parse(unrecorded) - state.graceMs - 86_400_000 : Infinity);
  return { ...(due && { dueAt: due }), filledRuns: pruned(state.filled, lookFrom).map(([start, end]) => [start, end]), ...(watched && { watched }) };
};

/** Finds the checkpoint a form token opens, or says why not: 401 for a bad token, 403 for another checkpoint's. */
export const authenticateForm = async (store: Pick<ReadingStore, 'checkpoint'>, checkpointId: string | undefined, token: string): Promise<Checkpoint> => {
  const claimed = tokenCheckpoint(token);
  const checkpoint = claimed === undefined ? undefined : await store.checkpoint(claimed);
  if (!checkpoint || !tokenMatchesHash(token, checkpoint.tokenHash)) {
    throw new UnauthorizedError('the form token is not valid; ask for the current form link');
  }
  if (checkpoint.checkpointId !== checkpointId) {
    throw new ForbiddenError('this form token is for another checkpoint');
  }
  return checkpoint;
};

/**
 * Records a reading for a checkpoint its form token has opened (see authenticateForm). A checkpoint
 * over its rate limit is refused (429) unless the post is a replay of a reading already stored: a phone
 * re-sending its queue must get its receipts, and a replay costs no write. Given `answerBy`, no attempt
 * starts that might not end by then (twice the longest so far must fit): the answer is then a busy 503
 * that can truly say nothing was stored, not the function's time running out mid-write, with the
 * write's outcome unknown. How many a burst stores before its answers come depends on the machine's
 * speed; that each reading sent again with its submissionId is stored once does not.
 */
export const acceptReading = async (
  store: ReadingStore,
  input: { checkpoint: Checkpoint; body: ReadingInput; now: () => Date; newId: () => string; readingsPerMinute?: number; answerBy?: Date },
): Promise<{ created: boolean; receipt: ReadingReceipt; /** A fever alert this reading opened: its flow is to be started. */ openedFeverAlert?: string }> => {
  let checkpoint = input.checkpoint;
  const checkpointId = checkpoint.checkpointId;
  const fingerprint = fingerprintOf(input.body);
  const readingId = input.newId();
  // Only a reading with a fever reads more than its checkpoint: the community, and the gate's latest alert.
  const fever = input.body.feverCount > 0 ? { alertId: input.newId(), community: once(() => store.community(checkpoint.communityId)) } : undefined;
  const limit = input.readingsPerMinute ?? DEFAULT_READINGS_PER_MINUTE;
  let longestMs = 0;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const now = input.now();
    if (attempt > 0 && input.answerBy && now.getTime() + 2 * longestMs > input.answerBy.getTime()) break;
    checkIntegrity(input.body, now);
    const rate = rateAfter(checkpoint, now, limit);
    if (rate.refusedFor !== undefined) {
      const existing = await store.reading(checkpointId, input.body.submissionId);
      if (existing) return { created: false, receipt: replayOf(existing, fingerprint) };
      throw new TooManyRequestsError(`this checkpoint has sent ${limit} readings in the last minute; wait and send again`, rate.refusedFor);
    }
    const feverContext = fever && {
      community: await fever.community(),
      alert: checkpoint.feverAlertId ? await store.feverAlert(checkpoint.feverAlertId) : undefined,
      newId: () => fever.alertId,
    };
    const write = planReading(checkpoint, input.body, { now, readingId, fingerprint, ...(feverContext && { fever: feverContext }) });
    const outcome = await store.record(write);
    if (outcome === 'stored') return { created: true, receipt: receiptOf(write.reading), ...(write.fever && 'open' in write.fever && { openedFeverAlert: write.fever.open.escalationId }) };
    if (outcome === 'duplicate') return { created: false, receipt: await replay(store, checkpointId, input.body, fingerprint) };
    await backoff(attempt);
    checkpoint = (await store.checkpoint(checkpointId)) ?? checkpoint;
    longestMs = Math.max(longestMs, input.now().getTime() - now.getTime());
  }
  throw new BusyError('the checkpoint is busy with other readings; nothing was stored, send again');
};

/**
 * The checkpoint's count in the current fixed one-minute window after one more reading, or how many
 * seconds are left of the window when the limit is reached. Kept on the checkpoint record, which every
 * reading already updates under its version lock: the limit costs no extra request and holds under
 * concurrency.
 */
export const rateAfter = (
  checkpoint: Pick<Checkpoint, 'rateWindow' | 'rateCount'>,
  now: Date,
  limit: number,
): { rateWindow: number; rateCount: number; refusedFor?: number } => {
  const rateWindow = Math.floor(now.getTime() / RATE_WINDOW_MS);
  const counted = checkpoint.rateWindow === rateWindow ? (checkpoint.rateCount ?? 0) : 0;
  if (counted >= limit) {
    return { rateWindow, rateCount: counted, refusedFor: Math.max(1, Math.ceil(((rateWindow + 1) * RATE_WINDOW_MS - now.getTime()) / 1000)) };
  }
  return { rateWindow, rateCount: counted + 1 };
};

const checkIntegrity = (body: ReadingInput, now: Date): void => {
  if (body.observedAt && Date.parse(body.observedAt) > now.getTime() + OBSERVED_AT_TOLERANCE_MS) {
    throw new ValidationError('the reading is not valid', [{ path: 'observedAt', message: 'observedAt is in the future' }]);
  }
};

const replay = async (store: ReadingStore, checkpointId: string, body: ReadingInput, fingerprint: string): Promise<ReadingReceipt> => {
  const existing = await store.reading(checkpointId, body.submissionId);
  if (!existing) throw new BusyError('this submission is still being stored; send again shortly');
  return replayOf(existing, fingerprint);
};

/** The original answer to a submission sent again, if it is the same reading. */
const replayOf = (existing: StoredReading, fingerprint: string): ReadingReceipt => {
  if (existing.fingerprint !== fingerprint) {
    throw new ConflictError('this submissionId was already used for a different reading');
  }
  return receiptOf(existing);
};

/** The reading and everything it changes, worked out without touching storage. */
export const planReading = (
  checkpoint: Checkpoint,
  body: ReadingInput,
  context: {
    now: Date;
    readingId: string;
    fingerprint: string;
    /** For a reading with a fever: its community, the gate's latest fever alert, and a new alert's id. */
    fever?: { community: Community | undefined; alert: Escalation | undefined; newId: () => string };
  },
): ReadingWrite => {
  const { now } = context;
  const state = slotStateOf(checkpoint);
  const assignment = assignSlot(state, now);
  const filledHere = assignment.filled;
  const after = filledHere ? { ...state, filled: withFilled(state.filled, assignment.slot) } : state;
  const { dueAt, filledRuns, watched } = slotUpdate(after, checkpoint.dueAt, now);
  // What the phone is told: the slot rule's next deadline (none while paused), not a passed one the sweep has yet to record.
  const next = isPausedAt(after, now.getTime()) ? undefined : watched;
  const countsToday = filledHere && isExpected(state, assignment.slot);
  const date = localDateOf(assignment.slot.start, checkpoint.timezone);
  const figures: ReadingFigures = {
    screened: body.screened,
    entries: body.entries,
    exits: body.exits,
    feverCount: body.feverCount,
    ...(body.maxTempC !== undefined && { maxTempC: body.maxTempC }),
    ...(body.staffOnDuty !== undefined && { staffOnDuty: body.staffOnDuty }),
  };
  const recentMaxTempC = rememberMaxTemp(checkpoint.recentMaxTempC, date, body.maxTempC);
  const run = runAfter(checkpoint, figures);
  const stored: StoredReading = {
    ...figures,
    readingId: context.readingId,
    checkpointId: checkpoint.checkpointId,
    communityId: checkpoint.communityId,
    submissionId: body.submissionId,
    receivedAt: now.toISOString(),
    ...(body.observedAt && { observedAt: new Date(body.observedAt).toISOString() }),
    officer: body.officer,
    ...(body.feverCases && { feverCases: body.feverCases }),
    ...(body.notes !== undefined && { notes: body.notes }),
    slot: { start: assignment.slot.start.toISOString(), end: assignment.slot.end.toISOString() },
    ...(filledHere && { filled: filledHere }),
    ...(next && { nextDeadline: next.toISOString() }),
    fingerprint: context.fingerprint,
  };
  const fever = context.fever && planFever({ reading: stored, checkpoint, community: context.fever.community, alerts: context.fever.alert ? [context.fever.alert] : [], newId: context.fever.newId, now });
  const alertId = fever && ('open' in fever ? fever.open.escalationId : fever.join.escalationId);
  const reading: StoredReading = { ...stored, ...(alertId && { feverAlertId: alertId }) };
  return {
    reading,
    ...(fever && { fever }),
    checkpoint: {
      checkpointId: checkpoint.checkpointId,
      expectedVersion: checkpoint.version,
      lastReadingAt: reading.receivedAt,
      filledRuns,
      recentMaxTempC,
      ...run,
      ...(fever && 'open' in fever && { feverAlertId: fever.open.escalationId }),
      ...(dueAt && { dueAt }),
      ...(zoneSpanDue(checkpoint, now) && { zoneSpan: zoneSpanAround(now.getTime(), checkpoint.timezone) }),
      ...rateOf(checkpoint, now),
    },
    day: {
      date,
      figures: { ...figures, ...(recentMaxTempC[date] !== undefined && { maxTempC: recentMaxTempC[date] }) },
      ...(countsToday && { filled: { slotStart: assignment.slot.start.getTime(), timeliness: filledHere } }),
      ...(rulesBroken(body).some((rule) => rule.importance === 'warn') && { unlikely: true as const }),
      ...(looksCopied(run.sameFiguresRun) && { copied: true as const }),
    },
  };
};

/** A reading renews the record's zone span when it is of another zone or ends within two weeks (time.ts). */
const ZONE_SPAN_RENEWAL_MS = 14 * 86_400_000;
const zoneSpanDue = ({ zoneSpan, timezone }: Checkpoint, now: Date): boolean =>
  !zoneSpan || zoneSpan.zone !== timezone || zoneSpan.to - now.getTime() < ZONE_SPAN_RENEWAL_MS || now.getTime() < zoneSpan.from;

const rateOf = (checkpoint: Checkpoint, now: Date): { rateWindow: number; rateCount: number } => {
  const { rateWindow, rateCount } = rateAfter(checkpoint, now, Number.POSITIVE_INFINITY);
  return { rateWindow, rateCount };
};

const rememberMaxTemp = (known: Record<string, number>, date: string, tempC: number | undefined): Record<string, number> => {
  if (tempC === undefined) return known;
  const merged = { ...known, [date]: Math.max(known[date] ?? -Infinity, tempC) };
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1)).slice(-MAX_TEMP_DATES_KEPT));
};

export const receiptOf = (reading: StoredReading): ReadingReceipt => ({
  readingId: reading.readingId,
  checkpointId: reading.checkpointId,
  receivedAt: reading.receivedAt,
  slot: reading.slot,
  ...(reading.nextDeadline && { nextDeadline: reading.nextDeadline }),
  ...(reading.feverAlertId && { feverAlert: true as const }),
});

/** A read made at most once, and only if asked for. */
const once = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= read());
};
