/** The acknowledge pages' words (pages/ack.ts), zh-CN first. */
import { actorIn, type Lang } from '.';

const zh = {
  actor: (name: string, via?: string) => actorIn(name, 'zh-CN', via),
  title: (name: string) => `督办：${name}`,
  heading: '卡点漏报督办',
  missed: (name: string, since: string, overdue: string, level: string) => `卡点 <b>${name}</b> 自 ${since} 起未按时上报（已超时 ${overdue}），当前督办级别：${level}。`,
  acknowledge: '确认收到',
  fromGroup: (group: string) => `此链接来自 <b>${group}</b>。请选择确认人：`,
  acknowledges: (name: string) => `${name} 确认`,
  someoneElse: '其他人',
  doneTitle: '已确认',
  done: '<h1>已确认，谢谢</h1><p>后续级别不再通知；卡点恢复上报后督办自动结束。</p>',
  alreadyTitle: '已确认过',
  already: (at: string) => `<h1>您已确认过</h1><p>您已于 ${at} 确认，无需再次确认。</p>`,
  byOtherTitle: '已由他人确认',
  byOther: (status: string) => `<h1>已由他人确认</h1><p>${status}</p>`,
  endedTitle: '督办已结束',
  ended: (status: string) => `<h1>督办已结束</h1><p>${status}本次确认未被记录。</p>`,
  refusedTitle: '链接无效',
  expired: '<h1>链接已过期</h1><p>确认链接 48 小时内有效，请使用最新一条提醒中的链接。</p>',
  invalid: '<h1>链接无效</h1><p>请使用提醒中的完整链接。</p>',
  acknowledgedBy: (by: string, via: string | undefined, at: string) => `已由 ${by}${via ? `（经 ${via}）` : ''} 于 ${at} 确认。`,
  resolved: (at: string) => `卡点已于 ${at} 恢复上报，督办已结束。`,
  unresolved: (at: string) => `督办已结束（未恢复上报），结束于 ${at}。`,
  paused: (at: string, by: string | undefined) => `卡点已于 ${at} ${by ? `由 ${by} ` : ''}暂停，督办已结束。`,
};

export type AckWords = typeof zh;

const en: AckWords = {
  actor: (name, via) => actorIn(name, 'en', via),
  title: (name) => `Escalation: ${name}`,
  heading: 'Missed report',
  missed: (name, since, overdue, level) => `Checkpoint <b>${name}</b> has not reported since ${since} (${overdue} overdue); escalation ${level}.`,
  acknowledge: 'Acknowledge',
  fromGroup: (group) => `This link was posted in <b>${group}</b>. Who is acknowledging?`,
  acknowledges: (name) => `${name} acknowledges`,
  someoneElse: 'Someone else',
  doneTitle: 'Acknowledged',
  done: '<h1>Acknowledged, thank you</h1><p>No further levels will be notified; the escalation ends when the checkpoint reports.</p>',
  alreadyTitle: 'Already acknowledged',
  already: (at) => `<h1>You acknowledged it already</h1><p>You acknowledged it at ${at}; there is nothing more to do.</p>`,
  byOtherTitle: 'Acknowledged by someone else',
  byOther: (status) => `<h1>Acknowledged by someone else</h1><p>${status}</p>`,
  endedTitle: 'The escalation has ended',
  ended: (status) => `<h1>The escalation has ended</h1><p>${status} Nothing was acknowledged.</p>`,
  refusedTitle: 'Link not valid',
  expired: '<h1>This link has expired</h1><p>Links last 48 hours: use the link in the latest notice.</p>',
  invalid: '<h1>This link is not valid</h1><p>Use the full link from the notice.</p>',
  acknowledgedBy: (by, via, at) => `Acknowledged by ${by}${via ? ` via ${via}` : ''} at ${at}. `,
  resolved: (at) => `The checkpoint reported again at ${at}; the escalation is resolved. `,
  unresolved: (at) => `The escalation ended unresolved at ${at}. `,
  paused: (at, by) => `The checkpoint was paused${by ? ` by ${by}` : ''} at ${at}; the escalation has ended. `,
};

export const ACK_WORDS: Record<Lang, AckWords> = { 'zh-CN': zh, en };
