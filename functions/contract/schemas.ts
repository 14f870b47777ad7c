/**
 * The public contract, once: request bodies, path and query parameters. Handlers validate with these,
 * the OpenAPI document is generated from them, and their types are the domain's input types.
 */
import * as z from 'zod';
import { DEFAULT_TIMEZONE, isValidTimeZone } from '../domain/time';
import { durationMs } from '../domain/time';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const Id = z.string().regex(ID_PATTERN, 'letters, digits, - and _ only, 1–64 characters, starting with a letter or digit');

const Name = z.string().trim().min(1).max(100);
const Email = z.email().max(254);

const IsoDuration = (what: string, minMs: number, maxMs: number, range: string) =>
  z.string().refine((text) => {
    const ms = durationMs(text);
    return ms !== undefined && ms >= minMs && ms <= maxMs;
  }, `${what} must be an ISO-8601 duration from ${range}`);

export const TimeZone = z.string().refine(isValidTimeZone, 'timezone must be an IANA zone such as Asia/Shanghai');

export const CommunityContact = z.strictObject({
  name: Name,
  email: Email,
  role: z.enum(['secretary', 'committee', 'summary']),
});

/** Who a level notifies: a role resolved when the notice goes out, or an e-mail address. */
export const NotifyTarget = z.union([z.enum(['onDuty', 'leader', 'secretary', 'committee']), Email]);

export const EscalationPolicyBody = z.strictObject({
  levels: z
    .array(
      z.strictObject({
        notify: z.array(NotifyTarget).min(1).max(20),
        after: IsoDuration('after', 0, 7 * 86_400_000, 'PT0S to P7D'),
      }),
    )
    .min(1)
    .max(10),
  repeatEvery: IsoDuration('repeatEvery', 60_000, 86_400_000, 'PT1M to P1D').default('PT1H'),
  maxRepeats: z.int().min(0).max(24).default(3),
});
export type EscalationPolicyBody = z.infer<typeof EscalationPolicyBody>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time such as 08:00');

export const Shift = z.strictObject({
  from: LocalTime,
  to: LocalTime,
  leader: z.strictObject({ name: Name, email: Email }),
});

export const CommunityBody = z.strictObject({
  name: Name,
  timezone: TimeZone.default(DEFAULT_TIMEZONE),
  contacts: z.array(CommunityContact).max(50),
  escalation: EscalationPolicyBody.optional(),
});
export type CommunityBody = z.infer<typeof CommunityBody>;

export const ScheduleBody = z.union([
  z.strictObject({ every: IsoDuration('every', 30_000, 86_400_000, 'PT30S to P1D') }),
  z.strictObject({ cron: z.string().trim().min(9).max(100) }),
]);

export const CheckpointContact = z.strictObject({
  name: Name,
  email: Email,
  role: z.literal('leader'),
});

export const CheckpointBody = z.strictObject({
  name: Name,
  communityId: Id,
  schedule: ScheduleBody,
  grace: IsoDuration('grace', 0, 86_400_000, 'PT0S to P1D').default('PT15M'),
  contacts: z.array(CheckpointContact).max(20),
  active: z.boolean().default(true),
  escalation: EscalationPolicyBody.optional(),
  shifts: z.array(Shift).max(24).optional(),
});
export type CheckpointBody = z.infer<typeof CheckpointBody>;

export const FeverCase = z.strictObject({
  tempC: z.number().min(37.3).max(43),
  direction: z.enum(['in', 'out']),
  note: z.string().max(200).optional(),
});

const Count = z.int().min(0).max(100_000);

export const ReadingBody = z
  .strictObject({
    submissionId: z.uuid(),
    observedAt: z.iso.datetime({ offset: true }).optional(),
    officer: z.string().trim().min(1).max(64),
    screened: Count,
    entries: Count,
    exits: Count,
    feverCount: Count,
    maxTempC: z.number().min(34).max(43).optional(),
    feverCases: z.array(FeverCase).max(1000).optional(),
    staffOnDuty: z.int().min(1).max(100).optional(),
    notes: z.string().max(1000).optional(),
  })
  .superRefine((reading, ctx) => {
    if (reading.feverCases && reading.feverCases.length !== reading.feverCount) {
      ctx.addIssue({ code: 'custom', path: ['feverCases'], message: 'list as many fever cases as feverCount' });
    }
    const hottest = Math.max(...(reading.feverCases ?? []).map((fever) => fever.tempC));
    if (reading.maxTempC !== undefined && reading.maxTempC < hottest) {
      ctx.addIssue({ code: 'custom', path: ['maxTempC'], message: 'maxTempC is below a fever case' });
    }
  });
export type ReadingBody = z.infer<typeof ReadingBody>;

export const CheckpointPath = z.strictObject({ checkpointId: Id });
export const CommunityPath = z.strictObject({ communityId: Id });

const Cursor = z.string().max(2048);
const Limit = z.coerce.number().int().min(1).max(1000).default(100);

export const PageQuery = z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const CheckpointListQuery = PageQuery.extend({ communityId: Id.optional() });
export const ReadingListQuery = PageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const EscalationPath = z.strictObject({ escalationId: z.uuid() });
export const EscalationListQuery = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved']).optional(),
  communityId: Id.optional(),
});
/** The signed part of an acknowledge link (query on GET, form fields on POST). */
export const AckLinkQuery = z.strictObject({
  r: z.string().min(1).max(400),
  exp: z.coerce.number().int().positive(),
  kid: z.string().min(1).max(32),
  sig: z.string().min(1).max(100),
});

export const SummaryPath = z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-29') });
export const SummaryQuery = z.strictObject({ communityId: Id.optional(), format: z.enum(['json', 'csv']).default('json') });
export const BuildSummaryQuery = z.strictObject({ notify: z.enum(['true', 'false']).default('false') });

/** The form page: `t` carries the token for browsers without JavaScript (the script uses the fragment). */
export const FormPageQuery = z.strictObject({ t: z.string().max(200).optional() });
export const FormDoneQuery = z.strictObject({
  at: z.iso.datetime().optional(),
  next: z.iso.datetime().optional(),
  replayed: z.enum(['0', '1']).default('0'),
});

export const BoardQuery = z.strictObject({ v: z.string().max(300).optional() });
export const SignInBody = z.strictObject({ key: z.string().min(1).max(200) });

/**
 * What SES publishes to EventBridge for a bounce or a complaint (detail-type "Email Bounced" /
 * "Email Complaint Received"); only the fields used are checked, the rest pass through.
 */
const Recipients = z.array(z.looseObject({ emailAddress: z.string().min(3).max(320) })).min(1).max(100);
export const MailEvent = z.looseObject({
  'detail-type': z.enum(['Email Bounced', 'Email Complaint Received']),
  source: z.literal('aws.ses'),
  detail: z.union([
    z.looseObject({
      eventType: z.literal('Bounce'),
      bounce: z.looseObject({ bounceType: z.string().max(50), bounceSubType: z.string().max(50).optional(), bouncedRecipients: Recipients, timestamp: z.string().max(40) }),
    }),
    z.looseObject({
      eventType: z.literal('Complaint'),
      complaint: z.looseObject({ complainedRecipients: Recipients, complaintFeedbackType: z.string().max(50).optional(), timestamp: z.string().max(40) }),
    }),
  ]),
});
export type MailEvent = z.output<typeof MailEvent>;
