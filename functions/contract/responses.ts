/**
 * What the server answers, once: the bodies of every success answer and the error contract, in zod as
 * the requests are (schemas.ts). The OpenAPI document is generated from them and the contract tests
 * judge the handlers' real answers against that document. Only the document and the tests import this
 * file: the route table names these responses by key (a type-only import), so no function's bundle
 * carries the response schemas.
 */
import * as z from 'zod/mini';
import { CHANNEL_KINDS } from '../channels/kind';
import { WEBHOOK_EVENT_TYPES } from '../channels/webhook/event';
import { UNAVAILABLE_MESSAGE } from '../domain/errors';
import { OPERATOR_KEY_ID } from '../domain/operators';
import { CheckpointBody, CommunityBody, FeverCase, Id, type Schema } from './schemas';

/** An instant as the server writes it: `Date.toISOString()`, always UTC. */
const Instant = z.iso.datetime();
const Count = z.int().check(z.minimum(0));
const Rate = z.nullable(z.number().check(z.minimum(0), z.maximum(1)));
const Slot = z.strictObject({ start: Instant, end: Instant });

/** A channel as answers show it: never its URL (the robot's key is in it) nor its secret. */
export const ChannelView = z.strictObject({
  id: Id,
  kind: z.enum(CHANNEL_KINDS),
  name: z.optional(z.string()),
  host: z.string().check(z.describe('The host the channel posts to; the rest of the URL holds its key and is never shown')),
  secretSet: z.boolean().check(z.describe('Whether a signing secret is stored (it is never shown)')),
  levels: z.optional(z.array(z.int())),
  summaries: z.boolean(),
});
const ChannelViews = z.optional(z.array(ChannelView));

export const Community = z.extend(CommunityBody, { communityId: Id, channels: ChannelViews, createdAt: Instant, updatedAt: Instant });

export const CheckpointView = z.extend(CheckpointBody, {
  checkpointId: Id,
  channels: ChannelViews,
  timezone: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
  status: z.enum(['new', 'up', 'late', 'missed', 'paused']).check(
    z.describe('new: no reading yet, nothing missed; up; late: in the grace of an empty slot; missed: a grace ended with its slot empty; paused: active is false'),
  ),
  lastReadingAt: z.nullable(Instant),
  nextDeadline: z.nullable(Instant).check(z.describe('The end plus grace of the earliest expected slot still empty; null while paused')),
});

const FormUrl = z.url().check(z.describe('The form page; the token travels in the URL fragment (#token=…), which browsers never send to a server'));

/** A checkpoint with its form token: the only answers that carry one (creation and rotation). */
export const CheckpointWithToken = z.extend(CheckpointView, {
  formToken: z.string().check(z.describe('The bearer token of the form; stored only as a hash, printable again from the gate sheet')),
  formUrl: FormUrl,
  formUrlNoScript: z.url().check(z.describe('The form page with the token in ?t=, for browsers without JavaScript')),
});
/** A replaced checkpoint: its token is unchanged and not repeated. */
export const CheckpointWithFormUrl = z.extend(CheckpointView, { formUrl: FormUrl });

const Next = z.optional(z.string().check(z.describe('Pass back as ?cursor= for the next page; absent on the last page')));
export const CommunityPage = z.strictObject({ items: z.array(Community), next: Next });
export const CheckpointPage = z.strictObject({ items: z.array(CheckpointView), next: Next });

export const ReadingReceipt = z.strictObject({
  readingId: z.uuid(),
  checkpointId: Id,
  receivedAt: Instant,
  slot: Slot.check(z.describe('The reporting slot this reading counts for')),
  nextDeadline: z.optional(Instant),
  feverAlert: z.optional(z.literal(true).check(z.describe("The reading's fever cases alerted the community (opened or joined the gate's fever alert, docs/fever.md): the form says 已通知社区"))),
});

export const Reading = z.strictObject({
  readingId: z.uuid(),
  checkpointId: Id,
  communityId: Id,
  submissionId: z.uuid(),
  receivedAt: Instant,
  observedAt: z.optional(z.string()),
  officer: z.string(),
  screened: Count,
  entries: Count,
  exits: Count,
  feverCount: Count,
  maxTempC: z.optional(z.number()),
  feverCases: z.optional(z.array(FeverCase)),
  staffOnDuty: z.optional(Count),
  notes: z.optional(z.string()),
  slot: Slot,
  filled: z.optional(z.enum(['onTime', 'late']).check(z.describe('How this reading filled its slot; absent when the slot already held one'))),
  nextDeadline: z.optional(Instant),
  feverAlertId: z.optional(z.string().check(z.describe('The fever alert its fever cases opened or joined (GET /escalations/{id}); absent when none'))),
});
export const ReadingPage = z.strictObject({ items: z.array(Reading), next: Next });

const Notice = z.strictObject({
  kind: z.enum(['level', 'resolution', 'acknowledgement', 'unresolved', 'paused']),
  level: Count,
  repeat: z.optional(z.int().check(z.minimum(1))),
  recipient: z.string(),
  sentAt: z.nullable(Instant),
  outcome: z.enum(['pending', 'sending', 'sent', 'deferred', 'failed', 'skipped', 'grouped', 'held']),
});

/** A fever alert's case: the temperature and direction only, never a note or a name (docs/security.md). */
const FeverCaseView = z.strictObject({
  tempC: z.optional(z.number().check(z.describe('Absent for a fever counted without its case listed'))),
  direction: z.optional(z.enum(['in', 'out'])),
  takenAt: Instant,
  readingId: z.string().check(z.describe('The reading it came from')),
  officerRole: z.enum(['onDuty', 'leader', 'staff']).check(z.describe('Who took the reading, by role: never a name')),
});

const escalationFields = {
  escalationId: z.uuid(),
  cause: z.optional(z.enum(['missed', 'fever']).check(z.describe('What it escalates: a missed report (also when absent) or a fever at the gate (docs/fever.md)'))),
  cases: z.optional(z.array(FeverCaseView).check(z.describe("A fever alert's cases, oldest first"))),
  handling: z.optional(
    z.strictObject({ action: z.enum(['isolated', 'clinic', 'normal', 'other']), note: z.optional(z.string()) }).check(z.describe('How a fever alert was handled: 已隔离复测, 已送发热门诊, 复测正常, 其他 with its note')),
  ),
  checkpointId: Id,
  communityId: Id,
  status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved', 'paused']).check(z.describe('paused: ended by a pause of its checkpoint, which excuses what it escalated')),
  level: Count.check(z.describe('The highest level notified so far; 0 before the first notice')),
  missed: z
    .strictObject({
      count: Count.check(z.describe('How many slots were missed during this streak')),
      first: Instant.check(z.describe('The start of the first slot missed')),
      last: Instant.check(z.describe('The start of the last slot missed')),
    })
    .check(z.describe('The slots missed during this streak: how many, the first and the last')),
  openedAt: Instant,
  acknowledgedBy: z.optional(z.string()),
  acknowledgedVia: z.optional(z.string().check(z.describe('The group chat whose link was used, e.g. 指挥部群 (WeCom)'))),
  acknowledgedAt: z.optional(Instant),
  resolvedAt: z.optional(Instant),
  closedAt: z.optional(Instant),
  pausedBy: z.optional(z.string().check(z.describe('Ended paused: who paused the checkpoint (admin, or the operator key\'s name)'))),
  pausedReason: z.optional(z.string().check(z.describe('Ended paused: the reason the pause gave'))),
};
export const Escalation = z.strictObject(escalationFields);
export const EscalationWithTimeline = z.strictObject({ ...escalationFields, notices: z.array(Notice) });
export const EscalationList = z.strictObject({ items: z.array(Escalation) });
export const EscalationAcknowledged = z.strictObject({
  ...escalationFields,
  acknowledgedNow: z.boolean().check(z.describe('True when this request acknowledged it; false when acknowledgedBy had before')),
});

const EscalationFigures = z.strictObject({
  opened: Count,
  acknowledged: Count,
  resolved: Count,
  unresolved: Count,
  paused: Count.check(z.describe('Ended by a pause of the checkpoint, which excused what it escalated')),
  maxLevel: Count,
  medianMinutesToResolve: z.nullable(z.number()),
  maxMinutesToResolve: z.nullable(z.number()),
});
const figures = {
  expected: Count,
  onTime: Count,
  late: Count,
  missed: Count,
  completeness: Rate.check(z.describe('(on time + late) / expected; null when nothing was expected')),
  timeliness: Rate.check(z.describe('on time / expected; null when nothing was expected')),
  readings: Count,
  unlikelyReadings: Count.check(z.describe('Readings stored although their figures broke a rule that only warns (functions/domain/reading-rules.ts)')),
  copiedReadings: z.optional(
    Count.check(z.describe('Readings that repeated the same screened, entries, exits and fevers as the readings before them, 4 in a row or more (疑似重复上报; functions/domain/fever/copied.ts); absent in summaries built before it was counted')),
  ),
  screened: Count,
  entries: Count,
  exits: Count,
  feverCount: Count,
  maxTempC: z.nullable(z.number()),
  staffOnDutyMean: z.nullable(z.number()),
  escalations: EscalationFigures,
};
const FeverFigures = z
  .strictObject({
    alerts: Count,
    cases: Count,
    handled: Count.check(z.describe('Alerts acknowledged with what was done')),
    medianMinutesToHandle: z.nullable(z.number()),
    maxMinutesToHandle: z.nullable(z.number()),
    done: z.strictObject({ isolated: Count, clinic: Count, normal: Count, other: Count }).check(z.describe('Handled alerts per choice: 已隔离复测, 已送发热门诊, 复测正常, 其他')),
  })
  .check(z.describe("Fever alerts opened that day (functions/domain/fever/figures.ts); absent in summaries built before fevers alerted"));
export const DaySummary = z.strictObject({
  date: z.iso.date(),
  builtAt: Instant,
  partial: z.boolean().check(z.describe('True while the day is not over')),
  county: z.optional(z.strictObject({ ...figures, checkpoints: Count, communities: Count, fevers: z.optional(FeverFigures) }).check(z.describe("The county's totals; absent for a community operator key, which sees its communities' lines only"))),
  communities: z.array(z.strictObject({ ...figures, communityId: Id, name: z.string(), checkpoints: Count, fevers: z.optional(FeverFigures), openEscalations: Count.check(z.describe('Its escalations still open at build time')) })),
  checkpoints: z.array(z.strictObject({ ...figures, checkpointId: Id, communityId: Id, name: z.string() })),
  missedMost: z.array(z.strictObject({ checkpointId: Id, communityId: Id, name: z.string(), missed: z.int().check(z.minimum(1)) })),
  openEscalations: z.optional(Count.check(z.describe('Escalations still open county-wide at build time; absent for a community operator key'))),
});
export const BuiltSummary = z.extend(DaySummary, { mailed: Count.check(z.describe('Messages written for the sender with ?notify=true (one per mailbox and group); the sender sends them at once')) });

/** A day of a history: counted as a summary rebuilt now would count it, from the day counters (never the readings). */
const HistoryDay = z.strictObject({
  date: z.iso.date(),
  partial: z.boolean().check(z.describe('True while the day, or the grace of its last slot, is not over (today always)')),
  expected: Count,
  onTime: Count,
  late: Count,
  missed: Count,
  completeness: figures.completeness,
  timeliness: figures.timeliness,
  readings: Count,
  feverCount: Count,
});
const HistoryDays = z.array(HistoryDay).check(z.describe('Oldest first; the last is today, in the zone named'));
export const CheckpointHistory = z.strictObject({ checkpointId: Id, communityId: Id, name: z.string(), timezone: z.string(), days: HistoryDays });
export const CommunityHistory = z.strictObject({
  communityId: Id,
  name: z.string(),
  timezone: z.string(),
  checkpoints: Count.check(z.describe('Checkpoints summed, as registered now')),
  days: HistoryDays,
});

/** A community operator key as listed: never the key, never its hash. */
export const OperatorKey = z.strictObject({
  keyId: z.string().check(z.regex(OPERATOR_KEY_ID)),
  name: z.string(),
  communityIds: z.array(Id),
  createdAt: Instant,
});
export const OperatorKeyIssued = z.extend(OperatorKey, {
  key: z.string().check(
    z.regex(/^op_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
    z.describe('op_<keyId>_<secret>: the bearer key, given only in this answer (the server keeps its SHA-256); hand it to its holder'),
  ),
});
export const OperatorKeyList = z.strictObject({ items: z.array(OperatorKey) });

/** One change as the audit trail records it: who, when, what, and the names of the fields it changed (never a value). */
const AuditEntry = z.strictObject({
  auditId: z.uuid(),
  at: Instant,
  actor: z.union([
    z.strictObject({ kind: z.literal('admin') }),
    z.strictObject({ kind: z.literal('operator'), keyId: OperatorKey.shape.keyId, name: z.string() }),
    z.strictObject({ kind: z.literal('link'), name: z.string().check(z.describe('Who acknowledged from a signed link: the address it was sent to, or the name given in a group chat')) }),
  ]),
  action: z.enum([
    'community.created',
    'community.replaced',
    'checkpoint.created',
    'checkpoint.replaced',
    'checkpoint.token-rotated',
    'checkpoints.imported',
    'operator-key.created',
    'operator-key.revoked',
    'escalation.acknowledged',
  ]),
  communityId: z.optional(Id.check(z.describe("The community it is about; absent for the county's own (operator keys, an import across communities)"))),
  checkpointId: z.optional(Id),
  escalationId: z.optional(z.uuid()),
  changed: z.optional(
    z.array(z.string()).check(z.describe('The fields a replacement changed, by name: schedule, contacts, active (a pause or resume), closures, channels.<id>.url — a credential is named, never shown')),
  ),
  counts: z.optional(z.strictObject({ rows: Count, created: Count, updated: Count, unchanged: Count }).check(z.describe("An import's rows; each row written has its own checkpoint entry with the same importId"))),
  importId: z.optional(z.uuid()),
  operatorKey: z.optional(OperatorKey.check(z.describe('The key issued or revoked: never the key, never its hash'))),
  via: z.optional(z.string().check(z.describe('The group chat an acknowledgement came from'))),
});
export const AuditPage = z.strictObject({ items: z.array(AuditEntry).check(z.describe('Newest first')), next: Next });

/** What an import did, or would do (docs/imports.md). */
export const ImportResult = z.strictObject({
  rows: Count.check(z.describe('Checkpoint rows in the file (blank rows not counted)')),
  created: Count.check(z.describe('Checkpoints new to the registry: created, or to be created by applying')),
  updated: Count.check(z.describe('Stored checkpoints the file changes')),
  unchanged: Count.check(z.describe('Stored checkpoints the file registers as they are: not written')),
  applied: z.boolean().check(z.describe('True when this request wrote the rows (dryRun=false and no errors); a dry run, or an apply with any error, writes nothing')),
  errors: z
    .array(
      z.strictObject({
        sheet: z.enum(['checkpoints', 'shifts', 'contacts']),
        row: z.int().check(z.minimum(1), z.describe('The spreadsheet row, from 1, the header counted')),
        column: z.string().check(z.describe('The field name of the column (leaderMobile, shift2From), wherever it stands; the header as written for an unknown column; empty for the sheet as a whole')),
        message: z.string(),
      }),
    )
    .check(z.describe('Sheet by sheet, row by row; the first 1,000 (IMPORT_LIMITS.errorsListed)')),
  errorsNotListed: z.optional(Count.check(z.describe('Errors past the first 1,000, not listed: present only when there are such'))),
});

export const FormStatus = z.strictObject({
  checkpointId: Id,
  name: z.string(),
  timezone: z.string(),
  slot: Slot.check(z.describe('The slot running now')),
  lastReadingAt: z.nullable(Instant),
  nextDeadline: z.nullable(Instant),
});

export const WebManifest = z.strictObject({
  name: z.string(),
  short_name: z.string(),
  start_url: z.string(),
  scope: z.string(),
  display: z.literal('standalone'),
  background_color: z.string(),
  theme_color: z.string(),
  lang: z.string(),
  icons: z.array(z.strictObject({ src: z.string(), sizes: z.string(), type: z.string() })),
});

export const OpenApiDocument = z.looseObject({
  openapi: z.string().check(z.regex(/^3\.1\.\d+$/)),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
  components: z.looseObject({}),
});

/** The error contract every refusal and fault follows (functions/runtime/errors.ts). */
export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().check(z.describe('Stable, for programs: invalid_request, unauthorized, forbidden, not_found, conflict, too_many_requests, unavailable, internal, …')),
    message: z.string().check(z.describe('For people')),
    issues: z.optional(
      z.array(z.strictObject({ path: z.string().check(z.describe('The field, dotted (feverCases.0.tempC), or body, path or query')), message: z.string() })).check(z.minLength(1)),
    ),
    requestId: z.optional(z.string().check(z.describe('Given with 5xx answers, to find the request in the logs'))),
  }),
});

/** The body of a text answer: a page, a sheet, a script. What JSON Schema can say of it is how it begins. */
export const Html = z.string().check(z.regex(/^<!doctype html>/), z.describe('An HTML page (UTF-8)'));
const Svg = z.string().check(z.regex(/^<svg /), z.describe('An SVG image'));
const Csv = z.string().check(z.regex(/^\uFEFF/), z.describe('UTF-8 with a byte-order mark; one header row, then one row per checkpoint'));
const Script = z.string().check(z.describe('JavaScript'));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A binary answer: bytes on the wire (base64 only between the function and API Gateway). */
const Workbook = z.string().check(z.meta({ contentMediaType: XLSX, description: 'An xlsx workbook (binary)' }));
const SheetCsv = z.string().check(z.regex(/^\uFEFF/), z.describe('UTF-8 with a byte-order mark, CRLF line ends; one header row in Chinese (卡点编号, 社区编号, …), then one row per checkpoint'));

/**
 * What a `webhook` channel is POSTed (Standard Webhooks 1.0): one event, signed. `data` holds the
 * notice's words (as a chat group reads them) and the facts a program acts on; which facts depends on
 * the type.
 */
export const WebhookEvent = z.strictObject({
  type: z.enum(WEBHOOK_EVENT_TYPES),
  id: z.string().check(z.regex(/^[\w-]+$/), z.describe('The same on every retry of this event: the receiver\'s idempotency key (also the webhook-id header)')),
  occurredAt: Instant.check(z.describe('When it happened, not when this attempt was made')),
  data: z.looseObject({
    title: z.string().check(z.describe('The notice\'s first line, e.g. 【漏报督办】南门卡点（鱼岳社区）已超时 35 分钟')),
    lines: z.array(z.string()).check(z.describe('The notice\'s lines, Chinese first, then English')),
    actions: z.array(z.strictObject({ label: z.string(), url: z.string() })).check(z.describe('Links: the acknowledge link first (escalation.notice)')),
    mentions: z.strictObject({ mobiles: z.array(z.string()), names: z.array(z.string()) }).check(z.describe('The people of the level, for a bridge that can reach them')),
    omittedLines: z.optional(z.int().check(z.describe('Lines left out to stay under 20 kB'))),
    escalationId: z.optional(z.uuid()),
    escalationIds: z.optional(z.array(z.uuid()).check(z.describe('A grouped notice, or a resolution of several'))),
    checkpointId: z.optional(Id),
    communityId: z.optional(Id),
    level: z.optional(z.int()),
    repeat: z.optional(z.int()),
    missed: z.optional(z.strictObject({ count: z.int(), first: Instant, last: Instant }).check(z.describe('escalation.notice: the slots missed, how many, the first and the last'))),
    missedDeadline: z.optional(Instant),
    ackUrl: z.optional(z.string()),
    acknowledgedBy: z.optional(z.string()),
    via: z.optional(z.string()),
    pausedBy: z.optional(z.string().check(z.describe('escalation.paused: who paused the checkpoint'))),
    reason: z.optional(z.string().check(z.describe('escalation.paused: why, as the pause gave it'))),
    date: z.optional(z.string().check(z.describe('summary.daily: the local date summarised'))),
  }),
});

export const WEBHOOK_SUMMARIES: Record<(typeof WEBHOOK_EVENT_TYPES)[number], string> = {
  'escalation.notice': 'A level of an escalation is told (a checkpoint missed its report)',
  'escalation.acknowledged': 'Someone told has acknowledged the escalation',
  'escalation.resolved': 'The checkpoint reported again: the escalation is resolved',
  'escalation.unresolved': 'Every level and repeat went unanswered: the escalation ended unresolved',
  'escalation.paused': 'The checkpoint was paused: the escalation ended paused (pausedBy, reason)',
  'summary.daily': "The day's summary of the community",
};

/** The schemas the document lists under components.schemas, by the name it gives them. */
export const responseSchemas = {
  WebhookEvent,
  Community,
  CommunityPage,
  CheckpointView,
  CheckpointWithToken,
  CheckpointWithFormUrl,
  CheckpointPage,
  ReadingReceipt,
  ReadingPage,
  EscalationWithTimeline,
  EscalationList,
  EscalationAcknowledged,
  DaySummary,
  BuiltSummary,
  CheckpointHistory,
  CommunityHistory,
  OperatorKeyIssued,
  OperatorKeyList,
  ImportResult,
  AuditPage,
  FormStatus,
  WebManifest,
  OpenApiDocument,
  Error: ErrorBody,
} satisfies Record<string, Schema>;
export type ResponseSchemaName = keyof typeof responseSchemas;

export interface HeaderSpec {
  description: string;
  required?: boolean;
  schema: Record<string, unknown>;
}

/** One answer of the API: a description, bodies by media type (a named schema, or a text body), headers. */
export interface ResponseSpec {
  description: string;
  content?: Record<string, ResponseSchemaName | Schema>;
  headers?: Record<string, HeaderSpec>;
}

const HTML = 'text/html';
const JSON_TYPE = 'application/json';
const retryAfter: Record<string, HeaderSpec> = {
  'Retry-After': { description: 'Seconds to wait before sending the same request again', required: true, schema: { type: 'integer', minimum: 1 } },
};
const preflightHeaders: Record<string, HeaderSpec> = {
  'Access-Control-Allow-Origin': { description: 'The calling origin, echoed (never *)', required: true, schema: { type: 'string' } },
  'Access-Control-Allow-Methods': { description: "The route's method and OPTIONS", required: true, schema: { type: 'string' } },
  'Access-Control-Allow-Headers': { description: 'authorization, content-type', required: true, schema: { type: 'string' } },
  'Access-Control-Max-Age': { description: 'Seconds a browser may keep this answer', required: true, schema: { type: 'integer' } },
};
const location = (where: string): Record<string, HeaderSpec> => ({
  Location: { description: where, required: true, schema: { type: 'string' } },
});

/**
 * Every answer the route table can name (RouteDef.responses), success and error alike. The error
 * answers every route may give by what it is (400 with inputs, 401 with a credential, 413/415 with a
 * body, 503 with a dependency, 500) are added by the document generator from the route's own fields.
 */
export const responses = {
  communityCreated: { description: 'Created', content: { [JSON_TYPE]: 'Community' } },
  communityReplaced: { description: 'Replaced', content: { [JSON_TYPE]: 'Community' } },
  communityPage: { description: 'A page of communities', content: { [JSON_TYPE]: 'CommunityPage' } },
  checkpointCreated: { description: 'Created, with its form token (given only here and on rotation)', content: { [JSON_TYPE]: 'CheckpointWithToken' } },
  checkpointReplaced: { description: 'Replaced; the form token is unchanged and not repeated', content: { [JSON_TYPE]: 'CheckpointWithFormUrl' } },
  checkpointPage: { description: 'A page of checkpoints with their status', content: { [JSON_TYPE]: 'CheckpointPage' } },
  checkpoint: { description: 'The checkpoint with its status', content: { [JSON_TYPE]: 'CheckpointView' } },
  tokenRotated: { description: 'The new form token; the old one no longer works', content: { [JSON_TYPE]: 'CheckpointWithToken' } },
  readingPage: { description: 'A page of readings, oldest first', content: { [JSON_TYPE]: 'ReadingPage' } },
  readingCreated: { description: 'Stored: the receipt', content: { [JSON_TYPE]: 'ReadingReceipt' } },
  readingReplayed: { description: 'This submissionId was already stored with the same body: the same receipt again', content: { [JSON_TYPE]: 'ReadingReceipt' } },
  readingPostedForm: {
    description: 'A form posted without JavaScript was taken (stored, or a replay): go to the result page',
    headers: location('/f/{checkpointId}/done?at=…&next=…&replayed=0|1'),
  },
  escalationList: { description: 'Escalations, newest first', content: { [JSON_TYPE]: 'EscalationList' } },
  escalationWithTimeline: { description: 'The escalation and every notice sent for it', content: { [JSON_TYPE]: 'EscalationWithTimeline' } },
  escalationAcknowledged: { description: 'Acknowledged, now or before (acknowledgedBy says who)', content: { [JSON_TYPE]: 'EscalationAcknowledged' } },
  rotationLost: { description: 'Another rotation won at the same moment: its token is the one that works; rotate again for a new one', content: { [JSON_TYPE]: 'Error' } },
  escalationEnded: { description: 'The escalation has already ended (resolved, unresolved or paused): the message says how; nothing was acknowledged', content: { [JSON_TYPE]: 'Error' } },
  ackPage: { description: 'The situation and a button that acknowledges; opening it changes nothing', content: { [HTML]: Html } },
  ackPageHead: { description: 'The acknowledge page, headers only' },
  ackDone: { description: 'Acknowledged now, or before: a page that says by whom and when', content: { [HTML]: Html } },
  ackEnded: { description: 'The escalation had already ended: a page that says how, and that nothing was acknowledged', content: { [HTML]: Html } },
  feverPage: { description: 'The fever alert, its cases and a form that asks who handled it and what was done; opening it changes nothing', content: { [HTML]: Html } },
  feverPageHead: { description: 'The fever alert page, headers only' },
  feverHandled: { description: 'Handled now, or before: a page that says by whom and what was done', content: { [HTML]: Html } },
  feverHandlingRefused: { description: 'The form again, each refused field marked in the reader’s words; nothing recorded', content: { [HTML]: Html } },
  feverEnded: { description: 'The alert had already ended unhandled: a page that says so; nothing recorded', content: { [HTML]: Html } },
  linkRefused: { description: 'The link is not valid or has expired: a page that says so', content: { [HTML]: Html } },
  summaryBuilt: { description: 'The built summary, stored', content: { [JSON_TYPE]: 'BuiltSummary' } },
  summary: {
    description: 'The stored summary (narrowed with ?communityId=); with ?format=csv or xlsx one row per checkpoint, as an attachment',
    content: { [JSON_TYPE]: 'DaySummary', 'text/csv': Csv, [XLSX]: Workbook },
    headers: { 'Content-Disposition': { description: 'With ?format=csv or xlsx: attachment; filename="checkpoint-watch-<date>[-<communityId>].<format>"', schema: { type: 'string' } } },
  },
  summaryFile: {
    description: "The summary's checkpoints the link names (the county's, or one community's), one row each, as an attachment",
    content: { 'text/csv': Csv, [XLSX]: Workbook },
    headers: { 'Content-Disposition': { description: 'attachment; filename="checkpoint-watch-<date>[-<communityId>].<format>"', required: true, schema: { type: 'string' } } },
  },
  checkpointHistory: { description: "The checkpoint's last days in its zone, oldest first, today partial", content: { [JSON_TYPE]: 'CheckpointHistory' } },
  communityHistory: { description: "The community's last days in its zone, its checkpoints summed, oldest first, today partial", content: { [JSON_TYPE]: 'CommunityHistory' } },
  spreadsheet: {
    description: 'The file, as an attachment: xlsx (?format=xlsx) or CSV (?format=csv)',
    content: { [XLSX]: Workbook, 'text/csv': SheetCsv },
    headers: { 'Content-Disposition': { description: 'attachment; filename="…"', required: true, schema: { type: 'string' } } },
  },
  importResult: {
    description: 'The file was read: what the import did (applied) or would do, and every error at its cell; with any error nothing was written',
    content: { [JSON_TYPE]: 'ImportResult' },
  },
  faultyCells: {
    description: 'The uploaded file as xlsx, each faulty cell filled red with its messages as the cell\'s note (a CSV becomes a one-sheet workbook); nothing was written',
    content: { [XLSX]: Workbook },
    headers: { 'Content-Disposition': { description: 'attachment; filename="checkpoints-faulty-cells.xlsx"', required: true, schema: { type: 'string' } } },
  },
  formWorker: { description: "The form's service worker", content: { 'text/javascript': Script } },
  formPage: { description: 'The checkpoint form', content: { [HTML]: Html } },
  formManifest: { description: 'The web app manifest of the form', content: { 'application/manifest+json': 'WebManifest' } },
  formDone: { description: 'The result page of a form posted without JavaScript', content: { [HTML]: Html } },
  formStatus: { description: "The form's header", content: { [JSON_TYPE]: 'FormStatus' } },
  board: { description: "The officials' board when signed in (cookie) or with a valid ?v= link; else the sign-in page", content: { [HTML]: Html } },
  boardSignedIn: {
    description: 'Signed in: a pass in an HttpOnly, SameSite=Strict cookie, and back to the board',
    headers: {
      ...location('/board'),
      'Set-Cookie': { description: 'cw_board=<signed pass>; Path=/board; HttpOnly; SameSite=Strict (Secure on HTTPS)', required: true, schema: { type: 'string' } },
    },
  },
  signInRefused: { description: 'The key is not valid: the sign-in page again, saying so', content: { [HTML]: Html } },
  qrCode: { description: "A QR code of the checkpoint's form URL", content: { 'image/svg+xml': Svg } },
  gateSheet: { description: 'A printable page, one A4 card per checkpoint', content: { [HTML]: Html } },
  consolePage: { description: 'A console page (signed in); without a valid pass, the sign-in page', content: { [HTML]: Html } },
  consoleSignedIn: {
    description: "Signed in: the console's pass and the board's, each in an HttpOnly, SameSite=Strict cookie, and on to the console",
    headers: {
      ...location('/admin, or the console page the sign-in was asked from'),
      'Set-Cookie': { description: 'cw_admin=<signed pass>; Path=/admin; HttpOnly; SameSite=Strict (Secure on HTTPS), and cw_board for the board', required: true, schema: { type: 'string' } },
    },
  },
  consoleSignedOut: {
    description: 'Signed out: both passes cleared',
    headers: { ...location('/admin'), 'Set-Cookie': { description: 'cw_admin and cw_board, expired', required: true, schema: { type: 'string' } } },
  },
  consoleSaved: { description: 'Done: back to the page, which says so (?saved=)', headers: location('The page the form was on, with ?saved=') },
  consoleRotated: { description: 'A new form token: straight to the new gate sheet, which says the old code no longer works', headers: location('/admin/communities/{communityId}/sheet?checkpointId=…&rotated=1') },
  consoleCreated: { description: 'Created: on to the new page, which says so (?saved=created; a checkpoint\'s offers its gate sheet)', headers: location('/admin/communities/{communityId} or /admin/checkpoints/{checkpointId}, with ?saved=created') },
  consoleKeyIssued: { description: 'Issued: a page showing the new key this once (Cache-Control: no-store; the key is in no URL), with the keys below', content: { [HTML]: Html } },
  consoleKeyAlreadyIssued: { description: 'The form was sent already (a reload of the page that showed its key): that key stands, no second one is issued; the keys page says which to revoke if it was not kept', content: { [HTML]: Html } },
  consoleFormRefused: { description: 'Not saved, nothing changed: the form again with every error at its field', content: { [HTML]: Html } },
  consoleImported: {
    description: 'The file was read: a page of what the import did (applied) or would do, every error at its cell; with action=faulty-cells the file back as xlsx with its faulty cells marked',
    content: { [HTML]: Html, [XLSX]: Workbook },
  },
  operatorKeyCreated: { description: 'Issued: the key, shown this once', content: { [JSON_TYPE]: 'OperatorKeyIssued' } },
  operatorKeyList: { description: 'Every operator key, oldest first (never a key or its hash)', content: { [JSON_TYPE]: 'OperatorKeyList' } },
  operatorKeyRevoked: { description: 'Revoked: the key opens nothing from the next request on' },
  auditPage: { description: 'A page of the audit trail, newest first', content: { [JSON_TYPE]: 'AuditPage' } },
  openapi: { description: 'This document', content: { [JSON_TYPE]: 'OpenApiDocument' } },
  preflight: { description: 'The calling origin is a configured form origin (or the API’s own): it may send the request', headers: preflightHeaders },
  preflightRefused: { description: 'The calling origin may not call the API from a browser', content: { [JSON_TYPE]: 'Error' } },

  badRequest: { description: 'The request is not valid: each issue names its field', content: { [JSON_TYPE]: 'Error' } },
  unauthorized: { description: 'No credential, or one that is not valid', content: { [JSON_TYPE]: 'Error' } },
  forbidden: {
    description: 'The credential does not open this: a form token of another checkpoint, or an operator key outside its communities or on a county-only route',
    content: { [JSON_TYPE]: 'Error' },
  },
  notFound: { description: 'No such record', content: { [JSON_TYPE]: 'Error' } },
  submissionReused: { description: 'This submissionId was already used for a different reading: final, do not send again', content: { [JSON_TYPE]: 'Error' } },
  payloadTooLarge: { description: "The body is over the route's limit: 16 KiB, or for a file about 4.45 MiB (the request body says which)", content: { [JSON_TYPE]: 'Error' } },
  unsupportedMediaType: { description: 'The body is not of a media type this route takes', content: { [JSON_TYPE]: 'Error' } },
  tooManyRequests: { description: 'Over the per-token reading limit; nothing was stored, send again after Retry-After', content: { [JSON_TYPE]: 'Error' }, headers: retryAfter },
  unavailable: {
    description: `Briefly unavailable: a dependency down or slow (\`unavailable\`: ${UNAVAILABLE_MESSAGE}), or a record busy with other writes (\`busy\`: its message says whether anything was stored); send it again unchanged after Retry-After`,
    content: { [JSON_TYPE]: 'Error' },
    headers: retryAfter,
  },
  internal: { description: 'A fault on our side; the body names the request id and nothing more', content: { [JSON_TYPE]: 'Error' } },
} as const satisfies Record<string, ResponseSpec>;
export type ResponseName = keyof typeof responses;
