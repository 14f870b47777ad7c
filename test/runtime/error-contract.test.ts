/**
 * The route table says only *that* a route's refusals are pages (`page`, `formErrorPage`); the error
 * contract of the http stack picks the page. Built from the table's own entries, with handlers that
 * never run: each request here is refused before it reaches one.
 */
import { describe, expect, it } from 'vitest';
import { routes, type RouteDef } from '../../functions/routes';
import { routeHandler } from '../../functions/runtime/route';
import { httpEvent, type EventInput } from '../helpers/events';
import { fakeContext } from '../../local/gateway';

const unreachable = async () => {
  throw new Error('the handler was reached');
};

const send = async (route: RouteDef, input: Omit<EventInput, 'routeKey'>) => {
  const result = await routeHandler(route, unreachable)(httpEvent({ routeKey: route.key, ...input }), fakeContext('test'));
  return { status: result.statusCode, type: String(result.headers?.['content-type']), body: String(result.body) };
};

describe('the error contract', () => {
  it('answers a form posted without JavaScript to a formErrorPage route with the form refusal page', async () => {
    const got = await send(routes.postReading, { pathParameters: { checkpointId: 'cp-1' }, rawBody: 'screened=3', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(got.status).toBe(401);
    expect(got.type).toBe('text/html; charset=utf-8');
    // One language at a time: Chinese unless the reader chose English, and what to do about this refusal.
    expect(got.body).toContain('<h1>未被接受</h1>');
    expect(got.body).toContain('重新扫描卡点上的二维码');
    expect(got.body).not.toContain('Not accepted');
    const en = await send(routes.postReading, { pathParameters: { checkpointId: 'cp-1' }, rawBody: 'screened=3', headers: { 'content-type': 'application/x-www-form-urlencoded' }, cookies: ['cw_lang=en'] });
    expect(en.body).toContain('<h1>Not accepted</h1>');
    expect(en.body).toContain('send the form token as Authorization: Bearer &lt;token&gt;');
    expect(en.body).toContain('scan the QR code at the gate again');
  });

  it('answers the same refusal in JSON to a program', async () => {
    const got = await send(routes.postReading, { pathParameters: { checkpointId: 'cp-1' }, body: { screened: 3 } });
    expect(got.status).toBe(401);
    expect(got.type).toBe('application/json; charset=utf-8');
    expect(JSON.parse(got.body)).toEqual({ error: { code: 'unauthorized', message: 'send the form token as Authorization: Bearer <token>' } });
  });

  it('answers any refusal of a page route with the page of its code, in Chinese and English', async () => {
    const got = await send(routes.ackPage, { pathParameters: { escalationId: 'e-1' }, query: {} });
    expect(got.status).toBe(400);
    expect(got.type).toBe('text/html; charset=utf-8');
    expect(got.body).toContain('<h1>请求无效</h1>');
    expect(got.body).not.toContain('Not valid');
    const en = await send(routes.ackPage, { pathParameters: { escalationId: 'e-1' }, query: {}, cookies: ['cw_lang=en'] });
    expect(en.body).toContain('<h1>Not valid</h1>');
    expect(en.body).not.toContain('请求无效');
  });

  it('answers a form posted to a route without formErrorPage in JSON', async () => {
    const route = { ...routes.postReading, formErrorPage: false };
    const got = await send(route, { pathParameters: { checkpointId: 'cp-1' }, rawBody: 'screened=3', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(got.status).toBe(401);
    expect(JSON.parse(got.body).error.code).toBe('unauthorized');
  });
});
