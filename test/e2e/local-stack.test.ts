import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStackProcess, type StartedStack } from '../helpers/local-stack';

let stack: StartedStack;

beforeAll(async () => {
  stack = await startStackProcess();
});

afterAll(async () => {
  await stack?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${stack.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${stack.adminKey}`, ...init.headers } });

describe('the local stack, as npm start runs it', () => {
  it('prints the API URL, the admin key and form URLs with tokens', () => {
    expect(stack.output()).toContain(stack.apiUrl);
    expect(stack.output()).toContain(stack.adminKey);
    expect(stack.output()).toMatch(/\/f\/yuyue-1#token=yuyue-1\./);
  });

  it('has seeded the 8 communities of the demo county with their checkpoints', async () => {
    const communities = await json(admin('/communities'));
    expect(communities.items).toHaveLength(8);
    const checkpoints = await json(admin('/checkpoints?communityId=yuyue'));
    expect(checkpoints.items.length).toBeGreaterThanOrEqual(4);
    expect(checkpoints.items[0]).toMatchObject({ communityId: 'yuyue', status: expect.stringMatching(/new|late|missed/) });
  });

  it('takes a reading from a printed form token over HTTP, once, however often it is sent', async () => {
    const token = /#token=(yuyue-1\.[\w-]+)/.exec(stack.output())![1]!;
    const body = JSON.stringify({ submissionId: randomUUID(), officer: '李四', screened: 40, entries: 22, exits: 18, feverCount: 0 });
    const send = () =>
      fetch(`${stack.apiUrl}/checkpoints/yuyue-1/readings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    const first = await send();
    expect(first.status).toBe(201);
    expect((await send()).status).toBe(200);
    const readings = await json(admin('/checkpoints/yuyue-1/readings'));
    expect(readings.items).toHaveLength(1);
    const checkpoint = await json(admin('/checkpoints/yuyue-1'));
    expect(checkpoint.status).toBe('up');
  });

  it('serves the OpenAPI document without credentials, and JSON errors for unknown routes', async () => {
    const document = await json(fetch(`${stack.apiUrl}/openapi.json`));
    expect(document.openapi).toBe('3.1.0');
    const missing = await fetch(`${stack.apiUrl}/nowhere`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('not_found');
  });

  it('answers an oversized body with 413 before it reaches a handler', async () => {
    const answer = await fetch(`${stack.apiUrl}/checkpoints/yuyue-1/readings`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: 'x'.repeat(11 * 1024 * 1024),
    });
    expect(answer.status).toBe(413);
  });
});
