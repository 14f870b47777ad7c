/**
 * Community operator keys, through the real handlers on DynamoDB Local: the county admin issues, lists
 * and revokes them; a key does what the admin key does within its communities and nothing outside
 * them; the board signed in with one shows its communities only; a revoked key is refused at once.
 */
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as ackEscalation } from '../../functions/handlers/ack-escalation';
import { handler as board } from '../../functions/handlers/board';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as createOperatorKey } from '../../functions/handlers/create-operator-key';
import { handler as deleteOperatorKey } from '../../functions/handlers/delete-operator-key';
import { handler as gateSheet } from '../../functions/handlers/gate-sheet';
import { handler as getCheckpoint } from '../../functions/handlers/get-checkpoint';
import { handler as getEscalation } from '../../functions/handlers/get-escalation';
import { handler as getSummary } from '../../functions/handlers/get-summary';
import { handler as listCheckpoints } from '../../functions/handlers/list-checkpoints';
import { handler as listCommunities } from '../../functions/handlers/list-communities';
import { handler as listEscalations } from '../../functions/handlers/list-escalations';
import { handler as listOperatorKeys } from '../../functions/handlers/list-operator-keys';
import { handler as listReadings } from '../../functions/handlers/list-readings';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { handler as rotateToken } from '../../functions/handlers/rotate-token';
import { fakeContext } from '../../local/gateway';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { makeWorld } from '../helpers/escalation';
import { httpEvent, invoke, type Answer, type EventInput } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

type Handler = Parameters<typeof invoke>[0];

let scan: () => Promise<string>;
/** The world's community, with an open escalation at its checkpoint. */
let yuyue: { communityId: string; checkpointId: string; escalationId: string };
let beimenKey: { keyId: string; key: string };
let twoCommunitiesKey: { keyId: string; key: string };

const as = (key: string | undefined, handler: Handler, input: EventInput) => invoke(handler, { ...input, ...(key ? { token: key } : { admin: true }) });
const issue = (body: unknown, key?: string) => as(key, createOperatorKey, { routeKey: 'POST /operator-keys', body });
const checkpointBody = (communityId: string, name = '新卡点') => ({ name, communityId, schedule: { every: 'PT2H' }, contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }] });

/** A 403 that says only that it is not the key's; a page route (the gate sheet) says it in a page. */
const expectForbidden = (answer: Answer, what: string) => {
  expect(answer.status, answer.text).toBe(403);
  const message = `${what} is not in the communities of this operator key`;
  // A page is in its reader's language (Chinese here) and names no community it may not see.
  if (answer.json === undefined) expect(answer.text).toContain('<h1>无权访问</h1>');
  else expect(answer.json.error).toMatchObject({ code: 'forbidden', message });
};

/** The board's answer to an event with cookies (payload 2.0 carries them in their own field). */
const boardCall = async (input: EventInput & { cookies?: string[] }) => {
  const event: APIGatewayProxyEventV2 = { ...httpEvent(input), ...(input.cookies && { cookies: input.cookies }) };
  return (await board(event, fakeContext('test'))) as { statusCode: number; body: string; cookies?: string[] };
};
const signIn = async (key: string) => {
  const answer = await boardCall({ routeKey: 'POST /board/sign-in', rawBody: new URLSearchParams({ key }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: answer.statusCode, cookie: answer.cookies?.[0]?.split(';')[0] };
};

beforeAll(async () => {
  const { client, tableName } = await useFreshTable();
  scan = async () => JSON.stringify((await client.send(new ScanCommand({ TableName: tableName }))).Items);
  // The escalation first: the world's clock is its own, so its sweep sees only its own checkpoint.
  const world = makeWorld();
  yuyue = { communityId: `co-${world.id}`, checkpointId: world.checkpointId, escalationId: await world.openEscalation() };
  await registerCommunity('beimen');
  await registerCheckpoint('bm-1', { communityId: 'beimen' });
  await registerCommunity('nanmen');
  await registerCheckpoint('nm-1', { communityId: 'nanmen' });
  const beimen = await issue({ name: '北门社区书记', communityIds: ['beimen'] });
  const two = await issue({ name: '鱼岳南门书记', communityIds: ['nanmen', yuyue.communityId] });
  expect(beimen.status, beimen.text).toBe(201);
  expect(two.status, two.text).toBe(201);
  beimenKey = beimen.json;
  twoCommunitiesKey = two.json;
  // A summary of today, for the narrowing below.
  const built = await as(undefined, buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: new Date().toISOString().slice(0, 10) } });
  expect(built.status, built.text).toBe(200);
});

describe('issuing, listing and storing operator keys', () => {
  it('issues a key that names its id, shown once, for communities that exist', async () => {
    expect(beimenKey.key).toMatch(/^op_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(beimenKey.key.startsWith(`op_${beimenKey.keyId}_`)).toBe(true);
    expect(beimenKey).toMatchObject({ name: '北门社区书记', communityIds: ['beimen'], createdAt: expect.any(String) });
    const unknown = await issue({ name: '某书记', communityIds: ['beimen', 'no-such-community'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.issues).toEqual([{ path: 'communityIds.1', message: 'no community has this id' }]);
    expect((await issue({ name: '某书记', communityIds: [] })).status).toBe(400);
  });

  it('lists every key with its name and communities, never the key or its hash', async () => {
    const listed = await as(undefined, listOperatorKeys, { routeKey: 'GET /operator-keys' });
    expect(listed.status).toBe(200);
    const ids = listed.json.items.map((item: { keyId: string }) => item.keyId);
    expect(ids).toEqual(expect.arrayContaining([beimenKey.keyId, twoCommunitiesKey.keyId]));
    for (const item of listed.json.items) expect(Object.keys(item).sort()).toEqual(['communityIds', 'createdAt', 'keyId', 'name']);
    expect(listed.text).not.toContain(beimenKey.key.slice(20));
    expect(listed.text).not.toContain(sha256(beimenKey.key));
  });

  it('stores a key only as its SHA-256', async () => {
    const everything = await scan();
    for (const { key } of [beimenKey, twoCommunitiesKey]) {
      expect(everything).not.toContain(key.slice(20));
      expect(everything).toContain(sha256(key));
    }
  });

  it('refuses operator keys on the operator-key routes, and keys that are not valid', async () => {
    for (const answer of [
      await issue({ name: '自封', communityIds: ['beimen'] }, beimenKey.key),
      await as(beimenKey.key, listOperatorKeys, { routeKey: 'GET /operator-keys' }),
      await as(beimenKey.key, deleteOperatorKey, { routeKey: 'DELETE /operator-keys/{keyId}', pathParameters: { keyId: twoCommunitiesKey.keyId } }),
      await as(beimenKey.key, buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date: new Date().toISOString().slice(0, 10) } }),
    ]) {
      expect(answer.status, answer.text).toBe(403);
      expect(answer.json.error).toMatchObject({ code: 'forbidden', message: 'this route takes the county admin key; an operator key may not use it' });
    }
    const wrongSecret = `op_${beimenKey.keyId}_${'A'.repeat(43)}`;
    const anotherId = `op_0123456789abcdef_${beimenKey.key.slice(20)}`;
    for (const key of [wrongSecret, anotherId]) {
      const answer = await as(key, getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'bm-1' } });
      expect(answer.status).toBe(401);
    }
  });
});

describe('an operator key within its communities', () => {
  const key = () => beimenKey.key;

  it('edits its community and registers, reads and rotates its checkpoints', async () => {
    const community = await as(key(), putCommunity, {
      routeKey: 'PUT /communities/{communityId}',
      pathParameters: { communityId: 'beimen' },
      body: { name: '北门社区', contacts: [{ name: '新书记', mobile: '13800138000', role: 'secretary' }], escalation: { levels: [{ notify: ['leader'], after: 'PT0S' }] } },
    });
    expect(community.status, community.text).toBe(200);
    expect(community.json.contacts).toEqual([{ name: '新书记', mobile: '13800138000', role: 'secretary' }]);
    const created = await as(key(), putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'bm-2' }, body: checkpointBody('beimen') });
    expect(created.status, created.text).toBe(201);
    expect(created.json.formToken).toEqual(expect.any(String));
    const path = { checkpointId: 'bm-1' };
    expect((await as(key(), getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: path })).json).toMatchObject({ checkpointId: 'bm-1', communityId: 'beimen' });
    expect((await as(key(), rotateToken, { routeKey: 'POST /checkpoints/{checkpointId}/rotate-token', pathParameters: path })).status).toBe(200);
    expect((await as(key(), listReadings, { routeKey: 'GET /checkpoints/{checkpointId}/readings', pathParameters: path })).status).toBe(200);
    expect((await as(key(), gateSheet, { routeKey: 'GET /checkpoints/{checkpointId}/qr.svg', pathParameters: path })).text).toMatch(/^<svg /);
    const sheet = await as(key(), gateSheet, { routeKey: 'GET /communities/{communityId}/sheet', pathParameters: { communityId: 'beimen' } });
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('bm-2');
  });

  it('lists only its communities, their checkpoints, escalations and summary', async () => {
    const communities = await as(key(), listCommunities, { routeKey: 'GET /communities' });
    expect(communities.json.items.map((c: { communityId: string }) => c.communityId)).toEqual(['beimen']);
    const checkpoints = await as(key(), listCheckpoints, { routeKey: 'GET /checkpoints' });
    expect(checkpoints.json.items.map((c: { checkpointId: string }) => c.checkpointId)).toEqual(['bm-1', 'bm-2']);
    const escalations = await as(key(), listEscalations, { routeKey: 'GET /escalations' });
    expect(escalations.status).toBe(200);
    expect(escalations.json.items).toEqual([]);
    const summary = await as(key(), getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date: new Date().toISOString().slice(0, 10) } });
    expect(summary.status, summary.text).toBe(200);
    expect(summary.json.communities.map((c: { communityId: string }) => c.communityId)).toEqual(['beimen']);
    expect(new Set(summary.json.checkpoints.map((c: { communityId: string }) => c.communityId))).toEqual(new Set(['beimen']));
  });

  it("shows an operator key no figure of the county's: no county line, no county-wide count of open escalations", async () => {
    const date = new Date().toISOString().slice(0, 10);
    const county = await as(undefined, getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date }, query: { communityId: 'beimen' } });
    // The admin key narrowing to one community still sees the county's totals: three communities, an open escalation.
    expect(county.json.county).toMatchObject({ communities: 3 });
    expect(county.json.openEscalations).toBeGreaterThan(0);
    for (const key of [beimenKey.key, twoCommunitiesKey.key]) {
      const own = await as(key, getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date } });
      expect(own.status, own.text).toBe(200);
      expect(own.json).not.toHaveProperty('county');
      expect(own.json).not.toHaveProperty('openEscalations');
    }
  });

  it('pages one list across several communities', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await as(twoCommunitiesKey.key, listCheckpoints, { routeKey: 'GET /checkpoints', query: { limit: '1', ...(cursor && { cursor }) } });
      expect(page.status, page.text).toBe(200);
      pages.push(page.json.items.map((c: { checkpointId: string }) => c.checkpointId));
      cursor = page.json.next;
    } while (cursor && pages.length < 5);
    expect(pages.flat().sort()).toEqual([yuyue.checkpointId, 'nm-1'].sort());
    const forged = Buffer.from(JSON.stringify({ c: 5 })).toString('base64url');
    expect((await as(twoCommunitiesKey.key, listCheckpoints, { routeKey: 'GET /checkpoints', query: { cursor: forged } })).status).toBe(400);
  });

  it("refuses another key's cursor, of as many communities, with 400 at the cursor", async () => {
    const first = await as(twoCommunitiesKey.key, listCheckpoints, { routeKey: 'GET /checkpoints', query: { limit: '1' } });
    // Its list's cursor at its second community, which the other key's list has second too.
    const atSecond = { ...JSON.parse(Buffer.from(first.json.next, 'base64url').toString('utf8')), c: 1, n: undefined };
    const cursor = Buffer.from(JSON.stringify(atSecond)).toString('base64url');
    expect((await as(twoCommunitiesKey.key, listCheckpoints, { routeKey: 'GET /checkpoints', query: { cursor } })).status).toBe(200);
    const other = (await issue({ name: '北门鱼岳书记', communityIds: ['beimen', yuyue.communityId] })).json;
    for (const [handler, routeKey] of [[listCheckpoints, 'GET /checkpoints'], [listCommunities, 'GET /communities']] as const) {
      const refused = await as(other.key, handler, { routeKey, query: { cursor } });
      expect(refused.status, routeKey).toBe(400);
      expect(refused.json.error.issues[0].path, routeKey).toBe('cursor');
    }
  });

  it("sees and acknowledges its community's escalation, as the key's name", async () => {
    const listed = await as(twoCommunitiesKey.key, listEscalations, { routeKey: 'GET /escalations', query: { status: 'open' } });
    expect(listed.json.items.map((e: { escalationId: string }) => e.escalationId)).toEqual([yuyue.escalationId]);
    const path = { escalationId: yuyue.escalationId };
    expect((await as(twoCommunitiesKey.key, getEscalation, { routeKey: 'GET /escalations/{escalationId}', pathParameters: path })).status).toBe(200);
    const acknowledged = await as(twoCommunitiesKey.key, ackEscalation, { routeKey: 'POST /escalations/{escalationId}/ack', pathParameters: path });
    expect(acknowledged.status, acknowledged.text).toBe(200);
    expect(acknowledged.json).toMatchObject({ acknowledgedNow: true, acknowledgedBy: '鱼岳南门书记' });
  });
});

describe('an operator key outside its communities', () => {
  const key = () => beimenKey.key;

  it("answers 403 for another community's checkpoint, and the same for one that does not exist", async () => {
    for (const checkpointId of [yuyue.checkpointId, 'nm-1', 'no-such-checkpoint']) {
      const path = { checkpointId };
      const what = `checkpoint ${checkpointId}`;
      expectForbidden(await as(key(), getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: path }), what);
      expectForbidden(await as(key(), rotateToken, { routeKey: 'POST /checkpoints/{checkpointId}/rotate-token', pathParameters: path }), what);
      expectForbidden(await as(key(), listReadings, { routeKey: 'GET /checkpoints/{checkpointId}/readings', pathParameters: path }), what);
      expectForbidden(await as(key(), gateSheet, { routeKey: 'GET /checkpoints/{checkpointId}/qr.svg', pathParameters: path }), what);
    }
    // Nothing of the other community leaks into the refusal.
    const refused = await as(key(), getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: yuyue.checkpointId } });
    expect(refused.text).not.toContain(yuyue.communityId);
    // The admin still gets a 404 for what does not exist.
    expect((await as(undefined, getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'no-such-checkpoint' } })).status).toBe(404);
  });

  it('may neither move a checkpoint out of its community, nor take one from another, nor register into another', async () => {
    const put = (checkpointId: string, communityId: string) => as(key(), putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId }, body: checkpointBody(communityId) });
    expectForbidden(await put('bm-1', 'nanmen'), 'community nanmen');
    expectForbidden(await put('nm-1', 'beimen'), 'checkpoint nm-1');
    expectForbidden(await put('nm-new', 'nanmen'), 'community nanmen');
    expect((await as(undefined, getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'nm-1' } })).json.communityId).toBe('nanmen');
  });

  it('may not create a community, nor edit, list or print another', async () => {
    const body = { name: '新社区', contacts: [] };
    expectForbidden(await as(key(), putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'brand-new' }, body }), 'community brand-new');
    expectForbidden(await as(key(), putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'nanmen' }, body }), 'community nanmen');
    expectForbidden(await as(key(), gateSheet, { routeKey: 'GET /communities/{communityId}/sheet', pathParameters: { communityId: 'nanmen' } }), 'community nanmen');
    expectForbidden(await as(key(), listCheckpoints, { routeKey: 'GET /checkpoints', query: { communityId: 'nanmen' } }), 'community nanmen');
    expectForbidden(await as(key(), listEscalations, { routeKey: 'GET /escalations', query: { communityId: yuyue.communityId } }), `community ${yuyue.communityId}`);
    const date = new Date().toISOString().slice(0, 10);
    expectForbidden(await as(key(), getSummary, { routeKey: 'GET /summaries/{date}', pathParameters: { date }, query: { communityId: 'nanmen' } }), 'community nanmen');
    const county = await as(undefined, listCommunities, { routeKey: 'GET /communities' });
    expect(county.json.items.map((c: { communityId: string }) => c.communityId)).not.toContain('brand-new');
  });

  it("may neither read nor acknowledge another community's escalation", async () => {
    const path = { escalationId: yuyue.escalationId };
    const what = `escalation ${yuyue.escalationId}`;
    expectForbidden(await as(key(), getEscalation, { routeKey: 'GET /escalations/{escalationId}', pathParameters: path }), what);
    expectForbidden(await as(key(), ackEscalation, { routeKey: 'POST /escalations/{escalationId}/ack', pathParameters: path }), what);
  });
});

describe('the board signed in with an operator key', () => {
  it('shows only its communities, and the county to the admin', async () => {
    const operator = await signIn(beimenKey.key);
    expect(operator.status).toBe(303);
    expect(operator.cookie).toMatch(new RegExp(`^cw_board=operator:${beimenKey.keyId}\\.\\d+\\.k1\\.[\\w-]+$`));
    const shown = await boardCall({ routeKey: 'GET /board', cookies: [operator.cookie!] });
    expect(shown.body).toContain('bm-1 卡点');
    expect(shown.body).toContain('北门社区书记');
    expect(shown.body).not.toContain('nm-1 卡点');
    expect(shown.body).not.toContain('幸福家园卡点');
    expect(shown.body).not.toContain(yuyue.escalationId);

    const admin = await signIn(process.env.ADMIN_KEY!);
    const county = await boardCall({ routeKey: 'GET /board', cookies: [admin.cookie!] });
    for (const name of ['bm-1 卡点', 'nm-1 卡点', '幸福家园卡点']) expect(county.body).toContain(name);
    expect((await signIn(`op_${beimenKey.keyId}_${'A'.repeat(43)}`)).status).toBe(401);
  });
});

describe('revoking a key', () => {
  it('refuses it from the next request on, the board pass it signed in with too', async () => {
    const temporary = await issue({ name: '临时', communityIds: ['beimen'] });
    const { keyId, key } = temporary.json as { keyId: string; key: string };
    const path = { checkpointId: 'bm-1' };
    expect((await as(key, getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: path })).status).toBe(200);
    const { cookie } = await signIn(key);
    expect((await boardCall({ routeKey: 'GET /board', cookies: [cookie!] })).body).toContain('bm-1 卡点');

    const revoked = await as(undefined, deleteOperatorKey, { routeKey: 'DELETE /operator-keys/{keyId}', pathParameters: { keyId } });
    expect(revoked.status).toBe(204);
    expect((await as(key, getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: path })).status).toBe(401);
    const board = await boardCall({ routeKey: 'GET /board', cookies: [cookie!] });
    expect(board.body).toContain('action="/board/sign-in"');
    expect(board.body).not.toContain('bm-1 卡点');
    expect((await signIn(key)).status).toBe(401);
    const listed = await as(undefined, listOperatorKeys, { routeKey: 'GET /operator-keys' });
    expect(listed.json.items.map((item: { keyId: string }) => item.keyId)).not.toContain(keyId);
    expect((await as(undefined, deleteOperatorKey, { routeKey: 'DELETE /operator-keys/{keyId}', pathParameters: { keyId } })).status).toBe(404);
    // The other keys are untouched.
    expect((await as(beimenKey.key, getCheckpoint, { routeKey: 'GET /checkpoints/{checkpointId}', pathParameters: path })).status).toBe(200);
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
