/** Passes of the console and the board: whose they are, the CSRF token that goes with one, and where a request comes from. */
import { describe, expect, it } from 'vitest';
import { COUNTY_ADMIN, operatorActor } from '../../functions/domain/operators';
import { BOARD_PASS, CONSOLE_PASS, csrfMatches, csrfTokenOf, originOf, parsePass, passHolder, passText, signPass } from '../../functions/domain/passes';

const keys = { current: 'k1', keys: { k1: 'passes-test-key-0123456789abcdef', k0: 'an-older-key-0123456789abcdef' } };
const now = new Date('2026-03-01T08:00:00Z');
const operator = operatorActor({ keyId: '0123456789abcdef', name: '鱼岳社区书记', communityIds: ['yuyue'], createdAt: now.toISOString() });

describe('a pass', () => {
  it('names the admin or an operator key, for its own purpose only', () => {
    const admin = parsePass(passText(signPass(keys, CONSOLE_PASS, COUNTY_ADMIN, now)));
    expect(passHolder(keys, CONSOLE_PASS, admin, now)).toEqual({ kind: 'admin' });
    expect(passHolder(keys, CONSOLE_PASS, signPass(keys, CONSOLE_PASS, operator, now), now)).toEqual({ kind: 'operator', keyId: '0123456789abcdef' });
    // A board pass (the summary mail's read-only link too) opens no console.
    expect(passHolder(keys, CONSOLE_PASS, signPass(keys, BOARD_PASS, COUNTY_ADMIN, now), now)).toBeUndefined();
  });

  it('is refused expired, tampered or malformed', () => {
    const pass = signPass(keys, CONSOLE_PASS, COUNTY_ADMIN, now);
    expect(passHolder(keys, CONSOLE_PASS, pass, new Date(pass.exp * 1000 + 1))).toBeUndefined();
    expect(passHolder(keys, CONSOLE_PASS, { ...pass, r: 'operator:0123456789abcdef' }, now)).toBeUndefined();
    for (const text of ['', 'admin', 'admin.1.k1', 'admin.x.k1.sig', `${passText(pass)}.extra`]) expect(parsePass(text), text).toBeUndefined();
  });
});

describe('the CSRF token', () => {
  it('is the pass’s own: another pass’s, a forged one or none is refused', () => {
    const pass = signPass(keys, CONSOLE_PASS, COUNTY_ADMIN, now);
    const other = signPass(keys, CONSOLE_PASS, operator, now);
    expect(csrfMatches(keys, pass, csrfTokenOf(keys, pass))).toBe(true);
    expect(csrfMatches(keys, pass, csrfTokenOf(keys, other))).toBe(false);
    expect(csrfMatches(keys, pass, 'forged')).toBe(false);
    expect(csrfMatches(keys, pass, undefined)).toBe(false);
    expect(csrfMatches(keys, { ...pass, kid: 'constructor' }, csrfTokenOf(keys, pass))).toBe(false);
  });
});

describe('where a request comes from', () => {
  const at = { host: 'api.test', 'x-forwarded-proto': 'https' };
  it('is the Origin, else the Referer’s origin, against the scheme and host it reached', () => {
    expect(originOf({ ...at, origin: 'https://api.test' })).toBe('same');
    expect(originOf({ ...at, origin: 'https://API.test' })).toBe('same');
    expect(originOf({ ...at, origin: 'http://api.test' })).toBe('foreign');
    expect(originOf({ ...at, origin: 'https://api.test.evil.example' })).toBe('foreign');
    expect(originOf({ ...at, origin: 'null' })).toBe('foreign');
    expect(originOf({ ...at, referer: 'https://api.test/admin/checkpoints/x' })).toBe('same');
    expect(originOf({ ...at, referer: 'https://evil.example/page' })).toBe('foreign');
    expect(originOf({ ...at, referer: 'not a url' })).toBe('foreign');
    // The Origin decides when both are sent.
    expect(originOf({ ...at, origin: 'https://evil.example', referer: 'https://api.test/admin' })).toBe('foreign');
    expect(originOf(at)).toBe('unknown');
    expect(originOf({ host: '127.0.0.1:3000', 'x-forwarded-proto': 'http', origin: 'http://127.0.0.1:3001' })).toBe('foreign');
  });
});
