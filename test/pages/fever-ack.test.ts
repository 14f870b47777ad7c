/** The fever alert's acknowledge page: what it shows, what it asks, and how it reads and refuses the answer. */
import { describe, expect, it } from 'vitest';
import { feverCasesOf } from '../../functions/domain/fever';
import { feverAckDonePage, feverAckPage, readHandlingForm } from '../../functions/pages/fever-ack';
import { alert, community, gate, reading } from '../domain/fever/fixtures';

const link = { r: 'channel:zhb', exp: 1_900_000_000, kid: 'k1', sig: 'abc"<x>' };
const cases = feverCasesOf(reading({ officer: '张三丰', feverCount: 1, maxTempC: 38.4, feverCases: [{ tempC: 38.4, direction: 'out', note: '李四' }] }), gate(), 37.3);

describe('the fever acknowledge page', () => {
  it('shows the gate, each case and the form: who, what was done (four choices), a note', () => {
    const page = feverAckPage({ alert: alert({ cases }), checkpoint: gate(), community: community(), link, action: '/fever/abc', lang: 'zh-CN', people: ['李书记'] });
    expect(page).toContain('<h1>发热预警</h1>');
    expect(page).toContain('卡点 <b>东门</b>（鱼岳社区）');
    expect(page).toContain('38.4°C（出）');
    for (const choice of ['已隔离复测', '已送发热门诊', '复测正常', '其他（说明）']) expect(page).toContain(choice);
    expect(page).toContain('name="by" required');
    expect(page).toContain('<option value="李书记">');
    // The signed fields go back with the form, escaped.
    expect(page).toContain('name="sig" value="abc&quot;&lt;x&gt;"');
    expect(page).not.toContain('李四');
    expect(page).not.toContain('张三丰');
  });

  it('escapes whatever a registration or a refused answer holds', () => {
    const page = feverAckPage({
      alert: alert({ cases }),
      checkpoint: gate({ name: '<script>x</script>' }),
      community: community({ name: '"><img>' }),
      link,
      action: '/fever/abc',
      lang: 'zh-CN',
      values: { by: '"><b>', note: '<i>' },
      issues: { note: HANDLING_NOTE },
    });
    expect(page).not.toContain('<script>x');
    expect(page).not.toContain('"><img>');
    expect(page).not.toContain('"><b>');
    expect(page).toContain('value="&quot;&gt;&lt;b&gt;"');
  });

  it('in English, only English words', () => {
    const page = feverAckPage({ alert: alert({ cases }), checkpoint: gate({ name: 'East gate' }), community: community({ name: 'Yuyue' }), link, action: '/fever/abc', lang: 'en' });
    expect(page).toContain('Sent to a fever clinic');
    expect(page).not.toMatch(/[\u3400-\u9fff]/);
  });

  it('shows how a handled alert was handled, and no form', () => {
    const handled = alert({ cases, status: 'acknowledged', acknowledgedBy: '李书记', acknowledgedAt: '2026-12-07T02:20:00Z', handling: { action: 'other', note: '居家隔离' } });
    const page = feverAckPage({ alert: handled, checkpoint: gate(), community: community(), link, action: '/fever/abc', lang: 'zh-CN' });
    expect(page).toContain('已由 李书记 于 2026-12-07 10:20 处置：居家隔离。');
    expect(page).not.toContain('<form');
    expect(feverAckDonePage({ alert: handled, changed: false, zone: 'Asia/Shanghai', lang: 'zh-CN' })).toContain('此预警已处置');
    expect(feverAckDonePage({ alert: handled, changed: true, zone: 'Asia/Shanghai', lang: 'zh-CN' })).toContain('已登记处置');
  });
});

const HANDLING_NOTE = '选“其他”时请写明处置情况（100 字以内，不含换行等特殊字符）';

describe("the handling form's answer", () => {
  it('reads who and what was done', () => {
    expect(readHandlingForm({ by: '李书记', action: 'clinic', note: '' }, 'zh-CN')).toEqual({ by: '李书记', handling: { action: 'clinic' } });
    expect(readHandlingForm({ by: ' 李书记 ', action: 'other', note: ' 居家隔离 ' }, 'zh-CN')).toEqual({ by: '李书记', handling: { action: 'other', note: '居家隔离' } });
  });

  it('refuses each missing or bad field at the field, in the reader’s words', () => {
    expect(readHandlingForm({ by: '李书记', action: 'other' }, 'zh-CN')).toEqual({ issues: { note: HANDLING_NOTE } });
    expect(readHandlingForm({ action: 'nope' }, 'en')).toEqual({ issues: { by: 'Say who is handling it (at most 100 characters)', action: 'Choose what was done' } });
  });
});
