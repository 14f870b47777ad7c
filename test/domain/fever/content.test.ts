/**
 * What a fever notice says, and what it never says (docs/security.md): the temperature and direction,
 * when, the officer's role — no note of the reading or of a case, no name of the officer or the person.
 */
import { describe, expect, it } from 'vitest';
import { feverCasesOf, feverHandledNotice, feverNotice } from '../../../functions/domain/fever';
import { alert, community, gate, reading } from './fixtures';

const NOTE = '患者李四住3栋502';
const OFFICER = '张三丰';
const fevered = reading({
  officer: OFFICER,
  notes: `今日值守 ${NOTE}`,
  feverCount: 2,
  maxTempC: 38.2,
  feverCases: [
    { tempC: 38.2, direction: 'in', note: NOTE },
    { tempC: 37.6, direction: 'out', note: '王五' },
  ],
  observedAt: '2026-12-07T02:03:00Z',
});
const cases = feverCasesOf(fevered, gate(), 37.3);
const open = alert({ cases });
const input = { alert: open, checkpoint: gate(), recipientName: '社区书记 李书记', ackUrl: 'https://cw.example/fever/x?sig=1', now: new Date('2026-12-07T02:05:00Z') };
const text = (content: unknown) => JSON.stringify(content);

describe('【发热预警】', () => {
  it('tells the gate, the community, each temperature and direction, when it was taken, the officer by role, and the link', () => {
    const notice = feverNotice({ ...input, community: community(), level: 1 });
    expect(notice.title).toBe('【发热预警】东门（鱼岳社区）发现发热 2 人');
    expect(notice.lang).toBe('zh-CN');
    const body = text(notice.lines);
    expect(body).toContain('38.2°C（进），2026-12-07 10:03 测得，上报人：卡点值守人员');
    expect(body).toContain('37.6°C（出）');
    expect(notice.actions).toEqual([{ label: '登记处置', url: input.ackUrl }]);
    expect(notice.facts).toMatchObject({ cause: 'fever', escalationId: open.escalationId, level: 1 });
  });

  it('climbing, says the level, how long it has waited and who was told', () => {
    const notice = feverNotice({ ...input, community: community(), level: 2, othersTold: ['值班组长 王丽'], now: new Date('2026-12-07T02:15:00Z') });
    expect(notice.title).toMatch(/^【发热预警·第二级】东门（鱼岳社区）发热 2 人，已 10\s?分钟 未处置$/);
    expect(text(notice.lines)).toContain('此前已通知：值班组长 王丽');
  });

  it('in English, only English', () => {
    const notice = feverNotice({ ...input, community: community({ language: 'en' }), level: 1 });
    expect(notice.title).toBe('[Fever alert] 东门 (鱼岳社区): 2 with fever');
    const words = text({ ...notice, title: '', subject: '', lines: notice.lines.slice(2) }).replace(/东门|鱼岳社区/g, '');
    expect(words).not.toMatch(/[\u3400-\u9fff]/);
    expect(text(notice.lines)).toContain('38.2 °C (going in)');
  });

  it('never carries a note, the officer’s name, or anything a case’s note named', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const level of [1, 2, 3]) {
        const all = text(feverNotice({ ...input, community: community({ language: lang }), level }));
        for (const secret of [NOTE, OFFICER, '王五', '今日值守', 'note', 'officer"']) expect(all).not.toContain(secret);
      }
    }
    const handled = text(feverHandledNotice({ alert: open, checkpoint: gate(), community: community(), by: '李书记', handling: { action: 'clinic' }, at: new Date('2026-12-07T02:20:00Z') }));
    for (const secret of [NOTE, OFFICER, '王五']) expect(handled).not.toContain(secret);
  });

  it('lists ten cases and counts the rest', () => {
    const many = alert({ cases: Array.from({ length: 13 }, (_, i) => ({ ...cases[0]!, readingId: `r-${i}` })) });
    const notice = feverNotice({ ...input, alert: many, community: community(), level: 1 });
    const list = notice.lines.find((block) => !Array.isArray(block) && 'list' in block) as { list: unknown[][] };
    expect(list.list).toHaveLength(11);
    expect(text(list.list.at(-1))).toContain('另有 3 人');
  });
});

describe('【已处置】', () => {
  it('tells who handled it, when and what was done; 其他 by its note', () => {
    const at = new Date('2026-12-07T02:20:00Z');
    const clinic = feverHandledNotice({ alert: open, checkpoint: gate(), community: community(), by: '李书记', handling: { action: 'clinic' }, at });
    expect(clinic.title).toBe('【已处置】东门（鱼岳社区）发热预警');
    expect(text(clinic.lines)).toContain('已由 李书记 于 2026-12-07 10:20 处置：已送发热门诊。');
    expect(clinic.type).toBe('escalation.acknowledged');
    const other = feverHandledNotice({ alert: open, checkpoint: gate(), community: community(), by: '李书记', handling: { action: 'other', note: '由120接走' }, at });
    expect(text(other.lines)).toContain('处置：由120接走。');
    const en = feverHandledNotice({ alert: open, checkpoint: gate(), community: community({ language: 'en' }), by: 'Li', handling: { action: 'normal' }, at });
    expect(text(en.lines)).toContain('Handled by Li at 2026-12-07 10:20: Re-measured: normal.');
  });
});
