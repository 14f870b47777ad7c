/**
 * Durations, times of day, time zones and escalation policies as people write them — `2小时`,
 * `08:00、12:00、18:00`, `北京时间`, `立即 → 值班组长；30分钟后 → 社区书记` — read into what the API takes
 * (ISO 8601 durations, a cron, an IANA zone, a policy's levels) and written back the people's way. The
 * console's forms and the spreadsheet read and write them here, so both take the same words; the API
 * keeps ISO 8601 and cron as its wire format, and these readers take those too.
 *
 * The rules (docs/imports.md states them for the sheet; test/domain/people-words.property.test.ts tests
 * them against a model of the statement):
 * - A duration is ISO 8601 (`PT2H`, any case), or one or more `<number><unit>` parts, largest unit
 *   first, each unit once, spaces anywhere between: 周/星期 (w, week), 天/日 (d, day), 小时/个小时/钟头
 *   (h, hr, hour), 分钟/分 (m, min, minute), 秒/秒钟 (s, sec, second) — Latin units in any case, with
 *   or without a plural s. A number is digits (full-width ones too), a decimal point allowed. No time
 *   at all is PT0S. Where a field counts in minutes (grace, a level's delay, the repeat), a bare number
 *   is minutes.
 * - A list of times of day is one or more local times — `8:00`, `08:00`, `08:00:00`, `8点`, `8点半`,
 *   `8点30分` — separated by 、 , ， ; ； or spaces. It is a daily schedule with a slot ending at each
 *   time, kept as the cron that fires then (`0 8,12,18 * * *`): a daily cron fires at every minute of
 *   its minute list in every hour of its hour list, so a list whose times do not make such a grid
 *   (07:30 and 12:00) cannot be one cron and is refused with a grid that can (07:30、12:30).
 * - A zone is a common name (北京时间, 乌鲁木齐时间, 香港时间, … with or without 时间) or an IANA name.
 * - A policy is levels separated by ； ; or line breaks, each `<when> → <who>`: when is 立即 or a
 *   duration followed by 后, who the roles by name (值班组长, 卡点组长, 社区书记, 大党委书记), e-mail
 *   addresses or `工作群:<id>`, separated by 、 , ， or spaces. The API's own words are taken too:
 *   `PT0S onDuty,leader; PT30M secretary`.
 *
 * - What shows as nothing (Unicode's default-ignorable characters: a zero-width space, a BOM) is dropped
 *   before reading: nothing read here is stored as typed.
 *
 * Every writer writes what its reader reads back exactly (the same ISO text, the same cron), falling
 * back to the stored form where the words could not say it exactly (`PT0,5H`, `00 08 * * *`): an export
 * read back in is unchanged.
 */
import { DURATION_LIMITS, NotifyTarget, type DurationField } from './registration-schemas';
import { canonicalTimeZone, durationFields, durationMs } from './time';

/** What a reader gives: the value, or why not in Chinese with a value that would work. */
export type Read<T> = { value: T } | { problem: string };

/**
 * What shows as nothing (a zero-width space or word joiner a paste from a chat leaves, a BOM): no part of
 * the words people see. Nothing read here is stored as typed, so it is dropped, not refused: a refusal
 * would quote “2小时” back as no duration. Free text keeps refusing them (text.ts), where they would be stored.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const seen = (text: string): string => text.replace(INVISIBLE, '');

const FULL_WIDTH_DIGIT = /[０-９．：]/g;
/** Full-width digits, point and colon (what a Chinese IME types) as ASCII; what shows as nothing dropped. */
const halfWidth = (text: string): string => seen(text).replace(FULL_WIDTH_DIGIT, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));

// ---------------------------------------------------------------------------------------------
// Durations

/** The ISO designators in order, with the words people write for each (the first is what is written back). */
const UNITS = [
  { designator: 'W', words: ['周', '星期', '个星期', 'weeks', 'week', 'wks', 'wk', 'w'] },
  { designator: 'D', words: ['天', '日', 'days', 'day', 'd'] },
  { designator: 'H', words: ['小时', '个小时', '钟头', '个钟头', 'hours', 'hour', 'hrs', 'hr', 'h'] },
  { designator: 'M', words: ['分钟', '分', 'minutes', 'minute', 'mins', 'min', 'm'] },
  { designator: 'S', words: ['秒', '秒钟', 'seconds', 'second', 'secs', 'sec', 's'] },
] as const;

type Designator = (typeof UNITS)[number]['designator'];
const unitOf = (word: string): number => UNITS.findIndex((unit) => (unit.words as readonly string[]).includes(word.toLowerCase()));

const NUMBER = '\\d{1,9}(?:\\.\\d{1,9})?';
const PART = new RegExp(`(${NUMBER})\\s*([^\\d\\s.]+)`, 'gy');

/** A number as ISO writes it: `02` → `2`, `1.50` → `1.5`. */
const plain = (digits: string): string => {
  const [whole = '0', fraction = ''] = digits.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole.replace(/^0+(?=\d)/, '')}${trimmed ? `.${trimmed}` : ''}`;
};

/** The ISO text of the parts; no time at all is PT0S, whatever unit said so (`0`, `0分钟`), as the API's records hold it. */
const isoOf = (parts: Partial<Record<Designator, string>>): string => {
  if (Object.values(parts).every((number) => Number(number) === 0)) return 'PT0S';
  const date = (['W', 'D'] as const).map((d) => (parts[d] !== undefined ? `${parts[d]}${d}` : '')).join('');
  const time = (['H', 'M', 'S'] as const).map((d) => (parts[d] !== undefined ? `${parts[d]}${d}` : '')).join('');
  return `P${date}${time ? `T${time}` : ''}`;
};

/**
 * A duration as people write it, as ISO 8601 (`2小时` → `PT2H`, `1小时30分` → `PT1H30M`, `pt2h` →
 * `PT2H`); undefined when it is none. `bareMinutes`: a number alone is minutes (`15` → `PT15M`).
 */
export const durationFromWords = (text: string, options: { bareMinutes?: boolean } = {}): string | undefined => {
  const compact = halfWidth(text).trim();
  if (compact === '') return undefined;
  if (/^p/i.test(compact)) {
    const iso = compact.toUpperCase();
    return durationMs(iso) === undefined ? undefined : iso;
  }
  if (options.bareMinutes && new RegExp(`^${NUMBER}$`).test(compact)) return isoOf({ M: plain(compact) });
  const parts: Partial<Record<Designator, string>> = {};
  let last = -1;
  let at = 0;
  for (;;) {
    while (/\s/.test(compact[at] ?? '')) at += 1;
    if (at === compact.length) break;
    PART.lastIndex = at;
    const match = PART.exec(compact);
    if (!match) return undefined;
    const unit = unitOf(match[2]!);
    // Largest unit first, each once: `30分钟2小时` is not a duration people mean.
    if (unit <= last) return undefined;
    last = unit;
    parts[UNITS[unit]!.designator] = plain(match[1]!);
    at = PART.lastIndex;
  }
  return last < 0 ? undefined : isoOf(parts);
};

/** An ISO duration in people's words (`PT1H30M` → `1小时30分钟`), or as it is when the words would not read back to it exactly. */
export const durationInWords = (iso: string): string => {
  const fields = durationFields(iso);
  if (!fields) return iso;
  const words = fields.map((number, i) => (number === undefined ? '' : `${number}${UNITS[i]!.words[0]}`)).join('');
  return words !== '' && durationFromWords(words) === iso ? words : iso;
};

/** A level's delay of none, as people say it. */
const IMMEDIATELY = ['立即', '马上', '立刻', '即时'];

/** A field's example, for a refusal to show a value that works. */
const DURATION_EXAMPLES: Record<DurationField, string> = { every: '2小时', grace: '15分钟', after: '30分钟', repeatEvery: '1小时' };

/** What a field is called in the refusals. */
const DURATION_NAMES: Record<DurationField, string> = { every: '报告间隔', grace: '宽限时间', after: '升级等待时间', repeatEvery: '重复提醒间隔' };

/** A duration field's text read and checked against its limits (registration-schemas.ts): the ISO text, or why not. A level's delay may be 立即. */
export const readDuration = (typed: string, field: DurationField): Read<string> => {
  const text = seen(typed);
  if (field === 'after' && IMMEDIATELY.includes(text.trim())) return { value: 'PT0S' };
  const bareMinutes = field !== 'every';
  const iso = durationFromWords(field === 'every' ? text.trim().replace(/^每隔?/, '') : text, { bareMinutes });
  const example = DURATION_EXAMPLES[field];
  const { min, max } = DURATION_LIMITS[field];
  const range = `${durationInWords(isoOfMs(min))}到${durationInWords(isoOfMs(max))}`;
  if (iso === undefined) {
    const examples = [...new Set([example, '30分钟', '90分', '1天'])].join('、');
    return { problem: `“${text.trim()}”不是时长：请写如 ${examples}${bareMinutes ? '（只写数字按分钟算）' : ''}，${DURATION_NAMES[field]}须在${range}之间` };
  }
  const ms = durationMs(iso)!;
  if (ms < min || ms > max) return { problem: `${DURATION_NAMES[field]}须在${range}之间，如 ${example}` };
  return { value: iso };
};

/** Whole milliseconds as the ISO duration people's words say: 30 000 → PT30S, 86 400 000 → P1D. */
const isoOfMs = (ms: number): string => {
  if (ms === 0) return 'PT0S';
  if (ms % 86_400_000 === 0) return `P${ms / 86_400_000}D`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return isoOf({ ...(hours > 0 && { H: String(hours) }), ...(minutes > 0 && { M: String(minutes) }), ...(seconds > 0 && { S: String(seconds) }) });
};

// ---------------------------------------------------------------------------------------------
// Times of day

const TIME = /^(\d{1,2})(?::(\d{2})(?::00)?|点(?:(半)|(\d{1,2})分?)?)$/;

/** `8:00`, `08:00:00`, `8点`, `8点半`, `8点30分` as minutes into the day; undefined when none. */
const minutesOfTime = (text: string): number | undefined => {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = match[3] ? 30 : Number(match[2] ?? match[4] ?? 0);
  return hour < 24 && minute < 60 ? hour * 60 + minute : undefined;
};

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** A list of times of day (`08:00、12:00、18:00`, with commas or spaces too) as sorted `HH:mm`; undefined when it is none. */
export const timesFromWords = (text: string): string[] | undefined => {
  const items = halfWidth(text)
    .trim()
    .split(/\s*[、,，;；]\s*|\s+/)
    .filter((item) => item !== '');
  if (items.length === 0) return undefined;
  const minutes = items.map(minutesOfTime);
  if (minutes.some((minute) => minute === undefined)) return undefined;
  return [...new Set(minutes as number[])].sort((a, b) => a - b).map(hhmm);
};

/** Times of day as a daily cron (`0 8,12,18 * * *`); undefined when no one cron fires at exactly them (their minutes and hours are no grid). */
export const cronOfTimes = (times: readonly string[]): string | undefined => {
  const pairs = times.map((time) => time.split(':').map(Number) as [number, number]);
  const hours = [...new Set(pairs.map(([hour]) => hour))].sort((a, b) => a - b);
  const minutes = [...new Set(pairs.map(([, minute]) => minute))].sort((a, b) => a - b);
  if (hours.length * minutes.length !== new Set(times).size) return undefined;
  return `${minutes.join(',')} ${hours.join(',')} * * *`;
};

/** A daily cron as its times of day, when it is exactly what cronOfTimes makes of them (the people's form of it); else undefined. */
export const timesOfCron = (cron: string): string[] | undefined => {
  const match = /^(\d{1,2}(?:,\d{1,2})*) (\d{1,2}(?:,\d{1,2})*) \* \* \*$/.exec(cron);
  if (!match) return undefined;
  const minutes = match[1]!.split(',').map(Number);
  const hours = match[2]!.split(',').map(Number);
  if (minutes.some((minute) => minute > 59) || hours.some((hour) => hour > 23)) return undefined;
  const times = hours.flatMap((hour) => minutes.map((minute) => hhmm(hour * 60 + minute))).sort();
  return cronOfTimes(times) === cron ? times : undefined;
};

export const timesInWords = (times: readonly string[]): string => times.join('、');

/** The refusal of a list of times whose minutes and hours are no grid, with a grid near it. */
const NOT_A_GRID = '一个卡点的各个时刻须用同一组分钟，如 08:00、12:00、18:00 或 07:30、12:30、17:30（07:30 和 12:00 合不成一个日程）';

/** A list of times of day typed in the console, as the daily cron it is; or why not. */
export const readTimes = (typed: string): Read<string> => {
  const text = seen(typed);
  const times = timesFromWords(text);
  if (!times) return { problem: `“${text.trim()}”不是时刻列表：请写如 08:00、12:00、18:00（用顿号、逗号或空格隔开）` };
  const cron = cronOfTimes(times);
  return cron ? { value: cron } : { problem: NOT_A_GRID };
};

// ---------------------------------------------------------------------------------------------
// Schedules

export type ScheduleWords = { every: string } | { cron: string };

/**
 * A schedule cell: times of day (`08:00、12:00、18:00`), a duration (`2小时`, `每2小时`, `PT2H`), or a
 * cron of five fields for what neither says (the API's form, kept as the advanced choice).
 */
export const readSchedule = (text: string): Read<ScheduleWords> => {
  const trimmed = seen(text).trim();
  const times = timesFromWords(trimmed);
  if (times) {
    const cron = cronOfTimes(times);
    return cron ? { value: { cron } } : { problem: NOT_A_GRID };
  }
  const every = readDuration(trimmed, 'every');
  if ('value' in every) return { value: { every: every.value } };
  if (durationFromWords(trimmed.replace(/^每隔?/, '')) !== undefined) return every;
  if (trimmed.split(/\s+/).length === 5 && !/[\u3400-\u9fff]/.test(trimmed)) return { value: { cron: trimmed } };
  return { problem: `“${trimmed}”不是报告周期：写间隔如 2小时、30分钟，或每天的时刻如 08:00、12:00、18:00` };
};

/** A schedule as people write it: `2小时`, `08:00、12:00、18:00`, or the cron when it is no list of times. */
export const scheduleInWords = (schedule: ScheduleWords): string => {
  if ('every' in schedule) return durationInWords(schedule.every);
  const times = timesOfCron(schedule.cron);
  return times ? timesInWords(times) : schedule.cron;
};

// ---------------------------------------------------------------------------------------------
// Time zones

/** The zones people name, by the name they use (the first for a zone is what is written back). */
export const ZONE_NAMES: readonly (readonly [name: string, zone: string])[] = [
  ['北京时间', 'Asia/Shanghai'],
  ['中国标准时间', 'Asia/Shanghai'],
  ['乌鲁木齐时间', 'Asia/Urumqi'],
  ['新疆时间', 'Asia/Urumqi'],
  ['香港时间', 'Asia/Hong_Kong'],
  ['澳门时间', 'Asia/Macau'],
  ['台北时间', 'Asia/Taipei'],
  ['东京时间', 'Asia/Tokyo'],
  ['首尔时间', 'Asia/Seoul'],
  ['新加坡时间', 'Asia/Singapore'],
  ['协调世界时', 'UTC'],
];

/** A zone as people name it (`北京时间`, `北京`, `Asia/Shanghai`) as its canonical IANA name; undefined when none. */
export const zoneFromWords = (typed: string): string | undefined => {
  const text = seen(typed);
  const name = text.replace(/\s+/g, '');
  const named = ZONE_NAMES.find(([known]) => known === name || known.replace(/时间$/, '') === name);
  return named ? named[1] : canonicalTimeZone(text.trim());
};

/** A zone as people name it: `北京时间` for Asia/Shanghai, else its IANA name. */
export const zoneInWords = (zone: string): string => ZONE_NAMES.find(([, known]) => known === zone)?.[0] ?? zone;

export const readZone = (typed: string): Read<string> => {
  const text = seen(typed);
  const zone = zoneFromWords(text);
  return zone ? { value: zone } : { problem: `“${text.trim()}”不是时区：请写 北京时间、乌鲁木齐时间、香港时间，或 IANA 名称如 Asia/Shanghai` };
};

// ---------------------------------------------------------------------------------------------
// Escalation policies

/** The roles a level notifies, by the names people give them (the first is what is written back). */
const ROLE_NAMES: readonly (readonly [role: string, names: readonly string[]])[] = [
  ['onDuty', ['值班组长', '值班']],
  ['leader', ['卡点组长', '组长']],
  ['secretary', ['社区书记', '社区党总支书记', '书记']],
  ['committee', ['大党委书记', '大党委']],
];

const CHANNEL_WORD = '工作群';

/** Whom a level notifies, as people name it (`社区书记`, `工作群:zhb`), in the API's terms (`secretary`, `channel:zhb`); an address as it is. */
export const targetOf = (typed: string): string => {
  const word = seen(typed);
  const role = ROLE_NAMES.find(([id, names]) => id.toLowerCase() === word.toLowerCase() || names.includes(word));
  if (role) return role[0];
  const channel = /^(?:工作群|群|channel)[:：](.+)$/i.exec(word);
  return channel ? `channel:${channel[1]}` : word;
};

const targetInWords = (target: string): string =>
  target.startsWith('channel:') ? `${CHANNEL_WORD}:${target.slice('channel:'.length)}` : (ROLE_NAMES.find(([id]) => id === target)?.[1][0] ?? target);

export interface LevelWords {
  after: string;
  notify: string[];
}

/** The arrow alone, the spaces around it trimmed after: `\s*` before it would retry every space of a long cell from each (quadratic). */
const ARROW = /→|->|=>|⟶|＞|>/;

/**
 * A policy's levels as people write them, in the API's terms; or why not, naming the level (and the
 * target no one could be notified by).
 */
export const readLevels = (typed: string): Read<LevelWords[]> => {
  const levels: LevelWords[] = [];
  const written = seen(typed)
    .split(/[;；\n]/)
    .map((level) => level.trim())
    .filter((level) => level !== '');
  for (const [i, level] of written.entries()) {
    const arrow = ARROW.exec(level);
    const [when, who] = arrow ? [level.slice(0, arrow.index).trim(), level.slice(arrow.index + arrow[0].length).trim()] : [level.split(/\s+/)[0]!, level.split(/\s+/).slice(1).join(' ')];
    const after = readDuration(when.trim().replace(/(?:以后|之后|后)$/, ''), 'after');
    const notify = who.split(/[、,，\s]+/).filter((word) => word !== '');
    if (!('value' in after) || notify.length === 0) {
      return { problem: `第 ${i + 1} 级“${level}”写法不对：请写如 立即 → 值班组长、卡点组长；30分钟后 → 社区书记${'problem' in after ? `（${after.problem}）` : ''}` };
    }
    const unknown = notify.find((word) => !NotifyTarget.safeParse(targetOf(word)).success);
    if (unknown !== undefined) return { problem: `第 ${i + 1} 级：“${unknown}”不是可通知的对象：写 ${TARGETS_IN_WORDS}` };
    levels.push({ after: after.value, notify: notify.map(targetOf) });
  }
  return levels.length > 0 ? { value: levels } : { problem: '请写至少一级，如 立即 → 值班组长；30分钟后 → 社区书记' };
};

/** A level's wait as people say it: 立即, `30分钟后`. */
const whenInWords = (after: string): string => (after === 'PT0S' ? '立即' : `${durationInWords(after)}后`);

/** The levels as people read them: `立即 → 值班组长、卡点组长；30分钟后 → 社区书记`. */
export const levelsInWords = (levels: readonly LevelWords[]): string => levels.map((level) => `${whenInWords(level.after)} → ${level.notify.map(targetInWords).join('、')}`).join('；');

/** The words people may use for each role and for a channel, for a refusal naming the targets. */
export const TARGETS_IN_WORDS = `${ROLE_NAMES.map(([, names]) => names[0]).join('、')}，邮箱，或 ${CHANNEL_WORD}:编号`;
