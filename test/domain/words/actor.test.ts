import { describe, expect, it } from 'vitest';
import type { Checkpoint, Community, Escalation } from '../../../functions/domain/model';
import { pausedNotice } from '../../../functions/domain/escalation/follow-ups';
import { ackDonePage } from '../../../functions/pages/ack';
import { actorIn } from '../../../functions/domain/words';

/** The admin key acts as `admin` in the records; a person reads who that is, in their language. */
describe('who acted, in words', () => {
  const escalation = {
    escalationId: 'e-1',
    checkpointId: 'gate',
    communityId: 'yuyue',
    status: 'paused',
    openedAt: '2026-12-01T00:00:00.000Z',
    closedAt: '2026-12-01T01:00:00.000Z',
    missedDeadline: '2026-12-01T00:00:00.000Z',
    pausedBy: 'admin',
    pausedReason: '演示结束',
  } as unknown as Escalation;
  const checkpoint = { checkpointId: 'gate', communityId: 'yuyue', name: '1号门卡点', timezone: 'Asia/Shanghai' } as unknown as Checkpoint;
  const community = (language?: 'en') => ({ communityId: 'yuyue', name: '鱼岳社区', timezone: 'Asia/Shanghai', ...(language && { language }) }) as unknown as Community;

  it('names the admin as the county admin, and an operator key by its own name', () => {
    expect(actorIn('admin', 'zh-CN')).toBe('县管理员');
    expect(actorIn('admin', 'en')).toBe('the county admin');
    // A name typed in a group is whatever its holder typed: never taken for the admin.
    expect(actorIn('admin', 'zh-CN', '指挥部群（企业微信）')).toBe('admin');
    expect(actorIn('鱼岳社区书记', 'zh-CN')).toBe('鱼岳社区书记');
  });

  it('says who paused in the notice and on the acknowledge page, never "admin"', () => {
    const zh = pausedNotice({ escalation, checkpoint, community: community(), at: new Date('2026-12-01T01:00:00Z') });
    expect(zh.subject).toContain('由 县管理员 暂停');
    expect(JSON.stringify(zh)).not.toMatch(/由 admin/);
    expect(zh.facts).toMatchObject({ pausedBy: 'admin' });
    const en = pausedNotice({ escalation, checkpoint, community: community('en'), at: new Date('2026-12-01T01:00:00Z') });
    expect(en.subject).toContain('by the county admin');
    const page = ackDonePage({ escalation, by: '组长', changed: false, zone: 'Asia/Shanghai', lang: 'zh-CN' });
    expect(page).toContain('由 县管理员 暂停');
    expect(page).not.toContain('admin');
  });
});
