import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_POLICY, recipientsOf, shiftOnDuty } from '../../functions/domain/escalation';
import type { Checkpoint, Community, Escalation } from '../../functions/domain/model';

// Shanghai is UTC+8: 23:30 local on the 29th is 15:30Z.
const at = (iso: string) => new Date(iso);
const shifts = [
  { from: '08:00', to: '16:00', leader: { name: '白班', email: 'day@example.org' } },
  { from: '16:00', to: '00:00', leader: { name: '中班', email: 'evening@example.org' } },
  { from: '22:00', to: '08:00', leader: { name: '夜班', email: 'night@example.org' } },
];

const checkpoint = (overrides: Partial<Checkpoint> = {}): Checkpoint => ({
  checkpointId: 'gate', communityId: 'c', name: '卡点', timezone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT15M',
  contacts: [{ name: '组长', email: 'leader@example.org', role: 'leader' }], active: true, createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z', activeSince: '2026-11-01T00:00:00Z', pauses: [], recentlyFilled: [], recentMaxTempC: {}, tokenHash: 'x', version: 1, ...overrides,
});
const community: Community = {
  communityId: 'c', name: '社区', timezone: 'Asia/Shanghai', createdAt: '', updatedAt: '',
  contacts: [
    { name: '书记', email: 'secretary@example.org', role: 'secretary' },
    { name: '大党委', email: 'committee@example.org', role: 'committee' },
    { name: '汇总', email: 'summary@example.org', role: 'summary' },
  ],
};

describe('the shift roster', () => {
  it('finds the shift on duty in the checkpoint zone, first listed first', () => {
    expect(shiftOnDuty(shifts, at('2026-11-29T02:00:00Z'), 'Asia/Shanghai')?.leader.name).toBe('白班'); // 10:00
    expect(shiftOnDuty(shifts, at('2026-11-29T09:00:00Z'), 'Asia/Shanghai')?.leader.name).toBe('中班'); // 17:00
  });

  it('lets a shift cross midnight', () => {
    expect(shiftOnDuty(shifts.slice(2), at('2026-11-29T15:30:00Z'), 'Asia/Shanghai')?.leader.name).toBe('夜班'); // 23:30
    expect(shiftOnDuty(shifts.slice(2), at('2026-11-29T21:00:00Z'), 'Asia/Shanghai')?.leader.name).toBe('夜班'); // 05:00
    expect(shiftOnDuty(shifts.slice(2), at('2026-11-29T02:00:00Z'), 'Asia/Shanghai')).toBeUndefined(); // 10:00
  });

  it('resolves onDuty to the shift leader, else to the checkpoint leader', () => {
    const withRoster = checkpoint({ shifts });
    expect(recipientsOf(1, ['onDuty'], withRoster, community, at('2026-11-29T02:00:00Z')).map((r) => r.address)).toEqual(['day@example.org']);
    expect(recipientsOf(1, ['onDuty'], checkpoint(), community, at('2026-11-29T02:00:00Z')).map((r) => r.address)).toEqual(['leader@example.org']);
  });

  it('resolves roles and addresses, once each', () => {
    const found = recipientsOf(1, ['secretary', 'committee', 'leader', 'secretary@example.org', 'x@example.org'], checkpoint(), community, at('2026-11-29T02:00:00Z'));
    expect(found.map((r) => r.address)).toEqual(['secretary@example.org', 'committee@example.org', 'leader@example.org', 'x@example.org']);
  });
});

describe('the flow\'s decision', () => {
  const escalation = (overrides: Partial<Escalation> = {}): Escalation => ({
    escalationId: 'e', checkpointId: 'gate', communityId: 'c', status: 'open', level: 0, repeats: 0, missedCount: 0, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z',
    missedDeadline: '2026-11-29T04:15:00.000Z', openedAt: '2026-11-29T04:15:30.000Z', nextActionAt: '2026-11-29T04:15:00.000Z',
    policy: DEFAULT_POLICY, notified: [], version: 1, ...overrides,
  });
  const now = at('2026-11-29T04:16:00Z');

  it('uses the policy frozen into the escalation, whatever the checkpoint says now', () => {
    const edited = checkpoint({ escalation: { levels: [{ notify: ['committee'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 0 } });
    const frozen = escalation({ level: 3, repeats: 3 });
    expect(decide(frozen, edited, now)).toEqual({ action: 'close' });
    expect(decide(escalation({ level: 1, nextActionAt: '2026-11-29T04:45:00.000Z' }), edited, now)).toEqual({ action: 'wait', waitSeconds: 1740 });
  });

  it('stops when the checkpoint has reported since the missed deadline, before anything else', () => {
    expect(decide(escalation({ status: 'acknowledged' }), checkpoint({ lastReadingAt: '2026-11-29T04:15:30.000Z' }), now)).toEqual({ action: 'stop', reason: 'reported' });
    expect(decide(escalation(), checkpoint({ lastReadingAt: '2026-11-29T04:00:00.000Z' }), now)).toEqual({ action: 'notify', level: 1, repeat: 0 });
  });
});
