/**
 * Issue 11 §3: no 5xx from bad input, and no lies in answers. Each case was answered 500 (or with a
 * false "acknowledged") before; the real handlers on DynamoDB Local, as the local gateway calls them.
 */
import { randomUUID } from 'node:crypto';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetDocumentClient } from '../../functions/adapters/dynamo';
import { SesMailer } from '../../functions/adapters/mailer';
import { signLink, linkQuery } from '../../functions/domain/links';
import { handler as ackEscalation } from '../../functions/handlers/ack-escalation';
import { handler as ackLink } from '../../functions/handlers/ack-link';
import { handler as ackPage } from '../../functions/handlers/ack-page';
import { handler as board } from '../../functions/handlers/board';
import { handler as buildSummary } from '../../functions/handlers/build-summary';
import { handler as gateSheet } from '../../functions/handlers/gate-sheet';
import { handler as getSummary } from '../../functions/handlers/get-summary';
import { handler as listCheckpoints } from '../../functions/handlers/list-checkpoints';
import { handler as listCommunities } from '../../functions/handlers/list-communities';
import { handler as listReadings } from '../../functions/handlers/list-readings';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { handler as putCheckpoint } from '../../functions/handlers/put-checkpoint';
import { handler as putCommunity } from '../../functions/handlers/put-community';
import { linkKeys } from '../../functions/runtime/admin-key';
import { resetDeps } from '../../functions/runtime/deps';
import { startGateway } from '../../local/gateway';
import { freePort } from '../../local/ports';
import { storedMails } from '../../local/ses';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { makeWorld, policy, type World } from '../helpers/escalation';
import { httpEvent, invoke, type Answer } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';
import { fakeContext } from '../../local/gateway';

let db: { tableName: string; client: DynamoDBClient };
let gateToken: string;

const items = async () =>
  ((await db.client.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }))).Items ?? []).map((item) => unmarshall(item));

beforeAll(async () => {
  db = await useFreshTable();
  await registerCommunity('yuyue');
  await registerCommunity('beimen');
  for (const n of [1, 2, 3]) await registerCheckpoint(`yuyue-${n}`, { communityId: 'yuyue' });
  for (const n of [1, 2, 3]) await registerCheckpoint(`beimen-${n}`, { communityId: 'beimen' });
  ({ token: gateToken } = await registerCheckpoint('gate-readings', { communityId: 'yuyue' }));
});

/** Never a 5xx, never a stack frame: what every answer below must hold whatever else it says. */
const expectNoFault = (answer: Answer) => {
  expect(answer.status, answer.text).toBeLessThan(500);
  expect(answer.text).not.toMatch(/\.ts:\d|at .*\(|TypeError|ValidationException/);
};

const PROTOTYPE_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('key ids are looked up as own keys', () => {
  const escalationId = randomUUID();
  const link = (kid: string) => ({ r: 'someone@example.org', exp: String(Math.floor(Date.now() / 1000) + 3600), kid, sig: 'AAAA' });

  it.each(PROTOTYPE_KEYS)('refuses an acknowledge link with kid=%s on GET, HEAD and POST with the link page (403), not a 500', async (kid) => {
    for (const routeKey of ['GET /ack/{escalationId}', 'HEAD /ack/{escalationId}']) {
      const answer = await invoke(ackPage, { routeKey, pathParameters: { escalationId }, query: link(kid) });
      expectNoFault(answer);
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('链接无效');
    }
    const posted = await invoke(ackLink, {
      routeKey: 'POST /ack/{escalationId}',
      pathParameters: { escalationId },
      rawBody: new URLSearchParams(link(kid)).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectNoFault(posted);
    expect(posted.status).toBe(403);
  });

  it.each(PROTOTYPE_KEYS)('shows the sign-in page for a board pass with kid=%s in ?v= or in the cookie', async (kid) => {
    const pass = `admin.${Math.floor(Date.now() / 1000) + 3600}.${kid}.AAAA`;
    const byLink = await invoke(board, { routeKey: 'GET /board', query: { v: pass } });
    expectNoFault(byLink);
    expect(byLink.text).toContain('action="/board/sign-in"');
    const event = httpEvent({ routeKey: 'GET /board' });
    const byCookie = (await board({ ...event, cookies: [`cw_board=${pass}`] }, fakeContext('board'))) as { statusCode: number; body: string };
    expect(byCookie.statusCode).toBe(200);
    expect(byCookie.body).toContain('action="/board/sign-in"');
  });
});

describe('list cursors are verified against their list', () => {
  const list = (query: Record<string, string>) => invoke(listCheckpoints, { routeKey: 'GET /checkpoints', admin: true, query });
  const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  const encode = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
  let yuyueNext: string;

  beforeAll(async () => {
    const first = await list({ communityId: 'yuyue', limit: '1' });
    expect(first.status).toBe(200);
    yuyueNext = first.json.next;
    expect(yuyueNext).toEqual(expect.any(String));
  });

  it('still pages through a list with its own cursors, every item once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ communityId: 'beimen', limit: '2', ...(cursor && { cursor }) });
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((c: { checkpointId: string }) => c.checkpointId));
      cursor = page.json.next;
    } while (cursor);
    expect(seen).toEqual(['beimen-1', 'beimen-2', 'beimen-3']);
  });

  it('refuses the cursor of another community\'s list with 400 at the cursor', async () => {
    const answer = await list({ communityId: 'beimen', cursor: yuyueNext });
    expectNoFault(answer);
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('takes a whole-list cursor only where its position lies within the community asked for', async () => {
    const all = await list({ limit: '1' });
    expect(all.json.items.map((c: { checkpointId: string }) => c.checkpointId)).toEqual(['beimen-1']);
    const outside = await list({ communityId: 'yuyue', cursor: all.json.next });
    expectNoFault(outside);
    expect(outside.status).toBe(400);
    const within = await list({ communityId: 'beimen', cursor: all.json.next });
    expect(within.json.items.map((c: { checkpointId: string }) => c.checkpointId)).toEqual(['beimen-2', 'beimen-3']);
    expect((await list({ cursor: yuyueNext })).status).toBe(200);
  });

  const variants: [string, (key: Record<string, unknown>) => unknown][] = [
    ['without its sort key', ({ sk: _sk, ...rest }) => rest],
    ['without its table partition key', ({ pk: _pk, ...rest }) => rest],
    ['without its index sort key', ({ gsi1sk: _s, ...rest }) => rest],
    ['with an attribute of another index', (key) => ({ ...key, lsi1sk: 'R#2026-01-01T00:00:00.000Z' })],
    ['with an empty value', (key) => ({ ...key, sk: '' })],
    ['with an index position in another community', (key) => ({ ...key, gsi1sk: 'beimen#beimen-1' })],
    ['with an index position outside the list', (key) => ({ ...key, gsi1sk: 'zzz' })],
    ['naming an item that is not the one at its position', (key) => ({ ...key, pk: 'CHECKPOINT#beimen-2' })],
    ['with another sort key', (key) => ({ ...key, sk: 'READING#x' })],
    ['with a number', (key) => ({ ...key, sk: 7 })],
    ['with an unknown attribute', (key) => ({ ...key, extra: 'x' })],
    ['as an array', (key) => [key]],
    ['as JSON null', () => null],
  ];
  it.each(variants)('refuses a crafted cursor %s with 400', async (_name, craft) => {
    const answer = await list({ communityId: 'yuyue', cursor: encode(craft(decode(yuyueNext))) });
    expectNoFault(answer);
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues?.[0]?.path).toBe('cursor');
  });

  it('refuses a communities cursor crafted from a checkpoint list, and garbage', async () => {
    for (const cursor of [yuyueNext, encode({ ...decode(yuyueNext), gsi1pk: 'COMMUNITIES' }), 'not-base64-json', encode({ gsi1pk: 'COMMUNITIES', gsi1sk: 'yuyue' })]) {
      const answer = await invoke(listCommunities, { routeKey: 'GET /communities', admin: true, query: { cursor } });
      expectNoFault(answer);
      expect(answer.status).toBe(400);
    }
  });

  it('refuses a readings cursor outside the time range asked for, or for another checkpoint', async () => {
    const post = () =>
      invoke(postReading, {
        routeKey: 'POST /checkpoints/{checkpointId}/readings',
        pathParameters: { checkpointId: 'gate-readings' },
        token: gateToken,
        body: { submissionId: randomUUID(), officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0 },
      });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(201);
    const readings = (query: Record<string, string>, checkpointId = 'gate-readings') =>
      invoke(listReadings, { routeKey: 'GET /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId }, admin: true, query });
    const first = await readings({ limit: '1' });
    expect(first.status).toBe(200);
    const next = first.json.next as string;
    expect((await readings({ limit: '1', cursor: next })).status).toBe(200);
    const past = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', cursor: next };
    for (const answer of [
      await readings(past),
      await readings({ cursor: next }, 'yuyue-1'),
      await readings({ cursor: encode({ ...decode(next), lsi1sk: 'X#1' }) }),
      await readings({ cursor: encode({ ...decode(next), gsi1sk: 'x' }) }),
      await readings({ cursor: encode({ ...decode(next), sk: 'CHECKPOINT' }) }),
    ]) {
      expectNoFault(answer);
      expect(answer.status).toBe(400);
    }
  });
});

describe('dates are on the calendar, in 2000–2100', () => {
  it.each(['0000-01-01', '1999-12-31', '2101-01-01', '9999-12-31', '2026-02-29', '2026-13-01', '2026-00-10'])('refuses %s with 400 at the date', async (date) => {
    for (const [handler, routeKey] of [
      [buildSummary, 'POST /summaries/{date}'],
      [getSummary, 'GET /summaries/{date}'],
    ] as const) {
      const answer = await invoke(handler, { routeKey, pathParameters: { date }, admin: true });
      expectNoFault(answer);
      expect(answer.status).toBe(400);
      expect(answer.json.error.issues[0].path).toBe('date');
    }
  });

  it('still builds 2000-01-01 and a leap day', async () => {
    for (const date of ['2000-01-01', '2024-02-29']) {
      const answer = await invoke(buildSummary, { routeKey: 'POST /summaries/{date}', pathParameters: { date }, admin: true });
      expect(answer.status, answer.text).toBe(200);
    }
  });
});

describe('a page answers its errors with a page', () => {
  const withDynamoDown = async (act: () => Promise<void>) => {
    const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${await freePort()}`;
    resetDocumentClient();
    resetDeps();
    try {
      await act();
    } finally {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
      resetDocumentClient();
      resetDeps();
    }
  };
  const expectUnavailablePage = (answer: { status: number; headers: Record<string, string>; text: string }) => {
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['retry-after']).toBe('5');
    expect(answer.text).toMatch(/^<!doctype html>/);
    // In Chinese alone (the reader chose no other language).
    expect(answer.text).toContain('暂时无法使用');
    expect(answer.text).not.toMatch(/briefly unavailable/i);
    expect(answer.text).not.toMatch(/ECONNREFUSED|\.ts:\d/);
  };

  it('the board with a valid cookie, while DynamoDB is down: a 503 page in the reader\'s language, with Retry-After', async () => {
    const signed = (await board(
      httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      fakeContext('board'),
    )) as { cookies: string[] };
    const cookie = signed.cookies[0]!.split(';')[0]!;
    await withDynamoDown(async () => {
      const result = (await board({ ...httpEvent({ routeKey: 'GET /board' }), cookies: [cookie] }, fakeContext('board'))) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      };
      expectUnavailablePage({ status: result.statusCode, headers: result.headers, text: result.body });
      // The reader who chose English reads it in English alone.
      const english = (await board({ ...httpEvent({ routeKey: 'GET /board' }), cookies: [cookie, 'cw_lang=en'] }, fakeContext('board'))) as { body: string };
      expect(english.body).toMatch(/briefly unavailable/i);
      expect(english.body).not.toContain('暂时无法使用');
    });
  });

  it('an acknowledge link and the gate sheet, while DynamoDB is down: the same page', async () => {
    const escalationId = randomUUID();
    const query = Object.fromEntries(new URLSearchParams(linkQuery(signLink(await linkKeys(), 'ack', escalationId, 'a@example.org', new Date()))));
    await withDynamoDown(async () => {
      expectUnavailablePage(await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId }, query }));
      expectUnavailablePage(
        await invoke(ackLink, {
          routeKey: 'POST /ack/{escalationId}',
          pathParameters: { escalationId },
          rawBody: new URLSearchParams(query).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
      expectUnavailablePage(await invoke(gateSheet, { routeKey: 'GET /communities/{communityId}/sheet', pathParameters: { communityId: 'yuyue' }, admin: true }));
    });
  });

  it('a bad acknowledge path or a missing escalation: a 400 or 404 page, not JSON', async () => {
    const bad = await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId: 'not-a-uuid' }, query: { r: 'a', exp: '1', kid: 'k1', sig: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(bad.text).toContain('请求无效');
    const escalationId = randomUUID();
    const query = Object.fromEntries(new URLSearchParams(linkQuery(signLink(await linkKeys(), 'ack', escalationId, 'a@example.org', new Date()))));
    const missing = await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId }, query });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.text).toMatch(/not found|不存在/i);
  });

  it('JSON routes keep answering JSON', async () => {
    await withDynamoDown(async () => {
      const answer = await invoke(listCommunities, { routeKey: 'GET /communities', admin: true });
      expect(answer.status).toBe(503);
      expect(answer.json.error.code).toBe('unavailable');
    });
  });
});

describe('acknowledging says what happened', () => {
  let world: World;
  let closed: string;
  let acknowledged: string;
  const leader = () => world.email('leader');
  const linkFor = async (escalationId: string, recipient: string) =>
    Object.fromEntries(new URLSearchParams(linkQuery(signLink(await linkKeys(), 'ack', escalationId, recipient, new Date()))));
  const postLink = async (escalationId: string, recipient: string, lang?: 'en') =>
    invoke(ackLink, {
      routeKey: 'POST /ack/{escalationId}',
      pathParameters: { escalationId },
      rawBody: new URLSearchParams(await linkFor(escalationId, recipient)).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(lang && { cookies: [`cw_lang=${lang}`] }),
    });
  const admin = (escalationId: string) => invoke(ackEscalation, { routeKey: 'POST /escalations/{escalationId}/ack', pathParameters: { escalationId }, admin: true });

  beforeAll(async () => {
    world = makeWorld();
    // One level, no repeats: the flow ends the escalation unresolved after the leader's notice.
    closed = await world.openEscalation(policy([['leader', 'PT0S']]));
    await world.run(closed);
    expect((await world.store.escalation(closed))!.status).toBe('unresolved');
  });

  it('an escalation already closed unresolved: the page says it ended and nothing was acknowledged (409)', async () => {
    const answer = await postLink(closed, leader());
    expectNoFault(answer);
    expect(answer.text).not.toContain('已确认，谢谢');
    expect(answer.text).toContain('督办已结束');
    expect(answer.text).toContain('本次确认未被记录');
    expect(answer.status).toBe(409);
    // In English when the reader chose it, and then in English only.
    const english = await postLink(closed, leader(), 'en');
    expect(english.text).toMatch(/ended unresolved/);
    expect(english.text).toMatch(/nothing (was )?acknowledged/i);
    expect(english.text).not.toMatch(/[\u4e00-\u9fff]/);
    expect((await world.store.escalation(closed))!).not.toHaveProperty('acknowledgedBy');
  });

  it('the page a link opens for it says the same, with no button', async () => {
    const answer = await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId: closed }, query: await linkFor(closed, leader()) });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('<button');
    expect(answer.text).toContain('督办已结束');
    expect(answer.text).not.toMatch(/ended unresolved/);
  });

  it('the page a link opens, and the one its button answers, carry the link: no-store, and no other site may frame them', async () => {
    const page = await invoke(ackPage, { routeKey: 'GET /ack/{escalationId}', pathParameters: { escalationId: closed }, query: await linkFor(closed, leader()) });
    const done = await postLink(closed, leader());
    for (const [what, answer] of [['page', page], ['answer', done]] as const) {
      expect(answer.headers['cache-control'], what).toBe('no-store');
      expect(answer.headers['content-security-policy'], what).toMatch(/(?:^|;)\s*frame-ancestors 'none'/);
      expect(answer.headers['x-frame-options'], what).toBe('DENY');
    }
  });

  it('the admin route answers 409 with what happened, not the escalation as if acknowledged', async () => {
    const answer = await admin(closed);
    expectNoFault(answer);
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe('conflict');
    expect(answer.json.error.message).toMatch(/already ended unresolved/);
  });

  describe('an escalation acknowledged before', () => {
    let second: World;
    beforeAll(async () => {
      second = makeWorld();
      acknowledged = await second.openEscalation(policy([['leader', 'PT0S'], ['secretary', 'PT30M']]));
      const first = await postLink(acknowledged, second.email('leader'));
      expect(first.status).toBe(200);
      expect(first.text).toContain('已确认，谢谢');
    });

    it('tells another recipient who acknowledged it, and when', async () => {
      const answer = await postLink(acknowledged, second.email('secretary'));
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('已确认，谢谢');
      // Named as the person registered with that address, not by the address.
      expect(answer.text).toContain('已由 卡点组长 组长 于');
      expect(answer.text).not.toContain(second.email('leader'));
    });

    it('tells the same recipient that they already acknowledged it, not thanks again', async () => {
      const answer = await postLink(acknowledged, second.email('leader'));
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('已确认，谢谢');
      expect(answer.text).toMatch(/您已于 .* 确认/);
    });

    it('the admin route says it was acknowledged before, and by whom', async () => {
      const answer = await admin(acknowledged);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ status: 'acknowledged', acknowledgedBy: second.email('leader'), acknowledgedNow: false });
    });
  });

  it('the admin route acknowledging an open escalation says it did', async () => {
    const third = makeWorld();
    const open = await third.openEscalation(policy([['leader', 'PT0S']]));
    const answer = await admin(open);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin', acknowledgedNow: true });
  });
});

describe('control characters are refused at the edge, with the field path', () => {
  const HOSTILE: [string, string][] = [
    ['CR LF', 'x\r\nBcc: y@example.org'],
    ['LF', 'x\ny'],
    ['NUL', 'x\u0000y'],
    ['TAB', 'x\ty'],
    ['DEL', 'x\u007fy'],
    ['C1 NEL', 'x\u0085y'],
    ['U+202E right-to-left override', 'x\u202Egpj.exe'],
    ['U+2066 isolate', 'x\u2066y'],
    ['U+200F right-to-left mark', 'x\u200Fy'],
    ['U+061C Arabic letter mark', 'x\u061Cy'],
    // Invisible: two names that look alike would differ (domain/text.ts lists the whole class).
    ['U+200B zero width space', '张\u200B三'],
    ['U+FEFF byte order mark', '张\uFEFF三'], // at a name's ends it is trimmed, as a space is
    ['U+00AD soft hyphen', '东\u00AD门'],
    ['U+180E Mongolian vowel separator', '张\u180E三'],
    ['U+2028 line separator', 'x\u2028y'],
    ['U+E0041 tag character', '张三\u{E0041}'],
    ['U+200D joiner outside an emoji', '张\u200D三'],
  ];
  const community = (name: string, contactName = '书记') => ({ name, contacts: [{ name: contactName, email: 'secretary.ctl@example.org', role: 'secretary' }] });
  const checkpoint = (overrides: Record<string, unknown>) => ({
    name: '卡点',
    communityId: 'yuyue',
    schedule: { every: 'PT2H' },
    contacts: [{ name: '组长', email: 'leader.ctl@example.org', role: 'leader' }],
    ...overrides,
  });
  const reading = (overrides: Record<string, unknown>) => ({ submissionId: randomUUID(), officer: '张三', screened: 1, entries: 1, exits: 0, feverCount: 0, ...overrides });

  it.each(HOSTILE)('refuses %s in every free-text field, and stores nothing', async (_name, text) => {
    const before = (await items()).length;
    const cases: [Promise<Answer>, string][] = [
      [invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'ctl' }, admin: true, body: community(text) }), 'name'],
      [invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'ctl' }, admin: true, body: community('ok', text) }), 'contacts.0.name'],
      [invoke(putCheckpoint, { routeKey: 'PUT /checkpoints/{checkpointId}', pathParameters: { checkpointId: 'ctl-1' }, admin: true, body: checkpoint({ name: text }) }), 'name'],
      [
        invoke(putCheckpoint, {
          routeKey: 'PUT /checkpoints/{checkpointId}',
          pathParameters: { checkpointId: 'ctl-1' },
          admin: true,
          body: checkpoint({ contacts: [{ name: text, email: 'leader.ctl@example.org', role: 'leader' }] }),
        }),
        'contacts.0.name',
      ],
      [
        invoke(putCheckpoint, {
          routeKey: 'PUT /checkpoints/{checkpointId}',
          pathParameters: { checkpointId: 'ctl-1' },
          admin: true,
          body: checkpoint({ shifts: [{ from: '08:00', to: '16:00', leader: { name: text, email: 'shift.ctl@example.org' } }] }),
        }),
        'shifts.0.leader.name',
      ],
      [invoke(postReading, { routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-readings' }, token: gateToken, body: reading({ officer: text }) }), 'officer'],
      [invoke(postReading, { routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-readings' }, token: gateToken, body: reading({ notes: text }) }), 'notes'],
      [
        invoke(postReading, {
          routeKey: 'POST /checkpoints/{checkpointId}/readings',
          pathParameters: { checkpointId: 'gate-readings' },
          token: gateToken,
          body: reading({ feverCount: 1, feverCases: [{ tempC: 38, direction: 'in', note: text }] }),
        }),
        'feverCases.0.note',
      ],
    ];
    for (const [pending, path] of cases) {
      const answer = await pending;
      expect(answer.status, `${path}: ${answer.text}`).toBe(400);
      expect(answer.json.error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    }
    expect((await items()).length).toBe(before);
  });

  it('names the character it refused, by its code point', async () => {
    const answer = await invoke(postReading, { routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-readings' }, token: gateToken, body: reading({ officer: '张\u200B三' }) });
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues.find((issue: { path: string }) => issue.path === 'officer').message).toContain('U+200B');
  });

  it('takes in notes the emoji a phone types (joiners and selectors inside an emoji), not in the officer', async () => {
    const notes = '❤️ 👨‍👩‍👧 返回 1️⃣ 号门';
    const stored = await invoke(postReading, { routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-readings' }, token: gateToken, body: reading({ notes }) });
    expect(stored.status, stored.text).toBe(201);
    const refused = await invoke(postReading, { routeKey: 'POST /checkpoints/{checkpointId}/readings', pathParameters: { checkpointId: 'gate-readings' }, token: gateToken, body: reading({ officer: '❤️张三' }) });
    expect(refused.status).toBe(400);
  });

  it('refuses them in ids and path parameters too, by the id pattern', async () => {
    const answer = await invoke(putCommunity, { routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'a\r\nb' }, admin: true, body: community('ok') });
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues[0].path).toBe('communityId');
  });

  it('still takes names in Chinese, Arabic and with emoji, spaces and punctuation', async () => {
    const answer = await invoke(putCommunity, {
      routeKey: 'PUT /communities/{communityId}',
      pathParameters: { communityId: 'ctl-ok' },
      admin: true,
      body: community('鱼岳社区 · 东门 (North) — عربي 👍', 'Zoë O\'Brien-李'),
    });
    expect(answer.status, answer.text).toBe(201);
  });
});

describe('no header the system writes carries a line break', () => {
  it('the mailer sends a subject with CR/LF and direction overrides as one line, to the one recipient', async () => {
    const to = `hdr.${randomUUID().slice(0, 8)}@example.org`;
    await new SesMailer('checkpoint-watch@example.org').send(to, { subject: '【未按时上报】x\r\nBcc: evil@example.org\u202E 卡点', text: 't', html: '<p>h</p>' });
    const mails = (await storedMails(inject('sesEndpoint'))).filter((mail) => mail.destination.to.includes(to));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^【未按时上报】x Bcc: evil@example\.org +卡点$/);
    expect(mails[0]!.destination.to).toEqual([to]);
  });

  it('the mailer refuses an address with a line break rather than send it', async () => {
    await expect(new SesMailer('checkpoint-watch@example.org').send('a@example.org\r\nBcc: b@example.org', { subject: 's', text: 't', html: 'h' })).rejects.toThrow(/control characters/);
  });
});

describe('invalid UTF-8 in a body', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gateway = await startGateway({ port: await freePort() });
  });
  afterAll(async () => {
    await gateway?.close();
  });
  const invalidJson = (prefix: string, suffix: string) => Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(suffix)]);

  it('through the local gateway, is refused with 400 and nothing is stored (it was stored as U+FFFD)', async () => {
    const body = invalidJson('{"name":"bad', '","contacts":[]}');
    for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
      const answer = await fetch(`${gateway.url}/communities/utf8-bad`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': contentType },
        body,
      });
      const text = await answer.text();
      expect(answer.status, text).toBe(400);
      expect(JSON.parse(text).error.message).toMatch(/UTF-8/);
    }
    expect((await items()).filter((item) => item.pk === 'COMMUNITY#utf8-bad')).toEqual([]);
  });

  it('through the local gateway, a form posted with invalid UTF-8 is refused too', async () => {
    const answer = await fetch(`${gateway.url}/board/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.concat([Buffer.from('key='), Buffer.from([0xff])]),
    });
    expect(answer.status).toBe(400);
  });

  it('through the local gateway, valid UTF-8 text still arrives as text and is stored as sent', async () => {
    const answer = await fetch(`${gateway.url}/communities/utf8-ok`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '鱼岳 👍', contacts: [] }),
    });
    expect(answer.status).toBe(201);
    expect((await items()).find((item) => item.pk === 'COMMUNITY#utf8-ok')?.name).toBe('鱼岳 👍');
  });

  it('handed to the handler base64-encoded (as API Gateway hands a body it does not pass as text), is refused with 400', async () => {
    const event = httpEvent({ routeKey: 'PUT /communities/{communityId}', pathParameters: { communityId: 'utf8-b64' }, admin: true, headers: { 'content-type': 'application/json' } });
    const result = (await putCommunity(
      { ...event, body: invalidJson('{"name":"bad', '","contacts":[]}').toString('base64'), isBase64Encoded: true },
      fakeContext('put-community'),
    )) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body).error.message).toMatch(/UTF-8/);
  });

  it('decoded by a lossy gateway into U+FFFD, is refused in free-text fields all the same', async () => {
    const answer = await invoke(putCommunity, {
      routeKey: 'PUT /communities/{communityId}',
      pathParameters: { communityId: 'utf8-fffd' },
      admin: true,
      body: { name: 'bad\uFFFD', contacts: [] },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error.issues[0].path).toBe('name');
  });
});
