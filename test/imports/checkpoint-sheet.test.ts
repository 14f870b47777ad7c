/**
 * The sheets → registrations mapping, from the statements: headers in Chinese with the field
 * name beside them (either part enough, any order), rows in any order, shifts and further contacts
 * referring to their checkpoint by id, ids checked like the API's, and every error at its sheet, row
 * and column.
 */
import { describe, expect, it } from 'vitest';
import { CheckpointBody } from '../../functions/contract/schemas';
import { errorAt, importCheckpointSheets, type Sheet, type SheetName } from '../../functions/domain/checkpoint-sheet';

const sheet = (name: SheetName, ...rows: string[][]): Sheet => ({ name, rows });

const HEADER = ['卡点编号 checkpointId', '社区编号 communityId', '卡点名称 name', '报告周期 schedule', '宽限时间 grace', '时区 timezone', '组长姓名 leaderName', '组长手机 leaderMobile', '组长邮箱 leaderEmail'];
const gate = (id: string, overrides: Partial<Record<string, string>> = {}) => {
  const values: Record<string, string> = { checkpointId: id, communityId: 'yuyue', name: `${id} 卡点`, schedule: 'PT2H', grace: 'PT15M', timezone: 'Asia/Shanghai', leaderName: '张三', leaderMobile: '13800138000', leaderEmail: 'zhang@example.org', ...overrides };
  return HEADER.map((header) => values[header.split(' ')[1]!] ?? '');
};

describe('a CSV alone (one checkpoints sheet)', () => {
  it('registers a checkpoint with its community, schedule, grace, zone and leader', () => {
    const { registrations, errors, rows } = importCheckpointSheets([sheet('checkpoints', HEADER, gate('yuyue-1'))]);

    expect(errors).toEqual([]);
    expect(rows).toBe(1);
    expect(registrations).toMatchObject([
      {
        checkpointId: 'yuyue-1',
        communityId: 'yuyue',
        timezone: 'Asia/Shanghai',
        input: {
          name: 'yuyue-1 卡点',
          communityId: 'yuyue',
          schedule: { every: 'PT2H' },
          grace: 'PT15M',
          active: true,
          contacts: [{ name: '张三', mobile: '13800138000', email: 'zhang@example.org', role: 'leader' }],
        },
      },
    ]);
  });

  it('gives what PUT /checkpoints/{checkpointId} accepts, as its schema returns it', () => {
    const { registrations } = importCheckpointSheets([sheet('checkpoints', HEADER, gate('yuyue-1', { grace: '', schedule: '0 8,12,18 * * *' }))]);

    const input = registrations[0]!.input;
    expect(CheckpointBody.parse(input)).toEqual(input);
    expect(input.schedule).toEqual({ cron: '0 8,12,18 * * *' });
    expect(input.grace).toBe('PT15M'); // an empty cell is an absent field: PUT's default
  });

  it('carries further contacts and shifts in numbered columns', () => {
    const header = [...HEADER, '联系人2姓名 contact2Name', '联系人2手机 contact2Mobile', '班次1开始 shift1From', '班次1结束 shift1To', '班次1组长姓名 shift1LeaderName', '班次1组长手机 shift1LeaderMobile', 'shift2From', 'shift2To', '班次2组长姓名', 'shift2LeaderEmail'];
    const row = [...gate('g'), '李四', '13900139000', '08:00', '20:00', '张三', '13800138000', '20:00', '8:00', '李四', 'li@example.org'];

    const { registrations, errors } = importCheckpointSheets([sheet('checkpoints', header, row)]);

    expect(errors).toEqual([]);
    expect(registrations[0]!.input.contacts.map((contact) => contact.name)).toEqual(['张三', '李四']);
    expect(registrations[0]!.input.shifts).toEqual([
      { from: '08:00', to: '20:00', leader: { name: '张三', mobile: '13800138000' } },
      { from: '20:00', to: '08:00', leader: { name: '李四', email: 'li@example.org' } }, // 8:00 as a spreadsheet saves it
    ]);
  });

  it('reads the paused state and the escalation policy from their columns', () => {
    const header = [...HEADER, '启用 active', '升级策略 escalation', '重复提醒间隔 repeatEvery', '最多重复次数 maxRepeats'];
    const row = [...gate('g'), '否', 'PT0S onDuty,leader; PT30M secretary；PT2H committee, boss@example.org', 'PT2H', '5'];

    const { registrations, errors } = importCheckpointSheets([sheet('checkpoints', header, row)]);

    expect(errors).toEqual([]);
    expect(registrations[0]!.input.active).toBe(false);
    expect(registrations[0]!.input.escalation).toEqual({
      levels: [
        { after: 'PT0S', notify: ['onDuty', 'leader'] },
        { after: 'PT30M', notify: ['secretary'] },
        { after: 'PT2H', notify: ['committee', 'boss@example.org'] },
      ],
      repeatEvery: 'PT2H',
      maxRepeats: 5,
    });
  });
});

describe('headers', () => {
  const expected = importCheckpointSheets([sheet('checkpoints', HEADER, gate('g'))]).registrations;

  it('are matched by the Chinese part alone or the field name alone, in any order', () => {
    const header = ['leaderEmail', '卡点名称', 'schedule', '组长姓名', 'checkpointId', '时区', 'communityId', '宽限时间', 'leaderMobile'];
    const values = { leaderEmail: 'zhang@example.org', 卡点名称: 'g 卡点', schedule: 'PT2H', 组长姓名: '张三', checkpointId: 'g', 时区: 'Asia/Shanghai', communityId: 'yuyue', 宽限时间: 'PT15M', leaderMobile: '13800138000' };

    const { registrations, errors } = importCheckpointSheets([sheet('checkpoints', header, header.map((h) => values[h as keyof typeof values]))]);

    expect(errors).toEqual([]);
    expect(registrations).toEqual(expected);
  });

  it('are matched with surrounding whitespace, a BOM, another case or spaces inside the field name', () => {
    const header = ['\uFEFF卡点编号 checkpointId', '  社区编号  ', 'NAME', ' Schedule\t', 'grace', 'timezone', '组长姓名（leaderName）', 'Leader Mobile', '组长邮箱\nleaderEmail'];

    const { registrations, errors } = importCheckpointSheets([sheet('checkpoints', header, gate('g'))]);

    expect(errors).toEqual([]);
    expect(registrations).toEqual(expected);
  });

  it('may sit below blank rows; notes columns are ignored', () => {
    const { registrations, errors } = importCheckpointSheets([sheet('checkpoints', [], ['', ''], [...HEADER, '备注 notes'], [...gate('g'), '东门晚上锁'])]);

    expect(errors).toEqual([]);
    expect(registrations.map((registration) => registration.origin.row)).toEqual([4]);
    expect(registrations.map(({ input }) => input)).toEqual(expected.map(({ input }) => input));
  });
});

describe('the xlsx sheets', () => {
  const SHIFTS = ['卡点编号 checkpointId', '开始 from', '结束 to', '组长姓名 leaderName', '组长手机 leaderMobile', '组长邮箱 leaderEmail'];
  const CONTACTS = ['checkpointId', 'name', 'mobile', 'email'];

  it('attach shifts and further contacts to their checkpoint by id, whatever the row order', () => {
    const { registrations, errors } = importCheckpointSheets([
      sheet('contacts', CONTACTS, ['b', '王五', '13700137000', ''], ['a', '李四', '', 'li@example.org'], ['b', '赵六', '', 'zhao@example.org']),
      sheet('shifts', SHIFTS, ['b', '20:00', '08:00', '夜班', '13600136000', ''], ['a', '08:00', '20:00', '白班', '', 'day@example.org'], ['b', '08:00', '20:00', '白班', '', 'day@example.org']),
      sheet('checkpoints', HEADER, gate('b'), gate('a')),
    ]);

    expect(errors).toEqual([]);
    const byId = Object.fromEntries(registrations.map((registration) => [registration.checkpointId, registration.input]));
    expect(byId.a!.contacts.map((contact) => contact.name)).toEqual(['张三', '李四']);
    expect(byId.b!.contacts.map((contact) => contact.name)).toEqual(['张三', '王五', '赵六']);
    expect(byId.a!.shifts?.map((shift) => shift.leader.name)).toEqual(['白班']);
    expect(byId.b!.shifts?.map((shift) => shift.from)).toEqual(['20:00', '08:00']);
    expect(registrations.map((registration) => registration.checkpointId)).toEqual(['b', 'a']);
  });

  it('refuse a shift or contact whose checkpoint is not in the file, at its checkpointId cell', () => {
    const { errors, registrations } = importCheckpointSheets([
      sheet('checkpoints', HEADER, gate('a')),
      sheet('shifts', SHIFTS, ['a', '08:00', '20:00', '白班', '', 'day@example.org'], ['nope', '08:00', '20:00', '白班', '', 'day@example.org']),
      sheet('contacts', CONTACTS, [], ['', '李四', '', 'li@example.org']),
    ]);

    expect(errors).toEqual([
      { sheet: 'shifts', row: 3, column: 'checkpointId', message: expect.stringContaining('nope') },
      { sheet: 'contacts', row: 3, column: 'checkpointId', message: expect.stringContaining('required') },
    ]);
    expect(registrations).toHaveLength(1);
  });
});

describe('errors', () => {
  it('name a checkpoint id given twice at the second row', () => {
    const { errors } = importCheckpointSheets([sheet('checkpoints', HEADER, gate('a'), gate('b'), gate('a'))]);

    expect(errors).toEqual([{ sheet: 'checkpoints', row: 4, column: 'checkpointId', message: expect.stringContaining('row 2') }]);
  });

  it('check ids as the API does', () => {
    const { errors } = importCheckpointSheets([sheet('checkpoints', HEADER, gate('东门'), gate('ok', { communityId: 'bad id' }))]);

    expect(errors).toEqual([
      { sheet: 'checkpoints', row: 2, column: 'checkpointId', message: expect.stringContaining('letters, digits') },
      { sheet: 'checkpoints', row: 3, column: 'communityId', message: expect.stringContaining('letters, digits') },
    ]);
  });

  it('name a missing required column at the header row, and read no rows of that sheet', () => {
    const header = HEADER.filter((h) => !h.endsWith('schedule'));
    const { errors, registrations } = importCheckpointSheets([sheet('checkpoints', header, gate('a').filter((_, i) => HEADER[i] !== '报告周期 schedule'))]);

    expect(errors).toEqual([{ sheet: 'checkpoints', row: 1, column: 'schedule', message: '缺少“报告周期”列（schedule）' }]);
    expect(registrations).toEqual([]);
  });

  it('name an unknown column and a column given twice', () => {
    const { errors } = importCheckpointSheets([sheet('checkpoints', [...HEADER, '组长手机号 leaderPhone', 'name'], [...gate('a'), '1', 'x'])]);

    expect(errors).toEqual([
      { sheet: 'checkpoints', row: 1, column: '组长手机号 leaderPhone', message: expect.stringContaining('unknown column') },
      { sheet: 'checkpoints', row: 1, column: 'name', message: expect.stringContaining('twice') },
    ]);
  });

  it('point at the cell each schema issue is about, on whichever sheet it came from', () => {
    const header = [...HEADER, '升级策略 escalation', 'shift1From', 'shift1To', 'shift1LeaderName', 'shift1LeaderMobile'];
    const { errors, registrations } = importCheckpointSheets([
      sheet(
        'checkpoints',
        header,
        [...gate('a', { grace: 'P2D', leaderEmail: 'not-an-address' }), 'PT0S leader; PT30M boss', '25:00', '08:00', '夜班', '12345'],
        [...gate('b', { schedule: 'PT10S', leaderMobile: '', leaderEmail: '' }), '', '', '', '', ''],
        [...gate('c', { name: '' }), '', '', '', '', ''],
      ),
      sheet('shifts', ['checkpointId', 'from', 'to', 'leaderName', 'leaderEmail'], [], [], ['c', '08:00', '20:00', '白班', 'day@']),
      sheet('contacts', ['checkpointId', 'name', 'mobile', 'email'], ['b', '', '13900139000', '']),
    ]);

    expect(registrations).toEqual([]);
    expect(errors).toEqual([
      { sheet: 'checkpoints', row: 2, column: 'grace', message: expect.stringContaining('0秒到1天') },
      { sheet: 'checkpoints', row: 2, column: 'escalation', message: expect.stringMatching(/^第 2 级：“boss”不是可通知的对象：.*工作群/) },
      { sheet: 'checkpoints', row: 2, column: 'leaderEmail', message: expect.stringContaining('e-mail') },
      { sheet: 'checkpoints', row: 2, column: 'shift1From', message: expect.stringContaining('08:00') },
      { sheet: 'checkpoints', row: 2, column: 'shift1LeaderMobile', message: expect.stringContaining('mainland mobile') },
      { sheet: 'checkpoints', row: 3, column: 'schedule', message: expect.stringContaining('30秒到1天') },
      { sheet: 'checkpoints', row: 3, column: 'leaderEmail', message: expect.stringContaining('a mobile') },
      { sheet: 'checkpoints', row: 4, column: 'name', message: 'required' },
      { sheet: 'shifts', row: 4, column: 'leaderEmail', message: expect.stringContaining('e-mail') },
      { sheet: 'contacts', row: 2, column: 'name', message: 'required' },
    ]);
  });

  it('refuse a community given two zones, at the second row', () => {
    const { errors } = importCheckpointSheets([sheet('checkpoints', HEADER, gate('a'), gate('b', { timezone: 'Asia/Urumqi' }), gate('c', { timezone: 'UTC+8' }))]);

    expect(errors).toEqual([
      { sheet: 'checkpoints', row: 3, column: 'timezone', message: expect.stringContaining('row 2') },
      { sheet: 'checkpoints', row: 4, column: 'timezone', message: expect.stringContaining('IANA') },
    ]);
  });

  it('refuse an unreadable paused state and repeat settings without levels', () => {
    const { errors } = importCheckpointSheets([sheet('checkpoints', [...HEADER, 'active', 'repeatEvery'], [...gate('a'), 'maybe', 'PT1H'])]);

    expect(errors.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 2, column: 'active' },
      { row: 2, column: 'repeatEvery' },
    ]);
  });

  it('say so when there is no checkpoints sheet', () => {
    const { errors, registrations } = importCheckpointSheets([sheet('shifts', ['checkpointId', 'from', 'to', 'leaderName'], ['a', '08:00', '20:00', '白班'])]);

    expect(errors).toEqual([{ sheet: 'checkpoints', row: 1, column: '', message: expect.stringContaining('no checkpoints sheet') }]);
    expect(registrations).toEqual([]);
  });

  it('found later by the store (no such community, a contact refused) map to their cells too', () => {
    const [registration] = importCheckpointSheets([
      sheet('checkpoints', HEADER, gate('a')),
      sheet('contacts', ['checkpointId', 'name', 'email'], ['a', '李四', 'li@example.org']),
    ]).registrations;

    expect(errorAt(registration!, 'communityId', 'no community has this id')).toEqual({ sheet: 'checkpoints', row: 2, column: 'communityId', message: 'no community has this id' });
    expect(errorAt(registration!, 'contacts.1.email', 'bounced')).toEqual({ sheet: 'contacts', row: 2, column: 'email', message: 'bounced' });
    expect(errorAt(registration!, 'schedule.cron', 'never fires')).toMatchObject({ row: 2, column: 'schedule' });
    expect(errorAt(registration!, 'timezone', 'the community is in Asia/Urumqi')).toMatchObject({ row: 2, column: 'timezone' });
  });
});

describe('mobile', () => {
  it('is enough to reach a leader, without an e-mail', () => {
    const { registrations, errors } = importCheckpointSheets([sheet('checkpoints', HEADER, gate('a', { leaderEmail: '', leaderMobile: '+8613800138000' }))]);

    expect(errors).toEqual([]);
    expect(registrations[0]!.input.contacts).toEqual([{ name: '张三', mobile: '+8613800138000', role: 'leader' }]);
  });
});
