/**
 * The pages an acknowledge link opens. GET only shows the situation and a button: mail scanners fetch
 * links, and must not acknowledge anything. The button POSTs the signed fields back.
 */
import type { Checkpoint, Escalation } from '../domain/model';
import { formatLocal, humanSpan } from '../domain/time';
import type { SignedLink } from '../domain/links';
import { escapeHtml as escape } from '../domain/html';
import { byInWords } from '../domain/operators';
import { htmlPage } from './page';

/** `group`: the link was posted in a group chat; the page asks which of its people is acknowledging. */
export const ackPage = (input: { escalation: Escalation; checkpoint: Checkpoint | undefined; link: SignedLink; action: string; now: Date; group?: { label: string; people: string[] } }): string => {
  const { escalation, checkpoint, link, group } = input;
  const name = escape(checkpoint?.name ?? escalation.checkpointId);
  const zone = checkpoint?.timezone ?? 'UTC';
  const overdue = humanSpan(input.now.getTime() - Date.parse(escalation.missedDeadline));
  const hidden = (['r', 'exp', 'kid', 'sig'] as const).map((field) => `<input type="hidden" name="${field}" value="${escape(String(link[field]))}">`).join('');
  const state =
    escalation.status === 'open'
      ? group
        ? askWho(input.action, hidden, group)
        : `<form method="post" action="${escape(input.action)}">${hidden}<button type="submit">确认收到 / Acknowledge</button></form>`
      : `<p><b>${statusZh(escalation, zone)}</b></p><p class="en">${statusEn(escalation, zone)}</p>`;
  return htmlPage(
    `督办：${checkpoint?.name ?? escalation.checkpointId}`,
    `<h1>卡点漏报督办</h1>` +
      `<p>卡点 <b>${name}</b> 自 ${escape(formatLocal(new Date(escalation.missedDeadline), zone))} 起未按时上报（已 ${overdue}），当前第 ${escalation.level} 级。</p>` +
      `<p class="en">Checkpoint <b>${name}</b> has not reported since ${escape(formatLocal(new Date(escalation.missedDeadline), zone))} (${overdue}); escalation level ${escalation.level}.</p>` +
      state,
  );
};

/** One button per person told, and a field for anyone else: each form posts one `by`. */
const askWho = (action: string, hidden: string, group: { label: string; people: string[] }): string =>
  `<p>此链接来自 <b>${escape(group.label)}</b>。请选择确认人：</p><p class="en">This link was posted in <b>${escape(group.label)}</b>. Who is acknowledging?</p>` +
  (group.people.length > 0
    ? `<form method="post" action="${escape(action)}">${hidden}` +
      group.people.map((name) => `<p><button type="submit" name="by" value="${escape(name)}">${escape(name)} 确认 / acknowledges</button></p>`).join('') +
      `</form>`
    : '') +
  `<form method="post" action="${escape(action)}">${hidden}<p><label>其他人 / Someone else<br><input name="by" required maxlength="100" autocomplete="name"></label></p>` +
  `<p><button type="submit">确认收到 / Acknowledge</button></p></form>`;

/**
 * What pressing the button did, said as it is: acknowledged now; acknowledged before (by this recipient,
 * or by whom and when); or nothing, because the escalation had already ended (resolved, unresolved or paused).
 */
export const ackDonePage = (input: { escalation: Escalation; by: string; changed: boolean; zone: string }): string => {
  const { escalation, by, changed, zone } = input;
  if (changed) {
    return htmlPage(
      '已确认 / Acknowledged',
      `<h1>已确认，谢谢</h1><p>后续级别不再通知；卡点恢复上报后督办自动结束。</p>` +
        `<p class="en">Acknowledged, thank you. No further levels will be notified; the escalation ends when the checkpoint reports.</p>`,
    );
  }
  if (escalation.status === 'acknowledged') {
    const at = when(escalation.acknowledgedAt, zone);
    return escalation.acknowledgedBy?.toLowerCase() === by.toLowerCase()
      ? htmlPage(
          '已确认过 / Already acknowledged',
          `<h1>您已确认过</h1><p>您已于 ${at} 确认，无需再次确认。</p><p class="en">You acknowledged it at ${at}; there is nothing more to do.</p>`,
        )
      : htmlPage('已由他人确认 / Already acknowledged', `<h1>已由他人确认</h1><p>${statusZh(escalation, zone)}</p><p class="en">Already ${lowerFirst(statusEn(escalation, zone))}</p>`);
  }
  return htmlPage(
    '督办已结束 / Escalation ended',
    `<h1>督办已结束</h1><p>${statusZh(escalation, zone)}本次确认未被记录。</p>` +
      `<p class="en">${statusEn(escalation, zone)} Nothing was acknowledged.</p>`,
  );
};

export const linkRefusedPage = (reason: 'expired' | 'invalid'): string =>
  htmlPage(
    '链接无效 / Link not valid',
    reason === 'expired'
      ? `<h1>链接已过期</h1><p>确认链接 48 小时内有效，请使用最新一封提醒邮件中的链接。</p><p class="en">This link has expired (links last 48 hours). Use the link in the latest notice.</p>`
      : `<h1>链接无效</h1><p>请使用提醒邮件中的完整链接。</p><p class="en">This link is not valid. Use the full link from the notice.</p>`,
  );

const when = (instant: string | undefined, zone: string): string => (instant ? escape(formatLocal(new Date(instant), zone)) : '');
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

const acknowledgedZh = (e: Escalation, zone: string): string =>
  e.acknowledgedBy ? `已由 ${escape(byInWords(e.acknowledgedBy, 'zh', e.acknowledgedVia))}${e.acknowledgedVia ? `（经 ${escape(e.acknowledgedVia)}）` : ''} 于 ${when(e.acknowledgedAt, zone)} 确认。` : '';
const acknowledgedEn = (e: Escalation, zone: string): string =>
  e.acknowledgedBy ? `Acknowledged by ${escape(byInWords(e.acknowledgedBy, 'en', e.acknowledgedVia))}${e.acknowledgedVia ? ` via ${escape(e.acknowledgedVia)}` : ''} at ${when(e.acknowledgedAt, zone)}.` : '';

const statusZh = (e: Escalation, zone: string): string =>
  e.status === 'acknowledged'
    ? acknowledgedZh(e, zone)
    : e.status === 'resolved'
      ? `卡点已于 ${when(e.resolvedByReadingAt ?? e.resolvedAt, zone)} 恢复上报，督办已结束。${acknowledgedZh(e, zone)}`
      : e.status === 'paused'
        ? `卡点已于 ${when(e.closedAt, zone)} ${e.pausedBy ? `由 ${escape(byInWords(e.pausedBy, 'zh'))} ` : ''}暂停，督办已结束。${acknowledgedZh(e, zone)}`
        : `督办已结束（未恢复上报），结束于 ${when(e.closedAt, zone)}。${acknowledgedZh(e, zone)}`;
const statusEn = (e: Escalation, zone: string): string =>
  e.status === 'acknowledged'
    ? acknowledgedEn(e, zone)
    : e.status === 'resolved'
      ? `The checkpoint reported again at ${when(e.resolvedByReadingAt ?? e.resolvedAt, zone)}; the escalation is resolved. ${acknowledgedEn(e, zone)}`.trim()
      : e.status === 'paused'
        ? `The checkpoint was paused${e.pausedBy ? ` by ${escape(byInWords(e.pausedBy, 'en'))}` : ''} at ${when(e.closedAt, zone)}; the escalation has ended. ${acknowledgedEn(e, zone)}`.trim()
        : `The escalation ended unresolved at ${when(e.closedAt, zone)}. ${acknowledgedEn(e, zone)}`.trim();
