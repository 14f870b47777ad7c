/**
 * The public contract, once: request bodies, path and query parameters. Handlers validate with these,
 * the OpenAPI document is generated from them, and their types are the domain's input types. Written
 * with zod's tree-shakable "mini" API: the same validation core and messages as classic zod, at a
 * third of the size in every function's bundle. The registrations' bodies and ids are the domain's
 * (domain/registration-schemas.ts: a spreadsheet import checks its rows with them too), re-exported here.
 */
import * as z from 'zod/mini';
import { DATE_YEARS, isValidLocalDate } from '../domain/time';
import type { ChannelInput, CheckpointInput, CommunityInput, ReadingInput } from '../domain/inputs';
import { OPERATOR_KEY_ID } from '../domain/operators';
import { FEVER_C, READING_RULES, rulesBroken, statementOf } from '../domain/reading-rules';
import { FreeText, Id, Name, NoteText, type ChannelBody, type CheckpointBody, type CommunityBody } from '../domain/registration-schemas';

export {
  ChannelBody,
  CHANNEL_TARGET,
  CheckpointBody,
  CheckpointContact,
  CheckpointPath,
  Closure,
  CommunityBody,
  CommunityContact,
  CommunityPath,
  DailyClosure,
  EscalationPolicyBody,
  Id,
  ID_PATTERN,
  ISO_DURATION_PATTERN,
  MAX_CLOSURE_MS,
  Mobile,
  NotifyTarget,
  OnceClosure,
  ScheduleBody,
  Shift,
  TimeZone,
} from '../domain/registration-schemas';

/** Any schema of the contract. */
export type Schema = z.ZodMiniType;

export const FeverCase = z.strictObject({
  tempC: z.number().check(z.minimum(FEVER_C), z.maximum(43)),
  direction: z.enum(['in', 'out']),
  note: z.optional(NoteText(0, 200)),
});

const Count = z.int().check(z.minimum(0), z.maximum(100_000));
const refusals = READING_RULES.filter((rule) => rule.importance === 'refuse');

export const ReadingBody = z
  .strictObject({
    submissionId: z.uuid(),
    observedAt: z.optional(z.iso.datetime({ offset: true }).check(z.describe('When it was counted; not in the future (5 minutes allowed for phone clocks): the server checks it'))),
    officer: FreeText(1, 64),
    screened: Count,
    entries: Count,
    exits: Count,
    feverCount: Count,
    maxTempC: z.optional(z.number().check(z.minimum(34), z.maximum(43), z.describe('Not below the tempC of any fever case'))),
    feverCases: z.optional(z.array(FeverCase).check(z.maxLength(1000), z.describe('When given, exactly feverCount cases'))),
    staffOnDuty: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
    notes: z.optional(NoteText(0, 1000)),
  })
  .check(
    // The rules of functions/domain/reading-rules.ts that refuse: each at its field, in Chinese.
    z.superRefine((reading, ctx) => {
      for (const rule of rulesBroken(reading, refusals)) ctx.addIssue({ code: 'custom', path: [rule.field], message: rule.message.zh });
    }),
    z.describe(
      `The server also checks what JSON Schema cannot say (functions/domain/reading-rules.ts), refusing at the field named: ${refusals.map((rule) => `${statementOf(rule)} (${rule.field})`).join('; ')}; ` +
        `and observedAt is not in the future. It accepts, but counts in the day's unlikelyReadings, a reading that breaks: ${READING_RULES.filter((rule) => rule.importance === 'warn').map(statementOf).join('; ')}.`,
    ),
  );
export type ReadingBody = z.infer<typeof ReadingBody>;

const Cursor = z.string().check(z.maxLength(2048), z.describe('The next value of the previous page of the same list'));
const Limit = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 100);

export const PageQuery = z.strictObject({ limit: Limit, cursor: z.optional(Cursor) });
export const CheckpointListQuery = z.extend(PageQuery, { communityId: z.optional(Id) });
export const ReadingListQuery = z.extend(PageQuery, {
  from: z.optional(z.iso.datetime({ offset: true })),
  to: z.optional(z.iso.datetime({ offset: true })),
});
/** A history's days, ending today in the checkpoint's (the community's) zone. */
export const HistoryQuery = z.strictObject({
  days: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(31)), 14).check(z.describe('Local days, ending today (partial): 1–31')),
});

export const EscalationPath = z.strictObject({ escalationId: z.uuid() });
/** The newest `limit`: no cursor (the escalations of a status are several lists merged); narrow by status or community instead. */
export const EscalationListQuery = z.strictObject({
  status: z.optional(z.enum(['open', 'acknowledged', 'resolved', 'unresolved', 'paused'])),
  communityId: z.optional(Id),
  limit: Limit,
});
/** The signed part of an acknowledge link (query on GET, form fields on POST). */
export const AckLinkQuery = z.strictObject({
  r: z.string().check(z.minLength(1), z.maxLength(400)),
  exp: z.coerce.number().check(z.int(), z.positive()),
  kid: z.string().check(z.minLength(1), z.maxLength(32)),
  sig: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Who is acknowledging, asked by the page of a link posted in a group chat (the link names the group, not a person). */
  by: z.optional(FreeText(1, 100)),
});

export const FeverAlertPath = z.strictObject({ alertId: z.uuid() });
/** The signed part of a fever alert's handling link (docs/fever.md): as an acknowledge link's, signed for `ack-fever`. */
export const FeverLinkQuery = z.strictObject({ r: AckLinkQuery.shape.r, exp: AckLinkQuery.shape.exp, kid: AckLinkQuery.shape.kid, sig: AckLinkQuery.shape.sig });
/**
 * The handling page's POST: the link's fields, and who handled it and what was done — taken as text
 * here and checked by the page itself (fever/handling.ts), which answers each refusal at its field.
 */
export const FeverHandlingForm = z.strictObject({
  ...FeverLinkQuery.shape,
  by: z.optional(z.string().check(z.maxLength(400), z.describe('Who is handling it, as they are called (1–100 characters)'))),
  action: z.optional(z.string().check(z.maxLength(20), z.describe('What was done: isolated, clinic, normal or other'))),
  note: z.optional(z.string().check(z.maxLength(400), z.describe('A short note (at most 100 characters), required for other; never the person’s name'))),
});

export const SummaryPath = z.strictObject({
  date: z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-29'),
    z.refine(isValidLocalDate, `a date on the calendar, in the years ${DATE_YEARS.from}–${DATE_YEARS.to}`),
    // What JSON Schema can say of that (test/contract/openapi.test.ts holds the pattern to DATE_YEARS).
    z.meta({ format: 'date', pattern: '^(?:20\\d\\d|2100)-\\d{2}-\\d{2}$', description: `A date on the calendar, in the years ${DATE_YEARS.from}–${DATE_YEARS.to}` }),
  ),
});
export const SummaryQuery = z.strictObject({
  communityId: z.optional(Id),
  format: z._default(z.enum(['json', 'csv', 'xlsx']), 'json').check(z.describe('json; csv or xlsx: one row per checkpoint, the same columns')),
});
/** A summary message's file link (domain/summary-links.ts): `r` names the scope, the rest signs it; the format is the reader's choice. */
export const SummaryFileQuery = z.strictObject({
  r: z.string().check(z.minLength(1), z.maxLength(100), z.describe('The scope: county, or community:<communityId>')),
  exp: AckLinkQuery.shape.exp,
  kid: AckLinkQuery.shape.kid,
  sig: AckLinkQuery.shape.sig,
  format: z._default(z.enum(['csv', 'xlsx']), 'csv').check(z.describe('csv, or xlsx: the same rows as a workbook')),
});
export const BuildSummaryQuery = z.strictObject({ notify: z._default(z.enum(['true', 'false']), 'false') });

/**
 * Spreadsheet import and export (docs/imports.md). An upload is the file itself as the body: CSV or
 * xlsx, told by its content type, or by its first bytes for the generic types browsers and curl send
 * (an xlsx is a zip). Anything else is a 415.
 */
export const SPREADSHEET_UPLOAD_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/octet-stream',
] as const;
/**
 * The largest upload, in bytes. Lambda takes at most 6 MiB in a synchronous invocation, for the whole
 * event, and API Gateway hands a binary body (xlsx, or CSV that is not UTF-8) over base64-encoded, at
 * 4/3 of its size: (6 MiB − 64 KiB for headers and the request context) × 3/4 ≈ 4.45 MiB. API Gateway
 * itself takes 10 MB, so this is the limit that binds; a 2,000-checkpoint file is under 1 MB.
 */
export const MAX_UPLOAD_BYTES = Math.floor(((6 * 1024 * 1024 - 64 * 1024) * 3) / 4);
const SpreadsheetFormat = z.enum(['xlsx', 'csv']);
export const ImportTemplateQuery = z.strictObject({ format: z._default(SpreadsheetFormat, 'xlsx').check(z.describe('xlsx: three sheets (checkpoints, shifts, contacts); csv: one sheet')) });
export const ImportQuery = z.strictObject({
  dryRun: z._default(z.enum(['true', 'false']), 'true').check(z.describe('true (the default): check the file and count what it would do, writing nothing; false: apply it, if no row has an error')),
});
export const ExportQuery = z.strictObject({
  format: z._default(SpreadsheetFormat, 'xlsx').check(z.describe('xlsx: contacts and shifts on their own sheets; csv: one sheet, numbered columns')),
  communityId: z.optional(Id),
});

/** The form page: `t` carries the token for browsers without JavaScript (the script uses the fragment). */
export const FormPageQuery = z.strictObject({ t: z.optional(z.string().check(z.maxLength(200))) });
export const FormDoneQuery = z.strictObject({
  at: z.optional(z.iso.datetime()),
  next: z.optional(z.iso.datetime()),
  replayed: z._default(z.enum(['0', '1']), '0'),
  told: z.optional(z.enum(['1']).check(z.describe("The reading's fevers alerted the community: the page says so"))),
});

/** A community operator key: who holds it, and the communities it opens (each must exist). */
export const OperatorKeyBody = z.strictObject({
  name: Name.check(z.describe("Who holds the key, e.g. 南门社区书记: shown as who acknowledged, and on the board")),
  communityIds: z
    .array(Id)
    .check(z.minLength(1), z.maxLength(50), z.refine((ids) => new Set(ids).size === ids.length, 'community ids are unique'), z.describe('The communities the key opens')),
});
export type OperatorKeyBody = z.infer<typeof OperatorKeyBody>;
export const OperatorKeyPath = z.strictObject({ keyId: z.string().check(z.regex(OPERATOR_KEY_ID, 'an operator key id: 16 hexadecimal digits')) });
/** The audit trail between two instants (both kept, either left open), of one community or of all the caller may see. */
export const AuditQuery = z.extend(PageQuery, {
  from: z.optional(z.iso.datetime({ offset: true }).check(z.describe('Entries made at or after this instant; the oldest kept (a year) when absent'))),
  to: z.optional(z.iso.datetime({ offset: true }).check(z.describe('Entries made at or before this instant; up to the newest when absent'))),
  communityId: z.optional(Id.check(z.describe("One community's entries; without it the county's (the admin key) or the operator key's communities'"))),
});

/** A page's language when asked: Chinese (the default) or English; remembered in a cookie for the next pages. */
export const PageLang = z.optional(z.enum(['zh', 'en']).check(z.describe('Chinese (the default) or English; remembered in a cookie for the next pages')));
export const BoardQuery = z.strictObject({ v: z.optional(z.string().check(z.maxLength(300))), lang: PageLang });
export const SignInBody = z.strictObject({ key: z.string().check(z.minLength(1), z.maxLength(200)) });

/**
 * What SES publishes to EventBridge for a bounce or a complaint (detail-type "Email Bounced" /
 * "Email Complaint Received"); only the fields used are checked, the rest pass through.
 */
const Short = (max: number) => z.string().check(z.maxLength(max));
const Recipients = z.array(z.looseObject({ emailAddress: z.string().check(z.minLength(3), z.maxLength(320)) })).check(z.minLength(1), z.maxLength(100));
export const MailEvent = z.looseObject({
  'detail-type': z.enum(['Email Bounced', 'Email Complaint Received']),
  source: z.literal('aws.ses'),
  detail: z.union([
    z.looseObject({
      eventType: z.literal('Bounce'),
      bounce: z.looseObject({ bounceType: Short(50), bounceSubType: z.optional(Short(50)), bouncedRecipients: Recipients, timestamp: Short(40) }),
    }),
    z.looseObject({
      eventType: z.literal('Complaint'),
      complaint: z.looseObject({ complainedRecipients: Recipients, complaintFeedbackType: z.optional(Short(50)), timestamp: Short(40) }),
    }),
  ]),
});
export type MailEvent = z.output<typeof MailEvent>;

/**
 * The contract produces what the domain takes (functions/domain/inputs.ts): a schema that drifted from
 * the domain's input type fails to compile here, not in a handler.
 */
type Produces<Output extends Input, Input> = Output;
export type ContractProducesDomainInputs = [
  Produces<ReadingBody, ReadingInput>,
  Produces<ChannelBody, ChannelInput>,
  Produces<CommunityBody, CommunityInput>,
  Produces<CheckpointBody, CheckpointInput>,
];
