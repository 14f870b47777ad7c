/** A gate, its community and fever alerts, as the fever slice's tests need them. */
import type { Checkpoint, Community, Escalation, StoredReading } from '../../../functions/domain/model';
import { DEFAULT_FEVER_POLICY } from '../../../functions/domain/fever';

export const gate = (overrides: Partial<Checkpoint> = {}): Checkpoint => ({
  checkpointId: 'east-gate',
  communityId: 'yuyue',
  name: '东门',
  timezone: 'Asia/Shanghai',
  schedule: { every: 'PT2H' },
  grace: 'PT15M',
  contacts: [{ role: 'leader', name: '黄祖浩', mobile: '13800000001' }],
  shifts: [{ from: '08:00', to: '20:00', leader: { name: '王丽', mobile: '13800000002' } }],
  active: true,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  activeSince: '2026-11-01T00:00:00Z',
  pauses: [],
  recentMaxTempC: {},
  tokenHash: 'x',
  version: 1,
  ...overrides,
});

export const community = (overrides: Partial<Community> = {}): Community => ({
  communityId: 'yuyue',
  name: '鱼岳社区',
  timezone: 'Asia/Shanghai',
  contacts: [{ role: 'secretary', name: '李书记', email: 'li@example.org' }],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...overrides,
});

export const reading = (overrides: Partial<StoredReading> = {}): StoredReading => ({
  readingId: 'r-1',
  checkpointId: 'east-gate',
  communityId: 'yuyue',
  submissionId: '00000000-0000-4000-8000-000000000001',
  receivedAt: '2026-12-07T02:05:00Z',
  officer: '张三',
  screened: 40,
  entries: 20,
  exits: 20,
  feverCount: 0,
  slot: { start: '2026-12-07T02:00:00Z', end: '2026-12-07T04:00:00Z' },
  fingerprint: 'f',
  ...overrides,
});

export const alert = (overrides: Partial<Escalation> = {}): Escalation => ({
  escalationId: '11111111-1111-4111-8111-111111111111',
  cause: 'fever',
  checkpointId: 'east-gate',
  communityId: 'yuyue',
  status: 'open',
  level: 1,
  repeats: 0,
  missedSlots: [],
  missedDeadline: '2026-12-07T02:05:00Z',
  openedAt: '2026-12-07T02:05:00Z',
  nextActionAt: '2026-12-07T02:15:00Z',
  policy: DEFAULT_FEVER_POLICY,
  notified: [],
  cases: [{ tempC: 37.8, direction: 'in', takenAt: '2026-12-07T02:04:00Z', readingId: 'r-1', officerRole: 'staff' }],
  version: 1,
  ...overrides,
});
