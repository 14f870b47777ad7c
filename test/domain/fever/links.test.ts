/** Acknowledge links are bound to what they acknowledge: a fever alert's cannot acknowledge an escalation, nor the reverse. */
import { describe, expect, it } from 'vitest';
import { ackPurpose, checkLink, signLink, type LinkKeys } from '../../../functions/domain/links';

const keys: LinkKeys = { current: 'k1', keys: { k1: 'a-key-long-enough-for-hmac-0123456789' } };
const now = new Date('2026-12-07T02:05:00Z');
const id = '11111111-1111-4111-8111-111111111111';

describe('acknowledge links by kind', () => {
  it('keeps the purpose every escalation link was signed with, and gives fever alerts their own', () => {
    expect(ackPurpose(undefined)).toBe('ack');
    expect(ackPurpose('missed')).toBe('ack');
    expect(ackPurpose('fever')).toBe('ack-fever');
  });

  it("a fever alert's link opens its page, and not an escalation's, even for the same id", () => {
    const link = signLink(keys, ackPurpose('fever'), id, 'li@example.org', now);
    expect(checkLink(keys, ackPurpose('fever'), id, link, now)).toBe('valid');
    expect(checkLink(keys, ackPurpose('missed'), id, link, now)).toBe('invalid');
  });

  it("an escalation's link cannot acknowledge a fever alert", () => {
    const link = signLink(keys, ackPurpose('missed'), id, 'li@example.org', now);
    expect(checkLink(keys, ackPurpose('missed'), id, link, now)).toBe('valid');
    expect(checkLink(keys, ackPurpose('fever'), id, link, now)).toBe('invalid');
  });

  it('is bound to its alert and expires', () => {
    const link = signLink(keys, ackPurpose('fever'), id, 'channel:zhb', now);
    expect(checkLink(keys, ackPurpose('fever'), '22222222-2222-4222-8222-222222222222', link, now)).toBe('invalid');
    expect(checkLink(keys, ackPurpose('fever'), id, { ...link, r: 'someone@else.org' }, now)).toBe('invalid');
    expect(checkLink(keys, ackPurpose('fever'), id, link, new Date(link.exp * 1000))).toBe('expired');
  });
});
