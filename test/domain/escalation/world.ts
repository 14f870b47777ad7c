/**
 * A fast world for the escalation core: the port fakes over one memory table (test/helpers/fakes/,
 * held to the table's behaviour by test/contract/ports.test.ts), a clock the test moves, and the flow
 * run as the stack deploys it: the rendered state machine (infra/constructs/escalation-flow.ts) under
 * aws-local-stepfunctions (local/stepfunctions.ts, runFlow), its tasks bound to the flow function's
 * code over the fakes — each Wait lasting no time but moving the clock. No emulator, and no sending:
 * the core writes notice rows, and the tests read what each row says and to whom (`told`).
 */
import { acknowledge, sweep, type EscalationDeps, type NoticeContent, type StepResult } from '../../../functions/domain/escalation';
import type { AuditActor } from '../../../functions/domain/audit';
import type { Notice } from '../../../functions/domain/model';
import { acceptReading } from '../../../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../../../functions/domain/registry';
import { runFlowTask, type FlowTaskInput } from '../../../functions/handlers/escalation-flow';
import { runFlow } from '../../../local/stepfunctions';
import { MemoryTable, memoryStores } from '../../helpers/fakes/stores';
import type { NoticeRecord } from '../../helpers/fakes/memory-table';

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

export const keys = async () => ({ current: 'k1', keys: { k1: 'fast-world-link-key-0123456789abcdef' } });

/** An escalation policy of levels `[who, after]`, an hour between repeats, none unless asked. */
export const policy = (levels: [string, string][], maxRepeats = 0) => ({ levels: levels.map(([who, after]) => ({ notify: [who], after })), repeatEvery: 'PT1H', maxRepeats });

export const email = (role: string) => `${role}@example.org`;

/** The level a level notice is of (its content's facts). */
export const levelOf = (content: NoticeContent) => content.facts.level as number;

/** A row as the tests read it: whom, what it says, and how it stands. */
export type Row = NoticeRecord & { content: NoticeContent };

export const makeWorld = (options: { groupThreshold?: number } = {}) => {
  const table = new MemoryTable();
  const store = memoryStores(table);
  let clock = new Date('2026-11-29T01:00:00Z'); // 09:00 in Shanghai
  let ids = 0;
  const started: string[] = [];
  const deps: EscalationDeps = {
    store,
    flows: { start: async (escalationId) => void (started.includes(escalationId) || started.push(escalationId)) },
    linkKeys: keys,
    baseUrl: 'https://api.test',
    now: () => new Date(clock),
    newId: () => `id-${(ids += 1)}`,
    ...(options.groupThreshold !== undefined && { groupThreshold: options.groupThreshold }),
  };
  /** Every row written, oldest first (in the order written; a row's place among its subject's as DynamoDB lists them). */
  const allRows = (): Row[] => [...table.notices.values()].flatMap((rows) => [...rows.values()]).filter((row): row is Row => row.content !== undefined).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));

  const world = {
    table,
    store,
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

    acknowledge: (escalationId: string, by: string, via?: { address: string; label: string }, actor?: AuditActor) => acknowledge(deps, escalationId, by, via, actor),

    /**
     * Runs an escalation's flow — the rendered state machine — to its end (or `untilWait`: to its first
     * Wait, as if the sweep came then). `before` runs before each task with its input; `wrap` around it
     * (to make a task fail). Returns what each task answered.
     */
    run: async (
      escalationId: string,
      before?: (input: FlowTaskInput) => Promise<void> | void,
      options: { untilWait?: boolean; wrap?: (input: FlowTaskInput, next: () => Promise<unknown>) => Promise<unknown> } = {},
    ): Promise<StepResult[]> => {
      const answers: StepResult[] = [];
      let pendingWait = 0;
      let stopped = false;
      const task = async (raw: unknown) => {
        const input = raw as FlowTaskInput;
        // A Wait state lasts no time here; the clock moves by what it would have waited instead.
        if (pendingWait) {
          world.advance(pendingWait * 1000);
          pendingWait = 0;
        }
        await before?.(input);
        const next = () => runFlowTask(deps, input);
        const answer = (await (options.wrap ? options.wrap(input, next) : next())) as StepResult;
        answers.push(answer);
        if (answer.action === 'wait') pendingWait = answer.waitSeconds;
        // To the first Wait only: the state machine is told it is done (its Choice ends there).
        if (options.untilWait && answer.action === 'wait') {
          stopped = true;
          return { ...answer, action: 'done' };
        }
        return answer;
      };
      const execution = runFlow(task, { escalationId }, { waitMs: 0, retryMs: 0 });
      await execution.result;
      if (options.untilWait && !stopped && answers.at(-1)?.action === 'wait') throw new Error('the flow did not stop at its wait');
      return answers;
    },

    sweep: () => sweep(deps),

    /** Every row written, oldest first. */
    rows: allRows,
    /** What an address is told: its rows that the sender sends (not those told within a group's row), oldest first. */
    told: (address: string): Row[] => allRows().filter((row) => row.recipient!.toLowerCase() === address.toLowerCase() && row.outcome !== 'grouped' && row.outcome !== 'failed'),
    /** The level rows of an escalation as `level.repeat:address:outcome`, sorted. */
    levelNotices: async (escalationId: string) =>
      (await store.notices(escalationId)).filter((n: Notice) => n.kind === 'level').map((n: Notice) => `${n.level}.${n.repeat}:${n.recipient}:${n.outcome}`).sort(),
  };
  return world;
};

export type World = ReturnType<typeof makeWorld>;
