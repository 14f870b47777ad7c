/**
 * A controlled world for escalation tests: the real table on DynamoDB Local, the real SES emulator,
 * a clock the test moves, and the flow's definition run by aws-local-stepfunctions.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { escalationHandlerStore, type EscalationHandlerStore } from '../../functions/adapters/escalation-store';
import { checkpointStore, type CheckpointStore } from '../../functions/adapters/store';
import { dynamoTable } from '../../functions/adapters/table';
import { SesMailer } from '../../functions/adapters/mailer';
import type { CommunityBody } from '../../functions/contract/schemas';
import { acceptReading } from '../../functions/domain/readings';
import { putCheckpoint, putCommunity } from '../../functions/domain/registry';
import { sweep, type EscalationDeps, type NoticeContent, type Notifier } from '../../functions/domain/escalation';
import type { Notice } from '../../functions/domain/model';
import { notifierOf } from '../../functions/adapters/notifier';
import { noticeRows } from '../../functions/adapters/notice-rows';
import { paceCounter } from '../../functions/adapters/pace';
import { sendTo, type SenderDeps } from '../../functions/domain/delivery/sender';
import { wantedBy } from '../../functions/domain/delivery/wanted';
import type { Mailer } from '../../functions/adapters/mail-frame';
import { runFlowTask, type FlowTaskInput } from '../../functions/handlers/escalation-flow';
import { linkKeys } from '../../functions/runtime/admin-key';
import { runFlow } from '../../local/stepfunctions';
import { storedMails } from '../../local/ses';

/** An escalation policy of levels `[who, after]`, an hour between repeats, none unless asked. */
export const policy = (levels: [string, string][], maxRepeats = 0) => ({
  levels: levels.map(([who, after]) => ({ notify: [who], after })),
  repeatEvery: 'PT1H',
  maxRepeats,
});

export class Clock {
  constructor(public current: Date) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface World {
  id: string;
  checkpointId: string;
  clock: Clock;
  store: CheckpointStore & EscalationHandlerStore;
  deps: EscalationDeps;
  /** What the one sender would send with (the real SES emulator, or the test's mailer over it): the core itself sends nothing. */
  notifier: Notifier;
  started: string[];
  /**
   * The one sender over this world's table, pace counters, notifier and clock, `wanted` as the sender
   * function has it (runtime/deps.ts); its `due` names only this world's destinations (the table is
   * shared with other tests, whose rows are theirs to send).
   */
  sender: SenderDeps;
  /** Whether a destination is this world's, for the sender to send to: its address names the world's id, unless a test says otherwise. */
  mine: (recipient: string) => boolean;
  /**
   * Sends what the rows hold, as the one sender does: for each of this world's destinations with rows
   * waiting, what is due at the clock's time (sendTo) — the stream's run for a row just written, the
   * minute's run for a row whose wait is over — again until a run settles nothing more. What the service
   * did not take waits for its retry time, as on AWS. The escalation core sends nothing itself. (Every
   * destination with rows waiting, not only those whose index time is past the clock's: a handler
   * writes its rows at the wall clock's time, which is not the world's.)
   */
  deliver: () => Promise<void>;
  /** The notice rows written for an address (grouped ones too), oldest first: what the sender is given. */
  rowsTo: (address: string) => Promise<NoticeRecordRead[]>;
  email: (role: string) => string;
  mailsTo: (address: string) => Promise<{ subject: string; text: string; html: string }[]>;
  /** Registers a community and a PT2H checkpoint, lets its first deadline pass, and sweeps: returns the escalation. */
  openEscalation: (policy?: CommunityBody['escalation']) => Promise<string>;
  /** Registers the community and checkpoint (once) and moves the clock past the first deadline. */
  register: (policy?: CommunityBody['escalation']) => Promise<void>;
  report: () => Promise<void>;
  /** Runs the flow to its end; `hook` runs before each task, with the task's input. */
  run: (escalationId: string, hook?: (input: FlowTaskInput) => Promise<void> | void, wrap?: (input: FlowTaskInput, next: () => Promise<unknown>) => Promise<unknown>) => Promise<FlowTaskInput[]>;
}

/** Far enough ahead that every waiting row is due by it (the sender's index lists each destination with rows waiting). */
const EVER = new Date('2999-01-01T00:00:00Z');

/** A notice row as read back from the table. */
export type NoticeRecordRead = Notice & { content?: NoticeContent; links?: { label: string; url: string }[]; groupedInto?: string; createdAt?: string };

export const makeWorld = (mailer?: (real: Mailer) => Mailer): World => {
  const id = randomUUID().slice(0, 8);
  const clock = new Clock(new Date('2026-11-29T01:00:00Z')); // 09:00 in Shanghai
  const table = dynamoTable(documentClient(), process.env.TABLE_NAME!);
  const store = { ...checkpointStore(table), ...escalationHandlerStore(table) };
  const real = new SesMailer('checkpoint-watch@example.org');
  const started: string[] = [];
  const notifier = notifierOf(mailer ? mailer(real) : real, { allowLocal: true });
  const deps: EscalationDeps = {
    store,
    flows: { start: async (escalationId) => void started.push(escalationId) },
    linkKeys,
    baseUrl: 'https://api.test',
    now: clock.now,
    newId: randomUUID,
  };
  const rows = noticeRows(table);
  const sender: SenderDeps = {
    rows: { ...rows, due: async (now) => (await rows.due(now)).filter((recipient) => world.mine(recipient)) },
    pace: paceCounter(table),
    channels: store,
    notifier,
    now: clock.now,
    wanted: wantedBy({ escalation: store.escalation, checkpoint: store.checkpoint }),
  };
  const email = (role: string) => `${role}.${id}@example.org`;
  const checkpointId = `cp-${id}`;
  const communityId = `co-${id}`;
  const world: World = {
    id,
    checkpointId,
    clock,
    store,
    deps,
    notifier,
    started,
    email,
    sender,
    mine: (recipient) => recipient.includes(id),
    deliver: async () => {
      // Bounded: a run reads a destination's oldest rows only (ROWS_PER_RUN), so a backlog takes a few.
      for (let run = 0; run < 20; run += 1) {
        let settled = 0;
        for (const recipient of await sender.rows.due(EVER)) {
          const result = await sendTo(sender, recipient);
          settled += result.sent + result.failed + result.skipped;
        }
        if (settled === 0) return;
      }
    },
    rowsTo: async (address) => {
      const ids = [...new Set([...started, ...(await store.activeEscalations()).map((e) => e.escalationId)])];
      const all = (await Promise.all(ids.map((id) => store.notices(id)))).flat() as NoticeRecordRead[];
      return all.filter((row) => row.recipient.toLowerCase() === address.toLowerCase()).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    },
    mailsTo: async (address) =>
      (await storedMails(inject('sesEndpoint')))
        .filter((mail) => mail.destination.to.includes(address))
        .map((mail) => ({ subject: mail.subject, text: mail.body.text ?? '', html: mail.body.html ?? '' })),
    openEscalation: async (policy) => {
      await world.register(policy);
      const before = started.length;
      await sweep(deps);
      if (started.length !== before + 1) throw new Error('the sweep opened no escalation');
      return started.at(-1)!;
    },
    register: async (policy) => {
      if (await store.checkpoint(checkpointId)) {
        clock.current = new Date('2026-11-29T04:16:00Z');
        return;
      }
      await putCommunity(store, {
        communityId,
        now: clock.now(),
        body: {
          name: '鱼岳社区',
          timezone: 'Asia/Shanghai',
          contacts: [
            { name: '社区书记', email: email('secretary'), role: 'secretary' },
            { name: '大党委书记', email: email('committee'), role: 'committee' },
          ],
          ...(policy && { escalation: policy }),
        },
      });
      await putCheckpoint(store, {
        checkpointId,
        keys: linkKeys,
        now: clock.now(),
        body: { name: '幸福家园卡点', communityId, schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: email('leader'), role: 'leader' }], active: true },
      });
      // Created at 09:00 local: the 10:00–12:00 slot is the first expected; its deadline is 12:15.
      clock.current = new Date('2026-11-29T04:16:00Z');
    },
    report: async () => {
      const checkpoint = (await store.checkpoint(checkpointId))!;
      await acceptReading(store, {
        checkpoint,
        now: clock.now,
        newId: randomUUID,
        body: { submissionId: randomUUID(), officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0 },
      });
    },
    run: async (escalationId, hook, wrap) => {
      const seen: FlowTaskInput[] = [];
      let pendingWait = 0;
      const task = async (raw: unknown) => {
        const input = raw as FlowTaskInput;
        seen.push(input);
        // A Wait state lasts no time here; the clock moves by what it would have waited instead.
        if (input.action === 'step' && pendingWait) {
          clock.advance(pendingWait * 1000);
          pendingWait = 0;
        }
        await hook?.(input);
        const next = () => runFlowTask(deps, input);
        const output = (await (wrap ? wrap(input, next) : next())) as { action?: string; waitSeconds?: number };
        if (output.action === 'wait') pendingWait = output.waitSeconds ?? 0;
        return output;
      };
      await runFlow(task, { escalationId }, { waitMs: 0, retryMs: 0 }).result;
      return seen;
    },
  };
  return world;
};
