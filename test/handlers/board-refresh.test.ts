/**
 * The board's refresh (issue 14): a refresh where nothing moved reads the board stamps and nothing
 * else, and every change the board shows — readings, registrations, renames, pauses, escalations
 * opened, acknowledged and resolved, and the clock passing a deadline — is on the very next refresh.
 * Requests are counted on the handlers' own DynamoDB client, on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamo';
import { acknowledge, sweep, type EscalationDeps } from '../../functions/domain/escalation';
import { forgetBoards, handler as board } from '../../functions/handlers/board';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { linkKeys } from '../../functions/runtime/admin-key';
import { escalationDynamoStore } from '../../functions/runtime/deps';
import { fakeContext } from '../../local/gateway';
import { registerCommunity } from '../helpers/county';
import { httpEvent, invoke } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';

/** What one refresh asked of the table: every request, and the checkpoints whose items it read. */
type Asked = { commands: string[]; checkpoints: string[] };
let asked: Asked = { commands: [], checkpoints: [] };
const checkpointsIn = (input: Record<string, any>): string[] => {
  const keys: { pk: string; sk: string }[] = [
    ...(input.Key ? [input.Key] : []),
    ...Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: { pk: string; sk: string }[] }>).flatMap((r) => r.Keys ?? []),
  ];
  const listed = input.ExpressionAttributeValues?.[':parent'] === 'CHECKPOINTS' ? ['(all, by the parent index)'] : [];
  return [...keys.filter((k) => k.sk === 'CHECKPOINT').map((k) => k.pk.slice('CHECKPOINT#'.length)), ...listed];
};

let cookie: string;
const tokens = new Map<string, string>();
const signIn = async () => {
  const signed = (await board(
    httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    fakeContext('t'),
  )) as { cookies: string[] };
  return signed.cookies[0]!.split(';')[0]!;
};

/** GET /board, signed in: the page, and what the refresh asked of the table. */
const refresh = async (): Promise<{ page: string; asked: Asked }> => {
  asked = { commands: [], checkpoints: [] };
  const event = httpEvent({ routeKey: 'GET /board' });
  event.cookies = [cookie];
  const answer = (await board(event, fakeContext('t'))) as { statusCode: number; body: string };
  expect(answer.statusCode).toBe(200);
  return { page: answer.body, asked };
};

/** The board's row of a checkpoint: name, status, last report, next deadline. */
const rowOf = (page: string, checkpointId: string) => {
  const row = new RegExp(`<tr id="cp-${checkpointId}"><td>([^<]*)</td><td><span class="chip"[^>]*>([^<]+)</span>.*?</td><td>(.*?)</td><td>(.*?)</td></tr>`).exec(page);
  return row ? { name: row[1], status: row[2], lastReport: row[3], nextDeadline: row[4] } : undefined;
};

const register = async (checkpointId: string, options: { name?: string; active?: boolean; communityId?: string } = {}) => {
  const answer = await invoke(putCheckpoint, {
    routeKey: 'PUT /checkpoints/{checkpointId}',
    pathParameters: { checkpointId },
    admin: true,
    body: {
      name: options.name ?? `${checkpointId} 卡点`,
      communityId: options.communityId ?? 'refresh',
      schedule: { every: 'PT2H' },
      grace: 'PT15M',
      contacts: [{ name: '组长', email: `leader.${checkpointId}@example.org`, role: 'leader' }],
      ...(options.active !== undefined && { active: options.active }),
    },
  });
  expect(answer.status).toBeLessThan(300);
  if (answer.json.formToken) tokens.set(checkpointId, answer.json.formToken);
};

const report = async (checkpointId: string) => {
  const answer = await invoke(postReading, {
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    pathParameters: { checkpointId },
    token: tokens.get(checkpointId)!,
    body: { submissionId: randomUUID(), officer: '张三', screened: 12, entries: 6, exits: 6, feverCount: 0 },
  });
  expect(answer.status).toBe(201);
};

const quietDeps = (): EscalationDeps => ({
  store: escalationDynamoStore(),
  flows: { start: async () => undefined },
  linkKeys,
  baseUrl: 'https://api.test',
  now: () => new Date(),
  newId: randomUUID,
});

beforeAll(async () => {
  await useFreshTable();
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-20T01:10:00Z') });
  documentClient().middlewareStack.add(
    ((next: (args: { input: Record<string, any> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, any> }) => {
      asked.commands.push(context.commandName ?? '?');
      asked.checkpoints.push(...checkpointsIn(args.input));
      return next(args);
    }) as never,
    { step: 'initialize', name: 'boardRefreshCounts' },
  );
  await registerCommunity('refresh');
  for (const id of ['gate-a', 'gate-b']) await register(id);
  cookie = await signIn();
});

afterAll(() => {
  vi.useRealTimers();
});

describe('a refresh where nothing moved', () => {
  it('reads the board stamps in one query and no checkpoint', async () => {
    forgetBoards();
    const cold = await refresh();
    // A fresh instance reads the county: the count sees checkpoint reads when there are any.
    expect(cold.asked.checkpoints.length).toBeGreaterThan(0);
    const again = await refresh();
    expect(again.asked.commands).toEqual(['QueryCommand']);
    expect(again.asked.checkpoints).toEqual([]);
    expect(again.page).toBe(cold.page);
  });
});

describe('every change the board shows is on the next refresh', () => {
  it('a reading: its checkpoint is up with its time, and only it is read again', async () => {
    await refresh();
    expect(rowOf((await refresh()).page, 'gate-a')?.lastReport).toBe('—');
    await report('gate-a');
    const next = await refresh();
    expect(rowOf(next.page, 'gate-a')).toMatchObject({ status: '正常', lastReport: '2026-11-20 09:10' });
    expect(next.asked.checkpoints).toEqual(['gate-a']);
  });

  it('a checkpoint registered, renamed or paused, and a community renamed', async () => {
    await refresh();
    await register('gate-c');
    expect(rowOf((await refresh()).page, 'gate-c')).toMatchObject({ name: 'gate-c 卡点', status: '待首报' });
    await register('gate-b', { name: '东门卡点' });
    expect(rowOf((await refresh()).page, 'gate-b')?.name).toBe('东门卡点');
    await register('gate-b', { name: '东门卡点', active: false });
    expect(rowOf((await refresh()).page, 'gate-b')).toMatchObject({ status: '暂停', nextDeadline: '—' });
    const renamed = await invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'refresh' }, admin: true, body: { name: '新名社区', contacts: [] } });
    expect(renamed.status).toBe(200);
    const next = await refresh();
    expect(next.page).toContain('>新名社区</h2>');
    expect(next.asked.checkpoints).toEqual([]);
  });

  it('a deadline passing with nothing written, then the escalation opened, acknowledged and resolved', async () => {
    await refresh();
    // gate-c has not reported: past its first deadline it is missed on the board before any sweep runs.
    vi.setSystemTime(new Date('2026-11-20T04:30:00Z'));
    const late = await refresh();
    expect(rowOf(late.page, 'gate-c')?.status).toBe('漏报');
    expect(late.asked.commands).toEqual(['QueryCommand']);

    const swept = await sweep(quietDeps());
    expect(swept.opened.length + swept.recorded.length).toBeGreaterThan(0);
    const opened = await refresh();
    expect(opened.page).toMatch(/<div class="esc"><b>gate-c 卡点<\/b>/);

    const [escalation] = (await escalationDynamoStore().activeEscalations()).filter((e) => e.checkpointId === 'gate-c');
    await acknowledge(quietDeps(), escalation!.escalationId, 'admin');
    const acknowledged = await refresh();
    expect(acknowledged.page).toMatch(/gate-c 卡点<\/b>.*?已确认：admin/);
    expect(acknowledged.asked.checkpoints).toEqual([]);

    await report('gate-c');
    await sweep(quietDeps());
    const resolved = await refresh();
    expect(resolved.page).not.toContain('<div class="esc"><b>gate-c 卡点</b>');
    expect(rowOf(resolved.page, 'gate-c')?.status).toBe('正常');
  });

  it('a fresh instance and a refreshed one show the same board', async () => {
    await report('gate-a');
    const refreshed = await refresh();
    forgetBoards();
    expect((await refresh()).page).toBe(refreshed.page);
  });
});
