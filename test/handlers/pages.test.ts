import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as board } from '../../functions/handlers/board';
import { handler as formPage } from '../../functions/handlers/form-page';
import { handler as formStatus } from '../../functions/handlers/form-status';
import { handler as gateSheet } from '../../functions/handlers/gate-sheet';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { handler as rotateToken } from '../../functions/handlers/rotate-token';
import { fakeContext } from '../../local/gateway';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { httpEvent, invoke, type Answer } from '../helpers/events';
import { ADMIN_KEY, useFreshTable } from '../helpers/table';

let token: string;
beforeAll(async () => {
  await useFreshTable();
  await registerCommunity('pages');
  ({ token } = await registerCheckpoint('page-gate', { communityId: 'pages' }));
});

const formPost = (fields: Record<string, string>) =>
  invoke(postReading, {
    routeKey: 'POST /checkpoints/{checkpointId}/readings',
    pathParameters: { checkpointId: 'page-gate' },
    rawBody: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('the form without JavaScript', () => {
  it('is answered with a 303 to a result page', async () => {
    const answer = await formPost({ formToken: token, submissionId: randomUUID(), officer: '张三', screened: '5', entries: '3', exits: '2', feverCount: '0' });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/f\/page-gate\/done\?at=.+&replayed=0$/);
  });

  it('shows a refusal as a page listing the fields, with the right status', async () => {
    const answer = await formPost({ formToken: token, submissionId: 'not-a-uuid', officer: '张三' });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    // Each field by the name the form gives it, in the reader's language.
    expect(answer.text).toContain('<li><b>上报编号</b></li>');
    expect(answer.text).toContain('<li><b>检测人数</b></li>');
  });

  it('carries the token in a hidden field only when the page was opened with ?t=', async () => {
    const plain = await invoke(formPage, { routeKey: 'GET /f/{checkpointId}', pathParameters: { checkpointId: 'page-gate' } });
    expect(plain.status).toBe(200);
    expect(plain.text).not.toContain('name="formToken"');
    const noScript = await invoke(formPage, { routeKey: 'GET /f/{checkpointId}', pathParameters: { checkpointId: 'page-gate' }, query: { t: token } });
    expect(noScript.text).toContain(`name="formToken" value="${token}"`);
    expect(noScript.text).toMatch(/name="submissionId" value="[0-9a-f-]{36}"/);
  });

  it('is light: under 60 KB, with no request to another host', async () => {
    const page = await invoke(formPage, { routeKey: 'GET /f/{checkpointId}', pathParameters: { checkpointId: 'page-gate' } });
    const worker = await invoke(formPage, { routeKey: 'GET /f/sw.js' });
    expect(Buffer.byteLength(page.text) + Buffer.byteLength(worker.text)).toBeLessThan(60 * 1024);
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe('the form status', () => {
  it('names the checkpoint and its slot for its own token only', async () => {
    const ok = await invoke(formStatus, { routeKey: 'GET /f/{checkpointId}/status', pathParameters: { checkpointId: 'page-gate' }, token });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ checkpointId: 'page-gate', name: 'page-gate 卡点', slot: { start: expect.any(String) } });
    expect((await invoke(formStatus, { routeKey: 'GET /f/{checkpointId}/status', pathParameters: { checkpointId: 'page-gate' } })).status).toBe(401);
  });
});

describe('the board', () => {
  it('asks to sign in, then lets in the holder of the cookie it set', async () => {
    const anonymous = await invoke(board, { routeKey: 'GET /board' });
    expect(anonymous.text).toContain('action="/board/sign-in"');
    const wrong = await invoke(board, { routeKey: 'POST /board/sign-in', rawBody: 'key=wrong', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.status).toBe(401);
    const signed = (await board(
      (await import('../helpers/events')).httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      (await import('../../local/gateway')).fakeContext('t'),
    )) as { statusCode: number; cookies: string[] };
    expect(signed.statusCode).toBe(303);
    const [cookie] = signed.cookies;
    expect(cookie).toMatch(/^cw_board=admin\.\d+\.k1\.[\w-]+; Path=\/board; HttpOnly; SameSite=Strict/);
    const event = (await import('../helpers/events')).httpEvent({ routeKey: 'GET /board' });
    event.cookies = [cookie!.split(';')[0]!];
    const inside = (await board(event, (await import('../../local/gateway')).fakeContext('t'))) as { body: string };
    expect(inside.body).toContain('page-gate 卡点');
    expect(inside.body).toMatch(/class="chip"[^>]*>正常</);
    const forged = (await import('../helpers/events')).httpEvent({ routeKey: 'GET /board' });
    forged.cookies = [cookie!.split(';')[0]!.replace(/.$/, 'x')];
    expect(((await board(forged, (await import('../../local/gateway')).fakeContext('t'))) as { body: string }).body).toContain('action="/board/sign-in"');
  });

  it('refuses a valid pass with anything after its signature, in the cookie or in ?v=, as the console does', async () => {
    const pass = await boardPass();
    expect((await invoke(board, { routeKey: 'GET /board', query: { v: pass } })).text).toContain('page-gate 卡点');
    for (const trailing of [`${pass}.x`, `${pass}.`, `${pass}.${pass}`]) {
      expect((await invoke(board, { routeKey: 'GET /board', query: { v: trailing } })).text, trailing).toContain('action="/board/sign-in"');
      expect((await boardWithCookie(`cw_board=${trailing}`)).text, trailing).toContain('action="/board/sign-in"');
    }
  });
});

/** The pass the board's sign-in sets, as its cookie holds it. */
const boardPass = async () => {
  const event = httpEvent({ routeKey: 'POST /board/sign-in', rawBody: `key=${ADMIN_KEY}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const signed = (await board(event, fakeContext('t'))) as { cookies: string[] };
  return /^cw_board=([^;]+)/.exec(signed.cookies[0]!)![1]!;
};

/** The board, opened with a cookie. */
const boardWithCookie = async (cookie: string): Promise<Answer> => {
  const event = httpEvent({ routeKey: 'GET /board' });
  event.cookies = [cookie];
  const answer = (await board(event, fakeContext('t'))) as { statusCode: number; headers: Record<string, string>; body: string };
  return { status: answer.statusCode, headers: answer.headers, json: undefined, text: answer.body };
};

/** What a page that carries a token or a pass must say: no cache keeps it, no other site frames it. */
const expectUnstoredUnframed = (answer: Answer, what: string) => {
  expect(answer.headers['cache-control'], what).toBe('no-store');
  expect(answer.headers['content-security-policy'], what).toMatch(/(?:^|;)\s*frame-ancestors 'none'/);
  expect(answer.headers['x-frame-options'], what).toBe('DENY');
};

describe('pages that carry a token or a pass', () => {
  it('are no-store and may not be framed: the board (its pass), the form opened with ?t=, the gate sheet and QR code (form URLs)', async () => {
    const pass = await boardPass();
    expectUnstoredUnframed(await invoke(board, { routeKey: 'GET /board', query: { v: pass } }), 'board');
    expectUnstoredUnframed(await boardWithCookie(`cw_board=${pass}`), 'board by cookie');
    expectUnstoredUnframed(await invoke(formPage, { routeKey: 'GET /f/{checkpointId}', pathParameters: { checkpointId: 'page-gate' }, query: { t: token } }), 'form with ?t=');
    expectUnstoredUnframed(await invoke(gateSheet, { routeKey: 'GET /communities/{communityId}/sheet', pathParameters: { communityId: 'pages' }, admin: true }), 'gate sheet');
    expectUnstoredUnframed(await invoke(gateSheet, { routeKey: 'GET /checkpoints/{checkpointId}/qr.svg', pathParameters: { checkpointId: 'page-gate' }, admin: true }), 'QR code');
  });

  it('every other page may not be framed either; the form without a token may be kept and revalidated', async () => {
    const plain = await invoke(formPage, { routeKey: 'GET /f/{checkpointId}', pathParameters: { checkpointId: 'page-gate' } });
    expect(plain.headers['cache-control']).toBe('no-cache');
    for (const [what, answer] of [
      ['form', plain],
      ['board sign-in', await invoke(board, { routeKey: 'GET /board' })],
      ['refused form post', await formPost({ formToken: token, submissionId: 'not-a-uuid', officer: '张三' })],
    ] as const) {
      expect(answer.headers['content-security-policy'], what).toMatch(/frame-ancestors 'none'/);
      expect(answer.headers['x-frame-options'], what).toBe('DENY');
    }
  });

  it('the form\'s service worker leaves a URL with a query alone (?t= carries the token), so it never keeps that page', async () => {
    const worker = await invoke(formPage, { routeKey: 'GET /f/sw.js' });
    expect(worker.text).toMatch(/\|\|\s*url\.search\)\s*return;/);
  });
});

describe('gate sheets', () => {
  it('print a QR code of the current form URL, which changes when the token is rotated', async () => {
    const qr = () => invoke(gateSheet, { routeKey: 'GET /checkpoints/{checkpointId}/qr.svg', pathParameters: { checkpointId: 'page-gate' }, admin: true });
    const before = await qr();
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toBe('image/svg+xml');
    expect(before.text).toMatch(/^<svg/);
    await invoke(rotateToken, { routeKey: 'POST /checkpoints/{checkpointId}/rotate-token', pathParameters: { checkpointId: 'page-gate' }, admin: true });
    expect((await qr()).text).not.toBe(before.text);
  });

  it('make one A4 card per checkpoint of a community', async () => {
    await registerCheckpoint('page-gate-2', { communityId: 'pages' });
    const sheet = await invoke(gateSheet, { routeKey: 'GET /communities/{communityId}/sheet', pathParameters: { communityId: 'pages' }, admin: true });
    expect(sheet.status).toBe(200);
    expect(sheet.text.match(/<section class="card">/g)).toHaveLength(2);
    expect(sheet.text).toContain('size:A4');
    // On a computer the code itself opens the form: a county's IT can try each gate without a phone.
    const links = [...sheet.text.matchAll(/<a class="qr" href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'));
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatch(/\/f\/page-gate(-2)?#token=/);
  });
});
