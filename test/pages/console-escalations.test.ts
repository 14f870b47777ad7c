/**
 * The console's escalations page and an escalation a pause ended (issue 18 §8 met the lists of
 * issue 21 on separate branches): its status in words, who paused it and why in the page's language
 * and local time, and no button to acknowledge it.
 */
import { describe, expect, it } from 'vitest';
import type { Escalation } from '../../functions/domain/model';
import { COUNTY_ADMIN } from '../../functions/domain/operators';
import { escalationsPage, type ShownEscalation } from '../../functions/pages/console/escalations';
import { ackDonePage } from '../../functions/pages/ack';

const view = (lang: 'zh' | 'en') => ({ lang, actor: COUNTY_ADMIN, csrf: 'token', path: '/admin/escalations' });

const pausedBy = (by: string): ShownEscalation => {
  const escalation: Escalation = {
    escalationId: '6f1c1a52-4a55-4a1e-9d0c-2f3b8f3c9a10', checkpointId: 'gate', communityId: 'yuyue', status: 'paused', level: 1, repeats: 0,
    missedCount: 1, firstMissedSlot: '2026-11-29T02:00:00.000Z', lastMissedSlot: '2026-11-29T02:00:00.000Z', missedDeadline: '2026-11-29T04:15:00.000Z', openedAt: '2026-11-29T04:16:00.000Z', nextActionAt: '2026-11-29T04:46:00.000Z',
    policy: { levels: [{ notify: ['leader'], after: 'PT0S' }], repeatEvery: 'PT1H', maxRepeats: 1 }, notified: ['leader@example.cn'], version: 3,
    closedAt: '2026-11-29T04:20:00.000Z', pausedBy: by, pausedReason: '小区解封，卡点撤除',
  };
  return { escalation, checkpointName: '1号门卡点', communityName: '鱼岳社区', timezone: 'Asia/Shanghai', notices: [], named: (address) => ({ other: address }) };
};

describe('an escalation a pause ended, on the console', () => {
  it('is told in Chinese: 已暂停, who paused it and why, at the local time, with nothing to acknowledge', () => {
    const html = escalationsPage(view('zh'), { active: [], ended: [pausedBy('鱼岳社区书记')] });
    expect(html).toContain('已暂停');
    expect(html).toContain('暂停人: 鱼岳社区书记 (小区解封，卡点撤除) · 2026-11-29 12:20');
    expect(html).not.toContain('/ack"');
  });

  it('names the county admin as the console does everywhere else (县管理员), not by the id `admin`', () => {
    expect(escalationsPage(view('zh'), { active: [], ended: [pausedBy('admin')] })).toContain('暂停人: 县管理员');
    expect(escalationsPage(view('en'), { active: [], ended: [pausedBy('admin')] })).toContain('Paused by: the county admin');
  });
});

describe('an escalation whose flow could not open a level, on the console', () => {
  it('says the system could not send that level, with when, in the page\'s language; its misses in words', () => {
    const { escalation, ...rest } = pausedBy('admin');
    const failed = { ...escalation, status: 'open' as const, missedCount: 5, lastMissedSlot: '2026-11-29T10:00:00.000Z', failures: [{ level: 1, repeat: 0, at: '2026-11-29T04:17:00.000Z', error: 'ProvisionedThroughputExceededException' }] };
    const zh = escalationsPage(view('zh'), { active: [{ ...rest, escalation: failed }], ended: [] });
    expect(zh).toContain('系统：未能发出第一级的通知 · 2026-11-29 12:17');
    expect(zh).toContain('2026-11-29 10:00 至 2026-11-29 18:00，共 5 个');
    expect(zh).not.toContain('Provisioned');
    expect(escalationsPage(view('en'), { active: [{ ...rest, escalation: failed }], ended: [] })).toContain('the system: could not send the notices of level 1 · 2026-11-29 12:17');
  });
});

describe('the acknowledge link’s page, pressed after a pause ended the escalation', () => {
  it('says it ended paused, naming the county admin by title', () => {
    const { escalation } = pausedBy('admin');
    const acknowledged = { ...escalation, acknowledgedBy: 'admin', acknowledgedAt: '2026-11-29T04:18:00.000Z' };
    const html = ackDonePage({ escalation: acknowledged, by: '张三', changed: false, zone: 'Asia/Shanghai', lang: 'zh-CN' });
    expect(html).toContain('卡点已于 2026-11-29 12:20 由 县管理员 暂停，督办已结束。已由 县管理员 于 2026-11-29 12:18 确认。');
    expect(html).not.toMatch(/由 admin|by admin/);
    const en = ackDonePage({ escalation: acknowledged, by: '张三', changed: false, zone: 'Asia/Shanghai', lang: 'en' });
    expect(en).toContain('paused by the county admin');
    expect(en).not.toMatch(/by admin/);
  });

  it('never takes a name typed in a group for the admin', () => {
    const { escalation } = pausedBy('鱼岳社区书记');
    const html = ackDonePage({ escalation: { ...escalation, acknowledgedBy: 'admin', acknowledgedVia: '指挥部群 (WeCom)', acknowledgedAt: '2026-11-29T04:18:00.000Z' }, by: '张三', changed: false, zone: 'Asia/Shanghai', lang: 'zh-CN' });
    expect(html).toContain('已由 admin（经 指挥部群 (WeCom)） 于');
    expect(html).not.toContain('县管理员');
  });
});

describe('a fever alert on the console', () => {
  const fever = (overrides: Partial<Escalation>): ShownEscalation => {
    const { escalation, ...rest } = pausedBy('x');
    return {
      ...rest,
      escalation: {
        ...escalation, cause: 'fever', status: 'open', missedSlots: [], closedAt: undefined, pausedBy: undefined, pausedReason: undefined,
        cases: [{ tempC: 38.4, direction: 'out', takenAt: '2026-11-29T04:10:00.000Z', readingId: 'r-1', officerRole: 'onDuty' }],
        ...overrides,
      },
    };
  };

  it('shows its cases, not missed slots, and no button: it is handled on its link’s page, which asks what was done', () => {
    const html = escalationsPage(view('zh'), { active: [fever({})], ended: [] });
    expect(html).toContain('发热预警');
    expect(html).toContain('38.4°C（出），2026-11-29 12:10 测得，上报人：值班组长');
    expect(html).not.toContain('/ack"');
  });

  it('says who handled it, when and what was done', () => {
    const handled = fever({ status: 'acknowledged', acknowledgedBy: '李书记', acknowledgedAt: '2026-11-29T04:25:00.000Z', handling: { action: 'clinic' } });
    expect(escalationsPage(view('zh'), { active: [handled], ended: [] })).toContain('已由 李书记 于 2026-11-29 12:25 处置：已送发热门诊。');
    expect(escalationsPage(view('en'), { active: [handled], ended: [] })).toContain('Handled by 李书记 at 2026-11-29 12:25: Sent to a fever clinic.');
  });
});
