/**
 * The escalation use cases: the sweep that opens escalations, the steps of the flow that notifies
 * level by level, acknowledgement and resolution. State lives in the table, so any step can be run
 * again (a retried task, a restarted flow) without telling anyone twice: each notice is claimed with a
 * conditional write before it is sent.
 */
import { BusyError, NotFoundError } from './errors';
import {
  decide,
  firstActionAt,
  hasReportedSince,
  isActive,
  nextActionAfter,
  policyFor,
  recipientsOf,
} from './escalation';
import { defaultLimits, deliver, retryLater, sendOutbox, type HeldNotice, type Limits, type NoticeRef, type OutboxResult, type OutboxStore } from './delivery';
import type { LinkKeys } from './links';
import { linkQuery, signLink } from './links';
import type { AlertGroup, Checkpoint, Community, Escalation, EscalationPolicySpec, Notice } from './model';
import { acknowledgementNotice, groupNotice, levelNotice, resolutionNotice, resolutionsNotice, type Mail } from './notices';
import { slotStateOf } from './readings';
import { deadlineOf, missesSince } from './slots';

export type NoticeClaim = NoticeRef;

export interface EscalationStore extends OutboxStore {
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  community(communityId: string): Promise<Community | undefined>;
  escalation(escalationId: string): Promise<Escalation | undefined>;
  overdueCheckpoints(now: Date): Promise<string[]>;
  /** Opens it and moves the checkpoint's watched deadline (absent `nextDueAt`: off the index), if that is still `expectedDueAt`. */
  openEscalation(input: { escalation: Escalation; expectedDueAt: string; nextDueAt?: string }): Promise<boolean>;
  /** Adds misses to the checkpoint's open escalation and moves its watched deadline, if that is still `expectedDueAt`. */
  recordMiss(input: { checkpointId: string; escalationId: string; expectedDueAt: string; nextDueAt?: string; missedSlots: string[] }): Promise<boolean>;
  /** Moves a watched deadline that turned out to be no miss (its slot was filled meanwhile). */
  moveDeadline(input: { checkpointId: string; expectedDueAt: string; nextDueAt?: string }): Promise<boolean>;
  saveEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean>;
  closeEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean>;
  activeEscalations(): Promise<Escalation[]>;
  claimNotice(claim: NoticeClaim): Promise<boolean>;
  saveGroup(group: AlertGroup): Promise<void>;
  group(groupId: string): Promise<AlertGroup | undefined>;
  /** Claims the group's notice of one level for one recipient; the same escalation may claim it again (a retry). */
  claimGroupNotice(claim: { groupId: string; level: number; repeat: number; recipient: string; by: string }): Promise<boolean>;
  /** Of these addresses, those the mail service reported as bouncing or complaining. */
  unreachable(addresses: string[]): Promise<string[]>;
  notices(escalationId: string): Promise<Notice[]>;
  /** Several at once (one batch read): those that exist. */
  escalations(escalationIds: string[]): Promise<Escalation[]>;
  checkpoints(checkpointIds: string[]): Promise<Checkpoint[]>;
}

/** Thrown by a mailer when the mail service may take the mail later (unreachable, throttled). */
export class MailDeferred extends Error {
  override readonly name = 'MailDeferred';
}

export interface Mailer {
  send(to: string, mail: Mail): Promise<void>;
}

export interface FlowStarter {
  /** Starts the flow for an escalation; `restart` when one may have run before (a new execution name). */
  start(escalationId: string, restart?: boolean): Promise<void>;
}

export interface EscalationDeps {
  store: EscalationStore;
  mailer: Mailer;
  flows: FlowStarter;
  linkKeys: () => Promise<LinkKeys>;
  baseUrl: string;
  now: () => Date;
  newId: () => string;
  /** Grouping and hourly caps; defaultLimits when absent. */
  limits?: Limits;
}

// ---------------------------------------------------------------------------------------------------
// The sweep

export interface SweepResult {
  overdue: number;
  opened: string[];
  /** Groups of escalations opened together in one community (see AlertGroup). */
  grouped: string[][];
  extended: string[];
  /** Misses recorded already resolved: the checkpoint had reported again before the sweep came. */
  recorded: string[];
  resolved: string[];
  /** Escalations whose flow had not started (or died) before its first notice: started again. */
  restarted: string[];
  /** Digests and retried notices sent from the outbox. */
  outbox: OutboxResult;
  /** Checkpoints or escalations this sweep could not handle; the next sweep tries them again. */
  failed: { id: string; error: string }[];
}

/** Checkpoints read, escalations opened, flows started this many at a time: an outage's misses reach their flows together. */
const BATCH = 10;
const inBatches = async <T>(items: T[], work: (item: T) => Promise<void>): Promise<void> => {
  for (let start = 0; start < items.length; start += BATCH) await Promise.all(items.slice(start, start + BATCH).map(work));
};

/** An open escalation still at level 0 this long after its first action was due has lost its flow. */
const STALLED_AFTER_MS = 3 * 60_000;

interface Miss {
  checkpoint: Checkpoint;
  /** Every slot whose grace ended empty since the watched deadline, oldest first. */
  missed: { start: string; deadline: string }[];
  nextDueAt?: string;
}

/** One sweep's state: when it runs, what it found, and how a unit of work that fails is set aside. */
interface SweepRun {
  deps: EscalationDeps;
  now: Date;
  result: SweepResult;
  /** Runs one unit of work; one that fails is reported and does not stop the others. */
  attempt: (id: string, work: () => Promise<void>) => Promise<void>;
}

/**
 * Runs every minute, in four named steps: resolve the escalations whose checkpoint reported (first, so
 * that a miss after the reading opens a fresh escalation), collect every miss since each watched
 * deadline, open escalations for fresh streaks (grouped in an alert storm), and send what waits in the
 * outbox.
 */
export const sweep = async (deps: EscalationDeps): Promise<SweepResult> => {
  const result: SweepResult = { overdue: 0, opened: [], grouped: [], extended: [], recorded: [], resolved: [], restarted: [], outbox: { sent: 0, held: 0, failed: [] }, failed: [] };
  const run: SweepRun = {
    deps,
    now: deps.now(),
    result,
    attempt: async (id, work) => {
      try {
        await work();
      } catch (error) {
        result.failed.push({ id, error: (error as Error).message });
      }
    },
  };
  await resolveReported(run);
  await openFresh(run, await collectMisses(run));
  result.outbox = await sendOutbox(deps, (line) => stillWanted(deps, line.notice));
  result.failed.push(...result.outbox.failed);
  return result;
};

/** Step 1: close the escalations whose checkpoint has reported since, told together; restart stalled flows. */
const resolveReported = async ({ deps, now, result, attempt }: SweepRun): Promise<void> => {
  const resolvedNow: { escalation: Escalation; checkpoint: Checkpoint }[] = [];
  for (const escalation of await deps.store.activeEscalations()) {
    await attempt(escalation.escalationId, async () => {
      const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
      if (hasReportedSince(checkpoint, escalation)) {
        const resolved = await closeResolved(deps, escalation, checkpoint!);
        if (resolved) resolvedNow.push({ escalation: resolved, checkpoint: checkpoint! });
      } else if (escalation.status === 'open' && escalation.level === 0 && now.getTime() - Date.parse(escalation.nextActionAt) > STALLED_AFTER_MS) {
        // Claimed first (a conditional write), so that of two sweeps one restarts it; and notices are
        // claimed before they are sent, so even a second flow could not tell anyone twice.
        const claimed = { ...escalation, nextActionAt: now.toISOString(), version: escalation.version + 1 };
        if (await deps.store.saveEscalation(claimed, escalation.version)) {
          await deps.flows.start(escalation.escalationId, true);
          result.restarted.push(escalation.escalationId);
        }
      }
    });
  }
  // Told together: after an outage, each person hears of every checkpoint reporting again in one mail.
  await attempt('resolutions', () => tellResolved(deps, resolvedNow));
  result.resolved.push(...resolvedNow.map(({ escalation }) => escalation.escalationId));
};

/**
 * Step 2: every checkpoint past its watched deadline. Misses of a checkpoint with an open escalation
 * are added to it; misses it has already reported after are recorded resolved; the rest are fresh
 * streaks, by community, for step 3.
 */
const collectMisses = async ({ deps, now, result, attempt }: SweepRun): Promise<Map<string, Miss[]>> => {
  const overdue = await deps.store.overdueCheckpoints(now);
  result.overdue = overdue.length;
  const fresh = new Map<string, Miss[]>();
  await inBatches(overdue, (checkpointId) =>
    attempt(checkpointId, async () => {
      const miss = await missOf(deps, checkpointId, now);
      if (!miss) return;
      const { checkpoint } = miss;
      const move = { checkpointId, expectedDueAt: checkpoint.dueAt!, ...(miss.nextDueAt && { nextDueAt: miss.nextDueAt }) };
      if (miss.missed.length === 0) {
        await deps.store.moveDeadline(move);
      } else if (checkpoint.openEscalationId) {
        if (await deps.store.recordMiss({ ...move, escalationId: checkpoint.openEscalationId, missedSlots: miss.missed.map((slot) => slot.start) })) {
          result.extended.push(checkpoint.openEscalationId);
        }
      } else if (streakStart(miss) === undefined) {
        const escalation = { ...escalationFor(deps, miss, policyFor(checkpoint, undefined), now), ...reportedAlready(checkpoint, now) };
        if (await deps.store.openEscalation({ escalation, ...move })) result.recorded.push(escalation.escalationId);
      } else {
        fresh.set(checkpoint.communityId, [...(fresh.get(checkpoint.communityId) ?? []), miss]);
      }
    }),
  );
  return fresh;
};

/** Step 3: open the fresh streaks' escalations and start their flows, a community at a time. */
const openFresh = async ({ deps, now, result, attempt }: SweepRun, fresh: Map<string, Miss[]>): Promise<void> => {
  for (const [communityId, misses] of fresh) {
    await attempt(communityId, async () => {
      const { opened, group } = await openTogether(deps, communityId, misses, now, attempt);
      result.opened.push(...opened);
      if (group) result.grouped.push(opened.filter((id) => group.escalationIds.includes(id)));
    });
  }
};

/**
 * The misses of a checkpoint whose watched deadline has passed: every expected slot still empty whose
 * grace has ended since then, in one run — whether it is active or was paused after the slot.
 */
const missOf = async (deps: EscalationDeps, checkpointId: string, now: Date): Promise<Miss | undefined> => {
  const checkpoint = await deps.store.checkpoint(checkpointId);
  if (!checkpoint?.dueAt || checkpoint.dueAt > now.toISOString()) return undefined;
  const state = slotStateOf(checkpoint);
  const { missed, next } = missesSince(state, new Date(checkpoint.dueAt), now);
  return {
    checkpoint,
    missed: missed.map((slot) => ({ start: slot.start.toISOString(), deadline: deadlineOf(state, slot).toISOString() })),
    ...(next && { nextDueAt: next.toISOString() }),
  };
};

/**
 * The deadline a streak of misses counts from: the first missed after the checkpoint's last reading (a
 * reading after it resolves the escalation). Undefined when it has reported since every one of them.
 */
const streakStart = (miss: Miss): string | undefined =>
  miss.missed.find((slot) => miss.checkpoint.lastReadingAt === undefined || slot.deadline >= miss.checkpoint.lastReadingAt)?.deadline;

/** A new escalation recording every miss; its notices start from the streak's first deadline. */
const escalationFor = (deps: EscalationDeps, miss: Miss, policy: EscalationPolicySpec, now: Date): Escalation => {
  const missedDeadline = streakStart(miss) ?? miss.missed[0]!.deadline;
  return {
    escalationId: deps.newId(),
    checkpointId: miss.checkpoint.checkpointId,
    communityId: miss.checkpoint.communityId,
    status: 'open',
    level: 0,
    repeats: 0,
    missedSlots: miss.missed.map((slot) => slot.start),
    missedDeadline,
    openedAt: now.toISOString(),
    nextActionAt: firstActionAt(policy, new Date(missedDeadline)).toISOString(),
    policy,
    notified: [],
    version: 0,
  };
};

/** Misses the checkpoint has already reported after, before any sweep saw them: recorded, resolved, nobody told. */
const reportedAlready = (checkpoint: Checkpoint, now: Date): Partial<Escalation> => ({
  status: 'resolved',
  resolvedAt: now.toISOString(),
  resolvedByReadingAt: checkpoint.lastReadingAt!,
  closedAt: now.toISOString(),
});

/**
 * Opens the escalations of one community's fresh misses and starts their flows, as a group when there
 * are enough of them. The group is written first, naming every escalation about to be opened, so that
 * each flow can start as soon as its own escalation is open and its first notice already sees the whole
 * group. (One that another sweep opened first is simply not found in the group later.) Without the
 * group record (a failed write) the members' notices go out one by one.
 */
const openTogether = async (
  deps: EscalationDeps,
  communityId: string,
  misses: Miss[],
  now: Date,
  attempt: (id: string, work: () => Promise<void>) => Promise<void>,
): Promise<{ opened: string[]; group?: AlertGroup }> => {
  const community = await deps.store.community(communityId);
  const groupId = misses.length >= (deps.limits ?? defaultLimits).groupThreshold ? deps.newId() : undefined;
  const planned = misses.map((miss) => {
    const escalation = { ...escalationFor(deps, miss, policyFor(miss.checkpoint, community), now), ...(groupId && { groupId }) };
    return { miss, escalation, checkpoint: miss.checkpoint };
  });
  let group: AlertGroup | undefined;
  if (groupId) {
    const candidate: AlertGroup = {
      groupId,
      communityId,
      escalationIds: planned.map(({ escalation }) => escalation.escalationId),
      openedAt: now.toISOString(),
      recipients: recipientsByLevel(planned, community, now),
    };
    await attempt(groupId, async () => {
      await deps.store.saveGroup(candidate);
      group = candidate;
    });
  }
  const opened: string[] = [];
  await inBatches(planned, ({ miss, escalation, checkpoint }) =>
    attempt(checkpoint.checkpointId, async () => {
      // Conditional on the deadline still being the one we read: of two sweeps at once, one opens it.
      if (!(await deps.store.openEscalation({ escalation, expectedDueAt: checkpoint.dueAt!, ...(miss.nextDueAt && { nextDueAt: miss.nextDueAt }) }))) return;
      await deps.flows.start(escalation.escalationId);
      opened.push(escalation.escalationId);
    }),
  );
  return { opened, ...(group && { group }) };
};

/** Who each level of each member tells: address → the members' escalations it is told about. */
const recipientsByLevel = (members: { escalation: Escalation; checkpoint: Checkpoint }[], community: Community | undefined, now: Date): AlertGroup['recipients'] => {
  const byLevel: AlertGroup['recipients'] = {};
  for (const { escalation, checkpoint } of members) {
    escalation.policy.levels.forEach((level, index) => {
      const addresses = (byLevel[String(index + 1)] ??= {});
      for (const recipient of recipientsOf(level.notify, checkpoint, community, now)) {
        (addresses[recipient.email.toLowerCase()] ??= []).push(escalation.escalationId);
      }
    });
  }
  return byLevel;
};

/** The group's escalations this notice's recipient is told about at its level, when that is more than this one. */
const sharedNotice = async (deps: EscalationDeps, escalation: Escalation, task: NoticeTask): Promise<{ group: AlertGroup; escalationIds: string[] } | undefined> => {
  if (!escalation.groupId) return undefined;
  const group = await deps.store.group(escalation.groupId);
  const escalationIds = group?.recipients?.[String(task.level)]?.[task.recipient.toLowerCase()] ?? [];
  return group && escalationIds.length > 1 ? { group, escalationIds } : undefined;
};

/**
 * A notice waiting in the outbox still says something true: nobody has acknowledged its escalation and
 * its checkpoint has not reported since (an escalation closed unresolved is still worth telling).
 */
const stillWanted = async (deps: EscalationDeps, notice: NoticeRef): Promise<boolean> => {
  if (notice.kind !== 'level') return true;
  const escalation = await deps.store.escalation(notice.escalationId);
  if (!escalation || escalation.status === 'resolved' || escalation.status === 'acknowledged') return false;
  return !hasReportedSince(await deps.store.checkpoint(escalation.checkpointId), escalation);
};

// ---------------------------------------------------------------------------------------------------
// The flow's steps

export interface NoticeTask {
  escalationId: string;
  level: number;
  repeat: number;
  recipient: string;
  name: string;
  role: string;
}

export type CheckResult =
  | { action: 'stop'; escalationId: string; reason: string }
  | { action: 'wait'; escalationId: string; waitSeconds: number }
  | { action: 'notify'; escalationId: string; level: number; repeat: number; notices: NoticeTask[] };

/** Before each level: has the checkpoint reported, was it acknowledged, is it time? Then who to tell. */
export const flowCheck = async (deps: EscalationDeps, escalationId: string): Promise<CheckResult> => {
  const now = deps.now();
  const escalation = await deps.store.escalation(escalationId);
  if (!escalation) return { action: 'stop', escalationId, reason: 'unknown escalation' };
  const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
  const decision = decide(escalation, checkpoint, now);
  switch (decision.action) {
    case 'stop':
      // A grouped escalation is left for the sweep to resolve (within a minute), which tells of all the
      // members reporting again together in one mail to each person.
      if (decision.reason === 'reported' && checkpoint && !escalation.groupId) await resolve(deps, escalation, checkpoint);
      return { action: 'stop', escalationId, reason: decision.reason };
    case 'wait':
      return { action: 'wait', escalationId, waitSeconds: decision.waitSeconds };
    case 'close':
      await closeUnresolved(deps, escalation, now);
      return { action: 'stop', escalationId, reason: 'unresolved' };
    case 'notify': {
      const community = await deps.store.community(escalation.communityId);
      const notify = escalation.policy.levels[decision.level - 1]?.notify ?? [];
      const recipients = checkpoint ? recipientsOf(notify, checkpoint, community, now) : [];
      const notices = recipients.map((r) => ({ escalationId, level: decision.level, repeat: decision.repeat, recipient: r.email, name: r.name, role: r.role }));
      return { action: 'notify', escalationId, level: decision.level, repeat: decision.repeat, notices };
    }
  }
};

export type SendOutcome = 'sent' | 'skipped' | 'duplicate' | 'grouped' | 'held';

const noticeOf = (task: NoticeTask): NoticeClaim => ({ escalationId: task.escalationId, kind: 'level', level: task.level, repeat: task.repeat, recipient: task.recipient });
const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Sends one level notice. Re-checks the escalation first (an acknowledgement may have come in since the
 * check), then claims the notice: a claim that exists already means it was sent, or is being sent. In
 * a group, the first member to claim the group's notice for this recipient sends it for all; the others
 * record theirs as told within it.
 */
export const flowSend = async (deps: EscalationDeps, task: NoticeTask): Promise<SendOutcome> => {
  const now = deps.now();
  const escalation = await deps.store.escalation(task.escalationId);
  if (!escalation || escalation.status !== 'open') return 'skipped';
  const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
  if (!checkpoint || hasReportedSince(checkpoint, escalation)) return 'skipped';
  const claim = noticeOf(task);
  if (!(await deps.store.claimNotice(claim))) return 'duplicate';
  const shared = await sharedNotice(deps, escalation, task);
  if (shared && !(await deps.store.claimGroupNotice({ groupId: shared.group.groupId, level: task.level, repeat: task.repeat, recipient: task.recipient, by: escalation.escalationId }))) {
    await deps.store.markNotice(claim, 'grouped', { at: now, via: 'group' });
    return 'grouped';
  }
  const { mail, line } = await composeLevelNotice(deps, task, escalation, checkpoint, shared?.escalationIds, now);
  let outcome: 'sent' | 'held';
  try {
    outcome = await deliver(deps, task.recipient, mail, [line]);
  } catch (error) {
    const deferred = error instanceof MailDeferred;
    await deps.store.markNotice(claim, deferred ? 'deferred' : 'failed', { at: deps.now(), error: (error as Error).message });
    if (deferred) throw error; // the flow retries it, with jittered backoff
    return 'skipped';
  }
  if (outcome === 'held') return 'held';
  await deps.store.markNotice(claim, 'sent', { at: deps.now(), ...(shared && { via: 'group' }) });
  return 'sent';
};

/**
 * After the flow's retries are spent the flow goes on to the next level, and the notice waits in the
 * outbox: the sweep sends it when the mail service takes mail again (unless the escalation has ended).
 */
export const flowSendFailed = async (deps: EscalationDeps, task: NoticeTask, error: string): Promise<void> => {
  const now = deps.now();
  const claim = noticeOf(task);
  const escalation = await deps.store.escalation(task.escalationId);
  const checkpoint = escalation && (await deps.store.checkpoint(escalation.checkpointId));
  if (!escalation || !checkpoint || escalation.status !== 'open') {
    await deps.store.markNotice(claim, 'failed', { at: now, error });
    return;
  }
  const shared = await sharedNotice(deps, escalation, task);
  const { mail, line } = await composeLevelNotice(deps, task, escalation, checkpoint, shared?.escalationIds, now);
  await retryLater(deps, task.recipient, mail, [line], error);
};

/** The mail of a level notice: grouped when the recipient is told about other members of its group too. */
const composeLevelNotice = async (
  deps: EscalationDeps,
  task: NoticeTask,
  escalation: Escalation,
  checkpoint: Checkpoint,
  sharedWith: string[] | undefined,
  now: Date,
): Promise<{ mail: Mail; line: HeldNotice }> => {
  const community = await deps.store.community(escalation.communityId);
  const keys = await deps.linkKeys();
  const ackUrlOf = (escalationId: string) => `${deps.baseUrl}/ack/${escalationId}?${linkQuery(signLink(keys, 'ack', escalationId, task.recipient, now))}`;
  const unreachable = await unreachableEarlier(deps, escalation, task);
  const members = sharedWith ? await groupMembers(deps, sharedWith, escalation, task, community, now) : [];
  if (members.length > 1) {
    const mail = groupNotice({
      community,
      communityId: escalation.communityId,
      level: task.level,
      repeat: task.repeat,
      recipientName: task.name,
      members: members.map((member) => ({ ...member, ackUrl: ackUrlOf(member.escalation.escalationId) })),
      unreachable,
      now,
    });
    const links = members.map((member) => ({ label: member.checkpoint.name, url: ackUrlOf(member.escalation.escalationId) }));
    return { mail, line: { notice: noticeOf(task), subject: mail.subject, links } };
  }
  const ackUrl = ackUrlOf(escalation.escalationId);
  const mail = levelNotice({
    escalation,
    checkpoint,
    community,
    level: task.level,
    repeat: task.repeat,
    recipientName: task.name,
    othersTold: escalation.notified.filter((email) => !sameAddress(email, task.recipient)),
    unreachable,
    ackUrl,
    now,
  });
  return { mail, line: { notice: noticeOf(task), subject: mail.subject, links: [{ label: checkpoint.name, url: ackUrl }] } };
};

/**
 * Who, told at an earlier level, may not have heard: addresses the mail service reported bouncing, and
 * notices it has not taken (failed, or still waiting to be sent again).
 */
const unreachableEarlier = async (deps: EscalationDeps, escalation: Escalation, task: NoticeTask): Promise<string[]> => {
  if (task.level === 1 && task.repeat === 0) return []; // nobody was told before the first notice
  const notSent = (await deps.store.notices(escalation.escalationId))
    .filter((notice) => notice.kind === 'level' && notice.level < task.level && (notice.outcome === 'failed' || notice.outcome === 'deferred'))
    .map((notice) => notice.recipient);
  const told = [...escalation.notified, ...notSent].filter((email) => !sameAddress(email, task.recipient));
  const bouncing = await deps.store.unreachable(told);
  return [...new Set([...notSent, ...bouncing].map((email) => email.toLowerCase()))].filter((email) => !sameAddress(email, task.recipient));
};

/** Of the escalations a recipient shares, those still open, whose checkpoint has not reported, that tell them now. */
const groupMembers = async (
  deps: EscalationDeps,
  escalationIds: string[],
  own: Escalation,
  task: NoticeTask,
  community: Community | undefined,
  now: Date,
): Promise<{ escalation: Escalation; checkpoint: Checkpoint }[]> => {
  const others = await deps.store.escalations(escalationIds.filter((id) => id !== own.escalationId));
  const open = [own, ...others].filter((escalation) => escalation.status === 'open');
  const checkpoints = new Map((await deps.store.checkpoints(open.map((escalation) => escalation.checkpointId))).map((c) => [c.checkpointId, c]));
  const members: { escalation: Escalation; checkpoint: Checkpoint }[] = [];
  for (const escalation of open.sort((a, b) => escalationIds.indexOf(a.escalationId) - escalationIds.indexOf(b.escalationId))) {
    const checkpoint = checkpoints.get(escalation.checkpointId);
    if (!checkpoint || hasReportedSince(checkpoint, escalation)) continue;
    const notify = escalation.policy.levels[task.level - 1]?.notify ?? [];
    if (recipientsOf(notify, checkpoint, community, now).some((r) => sameAddress(r.email, task.recipient))) members.push({ escalation, checkpoint });
  }
  return members;
};

/** Records that a level went out and when the next one is due. */
export const flowAdvance = async (deps: EscalationDeps, input: { escalationId: string; level: number; repeat: number; recipients: string[] }): Promise<void> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const escalation = await deps.store.escalation(input.escalationId);
    if (!escalation || !isActive(escalation)) return;
    const now = deps.now();
    const updated: Escalation = {
      ...escalation,
      level: Math.max(escalation.level, input.level),
      repeats: input.repeat,
      nextActionAt: nextActionAfter(escalation.policy, input.level, now).toISOString(),
      notified: [...new Set([...escalation.notified, ...input.recipients])],
      version: escalation.version + 1,
    };
    if (await deps.store.saveEscalation(updated, escalation.version)) return;
  }
  throw new BusyError('the escalation is busy; try again');
};

const closeUnresolved = async (deps: EscalationDeps, escalation: Escalation, now: Date): Promise<void> => {
  await deps.store.closeEscalation({ ...escalation, status: 'unresolved', closedAt: now.toISOString(), version: escalation.version + 1 }, escalation.version);
};

// ---------------------------------------------------------------------------------------------------
// Resolution and acknowledgement

/** Closes an escalation whose checkpoint reported again; undefined when another caller closed it first. */
const closeResolved = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint): Promise<Escalation | undefined> => {
  const resolved: Escalation = {
    ...escalation,
    status: 'resolved',
    resolvedAt: deps.now().toISOString(),
    ...(checkpoint.lastReadingAt && { resolvedByReadingAt: checkpoint.lastReadingAt }),
    version: escalation.version + 1,
  };
  return (await deps.store.closeEscalation(resolved, escalation.version)) ? resolved : undefined;
};

/** The checkpoint reported: close the escalation and tell everyone who was told. Once, whoever calls. */
export const resolve = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint): Promise<boolean> => {
  const resolved = await closeResolved(deps, escalation, checkpoint);
  if (resolved) await tellResolved(deps, [{ escalation: resolved, checkpoint }]);
  return resolved !== undefined;
};

/**
 * Resolution notices for escalations resolved together (by one sweep, when an outage ends): each person
 * told gets one mail for all of them they had been told about. Each notice is still claimed on its own
 * escalation first, so nobody hears of one resolution twice.
 */
const tellResolved = async (deps: EscalationDeps, resolved: { escalation: Escalation; checkpoint: Checkpoint }[]): Promise<void> => {
  const now = deps.now();
  const communities = new Map<string, Promise<Community | undefined>>();
  const communityOf = (id: string) => communities.get(id) ?? communities.set(id, deps.store.community(id)).get(id)!;
  const byRecipient = new Map<string, { address: string; items: typeof resolved }>();
  for (const item of resolved) {
    for (const address of item.escalation.notified) {
      const entry = byRecipient.get(address.toLowerCase()) ?? byRecipient.set(address.toLowerCase(), { address, items: [] }).get(address.toLowerCase())!;
      entry.items.push(item);
    }
  }
  for (const { address, items } of byRecipient.values()) {
    const claimed: { escalation: Escalation; checkpoint: Checkpoint; community: Community | undefined; claim: NoticeClaim }[] = [];
    for (const { escalation, checkpoint } of items) {
      const claim: NoticeClaim = { escalationId: escalation.escalationId, kind: 'resolution', level: 0, repeat: 0, recipient: address };
      if (await deps.store.claimNotice(claim)) claimed.push({ escalation, checkpoint, community: await communityOf(escalation.communityId), claim });
    }
    if (claimed.length === 0) continue;
    const mail = claimed.length === 1 ? resolutionNotice({ ...claimed[0]!, now }) : resolutionsNotice({ resolved: claimed, now });
    await tellNow(deps, address, mail, claimed.map(({ claim }) => ({ notice: claim, subject: mail.subject, links: [] })), claimed.length > 1 ? 'group' : undefined);
  }
};

export const acknowledge = async (deps: EscalationDeps, escalationId: string, by: string): Promise<{ escalation: Escalation; changed: boolean }> => {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const escalation = await deps.store.escalation(escalationId);
    if (!escalation) throw new NotFoundError(`no escalation ${escalationId}`);
    if (escalation.status !== 'open') return { escalation, changed: false };
    const now = deps.now();
    const acknowledged: Escalation = { ...escalation, status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: now.toISOString(), version: escalation.version + 1 };
    if (!(await deps.store.saveEscalation(acknowledged, escalation.version))) continue;
    const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
    if (checkpoint) {
      const community = await deps.store.community(escalation.communityId);
      const others = acknowledged.notified.filter((email) => email.toLowerCase() !== by.toLowerCase());
      await tellOnce(deps, acknowledged, others, acknowledgementNotice({ escalation: acknowledged, checkpoint, community, by, at: now }));
    }
    return { escalation: acknowledged, changed: true };
  }
  throw new BusyError('the escalation is busy; try again');
};

/**
 * Follow-up notices (acknowledgement): claimed like level notices and sent once, within the hourly cap;
 * one the mail service does not take waits in the outbox for the sweep to send again.
 */
const tellOnce = async (deps: EscalationDeps, escalation: Escalation, recipients: string[], mail: Mail): Promise<void> => {
  for (const recipient of recipients) {
    const claim: NoticeClaim = { escalationId: escalation.escalationId, kind: 'acknowledgement', level: 0, repeat: 0, recipient };
    if (!(await deps.store.claimNotice(claim))) continue;
    await tellNow(deps, recipient, mail, [{ notice: claim, subject: mail.subject, links: [] }]);
  }
};

/** Sends a follow-up mail for claimed notices, within the cap; into the outbox when the mail service does not take it. */
const tellNow = async (deps: EscalationDeps, recipient: string, mail: Mail, lines: HeldNotice[], via?: string): Promise<void> => {
  try {
    if ((await deliver(deps, recipient, mail, lines)) === 'sent') {
      for (const line of lines) await deps.store.markNotice(line.notice, 'sent', { at: deps.now(), ...(via && { via }) });
    }
  } catch (error) {
    await retryLater(deps, recipient, mail, lines, (error as Error).message);
  }
};

/** Restarts the flows of escalations still open (after a restart of the local stack). */
export const resumeFlows = async (deps: EscalationDeps): Promise<number> => {
  const open = (await deps.store.activeEscalations()).filter((escalation) => escalation.status === 'open');
  for (const escalation of open) await deps.flows.start(escalation.escalationId, true);
  return open.length;
};
