/**
 * The local gateway picks the route API Gateway's HTTP API would: the most specific match (literal
 * segments before `{param}`, a greedy `{proxy+}` last), never simply the first in the table. The route
 * lists here put the general route first, where a first-match gateway would take it.
 */
import { describe, expect, it } from 'vitest';
import { routeList, type RouteDef } from '../../functions/routes';
import { routeMatcher } from '../../local/gateway';

const route = (key: string): RouteDef => ({ key, handler: key, auth: 'public', summary: key, responses: {} });
const keyOf = (match: ReturnType<ReturnType<typeof routeMatcher>>) => match?.route.key;

describe('the local gateway matches', () => {
  it('a literal segment before a {param} one, whatever the order of the table', () => {
    const match = routeMatcher([route('GET /f/{checkpointId}'), route('GET /f/sw.js')]);
    expect(keyOf(match('GET', '/f/sw.js'))).toBe('GET /f/sw.js');
    expect(match('GET', '/f/cp-1')).toEqual({ route: route('GET /f/{checkpointId}'), params: { checkpointId: 'cp-1' } });
  });

  it('segment by segment from the left', () => {
    const match = routeMatcher([route('GET /{a}/b/c'), route('GET /a/{b}/{c}'), route('GET /a/{b}/c')]);
    expect(keyOf(match('GET', '/a/b/c'))).toBe('GET /a/{b}/c');
    expect(keyOf(match('GET', '/a/b/d'))).toBe('GET /a/{b}/{c}');
    expect(keyOf(match('GET', '/z/b/c'))).toBe('GET /{a}/b/c');
  });

  it('a greedy {proxy+} last, even after a route whose first segments are {param}', () => {
    const match = routeMatcher([route('GET /a/{proxy+}'), route('GET /{x}/{y}/{z}'), route('GET /a/b/{proxy+}')]);
    expect(keyOf(match('GET', '/a/b/c'))).toBe('GET /{x}/{y}/{z}');
    expect(match('GET', '/a/b/c/d')).toEqual({ route: route('GET /a/b/{proxy+}'), params: { proxy: 'c/d' } });
    expect(match('GET', '/a/q/c/d')?.params).toEqual({ proxy: 'q/c/d' });
  });

  it("the request's own method before ANY, and HEAD's own route before the GET route it may fall back on", () => {
    const match = routeMatcher([route('ANY /pets/{id}'), route('GET /pets/{id}'), route('GET /ack/{id}'), route('HEAD /ack/{id}')]);
    expect(keyOf(match('GET', '/pets/1'))).toBe('GET /pets/{id}');
    expect(keyOf(match('DELETE', '/pets/1'))).toBe('ANY /pets/{id}');
    expect(keyOf(match('HEAD', '/ack/e-1'))).toBe('HEAD /ack/{id}');
    expect(keyOf(match('HEAD', '/pets/1'))).toBe('ANY /pets/{id}');
    expect(match('POST', '/ack/e-1')).toBeUndefined();
  });

  it("the route table's own routes the same in any order", () => {
    const asListed = routeMatcher(routeList());
    const reversed = routeMatcher([...routeList()].reverse());
    for (const [method, path, key] of [
      ['GET', '/f/sw.js', 'GET /f/sw.js'],
      ['GET', '/f/cp-1', 'GET /f/{checkpointId}'],
      ['GET', '/f/cp-1/status', 'GET /f/{checkpointId}/status'],
      ['GET', '/checkpoints/cp-1/qr.svg', 'GET /checkpoints/{checkpointId}/qr.svg'],
      ['HEAD', '/ack/e-1', 'HEAD /ack/{escalationId}'],
      ['OPTIONS', '/checkpoints/cp-1/readings', 'OPTIONS /checkpoints/{checkpointId}/readings'],
    ] as const) {
      expect(keyOf(asListed(method, path)), `${method} ${path}`).toBe(key);
      expect(keyOf(reversed(method, path)), `${method} ${path} (reversed)`).toBe(key);
    }
  });

  it('path parameters decoded, as API Gateway passes them', () => {
    expect(routeMatcher([route('GET /f/{checkpointId}')])('GET', '/f/%E5%8D%A1%E7%82%B9-1')?.params).toEqual({ checkpointId: '卡点-1' });
  });
});
