/**
 * Cross-origin calls: the form routes answer browsers of the configured form origins (and the API's own),
 * echoing the origin, never `*`; preflights from any other origin are refused; admin routes never send
 * CORS headers, whatever the Origin.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as formStatus } from '../../functions/handlers/form-status';
import { handler as listCheckpoints } from '../../functions/handlers/list-checkpoints';
import { handler as postReading } from '../../functions/handlers/post-reading';
import { resetConfig } from '../../functions/runtime/config';
import { registerCheckpoint, registerCommunity } from '../helpers/county';
import { invoke } from '../helpers/events';
import { useFreshTable } from '../helpers/table';

const FORMS = 'https://forms.county.example';
const READINGS = 'POST /checkpoints/{checkpointId}/readings';
let token: string;

beforeAll(async () => {
  await useFreshTable();
  process.env.FORM_ORIGINS = `${FORMS}, https://wechat.county.example/`;
  resetConfig();
  await registerCommunity();
  ({ token } = await registerCheckpoint('gate-cors'));
});

const reading = () => ({ submissionId: randomUUID(), officer: '张三', screened: 3, entries: 2, exits: 1, feverCount: 0 });
const preflight = (origin: string, routeKey = 'OPTIONS /checkpoints/{checkpointId}/readings') =>
  invoke(postReading, {
    routeKey,
    pathParameters: { checkpointId: 'gate-cors' },
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('CORS on the form routes', () => {
  it('answers a preflight from a configured form origin with that origin, the route\'s method and its headers', async () => {
    const answer = await preflight(FORMS);
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': FORMS,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
      vary: 'origin',
    });
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect((await preflight('https://wechat.county.example')).status).toBe(204);
  });

  it('refuses a preflight from any other origin, with no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'null', `${FORMS}.evil.example`, 'http://forms.county.example']) {
      const answer = await preflight(origin);
      expect(answer.status, origin).toBe(403);
      expect(answer.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('echoes an allowed origin on answers, refusals included, and nothing for others', async () => {
    const accepted = await invoke(postReading, { routeKey: READINGS, pathParameters: { checkpointId: 'gate-cors' }, token, body: reading(), headers: { origin: FORMS } });
    expect(accepted.status).toBe(201);
    expect(accepted.headers['access-control-allow-origin']).toBe(FORMS);
    const refused = await invoke(postReading, { routeKey: READINGS, pathParameters: { checkpointId: 'gate-cors' }, token, body: { ...reading(), screened: -1 }, headers: { origin: FORMS } });
    expect(refused.status).toBe(400);
    expect(refused.headers['access-control-allow-origin']).toBe(FORMS);
    const foreign = await invoke(postReading, { routeKey: READINGS, pathParameters: { checkpointId: 'gate-cors' }, token, body: reading(), headers: { origin: 'https://evil.example' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const own = await invoke(formStatus, { routeKey: 'GET /f/{checkpointId}/status', pathParameters: { checkpointId: 'gate-cors' }, token, headers: { origin: 'https://api.test' } });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBe('https://api.test');
  });
});

describe('CORS on admin routes', () => {
  it('sends no CORS header to any origin, configured ones included', async () => {
    for (const origin of [FORMS, 'https://evil.example']) {
      const answer = await invoke(listCheckpoints, { routeKey: 'GET /checkpoints', admin: true, headers: { origin } });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});
