/** The console's forms both ways: what people type to the API's bodies, and each refusal back at the row it came from. */
import { describe, expect, it } from 'vitest';
import type { Checkpoint, Community } from '../../functions/domain/model';
import { checkpointBodyFrom, checkpointFields, communityBodyFrom, communityFields, durationField, instantOf, localDateTimeOf, storedCheckpointBody } from '../../functions/pages/console/registration';
import { FormFields } from '../../functions/runtime/console';

const stored = { communityId: 'yuyue', active: true, timezone: 'Asia/Shanghai' };
const base = { name: '南门卡点', 'schedule.kind': 'every', 'schedule.every': 'PT2H', grace: '15', 'contacts.0.name': '组长', 'contacts.0.mobile': '13800138000' };
const form = (fields: Record<string, string | string[]>) => FormFields.of({ ...base, ...fields });

describe('durations and times as people type them', () => {
  it('reads minutes as durations, and shows the durations records hold in words', () => {
    const grace = (typed: string) => checkpointBodyFrom(form({ grace: typed }), stored).body?.grace;
    expect(['0', '15', '60', '90', '1440', 'pt30s', ''].map(grace)).toEqual(['PT0S', 'PT15M', 'PT60M', 'PT90M', 'PT1440M', 'PT30S', 'PT15M']);
    expect(['PT0S', 'PT15M', 'PT1H', 'P1D', 'PT30S', 'PT1H30M'].map(durationField)).toEqual(['0', '15分钟', '1小时', '1天', '30秒', '1小时30分钟']);
  });

  it('reads a local date and time as the instant in the community’s zone, daylight saving included', () => {
    expect(instantOf('2026-02-01T08:00', 'Asia/Shanghai')).toBe('2026-02-01T08:00:00+08:00');
    expect(instantOf('2026-07-01 08:00', 'Europe/Berlin')).toBe('2026-07-01T08:00:00+02:00');
    // 02:30 does not exist in Berlin that night: the end of the gap.
    expect(instantOf('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
    expect(instantOf('tomorrow', 'Asia/Shanghai')).toBe('tomorrow');
    expect(instantOf('2028-02-29T08:00', 'Asia/Shanghai')).toBe('2028-02-29T08:00:00+08:00');
    expect(localDateTimeOf('2026-02-01T00:00:00Z', 'Asia/Shanghai')).toBe('2026-02-01T08:00');
  });
});

describe('a date or a time that does not exist', () => {
  it('is left as typed, for the schema to refuse at its field, never rolled over into another day', () => {
    for (const typed of ['2026-13-45T99:99', '2026-02-30T08:00', '2027-02-29T08:00', '2026-04-31T08:00', '2026-02-01T24:30', '2026-02-01T24:00', '2026-02-01T08:60', '2026-00-10T08:00', '2026-02-00T08:00']) {
      expect(instantOf(typed, 'Asia/Shanghai'), typed).toBe(typed);
    }
  });

  it('in a once closure is refused at its field, the other fields of the form checked as ever', () => {
    for (const typed of ['2026-13-45T99:99', '2026-02-30T08:00', '2026-02-01T24:30']) {
      const { body, issues } = checkpointBodyFrom(
        form({ 'escalation.mode': 'inherit', 'closures.0.kind': 'once', 'closures.0.from': typed, 'closures.0.to': '2026-03-05T08:00' }),
        stored,
      );
      expect(body, typed).toBeUndefined();
      expect(issues.length, typed).toBeGreaterThan(0);
      expect(issues.every((issue) => issue.path === 'closures.0.from'), JSON.stringify(issues)).toBe(true);
    }
  });
});

describe('a checkpoint form', () => {
  it('makes PUT’s body: empty rows dropped, the community and active kept as stored, closures in their shapes', () => {
    const { body, issues } = checkpointBodyFrom(
      form({
        'shifts.0.from': '',
        'shifts.1.from': '22:00',
        'shifts.1.to': '06:00',
        'shifts.1.leader.name': '夜班',
        'shifts.1.leader.mobile': '13900139000',
        'closures.0.kind': 'daily',
        'closures.0.from': '22:00',
        'closures.0.to': '06:00',
        'closures.1.kind': 'once',
        'closures.1.from': '2026-02-01T08:00',
        'closures.1.to': '2026-02-01T12:00',
        'closures.1.reason': '全员核酸检测',
        'channels.0.id': 'zhihui',
        'channels.0.kind': 'wecom',
        'channels.0.summaries': 'false',
        'escalation.mode': 'inherit',
      }),
      stored,
    );
    expect(issues).toEqual([]);
    expect(body).toMatchObject({
      communityId: 'yuyue',
      active: true,
      grace: 'PT15M',
      contacts: [{ name: '组长', mobile: '13800138000', role: 'leader' }],
      shifts: [{ from: '22:00', to: '06:00', leader: { name: '夜班', mobile: '13900139000' } }],
      closures: [{ daily: { from: '22:00', to: '06:00' } }, { from: '2026-02-01T08:00:00+08:00', to: '2026-02-01T12:00:00+08:00', reason: '全员核酸检测' }],
      // No url: the stored credentials are kept.
      channels: [{ id: 'zhihui', kind: 'wecom', summaries: false }],
    });
    expect(body).not.toHaveProperty('escalation');
  });

  it('puts each issue at the form’s own row and field', () => {
    const { body, issues } = checkpointBodyFrom(
      form({
        'shifts.0.from': '',
        'shifts.3.from': '25:00',
        'shifts.3.to': '06:00',
        'shifts.3.leader.name': '夜班',
        'closures.2.kind': 'daily',
        'closures.2.from': '22:00',
        'closures.2.to': '22:00',
        'escalation.mode': 'custom',
        'escalation.levels.0.notify': ['onDuty'],
        'escalation.levels.1.after': '30',
        'escalation.levels.2.after': '30',
        'escalation.levels.2.notify': ['secretary'],
        'escalation.levels.2.others': 'not-an-address',
      }),
      stored,
    );
    expect(body).toBeUndefined();
    const at = issues.map((issue) => issue.path);
    expect(at).toEqual(expect.arrayContaining(['shifts.3.from', 'shifts.3.leader.email', 'closures.2.to', 'escalation.levels.2.others']));
  });

  it('shows a stored checkpoint’s fields, and PUTs it back for a pause without its channels’ credentials', () => {
    const checkpoint = {
      checkpointId: 'nanmen-1',
      communityId: 'nanmen',
      name: '南门卡点',
      timezone: 'Asia/Shanghai',
      schedule: { every: 'PT2H' },
      grace: 'PT15M',
      contacts: [{ name: '组长', mobile: '13800138000', role: 'leader' }],
      channels: [{ id: 'zhihui', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret', summaries: true }],
      closures: [{ from: '2026-02-01T00:00:00Z', to: '2026-02-01T04:00:00Z' }],
      active: true,
    } as unknown as Checkpoint;
    const fields = checkpointFields(checkpoint, undefined);
    expect(fields).toMatchObject({ grace: '15分钟', 'escalation.mode': 'inherit', 'escalation.levels.1.notify': ['secretary'], 'closures.0.kind': 'once', 'closures.0.from': '2026-02-01T08:00' });
    expect(JSON.stringify(fields)).not.toContain('key=secret');
    const paused = storedCheckpointBody(checkpoint, false);
    expect(paused.active).toBe(false);
    expect(JSON.stringify(paused)).not.toContain('key=secret');
  });
});

describe('a community form', () => {
  it('takes each contact’s role, and refuses one without a way to reach them at its row', () => {
    const { issues } = communityBodyFrom(FormFields.of({ name: '鱼岳社区', timezone: 'Asia/Shanghai', 'contacts.0.name': '', 'contacts.1.name': '书记', 'contacts.1.role': 'secretary' }));
    expect(issues.map((issue) => issue.path)).toEqual(['contacts.1.email']);
  });
});

describe("a community's fever settings", () => {
  const community = { communityId: 'yuyue', name: '鱼岳社区', timezone: 'Asia/Shanghai', contacts: [], createdAt: '', updatedAt: '' } as Community;
  const fever = { levels: [{ notify: ['secretary'], after: 'PT0S' }, { notify: ['committee'], after: 'PT15M' }], repeatEvery: 'PT20M', maxRepeats: 2 };

  it('are left unsaid when their fields are empty: the defaults hold', () => {
    const { body } = communityBodyFrom(FormFields.of(communityFields(community)));
    expect(body).toBeDefined();
    expect(body).not.toHaveProperty('feverThresholdC');
    expect(body).not.toHaveProperty('feverPolicy');
  });

  it('go back as they came: the threshold, the levels in words, the repeats kept unseen', () => {
    const fields = communityFields({ ...community, feverThresholdC: 37.5, feverPolicy: fever });
    expect(fields.feverThresholdC).toBe('37.5');
    expect(fields.feverPolicy).toBe('立即 → 社区书记；15分钟后 → 大党委书记');
    expect(communityBodyFrom(FormFields.of(fields)).body).toMatchObject({ feverThresholdC: 37.5, feverPolicy: fever });
  });

  it('refuses a threshold out of range, and levels that cannot be read, at their fields', () => {
    const fields = communityFields(community);
    expect(communityBodyFrom(FormFields.of({ ...fields, feverThresholdC: '36.5' })).issues.map((issue) => issue.path)).toEqual(['feverThresholdC']);
    expect(communityBodyFrom(FormFields.of({ ...fields, feverThresholdC: '高烧' })).issues.map((issue) => issue.path)).toEqual(['feverThresholdC']);
    expect(communityBodyFrom(FormFields.of({ ...fields, feverPolicy: '立即 → 居委会' })).issues.map((issue) => issue.path)).toEqual(['feverPolicy']);
  });
});
