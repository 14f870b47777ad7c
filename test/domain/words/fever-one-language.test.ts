/**
 * A fever's surfaces, one language at a time (as one-language.test.ts holds the rest): its notices in
 * mail and chat, the acknowledge page, the summary, the board, the console and the form's result page.
 */
import { describe, expect, it } from 'vitest';
import { chatNoticeOf } from '../../../functions/channels/notice';
import { mailOf } from '../../../functions/adapters/mail-frame';
import { boardAt } from '../../../functions/domain/board';
import type { NoticeContent } from '../../../functions/domain/delivery/content';
import { feverHandledNotice, feverNotice } from '../../../functions/domain/fever';
import { COUNTY_ADMIN } from '../../../functions/domain/operators';
import { summarizeDay } from '../../../functions/domain/summary';
import { summaryNotice } from '../../../functions/domain/summary-notice';
import type { Lang } from '../../../functions/domain/words';
import { boardPage } from '../../../functions/pages/board';
import { pageForm } from '../../../functions/pages/console/fields';
import { feverSection } from '../../../functions/pages/console/sections';
import { escalationsPage } from '../../../functions/pages/console/escalations';
import { communityFields } from '../../../functions/pages/console/registration';
import { feverAckDonePage, feverAckPage, readHandlingForm } from '../../../functions/pages/fever-ack';
import { formDonePage } from '../../../functions/pages/form';
import { FormFields } from '../../../functions/runtime/console';
import { chineseIn, englishIn, INTERNAL_ID, ISO_TIMESTAMP } from '../../helpers/words';
import { alert, community, gate } from '../fever/fixtures';

const NAMES = ['东门', '鱼岳社区', '李书记', '王丽', '黄祖浩'];
const IDS = ['east-gate', 'yuyue', 'Asia/Shanghai'];
const now = new Date('2026-12-07T02:25:00Z');

const readable = (html: string): string =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+/g, ' ');

const media = (content: NoticeContent): string[] => {
  const mail = mailOf(content);
  const chat = chatNoticeOf(content);
  return [mail.subject, readable(mail.text), readable(mail.html), chat.title, ...chat.lines];
};

const surfaces = (lang: Lang): [string, string][] => {
  const home = community({ ...(lang === 'en' && { language: 'en' as const }) });
  const open = alert({ escalationId: '11111111-1111-4111-8111-111111111111', cases: [
    { tempC: 38.2, direction: 'in', takenAt: '2026-12-07T02:03:00Z', readingId: 'r-1', officerRole: 'onDuty' },
    { takenAt: '2026-12-07T02:04:00Z', readingId: 'r-2', officerRole: 'staff' },
  ] });
  const handled = { ...open, status: 'acknowledged' as const, acknowledgedBy: '李书记', acknowledgedAt: '2026-12-07T02:20:00Z', handling: { action: 'clinic' as const } };
  const notice = (level: number) => feverNotice({ alert: open, checkpoint: gate(), community: home, level, recipientName: '李书记', othersTold: ['王丽'], ackUrl: 'https://api.test/fever/x?sig=y', now });
  const day = summarizeDay('2026-12-07', [{ communityId: 'yuyue', name: '鱼岳社区', checkpoints: [{ checkpoint: gate(), counters: { readings: 5, screened: 5, entries: 3, exits: 2, feverCount: 1, copiedReadings: 2, onTimeSlots: [], lateSlots: [] } }], escalations: [handled, { ...open, escalationId: 'b' }] }], 0, now, true);
  const consoleLang = lang === 'en' ? 'en' : 'zh';
  const view = { lang: consoleLang, actor: COUNTY_ADMIN, csrf: 'csrf', path: '/admin' } as const;
  const shown = (escalation: typeof open) => ({ escalation, checkpointName: '东门', communityName: '鱼岳社区', timezone: 'Asia/Shanghai', notices: [], named: (address: string) => ({ other: address }) });
  const snapshot = {
    stamps: { communities: new Map(), checkpoints: new Map() },
    communities: new Map([['yuyue', home]]),
    checkpoints: new Map([['east-gate', gate({ lastFigures: '5/3/2/1', sameFiguresRun: 4 })]]),
    days: new Map(),
    escalations: [open],
  };
  const link = { r: 'li@example.org', exp: 1, kid: 'k', sig: 's' };
  return [
    ...media(notice(1)).map((text): [string, string] => ['fever notice', text]),
    ...media(notice(2)).map((text): [string, string] => ['fever notice, level 2', text]),
    ...media(feverHandledNotice({ alert: handled, checkpoint: gate(), community: home, by: '李书记', handling: { action: 'normal' }, at: now })).map((text): [string, string] => ['handled notice', text]),
    ...media(summaryNotice(day, { scope: '鱼岳社区', fileUrl: 'https://api.test/x', lang })).map((text): [string, string] => ['summary', text]),
    ['ack page', readable(feverAckPage({ alert: open, checkpoint: gate(), community: home, link, action: '/fever/x', lang, people: ['李书记'] }))],
    ['ack page, refused', readable(feverAckPage({ alert: open, checkpoint: gate(), community: home, link, action: '/fever/x', lang, issues: { ...(readHandlingForm({}, lang) as { issues: object }).issues, ...(readHandlingForm({ by: 'x', action: 'other' }, lang) as { issues: object }).issues } }))],
    ['ack page, handled', readable(feverAckPage({ alert: handled, checkpoint: gate(), community: home, link, action: '/fever/x', lang }))],
    ...([true, false] as const).map((changed): [string, string] => ['ack done', readable(feverAckDonePage({ alert: handled, changed, zone: 'Asia/Shanghai', lang }))]),
    ['ack ended', readable(feverAckDonePage({ alert: { ...open, status: 'unresolved' }, changed: false, zone: 'Asia/Shanghai', lang }))],
    ['board', readable(boardPage({ ...boardAt(snapshot, now), now, refreshSeconds: 30, lang }))],
    ['console escalations', readable(escalationsPage(view, { active: [shown(open), shown(handled)], ended: [] }))],
    // The community page's fever settings (the rest of the page is one-language.test.ts's).
    ['console community', readable(feverSection(pageForm(consoleLang, { values: FormFields.of(communityFields(home)), issues: [] })))],
    ['form done', readable(formDonePage({ checkpointId: 'east-gate', receivedAt: now.toISOString(), replayed: false, lang, told: true }))],
  ];
};

describe("a fever's surfaces, one language at a time", () => {
  it('in Chinese: no English word outside the allow-list', () => {
    const found = surfaces('zh-CN').flatMap(([surface, text]) => englishIn(text, IDS).map((word) => `${surface}: ${word}`));
    expect([...new Set(found)]).toEqual([]);
  });

  it('in English: no Chinese outside the names people gave', () => {
    const found = surfaces('en').flatMap(([surface, text]) => chineseIn(text, NAMES).map((word) => `${surface}: ${word}`));
    expect([...new Set(found)]).toEqual([]);
  });

  it('no ISO timestamp and no internal id, in either language', () => {
    const found = [...surfaces('zh-CN'), ...surfaces('en')].flatMap(([surface, text]) => [...(ISO_TIMESTAMP.exec(text) ?? []), ...(INTERNAL_ID.exec(text) ?? [])].slice(0, 1).map((what) => `${surface}: ${what}`));
    expect(found).toEqual([]);
  });
});
