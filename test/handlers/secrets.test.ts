/**
 * Secrets on AWS come from Secrets Manager, fetched with the real SDK client on first use and kept five
 * minutes. There is no Secrets Manager emulator, so a tiny server speaking its one call (GetSecretValue,
 * AWS JSON 1.1) stands in for it here, reached through the endpoint variable the SDK reads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminKey, linkKeys } from '../../functions/runtime/admin-key';
import { resetConfig } from '../../functions/runtime/config';

let server: Server;
const calls: string[] = [];
let failNext = false;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      calls.push(`${request.headers['x-amz-target']} ${SecretId}`);
      if (failNext) {
        failNext = false;
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
        return;
      }
      const SecretString = SecretId.endsWith('link-keys') ? JSON.stringify({ current: 'k2', k1: 'old', k2: 'new' }) : 'the-admin-key';
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ADMIN_KEY: '',
    LINK_KEYS: '',
    ADMIN_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:admin-key',
    LINK_KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:link-keys',
  });
  resetConfig();
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('secrets from Secrets Manager', () => {
  it('fetches each secret once for concurrent and later callers', async () => {
    const keys = await Promise.all([adminKey(), adminKey(), adminKey()]);
    expect(keys).toEqual(['the-admin-key', 'the-admin-key', 'the-admin-key']);
    expect(await adminKey()).toBe('the-admin-key');
    expect(await linkKeys()).toEqual({ current: 'k2', keys: { k1: 'old', k2: 'new' } });
    expect(calls).toEqual(['secretsmanager.GetSecretValue arn:aws:secretsmanager:us-east-1:1:secret:admin-key', 'secretsmanager.GetSecretValue arn:aws:secretsmanager:us-east-1:1:secret:link-keys']);
  });

  it('does not keep a failed fetch: the next caller fetches again', async () => {
    vi.resetModules();
    const fresh = await import('../../functions/runtime/admin-key');
    calls.length = 0;
    failNext = true;
    await expect(fresh.adminKey()).rejects.toThrow(/no such secret/);
    expect(await fresh.adminKey()).toBe('the-admin-key');
    expect(calls).toHaveLength(2);
  });
});
