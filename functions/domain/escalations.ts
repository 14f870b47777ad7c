/**
 * The escalation use cases: the sweep that opens escalations, the steps of the flow that notifies
 * level by level, acknowledgement and resolution. State lives in the table, so any step can be run
 * again (a retried task, a restarted flow) without telling anyone twice: each notice is claimed with a
 * conditional write before it is sent.
 */
import { ConflictError, NotFoundError } from './errors';
import {
  decide,
  firstActionAt,
  hasReportedSince,
  isActive,
  nextActionAfter,
  policyFor,
  recipientsOf,
} from './escalation';
import type { LinkKeys } from './links';
import { linkQuery, signLink } from './links';
import type { Checkpoint, Community, Escalation, EscalationStatus, Notice, NoticeOutcome } from './model';
import { acknowledgementNotice, levelNotice, resolutionNotice, type Mail } from './notices';
import { slotStateOf } from './readings';
import { deadlineAfterMiss } from './slots';

export interface NoticeClaim {
  escalationId: string;
  kind: Notice['kind'];
  level: number;
  repeat: number;
  recipient: string;
}

export interface EscalationStore {
  checkpoint(checkpointId: string): Promise<Checkpoint | undefined>;
  community(communityId: string): Promise<Community | undefined>;
  escalation(escalationId: string): Promise<Escalation | undefined>;
  overdueCheckpoints(now: Date): Promise<string[]>;
  openEscalation(input: { escalation: Escalation; expectedDueAt: string; nextDueAt: string }): Promise<boolean>;
  recordMiss(input: { checkpointId: string; escalationId: string; expectedDueAt: string; nextDueAt: string; missedSlot: string }): Promise<boolean>;
  saveEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean>;
  closeEscalation(escalation: Escalation, expectedVersion: number): Promise<boolean>;
  activeEscalations(): Promise<Escalation[]>;
  claimNotice(claim: NoticeClaim): Promise<boolean>;
  markNotice(claim: NoticeClaim, outcome: NoticeOutcome, detail: { at: Date; error?: string }): Promise<void>;
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
}

// ---------------------------------------------------------------------------------------------------
// The sweep

export interface SweepResult {
  overdue: number;
  opened: string[];
  extended: string[];
  resolved: string[];
  /** Escalations whose flow had not started (or died) before its first notice: started again. */
  restarted: string[];
  /** Checkpoints or escalations this sweep could not handle; the next sweep tries them again. */
  failed: { id: string; error: string }[];
}

/** An open escalation still at level 0 this long after its first action was due has lost its flow. */
const STALLED_AFTER_MS = 3 * 60_000;

/** Runs every minute: opens an escalation per checkpoint per streak of misses, and resolves those that reported. */
export const sweep = async (deps: EscalationDeps): Promise<SweepResult> => {
  const now = deps.now();
  const result: SweepResult = { overdue: 0, opened: [], extended: [], resolved: [], restarted: [], failed: [] };
  // One checkpoint that cannot be handled must not keep the others from being swept.
  const attempt = async (id: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      result.failed.push({ id, error: (error as Error).message });
    }
  };
  const overdue = await deps.store.overdueCheckpoints(now);
  result.overdue = overdue.length;
  for (const checkpointId of overdue) {
    await attempt(checkpointId, async () => {
      const outcome = await handleMiss(deps, checkpointId, now);
      if (outcome?.opened) result.opened.push(outcome.opened);
      if (outcome?.extended) result.extended.push(outcome.extended);
    });
  }
  for (const escalation of await deps.store.activeEscalations()) {
    await attempt(escalation.escalationId, async () => {
      const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
      if (hasReportedSince(checkpoint, escalation)) {
        if (await resolve(deps, escalation, checkpoint!)) result.resolved.push(escalation.escalationId);
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
  return result;
};

const handleMiss = async (deps: EscalationDeps, checkpointId: string, now: Date): Promise<{ opened?: string; extended?: string } | undefined> => {
  const checkpoint = await deps.store.checkpoint(checkpointId);
  if (!checkpoint?.dueAt || !checkpoint.active || checkpoint.dueAt > now.toISOString()) return undefined;
  const state = slotStateOf(checkpoint);
  const missedDeadline = new Date(checkpoint.dueAt);
  const missedSlot = state.schedule.slotAt(new Date(missedDeadline.getTime() - state.graceMs - 1)).start.toISOString();
  const nextDueAt = deadlineAfterMiss(state, missedDeadline).toISOString();
  if (checkpoint.openEscalationId) {
    const extended = await deps.store.recordMiss({ checkpointId, escalationId: checkpoint.openEscalationId, expectedDueAt: checkpoint.dueAt, nextDueAt, missedSlot });
    return extended ? { extended: checkpoint.openEscalationId } : undefined;
  }
  const community = await deps.store.community(checkpoint.communityId);
  const policy = policyFor(checkpoint, community);
  const escalation: Escalation = {
    escalationId: deps.newId(),
    checkpointId,
    communityId: checkpoint.communityId,
    status: 'open',
    level: 0,
    repeats: 0,
    missedSlots: [missedSlot],
    missedDeadline: checkpoint.dueAt,
    openedAt: now.toISOString(),
    nextActionAt: firstActionAt(policy, missedDeadline).toISOString(),
    policy,
    notified: [],
    version: 0,
  };
  // Conditional on the deadline still being the one we read: of two sweeps at once, one opens it.
  if (!(await deps.store.openEscalation({ escalation, expectedDueAt: checkpoint.dueAt, nextDueAt }))) return undefined;
  await deps.flows.start(escalation.escalationId);
  return { opened: escalation.escalationId };
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
      if (decision.reason === 'reported' && checkpoint) await resolve(deps, escalation, checkpoint);
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

export type SendOutcome = 'sent' | 'skipped' | 'duplicate';

/**
 * Sends one level notice. Re-checks the escalation first (an acknowledgement may have come in since the
 * check), then claims the notice: a claim that exists already means it was sent, or is being sent.
 */
export const flowSend = async (deps: EscalationDeps, task: NoticeTask): Promise<SendOutcome> => {
  const now = deps.now();
  const escalation = await deps.store.escalation(task.escalationId);
  if (!escalation || escalation.status !== 'open') return 'skipped';
  const checkpoint = await deps.store.checkpoint(escalation.checkpointId);
  if (!checkpoint || hasReportedSince(checkpoint, escalation)) return 'skipped';
  const claim: NoticeClaim = { escalationId: task.escalationId, kind: 'level', level: task.level, repeat: task.repeat, recipient: task.recipient };
  if (!(await deps.store.claimNotice(claim))) return 'duplicate';
  const community = await deps.store.community(escalation.communityId);
  const link = signLink(await deps.linkKeys(), 'ack', escalation.escalationId, task.recipient, now);
  const mail = levelNotice({
    escalation,
    checkpoint,
    community,
    level: task.level,
    repeat: task.repeat,
    recipientName: task.name,
    othersTold: escalation.notified.filter((email) => email.toLowerCase() !== task.recipient.toLowerCase()),
    ackUrl: `${deps.baseUrl}/ack/${escalation.escalationId}?${linkQuery(link)}`,
    now,
  });
  try {
    await deps.mailer.send(task.recipient, mail);
  } catch (error) {
    const deferred = error instanceof MailDeferred;
    await deps.store.markNotice(claim, deferred ? 'deferred' : 'failed', { at: deps.now(), error: (error as Error).message });
    if (deferred) throw error; // the flow retries it, with jittered backoff
    return 'skipped';
  }
  await deps.store.markNotice(claim, 'sent', { at: deps.now() });
  return 'sent';
};

/** After the retries are spent: the notice is recorded as failed and the flow goes on. */
export const flowSendFailed = async (deps: EscalationDeps, task: NoticeTask, error: string): Promise<void> => {
  const claim: NoticeClaim = { escalationId: task.escalationId, kind: 'level', level: task.level, repeat: task.repeat, recipient: task.recipient };
  await deps.store.markNotice(claim, 'failed', { at: deps.now(), error });
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
  throw new ConflictError('the escalation is busy');
};

const closeUnresolved = async (deps: EscalationDeps, escalation: Escalation, now: Date): Promise<void> => {
  await deps.store.closeEscalation({ ...escalation, status: 'unresolved', closedAt: now.toISOString(), version: escalation.version + 1 }, escalation.version);
};

// ---------------------------------------------------------------------------------------------------
// Resolution and acknowledgement

/** The checkpoint reported: close the escalation and tell everyone who was told. Once, whoever calls. */
export const resolve = async (deps: EscalationDeps, escalation: Escalation, checkpoint: Checkpoint): Promise<boolean> => {
  const now = deps.now();
  const resolved: Escalation = {
    ...escalation,
    status: 'resolved',
    resolvedAt: now.toISOString(),
    ...(checkpoint.lastReadingAt && { resolvedByReadingAt: checkpoint.lastReadingAt }),
    version: escalation.version + 1,
  };
  if (!(await deps.store.closeEscalation(resolved, escalation.version))) return false;
  const community = await deps.store.community(escalation.communityId);
  const mail = resolutionNotice({ escalation: resolved, checkpoint, community, now });
  await tellOnce(deps, resolved, 'resolution', resolved.notified, mail);
  return true;
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
      await tellOnce(deps, acknowledged, 'acknowledgement', others, acknowledgementNotice({ escalation: acknowledged, checkpoint, community, by, at: now }));
    }
    return { escalation: acknowledged, changed: true };
  }
  throw new ConflictError('the escalation is busy; try again', 1);
};

/** Follow-up notices (resolution, acknowledgement): claimed like level notices, sent once, failures recorded. */
const tellOnce = async (deps: EscalationDeps, escalation: Escalation, kind: 'resolution' | 'acknowledgement', recipients: string[], mail: Mail): Promise<void> => {
  for (const recipient of recipients) {
    const claim: NoticeClaim = { escalationId: escalation.escalationId, kind, level: 0, repeat: 0, recipient };
    if (!(await deps.store.claimNotice(claim))) continue;
    try {
      await deps.mailer.send(recipient, mail);
      await deps.store.markNotice(claim, 'sent', { at: deps.now() });
    } catch (error) {
      await deps.store.markNotice(claim, 'deferred', { at: deps.now(), error: (error as Error).message });
    }
  }
};

/** Restarts the flows of escalations still open (after a restart of the local stack). */
export const resumeFlows = async (deps: EscalationDeps): Promise<number> => {
  const open = (await deps.store.activeEscalations()).filter((escalation) => escalation.status === 'open');
  for (const escalation of open) await deps.flows.start(escalation.escalationId, true);
  return open.length;
};
