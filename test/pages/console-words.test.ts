/**
 * Issue 18 §4 in the console's forms: durations, times of day and zones typed in people's words (as
 * the spreadsheet takes them), shown back the same way (never `PT5S` in a box), the cron behind an
 * advanced choice, and a refusal in Chinese at its field with a value that works.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../functions/domain/escalation/rules';
import type { Checkpoint, Community } from '../../functions/domain/model';
import { checkpointFormFields } from '../../functions/pages/console/checkpoint';
import { communityFormFields } from '../../functions/pages/console/communities';
import { pageForm } from '../../functions/pages/console/fields';
import { CONSOLE_CSS } from '../../functions/pages/console/frame';
import { checkpointBodyFrom, checkpointFields, communityBodyFrom, communityFields } from '../../functions/pages/console/registration';
import { issueIn } from '../../functions/pages/console/text';
import { FormFields } from '../../functions/runtime/console';

const stored = { communityId: 'yuyue', active: true, timezone: 'Asia/Shanghai' };
const base = { name: '南门卡点', 'schedule.kind': 'every', 'schedule.every': 'PT2H', grace: '15', 'contacts.0.name': '组长', 'contacts.0.mobile': '13800138000' };
const checkpointForm = (fields: Record<string, string | string[]>) => checkpointBodyFrom(FormFields.of({ ...base, ...fields }), stored);

const checkpoint = (overrides: Partial<Checkpoint>) =>
  ({ checkpointId: 'nanmen-1', communityId: 'nanmen', name: '南门卡点', timezone: 'Asia/Shanghai', schedule: { every: 'PT2H' }, grace: 'PT15M', contacts: [], active: true, ...overrides }) as unknown as Checkpoint;

describe('the checkpoint form', () => {
  it('takes grace, a level’s delay and the repeat as people write them', () => {
    const { body, issues } = checkpointForm({
      grace: '2小时',
      'escalation.mode': 'custom',
      'escalation.levels.0.after': '立即',
      'escalation.levels.0.notify': ['onDuty'],
      'escalation.levels.1.after': '30分钟',
      'escalation.levels.1.notify': ['secretary'],
      'escalation.levels.1.others': '工作群:zhb、大党委书记',
      'escalation.repeatEvery': '1h',
    });
    expect(issues).toEqual([]);
    expect(body).toMatchObject({ grace: 'PT2H', escalation: { levels: [{ after: 'PT0S' }, { after: 'PT30M', notify: ['secretary', 'channel:zhb', 'committee'] }], repeatEvery: 'PT1H' } });
  });

  it('takes the times of day, with 、 commas or spaces, as the daily cron', () => {
    for (const times of ['08:00、12:00、18:00', '08:00, 12:00, 18:00', '8:00 12:00 18:00']) {
      expect(checkpointForm({ 'schedule.kind': 'times', 'schedule.times': times }).body?.schedule, times).toEqual({ cron: '0 8,12,18 * * *' });
    }
    expect(checkpointForm({ 'schedule.kind': 'cron', 'schedule.cron': '0 8 * * 1-5' }).body?.schedule).toEqual({ cron: '0 8 * * 1-5' });
  });

  it('shows a stored grace in words, never as an ISO duration', () => {
    expect(checkpointFields(checkpoint({ grace: 'PT5S' }), undefined).grace).toBe('5秒');
    expect(checkpointFields(checkpoint({ grace: 'PT15M' }), undefined).grace).toBe('15分钟');
  });

  it('shows a daily cron as its times of day, and any other cron as the advanced choice', () => {
    expect(checkpointFields(checkpoint({ schedule: { cron: '0 8,12,18 * * *' } }), undefined)).toMatchObject({ 'schedule.kind': 'times', 'schedule.times': '08:00、12:00、18:00' });
    expect(checkpointFields(checkpoint({ schedule: { cron: '0 8 * * 1-5' } }), undefined)).toMatchObject({ 'schedule.kind': 'cron', 'schedule.cron': '0 8 * * 1-5' });
  });

  it('refuses words it cannot read at their field, in Chinese with a value that works, and in English on the English page', () => {
    const { body, issues } = checkpointForm({ grace: '2小', 'schedule.kind': 'times', 'schedule.times': '07:30、12:00' });
    expect(body).toBeUndefined();
    expect(issues.map((issue) => issue.path).sort()).toEqual(['grace', 'schedule.times']);
    const grace = issues.find((issue) => issue.path === 'grace')!;
    expect(issueIn('zh', grace)).toMatch(/^“2小”不是时长：请写如 15分钟/);
    expect(issueIn('en', grace)).toMatch(/^Not a duration/);
    expect(issueIn('zh', issues.find((issue) => issue.path === 'schedule.times')!)).toContain('07:30、12:30、17:30');
  });

  it('puts each kind of schedule in its own part of the section, for the page to show the chosen one only', () => {
    const html = checkpointFormFields(pageForm('zh', { values: FormFields.of(base), issues: [] }), { communityHasPolicy: false, inForce: DEFAULT_POLICY, channels: [] });
    expect(html).toMatch(/<div class="when when-cron">[^]*name="schedule\.cron"/);
    expect(html).toMatch(/<div class="when when-times">[^]*name="schedule\.times"/);
    expect(html).toContain('高级：定时表达式');
    expect(html).not.toContain('宽限（分钟）');
    expect(CONSOLE_CSS).toContain('#s-schedule:has([value=every]:checked) .when:not(.when-every)');
  });
});

describe('the community form', () => {
  it('takes the zone as people name it, and shows it so', () => {
    expect(communityBodyFrom(FormFields.of({ name: '鱼岳社区', timezone: '北京时间' })).body?.timezone).toBe('Asia/Shanghai');
    expect(communityBodyFrom(FormFields.of({ name: '鱼岳社区', timezone: '乌鲁木齐时间' })).body?.timezone).toBe('Asia/Urumqi');
    expect(communityBodyFrom(FormFields.of({ name: '鱼岳社区', timezone: 'Europe/Berlin' })).body?.timezone).toBe('Europe/Berlin');
    expect(communityFields({ communityId: 'yuyue', name: '鱼岳社区', timezone: 'Asia/Shanghai', contacts: [] } as unknown as Community).timezone).toBe('北京时间');
  });

  it('refuses a zone it does not know in Chinese, and offers the common ones by name', () => {
    const { issues } = communityBodyFrom(FormFields.of({ name: '鱼岳社区', timezone: 'Beijing' }));
    expect(issues).toHaveLength(1);
    expect(issueIn('zh', issues[0]!)).toBe('“Beijing”不是时区：请写 北京时间、乌鲁木齐时间、香港时间，或 IANA 名称如 Asia/Shanghai');
    const html = communityFormFields(pageForm('zh', { values: FormFields.of({ timezone: '北京时间' }), issues: [] }), { inForce: DEFAULT_POLICY, channels: [] });
    expect(html).toMatch(/<input id="f-timezone"[^>]* list="zone-names"/);
    expect(html).toMatch(/<datalist id="zone-names">[^]*<option value="北京时间">Asia\/Shanghai<\/option>[^]*<option value="乌鲁木齐时间">/);
  });
});
