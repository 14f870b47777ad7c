/**
 * What a registration may be: a community's and a checkpoint's body, with their contacts, channels,
 * escalation policy, shifts and closures, and the ids that name them — as zod ("mini") schemas. They
 * are the domain's because a registration comes in by more than the API: a spreadsheet row
 * (checkpoint-sheet.ts) is checked by the very schema `PUT /checkpoints/{checkpointId}` is. The
 * contract (functions/contract/schemas.ts) re-exports them as its request bodies and path parameters,
 * and the OpenAPI document is generated from them there; the dependency points contract → domain.
 */
import * as z from 'zod/mini';
import { CHANNEL_KINDS } from '../channels/notice';
import { dailyLeavesTimeOpen } from './closures';
import { DEFAULT_FEVER_POLICY, FeverThresholdBody } from './fever/rule';
import { FREE_TEXT, NOTE_TEXT, refusedCharacter } from './text';
import { canonicalTimeZone, DATE_YEARS, DEFAULT_TIMEZONE, durationMs } from './time';
import { LANGUAGES } from './words';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const Id = z.string().check(z.regex(ID_PATTERN, 'letters, digits, - and _ only, 1–64 characters, starting with a letter or digit'));

/**
 * Free text (names, the officer, notes) reaches mail subjects, pages and CSV: nothing that shows as
 * nothing or breaks a line (domain/text.ts), the one found named by its code point.
 */
const shownAsStored = (rule: RegExp) =>
  z.regex(rule, {
    error: (issue) => `no line breaks, control, invisible or direction characters, nor U+FFFD (found ${refusedCharacter(String(issue.input), rule) ?? 'one'})`,
  });
const textOf = (rule: RegExp) => (min: number, max: number) =>
  min > 0 ? z.string().check(z.trim(), z.minLength(min), z.maxLength(max), shownAsStored(rule)) : z.string().check(z.maxLength(max), shownAsStored(rule));
/** A name, or who someone is (the officer, who acknowledges): not even an emoji's joiner. */
export const FreeText = textOf(FREE_TEXT);
/** A note or a reason, typed on a phone: an emoji's joiner and variation selectors allowed inside the emoji. */
export const NoteText = textOf(NOTE_TEXT);

export const Name = FreeText(1, 100);
const Email = z.email().check(z.maxLength(254));

/**
 * The ISO-8601 durations durationMs reads (weeks, days, hours, minutes, seconds; no years or months,
 * which have no fixed length), for the JSON Schema: the refinement below is what the server checks.
 */
export const ISO_DURATION_PATTERN = '^P(?!$)(?:\\d{1,9}(?:[.,]\\d{1,9})?W)?(?:\\d{1,9}(?:[.,]\\d{1,9})?D)?(?:T(?=\\d)(?:\\d{1,9}(?:[.,]\\d{1,9})?H)?(?:\\d{1,9}(?:[.,]\\d{1,9})?M)?(?:\\d{1,9}(?:[.,]\\d{1,9})?S)?)?$';

/** The durations a registration has, and the range of each in milliseconds (people-words.ts reads them with these). */
export type DurationField = 'every' | 'grace' | 'after' | 'repeatEvery';
export const DURATION_LIMITS: Record<DurationField, { min: number; max: number; range: string }> = {
  every: { min: 30_000, max: 86_400_000, range: 'PT30S to P1D' },
  grace: { min: 0, max: 86_400_000, range: 'PT0S to P1D' },
  after: { min: 0, max: 7 * 86_400_000, range: 'PT0S to P7D' },
  repeatEvery: { min: 60_000, max: 86_400_000, range: 'PT1M to P1D' },
};

const IsoDuration = (what: DurationField) => {
  const { min: minMs, max: maxMs, range } = DURATION_LIMITS[what];
  return z.string().check(
    z.refine((text) => {
      const ms = durationMs(text);
      return ms !== undefined && ms >= minMs && ms <= maxMs;
    }, `${what} must be an ISO-8601 duration from ${range}`),
    z.meta({ pattern: ISO_DURATION_PATTERN, description: `An ISO-8601 duration from ${range} (a day counts as 24 hours); the server checks the range` }),
  );
};

/** An IANA zone, stored in its canonical form (`asia/shanghai` is kept as `Asia/Shanghai`); fixed offsets are refused. */
export const TimeZone = z.string().check(
  z.refine((zone) => canonicalTimeZone(zone) !== undefined, 'timezone must be an IANA zone such as Asia/Shanghai (not an offset)'),
  z.overwrite((zone) => canonicalTimeZone(zone) ?? zone),
  z.describe('An IANA time zone such as Asia/Shanghai, stored in its canonical form: the server checks it against the zone database'),
);

/** A mainland mobile (11 digits from 1) or any E.164 number: what WeCom and DingTalk @mention by. */
export const Mobile = z.string().check(
  z.regex(/^(?:1\d{10}|\+[1-9]\d{6,14})$/, 'a mainland mobile (11 digits, starting with 1) or an E.164 number such as +8613800138000'),
);

/** A person is reached by e-mail, or by @mention in a group chat by mobile: at least one of the two. */
const reachable = <T extends { email?: string | undefined; mobile?: string | undefined }>() =>
  z.refine<T>((person) => person.email !== undefined || person.mobile !== undefined, { message: 'give an email, a mobile or both', path: ['email'] });

export const CommunityContact = z
  .strictObject({
    name: Name,
    email: z.optional(Email),
    mobile: z.optional(Mobile),
    role: z.enum(['secretary', 'committee', 'summary']),
  })
  .check(
    reachable(),
    z.refine((contact) => contact.role !== 'summary' || contact.email !== undefined, { message: 'a summary contact is sent the daily summary by e-mail: give an email', path: ['email'] }),
  );

export const CHANNEL_TARGET = /^channel:[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Who a level notifies: a role resolved when the notice goes out, an e-mail address, or `channel:<id>` of the community's or checkpoint's channels. */
export const NotifyTarget = z.union([
  z.enum(['onDuty', 'leader', 'secretary', 'committee']),
  Email,
  z.string().check(z.regex(CHANNEL_TARGET, 'a role (onDuty, leader, secretary, committee), an e-mail address, or channel:<id>')),
]);

/**
 * A group chat robot or a webhook the notices of a community (or one checkpoint) also go to. The URL
 * and the secret are credentials: they are stored, never shown (GET shows the kind, the host and
 * whether a secret is set). A PUT that lists a channel already stored without `url` keeps its URL and
 * secret, so a channel can be edited without being handed its key again.
 */
export const ChannelBody = z
  .strictObject({
    id: Id,
    kind: z.enum(CHANNEL_KINDS),
    name: z.optional(Name.check(z.describe('How people call the group, e.g. 指挥部群; the id when absent'))),
    url: z.optional(
      z.string().check(
        z.maxLength(2048),
        z.describe("The robot's webhook URL (a credential: write-only). wecom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; dingtalk: https://oapi.dingtalk.com/robot/send?access_token=…; feishu: https://open.feishu.cn/open-apis/bot/v2/hook/… (or Lark's host); webhook: any public https URL"),
      ),
    ),
    secret: z.optional(
      z.string().check(
        z.minLength(1),
        z.maxLength(200),
        z.describe("The signing secret (write-only): DingTalk's SEC…, Feishu's signing secret, or a webhook's whsec_<base64>. Keeps the stored one when the url is absent too"),
      ),
    ),
    levels: z.optional(z.array(z.int().check(z.minimum(1), z.maximum(10))).check(z.minLength(1), z.maxLength(10), z.describe('The levels whose notices it gets; every level when absent'))),
    summaries: z._default(z.boolean().check(z.describe('Whether it gets the daily summary')), true),
  })
  .check(
    z.refine((channel) => channel.kind !== 'webhook' || channel.url === undefined || channel.secret !== undefined, {
      message: 'a webhook channel is signed: give its whsec_ secret',
      path: ['secret'],
    }),
    z.refine((channel) => channel.kind !== 'webhook' || channel.secret === undefined || /^whsec_[A-Za-z0-9+/]{22,}={0,2}$/.test(channel.secret), {
      message: 'a webhook secret is whsec_ followed by base64 (at least 16 bytes)',
      path: ['secret'],
    }),
    z.refine((channel) => channel.secret === undefined || channel.url !== undefined, { message: 'a new secret comes with its url', path: ['url'] }),
  );
export type ChannelBody = z.infer<typeof ChannelBody>;

const Channels = z.array(ChannelBody).check(
  z.maxLength(10),
  z.refine((channels) => new Set(channels.map((channel) => channel.id)).size === channels.length, 'channel ids are unique'),
);

export const EscalationPolicyBody = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        notify: z.array(NotifyTarget).check(z.minLength(1), z.maxLength(20)),
        after: IsoDuration('after'),
      }),
    )
    .check(z.minLength(1), z.maxLength(10)),
  repeatEvery: z._default(IsoDuration('repeatEvery'), 'PT1H'),
  maxRepeats: z._default(z.int().check(z.minimum(0), z.maximum(24)), 3),
});
export type EscalationPolicyBody = z.infer<typeof EscalationPolicyBody>;

const LocalTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time such as 08:00'));

export const Shift = z.strictObject({
  from: LocalTime,
  to: LocalTime,
  leader: z.strictObject({ name: Name, email: z.optional(Email), mobile: z.optional(Mobile) }).check(reachable()),
});

/** The longest closure between two instants: a year, leap day included. */
export const MAX_CLOSURE_MS = 366 * 86_400_000;
const CLOSURE_YEARS = { from: Date.UTC(DATE_YEARS.from, 0, 1), to: Date.UTC(DATE_YEARS.to + 1, 0, 1) };
const ClosureReason = z.optional(NoteText(1, 200).check(z.describe('Why, in a few words, e.g. 夜间闭卡 or 全员核酸检测')));
const ClosureInstant = z.iso.datetime({ offset: true, error: 'an ISO-8601 instant with its offset, such as 2026-02-01T22:00:00+08:00' }).check(
  z.refine((instant) => Date.parse(instant) >= CLOSURE_YEARS.from && Date.parse(instant) < CLOSURE_YEARS.to, `an instant in the years ${DATE_YEARS.from}–${DATE_YEARS.to}`),
);

export const DailyClosure = z.strictObject({
  daily: z
    .strictObject({ from: LocalTime, to: LocalTime })
    .check(
      z.refine((daily) => daily.from !== daily.to, { message: 'to differs from from (a to not after from ends the next day)', path: ['to'] }),
      z.describe("Closed every day from `from` to `to` by the community's clock; a `to` not after `from` ends the next day (22:00–06:00)"),
    ),
  reason: ClosureReason,
});

export const OnceClosure = z
  .strictObject({ from: ClosureInstant, to: ClosureInstant, reason: ClosureReason })
  .check(
    // Only once both are instants: an instant without its offset is refused at its own field alone.
    z.refine((closure) => Date.parse(closure.from) < Date.parse(closure.to), { message: 'to is after from', path: ['to'], when: ({ issues }) => issues.length === 0 }),
    z.refine((closure) => Date.parse(closure.to) - Date.parse(closure.from) <= MAX_CLOSURE_MS, {
      message: 'a closure lasts at most a year (366 days)',
      path: ['to'],
      when: ({ issues }) => issues.length === 0,
    }),
    z.describe('Closed once, from `from` to `to` (ISO instants with their offset): to after from, at most 366 days, which the server checks'),
  );

/** When the gate is planned to be shut. A slot wholly inside closures is not expected; one partly inside is (docs/slots.md). */
export const Closure = z.union([DailyClosure, OnceClosure], {
  error: 'a closure is { daily: { from, to } } (local times such as 22:00) or { from, to } (ISO instants), with an optional reason',
});

const Closures = z.array(Closure).check(
  z.maxLength(20),
  z.refine(dailyLeavesTimeOpen, { message: 'the daily closures cover the whole day: leave the gate some open time', when: ({ issues }) => issues.length === 0 }),
  z.describe('Replaced by each PUT, like the rest of the registration. Daily closures in local time; on a daylight-saving day each begins and ends at the first instant the clock shows its time or a later one'),
);

export const CommunityBody = z.strictObject({
  name: Name,
  timezone: z._default(TimeZone, DEFAULT_TIMEZONE),
  language: z.optional(
    z.enum(LANGUAGES).check(z.describe('What its notices, group messages and daily summaries are written in: zh-CN (the default, when absent) or en; one language, never both')),
  ),
  contacts: z.array(CommunityContact).check(z.maxLength(50)),
  escalation: z.optional(EscalationPolicyBody),
  feverThresholdC: z.optional(FeverThresholdBody),
  feverPolicy: z.optional(
    EscalationPolicyBody.check(
      // A fever is told at once (issue 20): a community chooses who hears it and how it climbs, not a delay before anyone does.
      z.refine((policy) => durationMs(policy.levels[0]?.after ?? 'PT0S') === 0, {
        message: "a fever alert's first level is told at once: its after must be PT0S",
        path: ['levels', 0, 'after'],
        when: ({ issues }) => issues.length === 0,
      }),
      z.describe(`How a fever alert climbs until someone records how it was handled; when absent: ${DEFAULT_FEVER_POLICY.levels.map((level) => `${level.after} ${level.notify.join(', ')}`).join('; ')} (each level's after counts from the level before)`),
    ),
  ),
  channels: z.optional(Channels),
});
export type CommunityBody = z.infer<typeof CommunityBody>;

export const ScheduleBody = z.union([
  z.strictObject({ every: IsoDuration('every') }),
  z.strictObject({
    cron: z.string().check(
      z.trim(),
      z.minLength(9),
      z.maxLength(100),
      z.refine((cron) => cron.trim().split(/\s+/).length === 5, 'cron must have 5 fields: minute hour day-of-month month day-of-week (no seconds field)'),
      z.meta({
        pattern: '^\\s*\\S+(?:\\s+\\S+){4}\\s*$',
        description:
          "Five fields, minute hour day-of-month month day-of-week (no seconds field), in the community's zone, e.g. 0 8,12,18 * * *; slot k runs from fire time k−1 to fire time k. The server checks that the fields make a cron",
      }),
    ),
  }),
]);

export const CheckpointContact = z
  .strictObject({
    name: Name,
    email: z.optional(Email),
    mobile: z.optional(Mobile),
    role: z.literal('leader'),
  })
  .check(reachable());

export const CheckpointBody = z.strictObject({
  name: Name,
  communityId: Id,
  schedule: ScheduleBody,
  grace: z._default(IsoDuration('grace'), 'PT15M'),
  contacts: z.array(CheckpointContact).check(z.maxLength(20)),
  active: z._default(z.boolean(), true),
  pausedReason: z.optional(
    NoteText(0, 200).check(
      z.describe(
        'Why the checkpoint is paused (with active: false only), shown on the board and in the console. Left out, a paused checkpoint keeps the reason it has; an empty string removes it; resuming ends it',
      ),
    ),
  ),
  escalation: z.optional(EscalationPolicyBody),
  shifts: z.optional(z.array(Shift).check(z.maxLength(24))),
  channels: z.optional(Channels),
  closures: z.optional(Closures),
});
export type CheckpointBody = z.infer<typeof CheckpointBody>;

export const CheckpointPath = z.strictObject({ checkpointId: Id });
export const CommunityPath = z.strictObject({ communityId: Id });
