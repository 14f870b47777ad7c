/**
 * A fast world for the escalation core: the port fakes over one memory table (test/helpers/fakes/,
 * held to the table's behaviour by test/contract/ports.test.ts), a notifier that records what it is
 * sent, a clock the test moves, and the flow driven as the state machine the stack deploys drives it
 * (infra/constructs/escalation-flow.ts): check; for each notice a send, retried on DeliveryDeferred up
 * to five attempts, then recorded failed; advance; check again — a Wait lasting no time but moving the
 * clock. No emulator: a whole escalation runs in milliseconds.
 */
import {
  acknowledge,
  flowAdvance,
  flowCheck,
  flowSend,
  flowSendFailed,
  sweep,
  type CheckResult,
  type EscalationDeps,
  type NoticeContent,
  type NoticeTask,
  type SendOutcome,
} from '../../../functions/domain/escalation';
import type { AuditActor } from '../../../functions/domain/audit';
import { acceptReading } from '../../../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../../../functions/domain/registry';
import { MemoryTable, memoryStores } from '../../helpers/fakes/stores';
import { RecordingNotifier } from '../../helpers/fakes/notifier';

type CommunityBody = Parameters<typeof putCommunity>[1]['body'];
type CheckpointBody = Parameters<typeof putCheckpoint>[1]['body'];

export interface Registration {
  community?: string;
  communityName?: string;
  language?: CommunityBody['language'];
  /** The checkpoints' names and leaders, by position (else 1号门卡点 and 组长1). */
  names?: string[];
  leaders?: CheckpointBody['contacts'][];
  checkpoints?: string[];
  escalation?: CommunityBody['escalation'];
  channels?: CommunityBody['channels'];
  contacts?: CommunityBody['contacts'];
  checkpoint?: Partial<CheckpointBody>;
}

export type FlowStep = { action: 'check' } | { action: 'send'; notice: NoticeTask } | { action: 'advance'; level: number };

export const keys = async () => ({ current: 'k1', keys: { k1: 'fast-world-link-key-0123456789abcdef' } });

/** An escalation policy of levels `[who, after]`, an hour between repeats, none unless asked. */
export const policy = (levels: [string, string][], maxRepeats = 0) => ({ levels: levels.map(([who, after]) => ({ notify: [who], after })), repeatEvery: 'PT1H', maxRepeats });

/** The state machine's Send retry (its maxAttempts). */
const SEND_ATTEMPTS = 5;

export const email = (role: string) => `${role}@example.org`;

/** The level a level notice is of (its content's facts). */
export const levelOf = (content: NoticeContent) => content.facts.level as number;

export const makeWorld = (limits?: EscalationDeps['limits']) => {
  const table = new MemoryTable();
  const store = memoryStores(table);
  const notifier = new RecordingNotifier();
  let clock = new Date('2026-11-29T01:00:00Z'); // 09:00 in Shanghai
  let ids = 0;
  const started: string[] = [];
  const deps: EscalationDeps = {
    store,
    notifier,
    flows: { start: async (escalationId) => void started.push(escalationId) },
    linkKeys: keys,
    baseUrl: 'https://api.test',
    now: () => new Date(clock),
    newId: () => `id-${(ids += 1)}`,
    ...(limits && { limits }),
  };

  const world = {
    table,
    store,
    notifier,
    deps,
    started,
    now: () => new Date(clock),
    set: (iso: string) => void (clock = new Date(iso)),
    advance: (ms: number) => void (clock = new Date(clock.getTime() + ms)),

    /** A community (its secretary and committee) and its PT2H checkpoints created at 09:00 local: 10:00–12:00 is the first slot expected, due 12:15. */
    register: async (options: Registration = {}): Promise<void> => {
      const communityId = options.community ?? 'yuyue';
      await putCommunity(store, {
        communityId,
        now: world.now(),
        body: {
          name: options.communityName ?? '鱼岳社区',
          timezone: 'Asia/Shanghai',
          ...(options.language && { language: options.language }),
          contacts: options.contacts ?? [
            { name: '社区书记', email: email('secretary'), role: 'secretary' },
            { name: '大党委书记', email: email('committee'), role: 'committee' },
          ],
          ...(options.escalation && { escalation: options.escalation }),
          ...(options.channels && { channels: options.channels }),
        },
      });
      for (const [i, checkpointId] of (options.checkpoints ?? ['gate']).entries()) {
        await putCheckpoint(store, {
          checkpointId,
          keys,
          now: world.now(),
          body: {
            name: options.names?.[i] ?? `${i + 1}号门卡点`,
            communityId,
            schedule: { every: 'PT2H' },
            grace: 'PT15M',
            contacts: options.leaders?.[i] ?? [{ name: `组长${i + 1}`, email: email(i === 0 ? 'leader' : `leader${i + 1}`), role: 'leader' }],
            active: true,
            ...options.checkpoint,
          },
        });
      }
    },

    /** Registers, lets the first deadline (12:15 local) pass, and sweeps: the escalations opened. */
    miss: async (options: Registration = {}): Promise<string[]> => {
      await world.register(options);
      world.set('2026-11-29T04:16:00Z');
      return (await sweep(deps)).opened;
    },

    report: async (checkpointId = 'gate') => {
      const checkpoint = (await store.checkpoint(checkpointId))!;
      await acceptReading(store, {
        checkpoint,
        now: world.now,
        newId: deps.newId,
        body: { submissionId: `reading-${(ids += 1)}`, officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0 },
      });
    },

    /** Pauses (or with `active`, resumes) a checkpoint as a PUT of its registration does, by `actor`. */
    setActive: async (checkpointId: string, active: boolean, options: { reason?: string; actor?: AuditActor } = {}) => {
      const { name, communityId, schedule, grace, contacts, escalation, shifts, closures } = (await store.checkpoint(checkpointId))!;
      await putCheckpoint(store, {
        checkpointId,
        keys,
        now: world.now(),
        body: { name, communityId, schedule, grace, contacts, active, ...(escalation && { escalation }), ...(shifts && { shifts }), ...(closures && { closures }), ...(options.reason && { pausedReason: options.reason }) },
        ...(options.actor && { actor: options.actor }),
      });
    },

    acknowledge: (escalationId: string, by: string, via?: { address: string; label: string }) => acknowledge(deps, escalationId, by, via),

    /**
     * Runs an escalation's flow to its end (or `untilWait`: to its first Wait, as if the sweep came
     * then), as the state machine does. `before` runs before each task; returns the check results seen.
     */
    run: async (escalationId: string, before?: (step: FlowStep) => Promise<void> | void, options: { untilWait?: boolean } = {}): Promise<CheckResult[]> => {
      const checks: CheckResult[] = [];
      for (let step = 0; step < 100; step += 1) {
        await before?.({ action: 'check' });
        const result = await flowCheck(deps, escalationId);
        checks.push(result);
        if (result.action === 'stop') return checks;
        if (result.action === 'wait') {
          if (options.untilWait) return checks;
          world.advance(result.waitSeconds * 1000);
          continue;
        }
        for (const notice of result.notices) {
          await before?.({ action: 'send', notice });
          await world.send(notice);
        }
        await before?.({ action: 'advance', level: result.level });
        await flowAdvance(deps, { escalationId, level: result.level, repeat: result.repeat, recipients: result.notices.map((notice) => notice.recipient) });
      }
      throw new Error('the flow did not end');
    },

    /** One Send task with the state machine's retries (a few seconds apart), then its failure recorded. */
    send: async (notice: NoticeTask): Promise<SendOutcome | 'failed'> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await flowSend(deps, notice);
        } catch (error) {
          const name = (error as Error).name;
          if (name === 'DeliveryDeferred' && attempt < SEND_ATTEMPTS) {
            world.advance(2_000 * attempt);
            continue;
          }
          await flowSendFailed(deps, notice, name);
          return 'failed' as const;
        }
      }
    },

    sweep: () => sweep(deps),

    /** The level notices of an escalation as `level.repeat:address:outcome`, sorted. */
    levelNotices: async (escalationId: string) =>
      (await store.notices(escalationId)).filter((n) => n.kind === 'level').map((n) => `${n.level}.${n.repeat}:${n.recipient}:${n.outcome}`).sort(),
  };
  return world;
};

export type World = ReturnType<typeof makeWorld>;
