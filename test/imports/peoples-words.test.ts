/**
 * Issue 18 §4 in the spreadsheet: durations, times of day, zones and escalation policies in the words
 * people write (2小时, 08:00、12:00、18:00, 北京时间, 立即 → 值班组长；30分钟后 → 社区书记), the API's
 * forms still read; the export and the template write the people's form under Chinese headers; a
 * refusal says in Chinese what is wrong and gives a value that works.
 */
import { describe, expect, it } from 'vitest';
import { checkpointSheets, COLUMNS, importCheckpointSheets, templateSheets, type ExportedCheckpoint, type Sheet } from '../../functions/domain/checkpoint-sheet';
import { CheckpointBody } from '../../functions/contract/schemas';

// 升级策略: the policy's header in the first templates, still read (the template now says 督办流程, as the console does).
const HEADER = ['卡点编号', '社区编号', '卡点名称', '报告周期', '宽限时间', '时区', '组长姓名', '组长手机', '升级策略', '重复提醒间隔'];
const row = (cells: Partial<Record<(typeof HEADER)[number], string>>) => {
  const values: Record<string, string> = { 卡点编号: 'g1', 社区编号: 'yuyue', 卡点名称: '东门卡点', 报告周期: '2小时', 组长姓名: '张三', 组长手机: '13800138000', ...cells };
  return HEADER.map((header) => values[header] ?? '');
};
const read = (...rows: string[][]) => importCheckpointSheets([{ name: 'checkpoints', rows: [HEADER, ...rows] }]);

describe('the checkpoints sheet in people’s words', () => {
  it.each([
    ['2小时', { every: 'PT2H' }],
    ['30分钟', { every: 'PT30M' }],
    ['90分', { every: 'PT90M' }],
    ['1天', { every: 'P1D' }],
    ['2h', { every: 'PT2H' }],
    ['每2小时', { every: 'PT2H' }],
    ['PT2H', { every: 'PT2H' }],
    ['08:00、12:00、18:00', { cron: '0 8,12,18 * * *' }],
    ['08:00, 12:00, 18:00', { cron: '0 8,12,18 * * *' }],
    ['08:00 12:00 18:00', { cron: '0 8,12,18 * * *' }],
    ['0 8,12,18 * * *', { cron: '0 8,12,18 * * *' }],
  ])('reads the schedule %s', (schedule, expected) => {
    const { registrations, errors } = read(row({ 报告周期: schedule }));
    expect(errors).toEqual([]);
    expect(registrations[0]!.input.schedule).toEqual(expected);
  });

  it('reads grace in the same words, a bare number as minutes, as the console does', () => {
    expect(read(row({ 宽限时间: '15分钟' })).registrations[0]!.input.grace).toBe('PT15M');
    expect(read(row({ 宽限时间: '5' })).registrations[0]!.input.grace).toBe('PT5M');
    expect(read(row({ 宽限时间: 'PT15M' })).registrations[0]!.input.grace).toBe('PT15M');
  });

  it('reads the zone as people name it', () => {
    expect(read(row({ 时区: '北京时间' })).registrations[0]!.timezone).toBe('Asia/Shanghai');
    expect(read(row({ 时区: '乌鲁木齐时间' })).registrations[0]!.timezone).toBe('Asia/Urumqi');
    expect(read(row({ 时区: 'Asia/Hong_Kong' })).registrations[0]!.timezone).toBe('Asia/Hong_Kong');
  });

  it('heads the policy 督办流程, as the console names it, and reads it under that header too', () => {
    const [header] = templateSheets('workbook')[0]!.rows as [string[]];
    expect(header).toContain('督办流程');
    expect(header).not.toContain('升级策略');
    const now = HEADER.map((cell) => (cell === '升级策略' ? '督办流程' : cell));
    const sheet = importCheckpointSheets([{ name: 'checkpoints', rows: [now, row({ 升级策略: '立即 → 值班组长' })] }]);
    expect(sheet.registrations[0]!.input.escalation?.levels).toEqual([{ after: 'PT0S', notify: ['onDuty'] }]);
  });

  it('reads the escalation policy in words, and in the API’s words', () => {
    const words = read(row({ 升级策略: '立即 → 值班组长、卡点组长；30分钟后 → 社区书记', 重复提醒间隔: '2小时' })).registrations[0]!.input.escalation;
    expect(words).toEqual({ levels: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary'] }], repeatEvery: 'PT2H', maxRepeats: 3 });
    const api = read(row({ 升级策略: 'PT0S onDuty,leader; PT30M secretary' })).registrations[0]!.input.escalation;
    expect(api?.levels).toEqual(words?.levels);
  });

  it('reads words as people see them, whatever invisible characters a paste from a chat left in them (U+200B, U+FEFF, U+2060)', () => {
    // Nothing of the cell is stored as typed (each is read into ISO, a cron, a zone or roles), so what shows
    // as nothing is no part of the value; refusing it would say "“2小时”不是时长：请写如 2小时".
    const { registrations, errors } = read(
      row({ 报告周期: '2\u200B小时', 宽限时间: '15分钟\u200B', 时区: '\uFEFF北京时间', 升级策略: '立即\u2060 → 值班组长\u200B、卡点组长；30分钟后 → 社区书记', 重复提醒间隔: '1\u200B小时' }),
      row({ 卡点编号: 'g2', 报告周期: '08:00\u200B、12:00、18:00' }),
    );
    expect(errors).toEqual([]);
    expect(registrations[0]!.input).toMatchObject({ schedule: { every: 'PT2H' }, grace: 'PT15M', escalation: { levels: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary'] }], repeatEvery: 'PT1H' } });
    expect(registrations[0]!.timezone).toBe('Asia/Shanghai');
    expect(registrations[1]!.input.schedule).toEqual({ cron: '0 8,12,18 * * *' });
  });
});

describe('a refusal', () => {
  it('says in Chinese what is wrong with a duration, with a value that works', () => {
    const { errors } = read(row({ 报告周期: '2小' }), row({ 卡点编号: 'g2', 宽限时间: '一刻钟' }));
    expect(errors).toEqual([
      { sheet: 'checkpoints', row: 2, column: 'schedule', message: expect.stringMatching(/^“2小”不是报告周期：写间隔如 2小时/) },
      { sheet: 'checkpoints', row: 3, column: 'grace', message: expect.stringMatching(/^“一刻钟”不是时长：请写如 15分钟/) },
    ]);
    for (const error of errors) expect(error.message).not.toMatch(/ISO|must/);
  });

  it('says in Chinese when a duration is out of range, and when a zone is not one', () => {
    const { errors } = read(row({ 报告周期: '3天' }), row({ 卡点编号: 'g2', 时区: 'Beijing' }));
    expect(errors).toEqual([
      { sheet: 'checkpoints', row: 2, column: 'schedule', message: '报告间隔须在30秒到1天之间，如 2小时' },
      { sheet: 'checkpoints', row: 3, column: 'timezone', message: '“Beijing”不是时区：请写 北京时间、乌鲁木齐时间、香港时间，或 IANA 名称如 Asia/Shanghai' },
    ]);
  });

  it('names a level and a target it cannot read, in Chinese', () => {
    const { errors } = read(row({ 升级策略: '立即 → 值班组长；半天后 → 书记' }), row({ 卡点编号: 'g2', 升级策略: '立即 → 村长' }));
    expect(errors[0]).toMatchObject({ row: 2, column: 'escalation', message: expect.stringMatching(/^第 2 级“半天后 → 书记”写法不对：请写如 立即 → 值班组长/) });
    expect(errors[1]).toMatchObject({ row: 3, column: 'escalation', message: expect.stringMatching(/^第 1 级：“村长”不是可通知的对象：写 值班组长、卡点组长、社区书记、大党委书记/) });
  });

  it('refuses times whose minutes make no one daily schedule, with times that would', () => {
    const { errors } = read(row({ 报告周期: '07:30、12:00' }));
    expect(errors).toEqual([{ sheet: 'checkpoints', row: 2, column: 'schedule', message: expect.stringContaining('07:30、12:30、17:30') }]);
  });
});

const exported: ExportedCheckpoint = {
  checkpointId: 'g1',
  timezone: 'Asia/Shanghai',
  input: CheckpointBody.parse({
    name: '东门卡点',
    communityId: 'yuyue',
    schedule: { cron: '0 8,12,18 * * *' },
    grace: 'PT15M',
    contacts: [{ name: '张三', mobile: '13800138000', role: 'leader' }],
    escalation: { levels: [{ after: 'PT0S', notify: ['onDuty', 'leader'] }, { after: 'PT30M', notify: ['secretary', 'channel:zhb'] }], repeatEvery: 'PT1H' },
  }),
};
const cellsOf = (sheet: Sheet) => Object.fromEntries(sheet.rows[0]!.map((header, i) => [header, sheet.rows[1]![i]]));

describe('the export and the template', () => {
  it('write headers in Chinese only', () => {
    for (const layout of ['workbook', 'csv'] as const) {
      for (const sheet of checkpointSheets([exported], layout)) for (const header of sheet.rows[0]!) expect(header).not.toMatch(/[A-Za-z]/);
      for (const sheet of templateSheets(layout)) for (const header of sheet.rows[0]!) expect(header).not.toMatch(/[A-Za-z]/);
    }
  });

  it('write the schedule, grace, zone and policy in people’s words', () => {
    const cells = cellsOf(checkpointSheets([exported], 'csv')[0]!);
    expect(cells).toMatchObject({ 报告周期: '08:00、12:00、18:00', 宽限时间: '15分钟', 时区: '北京时间', 督办流程: '立即 → 值班组长、卡点组长；30分钟后 → 社区书记、工作群:zhb', 重复提醒间隔: '1小时' });
    expect(cellsOf(checkpointSheets([{ ...exported, input: { ...exported.input, schedule: { every: 'PT2H' } } }], 'csv')[0]!)['报告周期']).toBe('2小时');
  });

  it('still read the field names as headers', () => {
    const header = COLUMNS.checkpoints.filter((spec) => !spec.field.includes('#')).map((spec) => spec.field);
    const sheet = checkpointSheets([exported], 'csv')[0]!;
    const { registrations, errors } = importCheckpointSheets([{ name: 'checkpoints', rows: [header, sheet.rows[1]!] }]);
    expect(errors).toEqual([]);
    expect(registrations[0]!.input).toEqual(exported.input);
  });
});
