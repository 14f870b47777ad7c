/**
 * A checkpoint's and a community's console forms, both ways: the fields a stored record shows, and the
 * API body a posted form makes — the very body `PUT /checkpoints/{id}` (`PUT /communities/{id}`) takes,
 * validated with its schema. People type durations, times of day and zones in their words (`15分钟`,
 * `08:00、12:00、18:00`, `北京时间`: domain/people-words.ts, as the spreadsheet does), local times and local
 * dates; the body says PT15M, a cron, Asia/Shanghai, 22:00 and an instant with its offset. What the
 * words cannot be is refused at its field in the reader's words, before the schema. Rows left empty
 * are dropped, and an issue's path is mapped back to the row it came from (a body's third shift may be
 * the form's fifth row).
 */
import { CheckpointBody, CommunityBody } from '../../contract/schemas';
import { DEFAULT_POLICY } from '../../domain/escalation/rules';
import { DEFAULT_FEVER_POLICY } from '../../domain/fever/rule';
import type { Channel, Checkpoint, Closure, Community, EscalationPolicySpec } from '../../domain/model';
import { durationInWords, levelsInWords, readDuration, readLevels, readTimes, readZone, targetOf, timesInWords, timesOfCron, zoneInWords, type Read } from '../../domain/people-words';
import type { DurationField } from '../../domain/registration-schemas';
import { DEFAULT_TIMEZONE, firstInstantShowing, formatLocal } from '../../domain/time';
import { schemaIssue, type Issue, type SchemaIssue, type Values, type WordsKind } from './fields';

export const ROLES = ['onDuty', 'leader', 'secretary', 'committee'] as const;
type Fields = Record<string, string | string[]>;

// ---- durations and times as people type them ----

/** A duration as a field shows it: in people's words (`PT15M` → `15分钟`), none at all as `0`. */
export const durationField = (iso: string): string => (iso === 'PT0S' ? '0' : durationInWords(iso));

const numberOr = (text: string): number | string => (/^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text.trim());

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a local date and time in the zone, as a datetime-local field shows it (`2026-02-01T08:00`). */
export const localDateTimeOf = (iso: string, zone: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatLocal(new Date(ms), zone).replace(' ', 'T');
};

/**
 * Whether a typed date and time names one on the calendar and the clock: a month that exists, a day it
 * has (no 30 February), an hour below 24 and a minute below 60. Date.UTC rolls anything else over into
 * another day (2026-02-30 is 2 March, T24:30 the next day's 00:30), so a round trip tells them apart.
 */
const isWallTime = (year: number, month: number, day: number, hour: number, minute: number): boolean => {
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: that reads the years 0–99 as 1900–1999.
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute);
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute;
};

/**
 * A local date and time typed in the zone (`2026-02-01T08:00` or `2026-02-01 08:00`) as the instant
 * with its offset (`2026-02-01T08:00:00+08:00`); anything else as typed, a date or a time that does not
 * exist (2026-13-45, 2026-02-30, T24:30) among them — the schema refuses it at its field.
 * A time the clock skips that day is the end of the gap, as the closures' own rule reads local times.
 */
export const instantOf = (text: string, zone: string): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return text.trim();
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (!isWallTime(year, month, day, hour, minute)) return text.trim();
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  const ms = firstInstantShowing(date, hour * 60 + minute, zone);
  const wall = formatLocal(new Date(ms), zone);
  const offsetMinutes = Math.round((Date.parse(`${wall.replace(' ', 'T')}:00Z`) - ms) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${wall.replace(' ', 'T')}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

// ---- what a stored record shows ----

const personFields = (prefix: string, person: { name: string; email?: string; mobile?: string }): Fields => ({
  [`${prefix}.name`]: person.name,
  [`${prefix}.mobile`]: person.mobile ?? '',
  [`${prefix}.email`]: person.email ?? '',
});

const policyFields = (policy: EscalationPolicySpec, custom: boolean): Fields => {
  const fields: Fields = { 'escalation.mode': custom ? 'custom' : 'inherit', 'escalation.repeatEvery': durationField(policy.repeatEvery), 'escalation.maxRepeats': String(policy.maxRepeats) };
  policy.levels.forEach((level, i) => {
    fields[`escalation.levels.${i}.after`] = durationField(level.after);
    fields[`escalation.levels.${i}.notify`] = level.notify.filter((target) => (ROLES as readonly string[]).includes(target));
    fields[`escalation.levels.${i}.others`] = level.notify.filter((target) => !(ROLES as readonly string[]).includes(target)).join(', ');
  });
  return fields;
};

const channelFields = (channels: readonly Channel[] | undefined): Fields =>
  Object.assign(
    {},
    ...(channels ?? []).map((channel, i) => ({
      [`channels.${i}.id`]: channel.id,
      [`channels.${i}.kind`]: channel.kind,
      [`channels.${i}.name`]: channel.name ?? '',
      [`channels.${i}.levels`]: (channel.levels ?? []).join(','),
      [`channels.${i}.summaries`]: channel.summaries ? 'true' : 'false',
    })),
  );

const closureFields = (closures: readonly Closure[] | undefined, zone: string): Fields =>
  Object.assign(
    {},
    ...(closures ?? []).map((closure, i) =>
      'daily' in closure
        ? { [`closures.${i}.kind`]: 'daily', [`closures.${i}.from`]: closure.daily.from, [`closures.${i}.to`]: closure.daily.to, [`closures.${i}.reason`]: closure.reason ?? '' }
        : { [`closures.${i}.kind`]: 'once', [`closures.${i}.from`]: localDateTimeOf(closure.from, zone), [`closures.${i}.to`]: localDateTimeOf(closure.to, zone), [`closures.${i}.reason`]: closure.reason ?? '' },
    ),
  );

/** A schedule's fields: an interval; a daily cron as its times of day; any other cron as the advanced choice. */
const scheduleFields = (schedule: Checkpoint['schedule']): Fields => {
  if ('every' in schedule) return { 'schedule.kind': 'every', 'schedule.every': schedule.every, 'schedule.times': '', 'schedule.cron': '' };
  const times = timesOfCron(schedule.cron);
  return { 'schedule.kind': times ? 'times' : 'cron', 'schedule.every': 'PT2H', 'schedule.times': times ? timesInWords(times) : '', 'schedule.cron': schedule.cron };
};

/** The fields of a stored checkpoint; the policy fields start from the policy in force when it has none of its own. */
export const checkpointFields = (checkpoint: Checkpoint, community: Community | undefined): Fields => ({
  name: checkpoint.name,
  ...scheduleFields(checkpoint.schedule),
  grace: durationField(checkpoint.grace),
  ...Object.assign({}, ...checkpoint.contacts.map((contact, i) => personFields(`contacts.${i}`, contact))),
  ...Object.assign({}, ...(checkpoint.shifts ?? []).map((shift, i) => ({ [`shifts.${i}.from`]: shift.from, [`shifts.${i}.to`]: shift.to, ...personFields(`shifts.${i}.leader`, shift.leader) }))),
  ...policyFields(checkpoint.escalation ?? community?.escalation ?? DEFAULT_POLICY, checkpoint.escalation !== undefined),
  ...channelFields(checkpoint.channels),
  ...closureFields(checkpoint.closures, checkpoint.timezone),
});

/** A new community's fields: the county's zone, the default policy's levels to start from. */
export const newCommunityFields = (): Fields => ({ timezone: zoneInWords(DEFAULT_TIMEZONE), ...policyFields(DEFAULT_POLICY, false), ...feverFields({}) });

/** A new checkpoint's fields: every two hours, 15 minutes' grace, the community's policy (or the default) to start from. */
export const newCheckpointFields = (community: Pick<Community, 'escalation'>): Fields => ({
  'schedule.kind': 'every',
  'schedule.every': 'PT2H',
  grace: durationField('PT15M'),
  ...policyFields(community.escalation ?? DEFAULT_POLICY, false),
});

export const communityFields = (community: Community): Fields => ({
  name: community.name,
  timezone: zoneInWords(community.timezone),
  language: community.language ?? 'zh-CN',
  ...Object.assign({}, ...community.contacts.map((contact, i) => ({ ...personFields(`contacts.${i}`, contact), [`contacts.${i}.role`]: contact.role }))),
  ...policyFields(community.escalation ?? DEFAULT_POLICY, community.escalation !== undefined),
  ...feverFields(community),
  ...channelFields(community.channels),
});

/**
 * A community's fever settings: the threshold as typed, the policy's levels in people's words (empty: the
 * default), and its repeats kept as they are, so that a save from the console changes only what it shows.
 */
const feverFields = (community: Pick<Community, 'feverThresholdC' | 'feverPolicy'>): Fields => ({
  feverThresholdC: community.feverThresholdC === undefined ? '' : String(community.feverThresholdC),
  feverPolicy: community.feverPolicy ? levelsInWords(community.feverPolicy.levels) : '',
  'feverPolicy.repeatEvery': (community.feverPolicy ?? DEFAULT_FEVER_POLICY).repeatEvery,
  'feverPolicy.maxRepeats': String((community.feverPolicy ?? DEFAULT_FEVER_POLICY).maxRepeats),
});

/** The fever settings a posted community form gives: none of either when its field is left empty. */
const feverFrom = (values: Values, paths: PathMap) => {
  const threshold = values.get('feverThresholdC').trim();
  const levels = values.get('feverPolicy').trim();
  const repeatEvery = values.get('feverPolicy.repeatEvery').trim();
  const maxRepeats = values.get('feverPolicy.maxRepeats').trim();
  return {
    ...(threshold !== '' && { feverThresholdC: /^\d{1,2}(\.\d{1,3})?$/.test(threshold) ? Number(threshold) : threshold }),
    ...(levels !== '' && {
      feverPolicy: {
        levels: paths.read('feverPolicy', readLevels(levels), [], 'policy'),
        repeatEvery: repeatEvery || DEFAULT_FEVER_POLICY.repeatEvery,
        maxRepeats: maxRepeats === '' ? DEFAULT_FEVER_POLICY.maxRepeats : numberOr(maxRepeats),
      },
    }),
  };
};

// ---- the body a posted form makes ----

/** Where a body's issue is shown: the form's own row numbers, and fields as the form names them. */
class PathMap {
  private readonly lists = new Map<string, number[]>();
  /** A body path shown at another field than its own: a list of times is the body's cron. */
  private readonly renames = new Map<string, string>();
  /** The fields whose words could not be read, with why (before the schema). */
  readonly refused: Issue[] = [];

  rename(path: string, field: string): void {
    this.renames.set(path, field);
  }

  /** The value of what a field says in people's words, or `fallback` with the field refused. */
  read<T>(field: string, read: Read<T>, fallback: T, kind: WordsKind): T {
    if ('value' in read) return read.value;
    this.refused.push({ path: field, message: read.problem, kind });
    return fallback;
  }

  /** A duration field: empty is undefined (the schema's default), else read in people's words. */
  duration(values: Values, field: string, what: DurationField): string | undefined {
    const text = values.get(field);
    return text.trim() === '' ? undefined : this.read(field, readDuration(text, what), 'PT0S', 'duration');
  }

  /** Per level, how many of its notify targets are ticked roles (the rest came from its "others" field). */
  private readonly roleCounts = new Map<number, number>();

  rows(list: string, sources: number[]): void {
    this.lists.set(list, sources);
  }
  roles(level: number, count: number): void {
    this.roleCounts.set(level, count);
  }

  fieldOf = (path: string): string => {
    let mapped = this.renames.get(path) ?? path;
    // Longest list names first: `escalation.levels` before any shorter one.
    for (const [list, sources] of [...this.lists].sort(([a], [b]) => b.length - a.length)) {
      const match = mapped.startsWith(`${list}.`) ? /^(\d+)(.*)$/.exec(mapped.slice(list.length + 1)) : null;
      if (match) {
        const notify = list === 'escalation.levels' ? /^\.notify\.(\d+)$/.exec(match[2]!) : null;
        const rest = notify ? (Number(notify[1]) < (this.roleCounts.get(Number(match[1])) ?? 0) ? '.notify' : '.others') : match[2]!;
        mapped = `${list}.${sources[Number(match[1])] ?? match[1]}${rest}`;
        break;
      }
    }
    // A fever policy is one field of words: whatever in it was refused is shown there.
    if (/^feverPolicy\.(levels|repeatEvery|maxRepeats)\b/.test(mapped)) return 'feverPolicy';
    return mapped.replace(/^closures\.(\d+)\.daily\./, 'closures.$1.').replace(/^(channels\.\d+\.levels)\.\d+$/, '$1');
  };
}

const blank = (values: Values, prefix: string, fields: readonly string[]) => fields.every((field) => values.get(`${prefix}.${field}`).trim() === '');

const person = (values: Values, prefix: string) => {
  const optional = (field: string) => {
    const value = values.get(`${prefix}.${field}`).trim();
    return value === '' ? {} : { [field]: value };
  };
  return { name: values.get(`${prefix}.name`), ...optional('mobile'), ...optional('email') };
};

/** The rows of a list that have something in them, with the form rows they came from. */
const filled = (values: Values, list: string, fields: readonly string[], paths: PathMap): number[] => {
  const rows = values.indices(list).filter((i) => !blank(values, `${list}.${i}`, fields) && values.get(`${list}.${i}.remove`) !== 'on');
  paths.rows(list, rows);
  return rows;
};

const policyFrom = (values: Values, paths: PathMap) => {
  if (values.get('escalation.mode') !== 'custom') return {};
  const rows = values.indices('escalation.levels').filter((i) => values.all(`escalation.levels.${i}.notify`).length > 0 || values.get(`escalation.levels.${i}.others`).trim() !== '');
  paths.rows('escalation.levels', rows);
  const levels = rows.map((i, position) => {
    const roles = values.all(`escalation.levels.${i}.notify`);
    paths.roles(position, roles.length);
    const others = values
      .get(`escalation.levels.${i}.others`)
      .split(/[,，、;；\s]+/)
      .filter((target) => target !== '')
      .map(targetOf);
    return { notify: [...roles, ...others], after: paths.duration(values, `escalation.levels.${i}.after`, 'after') ?? 'PT0S' };
  });
  const repeatEvery = paths.duration(values, 'escalation.repeatEvery', 'repeatEvery');
  const maxRepeats = values.get('escalation.maxRepeats').trim();
  return { escalation: { levels, ...(repeatEvery && { repeatEvery }), ...(maxRepeats !== '' && { maxRepeats: numberOr(maxRepeats) }) } };
};

const channelsFrom = (values: Values, paths: PathMap) => {
  const rows = filled(values, 'channels', ['id', 'name', 'url', 'secret'], paths);
  if (rows.length === 0) return {};
  return {
    channels: rows.map((i) => {
      const text = (field: string) => values.get(`channels.${i}.${field}`).trim();
      const levels = text('levels')
        .split(/[,，\s]+/)
        .filter((level) => level !== '')
        .map(numberOr);
      return {
        id: text('id'),
        kind: text('kind'),
        ...(text('name') !== '' && { name: text('name') }),
        // Empty: the stored URL and secret are kept (write-only credentials).
        ...(text('url') !== '' && { url: text('url') }),
        ...(text('secret') !== '' && { secret: text('secret') }),
        ...(levels.length > 0 && { levels }),
        summaries: text('summaries') !== 'false',
      };
    }),
  };
};

const closuresFrom = (values: Values, zone: string, paths: PathMap) => {
  const rows = filled(values, 'closures', ['from', 'to', 'reason'], paths);
  const closures = rows.map((i) => {
    const text = (field: string) => values.get(`closures.${i}.${field}`).trim();
    const reason = text('reason') !== '' ? { reason: text('reason') } : {};
    return values.get(`closures.${i}.kind`) === 'once'
      ? { from: instantOf(text('from'), zone), to: instantOf(text('to'), zone), ...reason }
      : { daily: { from: text('from'), to: text('to') }, ...reason };
  });
  // Always given: a form that removes the last closure removes it (a PUT replaces them).
  return { closures };
};

export interface Candidate<T> {
  body: T | undefined;
  issues: Issue[];
}

/** The candidate checked with the schema; a field whose words were refused is refused for that alone. */
const checked = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: (SchemaIssue & { path: PropertyKey[] })[] } } }, candidate: unknown, paths: PathMap): Candidate<T> => {
  const result = schema.safeParse(candidate);
  const refused = new Set(paths.refused.map((issue) => issue.path));
  const issues = result.success ? [] : result.error.issues.map((issue) => schemaIssue(issue, paths.fieldOf(issue.path.map(String).join('.')))).filter((issue) => !refused.has(issue.path));
  if (result.success && paths.refused.length === 0) return { body: result.data, issues: [] };
  return { body: undefined, issues: [...paths.refused, ...issues] };
};

/** The schedule the form chose: an interval, the times of day (the daily cron they are), or a cron (advanced). */
const scheduleFrom = (values: Values, paths: PathMap) => {
  switch (values.get('schedule.kind')) {
    case 'cron':
      return { cron: values.get('schedule.cron') };
    case 'times':
      paths.rename('schedule.cron', 'schedule.times');
      paths.rename('schedule', 'schedule.times');
      return { cron: paths.read('schedule.times', readTimes(values.get('schedule.times')), '0 0 * * *', 'times') };
    default:
      return { every: paths.read('schedule.every', readDuration(values.get('schedule.every'), 'every'), 'PT2H', 'duration') };
  }
};

/** Where a use case's own refusal (a ValidationError's issues, in body paths) is shown on this form. */
export type FieldOf = (path: string) => string;

/**
 * The body of a posted checkpoint form, checked with PUT's schema. Its community and whether it is
 * active are the stored checkpoint's: the form moves nothing and pauses nothing (that is its own button).
 */
export const checkpointBodyFrom = (values: Values, stored: Pick<Checkpoint, 'communityId' | 'active' | 'timezone'>): Candidate<CheckpointBody> & { fieldOf: FieldOf } => {
  const paths = new PathMap();
  const contactRows = filled(values, 'contacts', ['name', 'mobile', 'email'], paths);
  const shiftRows = filled(values, 'shifts', ['from', 'to', 'leader.name', 'leader.mobile', 'leader.email'], paths);
  const grace = paths.duration(values, 'grace', 'grace');
  const candidate = {
    name: values.get('name'),
    communityId: stored.communityId,
    schedule: scheduleFrom(values, paths),
    ...(grace && { grace }),
    contacts: contactRows.map((i) => ({ ...person(values, `contacts.${i}`), role: 'leader' })),
    active: stored.active,
    ...policyFrom(values, paths),
    ...(shiftRows.length > 0 && { shifts: shiftRows.map((i) => ({ from: values.get(`shifts.${i}.from`).trim(), to: values.get(`shifts.${i}.to`).trim(), leader: person(values, `shifts.${i}.leader`) })) }),
    ...channelsFrom(values, paths),
    ...closuresFrom(values, stored.timezone, paths),
  };
  return { ...checked<CheckpointBody>(CheckpointBody as never, candidate, paths), fieldOf: paths.fieldOf };
};

export const communityBodyFrom = (values: Values): Candidate<CommunityBody> & { fieldOf: FieldOf } => {
  const paths = new PathMap();
  const contactRows = filled(values, 'contacts', ['name', 'mobile', 'email'], paths);
  const zone = values.get('timezone');
  const timezone = zone.trim() === '' ? undefined : paths.read('timezone', readZone(zone), DEFAULT_TIMEZONE, 'zone');
  const language = values.get('language');
  const candidate = {
    name: values.get('name'),
    ...(timezone !== undefined && { timezone }),
    // Chinese unless English is chosen: the default is left unsaid, as a record from before has it.
    ...(language === 'en' && { language }),
    contacts: contactRows.map((i) => ({ ...person(values, `contacts.${i}`), role: values.get(`contacts.${i}.role`) })),
    ...policyFrom(values, paths),
    ...feverFrom(values, paths),
    ...channelsFrom(values, paths),
  };
  return { ...checked<CommunityBody>(CommunityBody as never, candidate, paths), fieldOf: paths.fieldOf };
};

/** The body of a stored checkpoint as PUT takes it: for a pause or a resume, which change `active` alone. */
export const storedCheckpointBody = (checkpoint: Checkpoint, active: boolean): CheckpointBody => ({
  name: checkpoint.name,
  communityId: checkpoint.communityId,
  schedule: checkpoint.schedule as CheckpointBody['schedule'],
  grace: checkpoint.grace,
  contacts: checkpoint.contacts as CheckpointBody['contacts'],
  active,
  ...(checkpoint.escalation && { escalation: checkpoint.escalation as CheckpointBody['escalation'] }),
  ...(checkpoint.shifts && { shifts: checkpoint.shifts }),
  // Without their URLs: the stored credentials are kept.
  ...(checkpoint.channels && { channels: checkpoint.channels.map(({ url: _url, secret: _secret, ...channel }) => channel) }),
  ...(checkpoint.closures && { closures: checkpoint.closures }),
});
