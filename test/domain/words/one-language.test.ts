/**
 * One language at a time (issue 18 §2): every page, mail and group message, rendered by its real
 * renderer over a demo community (Chinese names of people, gates and groups), is wholly in its reader's
 * language. In Chinese: no English word outside an allow-list (ids a person typed, °C, CSV), no ISO
 * timestamp and no internal id; in English: no Chinese outside the names people gave. The escalation
 * runs through the fast world (the port fakes), so a whole county's words are checked in milliseconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mailOf } from '../../../functions/adapters/mail-frame';
import { channelRequest, chatNoticeOf } from '../../../functions/channels';
import { boardAt, type BoardSnapshot } from '../../../functions/domain/board';
import { acknowledge, namedAddress, type NoticeContent } from '../../../functions/domain/escalation';
import { bundleNotice } from '../../../functions/domain/delivery/words';
import { linkQuery, signLink } from '../../../functions/domain/links';
import type { Checkpoint, Community, Escalation } from '../../../functions/domain/model';
import { viewOf } from '../../../functions/domain/registry';
import { summarizeDay } from '../../../functions/domain/summary';
import { summaryNotice } from '../../../functions/domain/summary-notice';
import { localDateOf } from '../../../functions/domain/time';
import { nameIn, type Lang } from '../../../functions/domain/words';
import { ackDonePage, ackPage } from '../../../functions/pages/ack';
import { boardPage, signInPage } from '../../../functions/pages/board';
import { checkpointPage } from '../../../functions/pages/console/checkpoint';
import { communitiesPage } from '../../../functions/pages/console/communities';
import { escalationsPage } from '../../../functions/pages/console/escalations';
import { checkpointFields } from '../../../functions/pages/console/registration';
import { errorPage, formErrorPage } from '../../../functions/pages/form-errors';
import { formDonePage } from '../../../functions/pages/form';
import { gateCard } from '../../../functions/pages/gate-sheet';
import { COUNTY_ADMIN } from '../../../functions/domain/operators';
import { FormFields } from '../../../functions/runtime/console';
import { demoChannels, demoContacts, demoCounty, demoLeader } from '../../../local/demo-county';
import { keys, makeWorld, type World } from '../escalation/world';
import { chineseIn, demoTyped, englishIn, INTERNAL_ID, ISO_TIMESTAMP } from '../../helpers/words';

const DEMO = demoCounty().slice(0, 2);
const CHAT = 'http://127.0.0.1:9';

/** The page's words as a reader sees them: no markup, script or style; entities decoded; links and addresses gone. */
const readable = (html: string): string =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+/g, ' ');

/** What a person typed and the system only repeats: the demo's ids and names, and this test's own. */
const typed = (): { ids: string[]; names: string[] } => {
  const demo = demoTyped(CHAT);
  // Besides: the channel: a level's "others" field takes groups by, a request id read out to the county's IT.
  return { ids: [...demo.ids, 'channel', 'r-1'], names: [...demo.names, '张三', '黄祖浩'] };
};

interface Rendered {
  surface: string;
  lang: Lang;
  text: string;
}

/** A notice as each medium shows it: the mail (subject, text and HTML) and the group message of each robot. */
const media = (content: NoticeContent, surface: string): Rendered[] => {
  const mail = mailOf(content);
  const chat = chatNoticeOf(content);
  const robots = (['wecom', 'dingtalk', 'feishu'] as const).map((kind) => {
    const request = channelRequest(kind, { url: `${CHAT}/robot`, ...(kind !== 'wecom' && { secret: 'SECdemo' }) }, chat, {
      now: new Date('2026-11-29T04:20:00Z'),
      event: { type: content.type, id: 'evt_1', occurredAt: content.occurredAt, data: content.facts } as never,
    });
    // What the group reads: the message's text (a robot's body carries its type, signature and mobiles besides).
    const body = JSON.parse(request.body) as { text?: { content: string }; content?: { text: string } };
    return { surface: `${surface} · ${kind}`, lang: content.lang, text: body.text?.content ?? body.content?.text ?? '' };
  });
  return [
    { surface: `${surface} · mail subject`, lang: content.lang, text: mail.subject },
    { surface: `${surface} · mail text`, lang: content.lang, text: readable(mail.text) },
    { surface: `${surface} · mail html`, lang: content.lang, text: readable(mail.html) },
    ...robots.map((robot) => ({ ...robot, text: readable(robot.text) })),
  ];
};

describe('one language at a time', () => {
  const rendered: Rendered[] = [];
  let world: World;

  beforeAll(async () => {
    world = makeWorld();
    for (const [index, demo] of DEMO.entries()) {
      // The first community reads Chinese (the default, unsaid); the second asked for English.
      const lang: Lang = index === 0 ? 'zh-CN' : 'en';
      await world.register({
        community: demo.communityId,
        communityName: demo.name,
        ...(lang === 'en' && { language: 'en' as const }),
        contacts: demoContacts(demo.communityId),
        // The demo's groups, at the services' own hosts (the local receiver's address is refused here).
        channels: demoChannels(demo, 0, CHAT).map(({ secret, url, ...channel }) => ({
          ...channel,
          url: channel.kind === 'wecom' ? `https://qyapi.weixin.qq.com${new URL(url).pathname}${new URL(url).search}` : `https://oapi.dingtalk.com${new URL(url).pathname}${new URL(url).search}`,
          summaries: true,
          ...(secret && { secret }),
        })),
        escalation: {
          levels: [
            { notify: ['leader'], after: 'PT0S' },
            { notify: ['secretary', 'channel:zhihui'], after: 'PT30M' },
            { notify: ['committee', 'channel:dangwei'], after: 'PT1H' },
          ],
          repeatEvery: 'PT1H',
          maxRepeats: 1,
        },
        checkpoints: demo.checkpoints.slice(0, 2).map((checkpoint) => checkpoint.checkpointId),
        names: demo.checkpoints.slice(0, 2).map((checkpoint) => checkpoint.name),
        leaders: demo.checkpoints.slice(0, 2).map((checkpoint) => [demoLeader(checkpoint.checkpointId)]),
      });
    }
    world.set('2026-11-29T04:16:00Z');
    const opened = (await world.sweep()).opened;
    expect(opened.length).toBeGreaterThanOrEqual(4);
    // The first escalation of each community runs its levels and a repeat; it ends unresolved.
    const firstOf = async (communityId: string) => (await Promise.all(opened.map((id) => world.store.escalation(id)))).find((e) => e?.communityId === communityId)!;
    const [zhEscalation, enEscalation] = [await firstOf(DEMO[0]!.communityId), await firstOf(DEMO[1]!.communityId)];
    await world.run(zhEscalation.escalationId);
    await world.run(enEscalation.escalationId, undefined, { untilWait: true });
    await world.acknowledge(enEscalation.escalationId, `secretary.${DEMO[1]!.communityId}@example.org`);
    // A checkpoint reporting again resolves its escalation, and every one told hears it.
    await world.report(DEMO[1]!.checkpoints[1]!.checkpointId);
    await world.sweep();

    // What every row written says (the sender sends each as written, or several bundled).
    const rows = world.rows().filter((row) => row.outcome !== 'grouped');
    for (const [i, row] of rows.entries()) rendered.push(...media(row.content, `notice ${i} (${row.content.type}) to ${row.recipient}`));
    // A bundle of held notices (the sender's one message for several rows), in their language.
    for (const held of [rows.find((n) => n.content.lang === 'zh-CN')!, rows.find((n) => n.content.lang === 'en')!]) {
      const { subject, lang, actions } = held.content;
      rendered.push(...media(bundleNotice([{ subject, lang, links: actions }], world.now()), `bundle (${lang})`));
    }

    // The daily summary, for each community in its language, and the county's.
    const communities = (await Promise.all(DEMO.map((demo) => world.store.community(demo.communityId)))) as Community[];
    const checkpointsOf = async (demo: (typeof DEMO)[number]) =>
      (await Promise.all(demo.checkpoints.slice(0, 2).map((checkpoint) => world.store.checkpoint(checkpoint.checkpointId)))) as Checkpoint[];
    const date = localDateOf(world.now(), 'Asia/Shanghai');
    const day = summarizeDay(
      date,
      await Promise.all(DEMO.map(async (demo, i) => ({ communityId: demo.communityId, name: communities[i]!.name, checkpoints: (await checkpointsOf(demo)).map((checkpoint) => ({ checkpoint })), escalations: [] }))),
      1,
      world.now(),
      true,
    );
    for (const [i, community] of communities.entries()) {
      rendered.push(...media(summaryNotice({ ...day, communities: [day.communities[i]!], missedMost: day.missedMost.filter((c) => c.communityId === community.communityId) }, { scope: community.name, fileUrl: 'https://api.test/summaries/2026-12-01/file?r=community%3Ayuyue&sig=x', lang: community.language ?? 'zh-CN' }), `summary ${community.communityId}`));
    }
    rendered.push(...media(summaryNotice(day, { fileUrl: 'https://api.test/summaries/2026-12-01/file?r=county&sig=x' }), 'summary county'));

    // Pages, in each language: the board, the acknowledge pages, the console's.
    const now = world.now();
    const checkpoints = (await Promise.all(DEMO.map(checkpointsOf))).flat();
    const escalations = (await Promise.all(opened.map((id) => world.store.escalation(id)))) as Escalation[];
    const snapshot: BoardSnapshot = {
      stamps: { communities: new Map(), checkpoints: new Map() } as never,
      communities: new Map(communities.map((community) => [community.communityId, community])),
      checkpoints: new Map(checkpoints.map((checkpoint) => [checkpoint.checkpointId, checkpoint])),
      days: new Map(),
      escalations: escalations.filter((e) => e.status === 'open' || e.status === 'acknowledged'),
    };
    const link = signLink(await keys(), 'ack', zhEscalation.escalationId, zhEscalation.notified[0]!, now);
    void linkQuery;
    for (const lang of ['zh-CN', 'en'] as const) {
      const consoleLang = lang === 'en' ? 'en' : 'zh';
      const view = { lang: consoleLang, actor: COUNTY_ADMIN, csrf: 'csrf', path: '/admin' } as const;
      const communityOf = (e: Escalation) => communities.find((c) => c.communityId === e.communityId);
      const checkpointOf = (e: Escalation) => checkpoints.find((c) => c.checkpointId === e.checkpointId);
      const shown = await Promise.all(
        escalations.map(async (escalation) => ({
          escalation: (await world.store.escalation(escalation.escalationId))!,
          checkpointName: checkpointOf(escalation)!.name,
          communityName: communityOf(escalation)!.name,
          timezone: 'Asia/Shanghai',
          notices: await world.store.notices(escalation.escalationId),
          named: (address: string) => namedAddress(address, checkpointOf(escalation), communityOf(escalation)),
        })),
      );
      const checkpoint = checkpoints[0]!;
      const pages: [string, string][] = [
        ['board', boardPage({ ...boardAt(snapshot, now), now, refreshSeconds: 30, lang })],
        ['board sign-in', signInPage(lang, 'bad-key')],
        ['ack page', ackPage({ escalation: escalations[1]!, checkpoint: checkpointOf(escalations[1]!), link, action: '/ack/x', now, lang })],
        ['ack page (group)', ackPage({ escalation: escalations[1]!, checkpoint: checkpointOf(escalations[1]!), link, action: '/ack/x', now, lang, group: { label: nameIn({ group: demoChannels(DEMO[0]!, 0, CHAT)[0]!.name, kind: 'wecom' }, lang), people: ['黄祖浩'] } })],
        ['ack done', ackDonePage({ escalation: shown[0]!.escalation, by: '黄祖浩', changed: false, zone: 'Asia/Shanghai', lang })],
        ['form done', formDonePage({ checkpointId: checkpoint.checkpointId, receivedAt: now.toISOString(), nextDeadline: now.toISOString(), replayed: false, lang })],
        ['form refused', formErrorPage({ message: 'the reading is not valid', issues: [{ path: 'feverCases.0.tempC', message: 'Too small' }] }, lang)],
        ['gate sheet', gateCard(communities[0]!.name, { checkpointId: checkpoint.checkpointId, name: checkpoint.name, formUrl: 'https://api.test/f/x#token=y' }, lang)],
        ['error page', errorPage({ code: 'not_found', message: 'no such checkpoint', requestId: 'r-1' }, lang)],
        ['console communities', communitiesPage(view, communities.map((c) => ({ communityId: c.communityId, name: c.name, timezone: c.timezone, checkpoints: checkpoints.filter((k) => k.communityId === c.communityId).map((k) => viewOf(k, now)) })))],
        ['console escalations', escalationsPage(view, { active: shown.filter((s) => s.escalation.status === 'open'), ended: shown.filter((s) => s.escalation.status !== 'open') })],
        [
          'console checkpoint',
          checkpointPage(view, {
            checkpoint: viewOf(checkpoint, now),
            community: communities[0]!,
            values: FormFields.of(checkpointFields(checkpoint, communities[0]!)),
            issues: [],
            inForce: communities[0]!.escalation!,
            communityHasPolicy: true,
            channels: [],
          }),
        ],
      ];
      for (const [surface, html] of pages) rendered.push({ surface: `${surface} (${lang})`, lang, text: readable(html) });
    }
  });

  it('renders every surface in both languages', () => {
    const kinds = new Set(rendered.map((r) => `${r.surface.split(' ')[0]}:${r.lang}`));
    for (const lang of ['zh-CN', 'en']) for (const surface of ['notice', 'summary', 'board', 'console', 'ack']) expect(kinds, `${surface} in ${lang}`).toContain(`${surface}:${lang}`);
  });

  it('in Chinese: no English word outside the allow-list', () => {
    const { ids } = typed();
    const found = rendered.filter((r) => r.lang === 'zh-CN').flatMap((r) => englishIn(r.text, ids).map((word) => `${r.surface}: ${word}`));
    expect([...new Set(found)]).toEqual([]);
  });

  it('in English: no Chinese outside the names people gave', () => {
    const { names } = typed();
    const found = rendered.filter((r) => r.lang === 'en').flatMap((r) => chineseIn(r.text, names).map((text) => `${r.surface}: ${text}`));
    expect([...new Set(found)]).toEqual([]);
  });

  it('no ISO timestamp and no internal id, in either language', () => {
    const found = rendered.flatMap((r) => [...(ISO_TIMESTAMP.exec(r.text) ?? []), ...(INTERNAL_ID.exec(r.text) ?? [])].slice(0, 1).map((what) => `${r.surface}: ${what}`));
    expect(found).toEqual([]);
  });
});
