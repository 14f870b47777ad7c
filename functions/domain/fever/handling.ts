/**
 * What the fever acknowledge page asks: who is handling it, and what was done — 已隔离复测 / 已送发热门诊 /
 * 复测正常 / 其他（说明）, the last with a short note. Checked here, once, for the page's POST (and any
 * other way in); the words are in words/fever.ts.
 */
import * as z from 'zod/mini';
import { FreeText, NoteText } from '../registration-schemas';
import { HANDLING_ACTIONS, type FeverHandling } from './shapes';

/** The longest note of what was done: a line, not a record (the person's details stay out of it). */
export const HANDLING_NOTE_MAX = 100;

export const FeverHandlingBody = z
  .strictObject({
    by: FreeText(1, 100).check(z.describe('Who is handling it, as they are called')),
    action: z.enum(HANDLING_ACTIONS),
    note: z.optional(NoteText(0, HANDLING_NOTE_MAX)),
  })
  .check(
    z.refine((body) => body.action !== 'other' || (body.note ?? '').trim().length > 0, {
      message: 'say what was done in a short note',
      path: ['note'],
      when: ({ issues }) => issues.length === 0,
    }),
  );
export type FeverHandlingBody = z.infer<typeof FeverHandlingBody>;

/** The handling recorded: the note trimmed, and dropped when empty. */
export const handlingOf = (body: FeverHandlingBody): FeverHandling => {
  const note = body.note?.trim();
  return { action: body.action, ...(note && { note }) };
};
