import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as listCheckpoints } from '../../functions/handlers/list-checkpoints';
import { handler as listCommunities } from '../../functions/handlers/list-communities';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { resetDocumentClient } from '../../functions/adapters/dynamo';
import { resetDeps } from '../../functions/runtime/deps';
import { freePort } from '../../local/ports';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { invoke } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

beforeAll(async () => {
  await useFreshTable();
});

describe('communities', () => {
  it('creates with 201, replaces with 200, and defaults the zone to Asia/Shanghai', async () => {
    const put = (name: string) =>
      invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'nanmen' }, admin: true, body: { name, contacts: [] } });
    const created = await put('南门社区');
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ communityId: 'nanmen', name: '南门社区', timezone: 'Asia/Shanghai' });
    const updated = await put('南门社区（新）');
    expect(updated.status).toBe(200);
    expect(updated.json.createdAt).toBe(created.json.createdAt);
  });

  it.each([
    ['an unknown zone', { name: 'x', timezone: 'Mars/Olympus', contacts: [] }],
    ['a contact role that does not exist', { name: 'x', contacts: [{ name: 'a', email: 'a@example.org', role: 'boss' }] }],
    ['an e-mail that is not one', { name: 'x', contacts: [{ name: 'a', email: 'nope', role: 'secretary' }] }],
  ])('refuses %s with the field named', async (_name, body) => {
    const answer = await invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'bad' }, admin: true, body });
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues[0].path).toMatch(/timezone|contacts/);
  });

  it('refuses an id with odd characters', async () => {
    const answer = await invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: '../etc' }, admin: true, body: { name: 'x', contacts: [] } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues[0].path).toBe('communityId');
  });

  it.each([
    ['no key', {}],
    ['a wrong key', { headers: { authorization: 'Bearer wrong' } }],
  ])('answers 401 to %s', async (_name, input) => {
    const answer = await invoke(listCommunities, { routeKey: 'GET /communities', ...input });
    expect(answer.status).toBe(401);
  });
});

describe('checkpoints', () => {
  beforeAll(async () => {
    await registerCommunity('yuyue');
    await registerCommunity('beimen');
  });

  it('issues a form token once, at creation, stored only as a hash', async () => {
    const { token, body } = await registerCheckpoint('yy-1');
    expect(token).toMatch(/^yy-1\.[A-Za-z0-9_-]{43}$/);
    expect(body.formUrl).toBe(`https://api.test/f/yy-1#token=${encodeURIComponent(token)}`);
    expect(body).toMatchObject({ status: 'new', lastReadingAt: null, nextDeadline: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('tokenHash');
    const again = await invoke(putCheckpoint, {
      routeKey: 'PUT /checkpoints/{checkpointId}',
      pathParameters: { checkpointId: 'yy-1' },
      admin: true,
      body: { name: 'renamed', communityId: 'yuyue', schedule: { every: 'PT1H' }, contacts: [] },
    });
    expect(again.status).toBe(200);
    expect(again.json.formToken).toBeUndefined();
    expect(again.json).toMatchObject({ name: 'renamed', grace: 'PT15M', schedule: { every: 'PT1H' } });
  });

  it('refuses an unknown community and an invalid schedule', async () => {
    const put = (body: object) => invoke(putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'bad' }, admin: true, body });
    const unknown = await put({ name: 'x', communityId: 'nowhere', schedule: { every: 'PT2H' }, contacts: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.issues[0].path).toBe('communityId');
    const tooOften = await put({ name: 'x', communityId: 'yuyue', schedule: { every: 'PT10S' }, contacts: [] });
    expect(tooOften.status).toBe(400);
    const badCron = await put({ name: 'x', communityId: 'yuyue', schedule: { cron: '99 99 * * *' }, contacts: [] });
    expect(badCron.status).toBe(400);
    expect(badCron.json.error.issues[0].path).toBe('schedule.cron');
    // A seconds field fired every second and bypassed the PT30S minimum: refused at the field.
    for (const cron of ['* * * * * *', '*/5 * * * * *']) {
      const seconds = await put({ name: 'x', communityId: 'yuyue', schedule: { cron }, grace: 'PT0S', contacts: [] });
      expect(seconds.status).toBe(400);
      expect(seconds.json.error.issues[0].path).toBe('schedule.cron');
    }
  });

  it('stores a time zone in its canonical IANA form and refuses an offset', async () => {
    const put = (communityId: string, timezone: string) =>
      invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId }, admin: true, body: { name: 'z', timezone, contacts: [] } });
    for (const [given, stored] of [['asia/shanghai', 'Asia/Shanghai'], ['utc', 'UTC'], ['EST5EDT', 'America/New_York']] as const) {
      const answer = await put(`tz-${stored.replace('/', '-')}`, given);
      expect(answer.status).toBe(201);
      expect(answer.json.timezone).toBe(stored);
    }
    const offset = await put('tz-offset', '+08:00');
    expect(offset.status).toBe(400);
    expect(offset.json.error.issues[0].path).toBe('timezone');
  });

  it('answers an identical PUT sent many times at once as itself, never 409', async () => {
    const body = { name: '同时', timezone: 'Asia/Shanghai', contacts: [] };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'same-time' }, admin: true, body })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const checkpointBody = { name: '同时卡点', communityId: 'same-time', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [{ name: '组长', email: 'l@example.org', role: 'leader' }] };
    const puts = await Promise.all(
      Array.from({ length: 10 }, () => invoke(putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'same-time-1' }, admin: true, body: checkpointBody })),
    );
    expect(puts.filter((a) => a.status === 201)).toHaveLength(1);
    expect(puts.filter((a) => a.status === 200)).toHaveLength(9);
  });

  it('is paused, with no deadline, when inactive', async () => {
    const { body } = await registerCheckpoint('yy-paused', { active: false });
    expect(body).toMatchObject({ status: 'paused', nextDeadline: null });
  });

  it('lists by community, in pages', async () => {
    await registerCheckpoint('bm-1', { communityId: 'beimen' });
    await registerCheckpoint('bm-2', { communityId: 'beimen' });
    await registerCheckpoint('bm-3', { communityId: 'beimen' });
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await invoke(listCheckpoints, { routeKey: 'GET /checkpoints', admin: true, query: { communityId: 'beimen', limit: '2', ...(cursor && { cursor }) } });
      expect(page.status).toBe(200);
      ids.push(...page.json.items.map((item: { checkpointId: string }) => item.checkpointId));
      cursor = page.json.next;
    } while (cursor);
    expect(ids).toEqual(['bm-1', 'bm-2', 'bm-3']);
  });

  it('answers 404 for a checkpoint that does not exist', async () => {
    const answer = await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'nope' }, admin: true });
    expect(answer.status).toBe(404);
    expect(answer.json.error.code).toBe('not_found');
  });

  it('carries a zone change of its community to its checkpoints', async () => {
    await registerCommunity('zoned', 'Asia/Shanghai');
    await registerCheckpoint('zoned-1', { communityId: 'zoned' });
    await invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'zoned' }, admin: true, body: { name: 'z', timezone: 'Europe/Berlin', contacts: [] } });
    const answer = await invoke(getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'zoned-1' }, admin: true });
    expect(answer.json.timezone).toBe('Europe/Berlin');
  });
});

describe('when DynamoDB cannot be reached', () => {
  it('answers 503 with Retry-After and no stack trace', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${await freePort()}`;
    resetDocumentClient();
    resetDeps();
    try {
      const answer = await invoke(listCommunities, { routeKey: 'GET /communities', admin: true });
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.json.error).toMatchObject({ code: 'unavailable', requestId: expect.any(String) });
      expect(answer.text).not.toContain('ECONNREFUSED');
    } finally {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
      resetDocumentClient();
      resetDeps();
    }
  });
});
