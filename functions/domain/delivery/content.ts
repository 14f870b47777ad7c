/**
 * What a notice says, as structured content: the subject, the chat title, the lines, the actions (the
 * acknowledge link first) and whom it @mentions — in one language, the reader's (words/). The domain chooses
 * the words; each medium renders them (the mail frame, a chat service's text, a signed webhook event).
 * A notice never carries a form token, and never a fever case's note. The words themselves are in
 * escalation/level-wording.ts (a level's notice), escalation/follow-ups.ts (the notices after the levels).
 */
import type { WebhookEventType } from '../../channels/webhook';
import type { Lang } from '../words';

/** Plain text, text in bold, or a link with its label. */
export type Span = string | { strong: string } | { link: string; label: string };

/** A paragraph, a bulleted list, or a table (cells of text, or a completeness bar from 0 to 1). */
export type Block = Span[] | { list: Span[][] } | { table: { head: string[]; rows: (string | { bar: number | null })[][] } };

export interface NoticeAction {
  label: string;
  url: string;
}

export interface NoticeContent {
  /** What happened, as a webhook event type; a digest carries the type of what it gathers. */
  type: WebhookEventType;
  /** The language it is written in: its community's. */
  lang: Lang;
  /** The mail's subject. */
  subject: string;
  /** The chat message's first line: 【漏报督办】… */
  title: string;
  lines: Block[];
  actions: NoticeAction[];
  /** Who a chat notice @mentions: the mobiles of the level's people, and their names. */
  mentions: { mobiles: string[]; names: string[] };
  /** The facts for a program (a webhook's `data`): ids, level, slots. */
  facts: Record<string, unknown>;
  occurredAt: string;
}

/** Text in bold. */
export const b = (text: string): Span => ({ strong: text });
/** A notice that @mentions no one. */
export const noMentions = { mobiles: [], names: [] };
