/**
 * Checkpoints as spreadsheet rows: the column model, sheets → registrations (the bodies
 * `PUT /checkpoints/{checkpointId}` takes, validated by that route's own schema) and registrations →
 * sheets, so that export → import gives back the same bodies. Pure: cells are strings here; bytes,
 * xlsx and CSV are adapters/spreadsheet.ts's.
 *
 * The sheets (docs/imports.md lists every column):
 * - `checkpoints`, one row per checkpoint: id, community, name, schedule, grace, timezone, active,
 *   the first contact (the leader: name, mobile, e-mail) and the escalation policy. Further contacts
 *   and shifts may follow on the same row in numbered columns (`contact2Name`…, `shift1From`…):
 *   that is how a CSV, one sheet, carries a whole registration, and how the CSV export is lossless.
 * - `shifts` and `contacts` (xlsx only): one row per shift or further contact, naming its checkpoint
 *   by id. A checkpoint's contacts are its row's leader, then its numbered contacts, then its rows on
 *   `contacts`, in that order; its shifts likewise. The xlsx export uses these sheets, the CSV export
 *   the numbered columns.
 *
 * A header is written in Chinese (`卡点编号`); the field name (`checkpointId`, in any case, spaces
 * ignored) names the column too, alone or beside it (`卡点编号 checkpointId`, as exports before
 * issue 18 wrote it), columns in any order. Headers starting with 备注 or `note` are notes and
 * ignored; any other unknown header is an error, so that nothing typed is silently dropped. Cells are
 * trimmed; an empty cell is an absent field, so the route's defaults apply (grace PT15M, active).
 *
 * Where the issue was silent:
 * - Durations, the schedule, the zone and the policy are in people's words, read and written by
 *   people-words.ts (`2小时`, `08:00、12:00、18:00`, `北京时间`, `立即 → 值班组长；30分钟后 → 社区书记`); the
 *   API's forms (`PT2H`, a cron, `Asia/Shanghai`, `PT0S onDuty,leader; PT30M secretary`) are read too.
 *   A refusal of one of them says in Chinese what is wrong and gives a value that works.
 * - `schedule` is one column: a list of times of day, a duration, or a cron of five fields (advanced).
 * - `active` is 是/否 (also true/false, yes/no, 1/0, 启用/暂停); empty is 是, as in PUT. An import
 *   sets what the file says: importing an old export resumes a checkpoint paused since. Pause reasons
 *   are not part of the registration and not in the sheet.
 * - `escalation` is one cell, levels separated by `；`, each `<when> → <who>`; `repeatEvery` and
 *   `maxRepeats` have their own columns and need the levels. Empty: no policy of its own (the
 *   community's applies).
 * - `timezone` is the community's zone (a checkpoint has none of its own): exported for reading,
 *   optional on import; when given it must be a zone and agree among the community's rows, and the
 *   registration carries it for the route to check against (or create) the community.
 * - Channels are not in the sheets: their URLs and secrets are write-only, so no export could carry
 *   them. Since a PUT replaces the registration, the route keeps a checkpoint's stored channels by
 *   listing them without `url` (domain/channels.ts keeps the stored URL and secret then).
 * - Shifts: a checkpoint with none has no `shifts`, so `shifts: []` comes back as absent.
 * - Every checkpoint contact is a `leader`, the only role the contract has: no role column.
 * - Shift times are `HH:mm`; `8:00` and `08:00:00`, as spreadsheet programs save a time, are read
 *   as `08:00`.
 * Rows are physical spreadsheet rows (1-based, the header's included), so an error names the cell a
 * person sees; `column` is the column's field name (`leaderMobile`), wherever it stands.
 */
import { echoed } from './echo';
import { durationInWords, levelsInWords, readDuration, readLevels, readSchedule, readZone, scheduleInWords, zoneInWords } from './people-words';
import { CheckpointBody, CheckpointPath } from './registration-schemas';

export const SHEET_NAMES = ['checkpoints', 'shifts', 'contacts'] as const;
export type SheetName = (typeof SHEET_NAMES)[number];

/** A sheet as cells: `rows[i]` is spreadsheet row i + 1. */
export interface Sheet {
  name: SheetName;
  rows: string[][];
}

export interface SheetError {
  sheet: SheetName;
  /** The spreadsheet row, from 1. */
  row: number;
  /** The column's field name (`schedule`, `shift2From`), or the header as written for an unknown column. */
  column: string;
  message: string;
}

/** The sheets' titles in a workbook, in Chinese (a tab named by its field name, `shifts`, is found too). */
export const SHEET_TITLES: Record<SheetName, string> = { checkpoints: '卡点', shifts: '班次', contacts: '联系人' };

/** Which sheet a workbook's tab is, by either part of its title. */
export const sheetNameOf = (title: string): SheetName | undefined => {
  const { latin, zh } = headerParts(title);
  return SHEET_NAMES.find((name) => latin === name.toLowerCase() || zh === headerParts(SHEET_TITLES[name]).zh);
};

// ---------------------------------------------------------------------------------------------
// The column model

interface ColumnSpec {
  /** The field name; `#` stands for the number of a numbered column (`shift#From`). */
  field: string;
  zh: string;
  /** Chinese headers this column had before, still read (a county's sheet made from an older template). */
  was?: readonly string[];
  required?: boolean;
  /** Numbered columns start here. */
  first?: number;
  /** What a person types there (the template's header notes, docs/imports.md). */
  hint: string;
}

const LEADER_HINT = '联系人至少有手机或邮箱之一';

export const COLUMNS: Record<SheetName, ColumnSpec[]> = {
  checkpoints: [
    { field: 'checkpointId', zh: '卡点编号', required: true, hint: '必填；字母、数字、- 和 _，至多 64 个' },
    { field: 'communityId', zh: '社区编号', required: true, hint: '必填；社区须已存在' },
    { field: 'name', zh: '卡点名称', required: true, hint: '必填' },
    { field: 'schedule', zh: '报告周期', required: true, hint: '必填；间隔如 2小时、30分钟，或每天的时刻如 08:00、12:00、18:00（少见的日程可写 cron，如 0 8 * * 1-5）' },
    { field: 'grace', zh: '宽限时间', hint: '如 15分钟、1小时（只写数字按分钟算）；空则 15分钟' },
    { field: 'timezone', zh: '时区', hint: '社区的时区，如 北京时间、乌鲁木齐时间，或 Asia/Shanghai；可空' },
    { field: 'active', zh: '启用', hint: '是 或 否（暂停）；空则 是' },
    { field: 'leaderName', zh: '组长姓名', hint: '卡点组长' },
    { field: 'leaderMobile', zh: '组长手机', hint: `11 位手机号或 +86…；${LEADER_HINT}` },
    { field: 'leaderEmail', zh: '组长邮箱', hint: LEADER_HINT },
    // 督办流程, as the console names it; the first templates said 升级策略.
    { field: 'escalation', zh: '督办流程', was: ['升级策略'], hint: '空则用社区的督办流程；如 立即 → 值班组长、卡点组长；30分钟后 → 社区书记；2小时后 → 大党委书记' },
    { field: 'repeatEvery', zh: '重复提醒间隔', hint: '有督办流程时可填，如 1小时；空则 1小时' },
    { field: 'maxRepeats', zh: '最多重复次数', hint: '有督办流程时可填，0–24；空则 3' },
    { field: 'contact#Name', zh: '联系人#姓名', first: 2, hint: '更多联系人（第 2 个起）' },
    { field: 'contact#Mobile', zh: '联系人#手机', first: 2, hint: LEADER_HINT },
    { field: 'contact#Email', zh: '联系人#邮箱', first: 2, hint: LEADER_HINT },
    { field: 'shift#From', zh: '班次#开始', first: 1, hint: '当地时间 HH:mm，如 08:00' },
    { field: 'shift#To', zh: '班次#结束', first: 1, hint: '当地时间 HH:mm，如 20:00' },
    { field: 'shift#LeaderName', zh: '班次#组长姓名', first: 1, hint: '值班组长' },
    { field: 'shift#LeaderMobile', zh: '班次#组长手机', first: 1, hint: LEADER_HINT },
    { field: 'shift#LeaderEmail', zh: '班次#组长邮箱', first: 1, hint: LEADER_HINT },
  ],
  shifts: [
    { field: 'checkpointId', zh: '卡点编号', required: true, hint: '必填；卡点表中的编号' },
    { field: 'from', zh: '开始', required: true, hint: '当地时间 HH:mm，如 08:00' },
    { field: 'to', zh: '结束', required: true, hint: '当地时间 HH:mm，如 20:00' },
    { field: 'leaderName', zh: '组长姓名', required: true, hint: '值班组长' },
    { field: 'leaderMobile', zh: '组长手机', hint: LEADER_HINT },
    { field: 'leaderEmail', zh: '组长邮箱', hint: LEADER_HINT },
  ],
  contacts: [
    { field: 'checkpointId', zh: '卡点编号', required: true, hint: '必填；卡点表中的编号' },
    { field: 'name', zh: '姓名', required: true, hint: '必填' },
    { field: 'mobile', zh: '手机', hint: LEADER_HINT },
    { field: 'email', zh: '邮箱', hint: LEADER_HINT },
  ],
};

/** A column's header as the template and the export write it: `卡点编号`, `班次2开始`. */
export const headerOf = (spec: ColumnSpec, n?: number): string => numbered(spec.zh, n);

const numbered = (text: string, n: number | undefined) => (n === undefined ? text : text.replace('#', String(n)));

const LATIN_WORD = /[A-Za-z][A-Za-z0-9]*/g;

/** A header split into its field-name part (lower case, spaces removed) and its Chinese part. */
const headerParts = (text: string) => ({
  latin: (text.match(LATIN_WORD) ?? []).join('').toLowerCase(),
  zh: text.replace(LATIN_WORD, '').replace(/[\s\uFEFF()（）[\]【】:：/|*＊]+/g, ''),
});

const specMatch = (spec: ColumnSpec, part: string, of: 'latin' | 'zh'): string | undefined => {
  const pattern = of === 'latin' ? spec.field.toLowerCase() : spec.zh;
  if (!pattern.includes('#')) return part === pattern || (of === 'zh' && spec.was?.includes(part)) ? spec.field : undefined;
  const [before, after] = pattern.split('#') as [string, string];
  if (!part.startsWith(before) || !part.endsWith(after)) return undefined;
  const digits = part.slice(before.length, part.length - after.length);
  if (!/^[1-9]\d{0,2}$/.test(digits) || Number(digits) < (spec.first ?? 1)) return undefined;
  return numbered(spec.field, Number(digits));
};

type HeaderKey = { kind: 'column'; field: string } | { kind: 'note' } | { kind: 'empty' } | { kind: 'unknown' } | { kind: 'ambiguous'; fields: string[] };

const headerKey = (sheet: SheetName, text: string): HeaderKey => {
  const { latin, zh } = headerParts(text);
  if (latin === '' && zh === '') return { kind: 'empty' };
  if (zh.startsWith('备注') || latin.startsWith('note')) return { kind: 'note' };
  const found = new Set<string>();
  for (const spec of COLUMNS[sheet]) {
    const byField = latin === '' ? undefined : specMatch(spec, latin, 'latin');
    const byZh = zh === '' ? undefined : specMatch(spec, zh, 'zh');
    if (byField) found.add(byField);
    if (byZh) found.add(byZh);
  }
  if (found.size === 0) return { kind: 'unknown' };
  if (found.size > 1) return { kind: 'ambiguous', fields: [...found] };
  return { kind: 'column', field: [...found][0]! };
};

const specOf = (sheet: SheetName, field: string): ColumnSpec | undefined =>
  COLUMNS[sheet].find((spec) => specMatch(spec, field.toLowerCase(), 'latin') === field);

/** Where a sheet's header is and which column holds which field (0-based column indexes). */
export const columnPositions = (sheet: Sheet): { headerRow: number; columns: Map<string, number> } => {
  const headerIndex = sheet.rows.findIndex((row) => !isBlank(row));
  const columns = new Map<string, number>();
  (sheet.rows[headerIndex] ?? []).forEach((text, index) => {
    const key = headerKey(sheet.name, text);
    if (key.kind === 'column' && !columns.has(key.field)) columns.set(key.field, index);
  });
  return { headerRow: headerIndex + 1, columns };
};

const isBlank = (row: string[]) => row.every((cell) => cell.trim() === '');

// ---------------------------------------------------------------------------------------------
// Sheets → registrations

/** Where a part of a registration came from: a row, and the column of each of its fields. */
export interface Origin {
  sheet: SheetName;
  row: number;
  columns: Partial<Record<'name' | 'mobile' | 'email' | 'from' | 'to', string>>;
}

export interface Registration {
  communityId: string;
  checkpointId: string;
  /** What `PUT /checkpoints/{checkpointId}` takes, as its schema returns it (defaults filled in). */
  input: CheckpointBody;
  /** The community's zone, when the row gives it. */
  timezone?: string;
  /** Where it came from, for errors found later (errorAt). */
  origin: { row: number; contacts: Origin[]; shifts: Origin[] };
}

export interface SheetImport {
  /** Checkpoint rows read (not blank). */
  rows: number;
  /** Only when there are no errors is every row here. */
  registrations: Registration[];
  errors: SheetError[];
}

interface SheetRecord {
  row: number;
  cells: Map<string, string>;
}

interface Draft {
  record: SheetRecord;
  checkpointId: string;
  valid: boolean;
  contacts: { raw: Record<string, unknown>; origin: Origin }[];
  shifts: { raw: Record<string, unknown>; origin: Origin }[];
}

/** Reads the sheets into registrations, or says what is wrong and where. */
export const importCheckpointSheets = (sheets: readonly Sheet[]): SheetImport => {
  const errors: SheetError[] = [];
  const records = new Map<SheetName, SheetRecord[]>();
  for (const name of SHEET_NAMES) {
    const sheet = sheets.find((candidate) => candidate.name === name);
    if (!sheet) {
      if (name === 'checkpoints') errors.push({ sheet: name, row: 1, column: '', message: 'there is no checkpoints sheet' });
      continue;
    }
    const read = readRecords(sheet);
    errors.push(...read.errors);
    if (read.records) records.set(name, read.records);
  }
  const checkpointRows = records.get('checkpoints');
  if (!checkpointRows) return { rows: 0, registrations: [], errors };

  const drafts = new Map<string, Draft>();
  for (const record of checkpointRows) {
    const checkpointId = record.cells.get('checkpointId') ?? '';
    const draft = draftOf(record, errors);
    const earlier = drafts.get(checkpointId);
    if (earlier) {
      errors.push({ sheet: 'checkpoints', row: record.row, column: 'checkpointId', message: `checkpoint ${echoed(checkpointId)} is already in row ${earlier.record.row}` });
      continue;
    }
    if (checkpointId !== '') drafts.set(checkpointId, draft);
  }
  attach(records.get('shifts') ?? [], 'shifts', drafts, errors);
  attach(records.get('contacts') ?? [], 'contacts', drafts, errors);

  const registrations: Registration[] = [];
  const zones = new Map<string, { zone: string; row: number }>();
  const zoneOf = zoneReader();
  for (const draft of drafts.values()) {
    const registration = registrationOf(draft, zoneOf, errors);
    if (!registration) continue;
    if (registration.timezone !== undefined) {
      const earlier = zones.get(registration.communityId);
      if (earlier && earlier.zone !== registration.timezone) {
        errors.push({ sheet: 'checkpoints', row: draft.record.row, column: 'timezone', message: `community ${registration.communityId} is given the zone ${earlier.zone} in row ${earlier.row}` });
        continue;
      }
      if (!earlier) zones.set(registration.communityId, { zone: registration.timezone, row: draft.record.row });
    }
    registrations.push(registration);
  }
  errors.sort((a, b) => SHEET_NAMES.indexOf(a.sheet) - SHEET_NAMES.indexOf(b.sheet) || a.row - b.row);
  return { rows: checkpointRows.length, registrations, errors };
};

/** The sheet's header and its non-blank rows, as field → trimmed cell; no records when a required column is missing. */
const readRecords = (sheet: Sheet): { records?: SheetRecord[]; errors: SheetError[] } => {
  const errors: SheetError[] = [];
  const headerIndex = sheet.rows.findIndex((row) => !isBlank(row));
  const headerRow = headerIndex + 1;
  if (headerIndex < 0) {
    // An empty shifts or contacts sheet is no shifts or contacts; an empty checkpoints sheet is no file.
    return sheet.name === 'checkpoints' ? { errors: [{ sheet: sheet.name, row: 1, column: '', message: 'the checkpoints sheet is empty' }] } : { records: [], errors };
  }
  const header = sheet.rows[headerIndex]!;
  const body = sheet.rows.slice(headerIndex + 1);
  const fields = new Map<number, string>();
  const seen = new Map<string, number>();
  header.forEach((text, index) => {
    const key = headerKey(sheet.name, text);
    const at = { sheet: sheet.name, row: headerRow };
    if (key.kind === 'column') {
      const earlier = seen.get(key.field);
      if (earlier !== undefined) errors.push({ ...at, column: key.field, message: `the column ${key.field} appears twice (column ${columnLetter(earlier)} and ${columnLetter(index)})` });
      else {
        seen.set(key.field, index);
        fields.set(index, key.field);
      }
    } else if (key.kind === 'unknown') {
      errors.push({ ...at, column: echoed(text.trim()), message: `unknown column "${echoed(text.trim())}" (column ${columnLetter(index)}): the columns are listed in docs/imports.md; headers starting with 备注 or note are ignored` });
    } else if (key.kind === 'ambiguous') {
      errors.push({ ...at, column: echoed(text.trim()), message: `the header "${echoed(text.trim())}" names several columns: ${key.fields.join(', ')}` });
    } else if (key.kind === 'empty' && body.some((row) => (row[index] ?? '').trim() !== '')) {
      errors.push({ ...at, column: '', message: `column ${columnLetter(index)} has cells but no header` });
    }
  });
  const missing = COLUMNS[sheet.name].filter((spec) => spec.required && !seen.has(spec.field));
  for (const spec of missing) errors.push({ sheet: sheet.name, row: headerRow, column: spec.field, message: `缺少“${headerOf(spec)}”列（${spec.field}）` });
  if (missing.length > 0) return { errors };

  const records: SheetRecord[] = [];
  body.forEach((row, offset) => {
    if (isBlank(row)) return;
    const cells = new Map<string, string>();
    for (const [index, field] of fields) {
      const cell = (row[index] ?? '').trim();
      if (cell !== '') cells.set(field, cell);
    }
    records.push({ row: headerRow + 1 + offset, cells });
  });
  return { records, errors };
};

export const columnLetter = (index: number): string => {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
};

const draftOf = (record: SheetRecord, errors: SheetError[]): Draft => {
  const checkpointId = record.cells.get('checkpointId') ?? '';
  const path = CheckpointPath.safeParse({ checkpointId });
  if (!path.success) {
    errors.push({ sheet: 'checkpoints', row: record.row, column: 'checkpointId', message: checkpointId === '' ? 'required' : (path.error.issues[0]?.message ?? 'not an id') });
  }
  const draft: Draft = { record, checkpointId, valid: path.success, contacts: [], shifts: [] };
  const person = (columns: Origin['columns']) => {
    const raw: Record<string, unknown> = {};
    for (const part of ['name', 'mobile', 'email'] as const) {
      const value = record.cells.get(columns[part]!);
      if (value !== undefined) raw[part] = value;
    }
    return raw;
  };
  const leader = { name: 'leaderName', mobile: 'leaderMobile', email: 'leaderEmail' };
  if (Object.values(leader).some((column) => record.cells.has(column))) {
    draft.contacts.push({ raw: { ...person(leader), role: 'leader' }, origin: { sheet: 'checkpoints', row: record.row, columns: leader } });
  }
  for (const n of numbersOf(record, /^contact(\d+)(?:Name|Mobile|Email)$/)) {
    const columns = { name: `contact${n}Name`, mobile: `contact${n}Mobile`, email: `contact${n}Email` };
    draft.contacts.push({ raw: { ...person(columns), role: 'leader' }, origin: { sheet: 'checkpoints', row: record.row, columns } });
  }
  for (const n of numbersOf(record, /^shift(\d+)(?:From|To|LeaderName|LeaderMobile|LeaderEmail)$/)) {
    const columns = { from: `shift${n}From`, to: `shift${n}To`, name: `shift${n}LeaderName`, mobile: `shift${n}LeaderMobile`, email: `shift${n}LeaderEmail` };
    draft.shifts.push({ raw: shiftOf(record.cells, columns, person(columns)), origin: { sheet: 'checkpoints', row: record.row, columns } });
  }
  return draft;
};

/** The numbers of a row's filled numbered columns, in order. */
const numbersOf = (record: SheetRecord, pattern: RegExp): number[] =>
  [...new Set([...record.cells.keys()].flatMap((field) => pattern.exec(field)?.[1] ?? []).map(Number))].sort((a, b) => a - b);

const shiftOf = (cells: Map<string, string>, columns: Origin['columns'], leader: Record<string, unknown>): Record<string, unknown> => {
  const raw: Record<string, unknown> = { leader };
  const from = cells.get(columns.from!);
  const to = cells.get(columns.to!);
  if (from !== undefined) raw.from = localTime(from);
  if (to !== undefined) raw.to = localTime(to);
  return raw;
};

/** `8:00` and `08:00:00`, as spreadsheet programs save a time, are `08:00`; anything else is left for the schema to refuse. */
const localTime = (cell: string): string => {
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec(cell);
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : cell;
};

const attach = (records: SheetRecord[], sheet: 'shifts' | 'contacts', drafts: Map<string, Draft>, errors: SheetError[]) => {
  const columns: Origin['columns'] = sheet === 'shifts' ? { from: 'from', to: 'to', name: 'leaderName', mobile: 'leaderMobile', email: 'leaderEmail' } : { name: 'name', mobile: 'mobile', email: 'email' };
  for (const record of records) {
    const checkpointId = record.cells.get('checkpointId') ?? '';
    const draft = drafts.get(checkpointId);
    if (!draft) {
      const message = checkpointId === '' ? 'required: the checkpoint this row belongs to' : `no checkpoint ${echoed(checkpointId)} in the checkpoints sheet`;
      errors.push({ sheet, row: record.row, column: 'checkpointId', message });
      continue;
    }
    const person: Record<string, unknown> = {};
    for (const part of ['name', 'mobile', 'email'] as const) {
      const value = record.cells.get(columns[part]!);
      if (value !== undefined) person[part] = value;
    }
    const origin = { sheet, row: record.row, columns };
    if (sheet === 'shifts') draft.shifts.push({ raw: shiftOf(record.cells, columns, person), origin });
    else draft.contacts.push({ raw: { ...person, role: 'leader' }, origin });
  }
};

const ACTIVE: Record<string, boolean> = { 是: true, 否: false, 启用: true, 暂停: false, true: true, false: false, yes: true, no: false, y: true, n: false, 1: true, 0: false };

type ZoneReader = typeof readZone;

/** The zone read once per distinct text: it asks the runtime's zone data (0.1 ms a call; a county has one zone). */
const zoneReader = (): ZoneReader => {
  const read = new Map<string, ReturnType<ZoneReader>>();
  return (text) => {
    if (!read.has(text)) read.set(text, readZone(text));
    return read.get(text)!;
  };
};

const registrationOf = (draft: Draft, zoneOf: ZoneReader, errors: SheetError[]): Registration | undefined => {
  const { record } = draft;
  const cells = record.cells;
  const cellErrors: SheetError[] = [];
  const at = (column: string, message: string) => cellErrors.push({ sheet: 'checkpoints', row: record.row, column, message });

  const raw: Record<string, unknown> = { contacts: draft.contacts.map((contact) => contact.raw) };
  for (const field of ['name', 'communityId'] as const) {
    const value = cells.get(field);
    if (value !== undefined) raw[field] = value;
  }
  const grace = cells.get('grace');
  if (grace !== undefined) {
    const read = readDuration(grace, 'grace');
    if ('value' in read) raw.grace = read.value;
    else at('grace', read.problem);
  }
  const schedule = cells.get('schedule');
  if (schedule !== undefined) {
    const read = readSchedule(schedule);
    if ('value' in read) raw.schedule = read.value;
    else at('schedule', read.problem);
  }
  const active = cells.get('active');
  if (active !== undefined) {
    const flag = ACTIVE[active.toLowerCase()];
    if (flag === undefined) at('active', '是 or 否 (true or false)');
    else raw.active = flag;
  }
  if (draft.shifts.length > 0) raw.shifts = draft.shifts.map((shift) => shift.raw);
  const escalation = escalationOf(cells, at);
  if (escalation) raw.escalation = escalation;

  let timezone: string | undefined;
  const zone = cells.get('timezone');
  if (zone !== undefined) {
    const read = zoneOf(zone);
    if ('value' in read) timezone = read.value;
    else at('timezone', read.problem);
  }

  const origin = { row: record.row, contacts: draft.contacts.map((contact) => contact.origin), shifts: draft.shifts.map((shift) => shift.origin) };
  const parsed = CheckpointBody.safeParse(raw);
  if (!parsed.success) {
    // A cell refused in people's words is not refused again by the schema (for being absent).
    const refused = new Set(cellErrors.map((error) => error.column));
    for (const issue of parsed.error.issues) {
      const error = locate(origin, issue.path, messageOf(issue, raw));
      if (!(error.sheet === 'checkpoints' && refused.has(error.column))) cellErrors.push(error);
    }
  }
  errors.push(...cellErrors);
  if (!parsed.success || cellErrors.length > 0 || !draft.valid) return undefined;
  return { communityId: parsed.data.communityId, checkpointId: draft.checkpointId, input: parsed.data, ...(timezone !== undefined && { timezone }), origin };
};

const escalationOf = (cells: Map<string, string>, at: (column: string, message: string) => void): Record<string, unknown> | undefined => {
  const text = cells.get('escalation');
  const repeatEvery = cells.get('repeatEvery');
  const maxRepeats = cells.get('maxRepeats');
  if (text === undefined) {
    if (repeatEvery !== undefined) at('repeatEvery', 'give the escalation levels too');
    if (maxRepeats !== undefined) at('maxRepeats', 'give the escalation levels too');
    return undefined;
  }
  const levels = readLevels(text);
  if ('problem' in levels) at('escalation', levels.problem);
  const escalation: Record<string, unknown> = { levels: 'value' in levels ? levels.value : [] };
  if (repeatEvery !== undefined) {
    const read = readDuration(repeatEvery, 'repeatEvery');
    if ('value' in read) escalation.repeatEvery = read.value;
    else at('repeatEvery', read.problem);
  }
  if (maxRepeats !== undefined) {
    if (/^\d+$/.test(maxRepeats)) escalation.maxRepeats = Number(maxRepeats);
    else at('maxRepeats', 'a whole number from 0 to 24');
  }
  return escalation;
};

type Issue = NonNullable<ReturnType<typeof CheckpointBody.safeParse>['error']>['issues'][number];

/** The contract's message, or a plainer one where zod's is generic. */
const messageOf = (issue: Issue, raw: unknown): string => {
  if (issue.code === 'invalid_union') {
    // A notify target is a role, an address or a channel: the last branch's message names all three.
    const branches = issue.errors.flat().filter((inner) => inner.code !== 'unrecognized_keys' && inner.code !== 'invalid_type');
    const last = branches.at(-1);
    if (last) return messageOf(last, undefined);
  }
  if (issue.code === 'invalid_type' && raw !== undefined && valueAt(raw, issue.path) === undefined) return 'required';
  if (issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_format':
      return issue.format === 'email' ? 'not an e-mail address such as name@example.org' : `not a valid ${issue.format}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}${issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}${issue.origin === 'array' ? ' entries' : issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    default:
      return issue.message;
  }
};

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);

/** A path of the checkpoint body (as the schema or the store names it) → the cell it came from. */
const locate = (origin: Registration['origin'], path: readonly PropertyKey[], message: string): SheetError => {
  const row = { sheet: 'checkpoints' as const, row: origin.row };
  const [head, index, field, leaderField] = path;
  switch (head) {
    case 'name':
    case 'communityId':
    case 'grace':
    case 'active':
    case 'schedule':
    case 'timezone':
      return { ...row, column: head, message };
    case 'escalation': {
      if (index === 'repeatEvery' || index === 'maxRepeats') return { ...row, column: index, message };
      const level = typeof field === 'number' ? `level ${field + 1}: ` : '';
      const target = path[3] === 'notify' && typeof path[4] === 'number' ? `target ${path[4] + 1}: ` : '';
      const detail = path[3] === 'after' ? 'after: ' : '';
      return { ...row, column: 'escalation', message: `${level}${target}${detail}${message}` };
    }
    case 'contacts':
    case 'shifts': {
      const part = typeof index === 'number' ? (head === 'contacts' ? origin.contacts : origin.shifts)[index] : undefined;
      if (!part) return { ...row, column: 'checkpointId', message: `${head}: ${message}` };
      const key = (head === 'shifts' && field === 'leader' ? leaderField : field) as keyof Origin['columns'] | undefined;
      const column = (key !== undefined && part.columns[key]) || part.columns.name || 'checkpointId';
      return { sheet: part.sheet, row: part.row, column, message };
    }
    default:
      return { ...row, column: 'checkpointId', message };
  }
};

/**
 * An error the route finds after the sheets were read (the store's checks: no such community, a cron
 * that never fires, a channel to keep), at the cell it came from. `path` as the API names it:
 * `schedule.cron`, `contacts.1.email`.
 */
export const errorAt = (registration: Registration, path: string | readonly PropertyKey[], message: string): SheetError =>
  locate(registration.origin, typeof path === 'string' ? path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)) : path, message);

// ---------------------------------------------------------------------------------------------
// Registrations → sheets

export interface ExportedCheckpoint {
  checkpointId: string;
  input: CheckpointBody;
  /** The community's zone. */
  timezone?: string;
}

/**
 * The sheets of an export. `workbook`: the checkpoints sheet with the leader, and every further
 * contact and shift on the contacts and shifts sheets. `csv`: one sheet, further contacts and shifts
 * in numbered columns, as many as the checkpoints need.
 */
export const checkpointSheets = (checkpoints: readonly ExportedCheckpoint[], layout: 'workbook' | 'csv'): Sheet[] => {
  const base = COLUMNS.checkpoints.filter((spec) => spec.first === undefined);
  const baseRow = ({ checkpointId, input, timezone }: ExportedCheckpoint): string[] => {
    const leader = input.contacts[0];
    const values: Record<string, string | undefined> = {
      checkpointId,
      communityId: input.communityId,
      name: input.name,
      schedule: scheduleInWords(input.schedule),
      grace: durationInWords(input.grace),
      timezone: timezone && zoneInWords(timezone),
      active: input.active ? '是' : '否',
      leaderName: leader?.name,
      leaderMobile: leader?.mobile,
      leaderEmail: leader?.email,
      escalation: input.escalation && levelsInWords(input.escalation.levels),
      repeatEvery: input.escalation && durationInWords(input.escalation.repeatEvery),
      maxRepeats: input.escalation && String(input.escalation.maxRepeats),
    };
    return base.map((spec) => values[spec.field] ?? '');
  };

  if (layout === 'csv') {
    const contactCount = Math.max(1, ...checkpoints.map(({ input }) => input.contacts.length));
    const shiftCount = Math.max(0, ...checkpoints.map(({ input }) => input.shifts?.length ?? 0));
    const family = (prefix: 'contact#' | 'shift#') => COLUMNS.checkpoints.filter((spec) => spec.field.startsWith(prefix));
    const header = [...base.map((spec) => headerOf(spec))];
    for (let n = 2; n <= contactCount; n += 1) header.push(...family('contact#').map((spec) => headerOf(spec, n)));
    for (let n = 1; n <= shiftCount; n += 1) header.push(...family('shift#').map((spec) => headerOf(spec, n)));
    const rows = checkpoints.map((checkpoint) => {
      const row = baseRow(checkpoint);
      const { contacts, shifts = [] } = checkpoint.input;
      for (let n = 2; n <= contactCount; n += 1) {
        const contact = contacts[n - 1];
        row.push(contact?.name ?? '', contact?.mobile ?? '', contact?.email ?? '');
      }
      for (let n = 1; n <= shiftCount; n += 1) row.push(...shiftCells(shifts[n - 1]));
      return row;
    });
    return [{ name: 'checkpoints', rows: [header, ...rows] }];
  }

  const headers = (sheet: SheetName) => COLUMNS[sheet].map((spec) => headerOf(spec));
  return [
    { name: 'checkpoints', rows: [base.map((spec) => headerOf(spec)), ...checkpoints.map(baseRow)] },
    { name: 'shifts', rows: [headers('shifts'), ...checkpoints.flatMap(({ checkpointId, input }) => (input.shifts ?? []).map((shift) => [checkpointId, ...shiftCells(shift)]))] },
    {
      name: 'contacts',
      rows: [headers('contacts'), ...checkpoints.flatMap(({ checkpointId, input }) => input.contacts.slice(1).map((contact) => [checkpointId, contact.name, contact.mobile ?? '', contact.email ?? '']))],
    },
  ];
};

const shiftCells = (shift: NonNullable<CheckpointBody['shifts']>[number] | undefined): string[] =>
  shift ? [shift.from, shift.to, shift.leader.name, shift.leader.mobile ?? '', shift.leader.email ?? ''] : ['', '', '', '', ''];

/** The template's example: replaced or deleted before an import (community `example` does not exist, so a forgotten one is refused). */
export const EXAMPLE_CHECKPOINT: ExportedCheckpoint = {
  checkpointId: 'example-1',
  timezone: 'Asia/Shanghai',
  input: {
    name: '幸福家园东门卡点',
    communityId: 'example',
    schedule: { every: 'PT2H' },
    grace: 'PT15M',
    active: true,
    contacts: [
      { name: '张三', mobile: '13800138000', email: 'zhangsan@example.org', role: 'leader' },
      { name: '李四', mobile: '13900139000', role: 'leader' },
    ],
    shifts: [
      { from: '08:00', to: '20:00', leader: { name: '张三', mobile: '13800138000' } },
      { from: '20:00', to: '08:00', leader: { name: '李四', mobile: '13900139000' } },
    ],
  },
};

/** The template: the headers and the example row; the CSV's shows the numbered columns with one shift. */
export const templateSheets = (layout: 'workbook' | 'csv'): Sheet[] => {
  if (layout === 'workbook') return checkpointSheets([EXAMPLE_CHECKPOINT], 'workbook');
  const { input } = EXAMPLE_CHECKPOINT;
  return checkpointSheets([{ ...EXAMPLE_CHECKPOINT, input: { ...input, contacts: input.contacts.slice(0, 1), shifts: input.shifts?.slice(0, 1) } }], 'csv');
};

/** The hint of a header's column (the template's header notes). */
export const hintOf = (sheet: SheetName, header: string): string | undefined => {
  const key = headerKey(sheet, header);
  return key.kind === 'column' ? specOf(sheet, key.field)?.hint : undefined;
};
