/**
 * The operators' console (`/admin`): its query strings and what its forms post. The forms' fields are
 * not described here one by one: a console form is mapped onto the API's own body (CheckpointBody,
 * CommunityBody) and validated with that schema, so that a form is refused for exactly what the API
 * refuses, each error shown at its field (functions/pages/console/). What the route table needs to know
 * is only that the body is a form, and how large it may be.
 */
import * as z from 'zod/mini';
import { ExportQuery, Id, ImportTemplateQuery, MAX_UPLOAD_BYTES } from './schemas';

export const CONSOLE_LANGS = ['zh', 'en'] as const;
export type ConsoleLang = (typeof CONSOLE_LANGS)[number];

const Lang = z.optional(z.enum(CONSOLE_LANGS).check(z.describe('Chinese (the default) or English; remembered in a cookie for the next pages')));

export const ConsoleQuery = z.strictObject({ lang: Lang });
export const ConsoleSavedQuery = z.strictObject({
  lang: Lang,
  saved: z.optional(z.enum(['1', 'created', 'paused', 'resumed', 'acknowledged']).check(z.describe('What the last POST did, said at the top of the page'))),
});
export const ConsoleEscalationsQuery = z.strictObject({
  lang: Lang,
  communityId: z.optional(Id),
  saved: z.optional(z.enum(['acknowledged'])),
});
export const ConsoleSheetQuery = z.strictObject({
  lang: Lang,
  checkpointId: z.optional(Id.check(z.describe("One checkpoint's card; every checkpoint of the community when absent"))),
  rotated: z.optional(z.enum(['1']).check(z.describe('The code was just rotated: the page says the old one no longer works'))),
});
export const ConsoleTemplateQuery = ImportTemplateQuery;

/**
 * The audit page's filter, as its GET form sends it: `from`, `to` and `communityId` as GET /audit takes
 * them — or left empty, and a time as a datetime-local field sends it (`2026-12-01T08:00`, in the
 * community's zone, else the county's). The page maps them onto GET /audit's own query and checks them
 * with its schema (AuditQuery), each error at its field; so here they are only bounded text.
 */
const FilterText = (max: number) => z.optional(z.string().check(z.maxLength(max)));
export const ConsoleAuditQuery = z.strictObject({
  lang: Lang,
  fromDate: FilterText(40),
  fromTime: FilterText(20),
  toDate: FilterText(40),
  toTime: FilterText(20),
  from: FilterText(40),
  to: FilterText(40),
  communityId: FilterText(64),
  cursor: FilterText(2048),
});
export const ConsoleKeysQuery = z.strictObject({
  lang: Lang,
  saved: z.optional(z.enum(['revoked']).check(z.describe('A key was just revoked: the page says so'))),
});
export const ConsoleExportQuery = ExportQuery;

/** Where sign-in returns to: a console page of this site, never another site. */
export const CONSOLE_NEXT = /^\/admin(?:\/[A-Za-z0-9_/-]*)?(?:\?[A-Za-z0-9_=&%-]*)?$/;
export const ConsoleSignInBody = z.strictObject({
  key: z.string().check(z.minLength(1), z.maxLength(200)),
  next: z.optional(z.string().check(z.maxLength(300), z.regex(CONSOLE_NEXT, 'a console page (/admin…)'))),
  lang: Lang,
});

/** The name of the hidden field every console form carries its CSRF token in. */
export const CSRF_FIELD = 'csrf';

/**
 * A console form, as the browser posts it (application/x-www-form-urlencoded): handed to the handler as
 * its bytes. Larger than a JSON body's 16 KiB, for a checkpoint with its 24 shifts, 20 contacts, 10
 * channels and 20 closures.
 */
export const CONSOLE_FORM = {
  mediaTypes: ['application/x-www-form-urlencoded'],
  maxBytes: 64 * 1024,
  description: `A console form (application/x-www-form-urlencoded), its hidden ${CSRF_FIELD} field among the fields; mapped onto the API's own body and validated with its schema`,
} as const;

/** The import's upload: a browser's multipart form with the file and the CSRF token, within the import's own cap. */
export const CONSOLE_UPLOAD = {
  mediaTypes: ['multipart/form-data'],
  maxBytes: MAX_UPLOAD_BYTES,
  description: `The console's import form (multipart/form-data): \`file\` (a CSV or xlsx, as POST /imports/checkpoints takes it) — or, with no file chosen, the file the page last checked, carried in \`checked\` (base64), \`checkedName\` and \`checkedType\` —, \`action\` (check, apply or faulty-cells) and ${CSRF_FIELD}`,
} as const;
