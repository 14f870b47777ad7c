/**
 * The pages an acknowledge link opens. GET only shows the situation and a button: mail scanners fetch
 * links, and must not acknowledge anything. The button POSTs the signed fields back.
 */
import type { Checkpoint, Escalation } from '../domain/model';
import { formatLocal, humanSpan } from '../domain/time';
import type { SignedLink } from '../domain/links';
import { escapeHtml as escape } from '../domain/html';
import { htmlPage } from './page';

export const ackPage = (input: { escalation: Escalation; checkpoint: Checkpoint | undefined; link: SignedLink; action: string; now: Date }): string => {
  const { escalation, checkpoint, link } = input;
  const name = escape(checkpoint?.name ?? escalation.checkpointId);
  const zone = checkpoint?.timezone ?? 'UTC';
  const overdue = humanSpan(input.now.getTime() - Date.parse(escalation.missedDeadline));
  const hidden = (['r', 'exp', 'kid', 'sig'] as const).map((field) => `<input type="hidden" name="${field}" value="${escape(String(link[field]))}">`).join('');
  const state =
    escalation.status === 'open'
      ? `<form method="post" action="${escape(input.action)}">${hidden}<button type="submit">确认收到 / Acknowledge</button></form>`
      : `<p><b>${statusZh(escalation)}</b></p><p class="en">${statusEn(escalation)}</p>`;
  return htmlPage(
    `督办：${checkpoint?.name ?? escalation.checkpointId}`,
    `<h1>卡点漏报督办</h1>` +
      `<p>卡点 <b>${name}</b> 自 ${escape(formatLocal(new Date(escalation.missedDeadline), zone))} 起未按时上报（已 ${overdue}），当前第 ${escalation.level} 级。</p>` +
      `<p class="en">Checkpoint <b>${name}</b> has not reported since ${escape(formatLocal(new Date(escalation.missedDeadline), zone))} (${overdue}); escalation level ${escalation.level}.</p>` +
      state,
  );
};

export const ackDonePage = (escalation: Escalation, by: string): string =>
  htmlPage(
    '已确认 / Acknowledged',
    escalation.acknowledgedBy && escalation.acknowledgedBy.toLowerCase() !== by.toLowerCase()
      ? `<h1>已由他人确认</h1><p>${statusZh(escalation)}</p><p class="en">${statusEn(escalation)}</p>`
      : `<h1>已确认，谢谢</h1><p>后续级别不再通知；卡点恢复上报后督办自动结束。</p>` +
          `<p class="en">Acknowledged, thank you. No further levels will be notified; the escalation ends when the checkpoint reports.</p>`,
  );

export const linkRefusedPage = (reason: 'expired' | 'invalid'): string =>
  htmlPage(
    '链接无效 / Link not valid',
    reason === 'expired'
      ? `<h1>链接已过期</h1><p>确认链接 48 小时内有效，请使用最新一封提醒邮件中的链接。</p><p class="en">This link has expired (links last 48 hours). Use the link in the latest notice.</p>`
      : `<h1>链接无效</h1><p>请使用提醒邮件中的完整链接。</p><p class="en">This link is not valid. Use the full link from the notice.</p>`,
  );

const statusZh = (e: Escalation): string =>
  e.status === 'acknowledged'
    ? `已由 ${escape(e.acknowledgedBy ?? '')} 于 ${escape(e.acknowledgedAt ?? '')} 确认。`
    : e.status === 'resolved'
      ? '卡点已恢复上报，督办已结束。'
      : '督办已结束（未恢复上报）。';
const statusEn = (e: Escalation): string =>
  e.status === 'acknowledged'
    ? `Acknowledged by ${escape(e.acknowledgedBy ?? '')} at ${escape(e.acknowledgedAt ?? '')}.`
    : e.status === 'resolved'
      ? 'The checkpoint has reported again; the escalation is resolved.'
      : 'The escalation has ended unresolved.';
