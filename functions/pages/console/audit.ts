/**
 * The audit trail as a page: its filter (from, to, community — GET /audit's own query, checked with its
 * schema and refused at its fields), then the entries newest first — when (the community's local time,
 * or the county's), who, what, about which record, and the fields that changed, by name —, a page at a
 * time with a link to the older ones.
 */
import type { AuditAction, AuditEntry } from '../../domain/audit';
import { escapeHtml as escape } from '../../domain/html';
import { formatLocal } from '../../domain/time';
import { langOf, listIn } from '../../domain/words';
import { input, pageForm, select, type Issue, type Values } from './fields';
import { consolePage, type ConsoleView } from './frame';
import { WORDS, type Words } from './text';

const ACTION: Record<AuditAction, { zh: string; en: string }> = {
  'community.created': { zh: '新建社区', en: 'created the community' },
  'community.replaced': { zh: '修改社区', en: 'changed the community' },
  'checkpoint.created': { zh: '新建卡点', en: 'created the checkpoint' },
  'checkpoint.replaced': { zh: '修改卡点', en: 'changed the checkpoint' },
  'checkpoint.token-rotated': { zh: '更换二维码', en: 'rotated the gate code' },
  'checkpoints.imported': { zh: '表格导入', en: 'imported a spreadsheet' },
  'operator-key.created': { zh: '签发社区密钥', en: 'issued an operator key' },
  'operator-key.revoked': { zh: '撤销社区密钥', en: 'revoked an operator key' },
  'escalation.acknowledged': { zh: '确认督办', en: 'acknowledged an escalation' },
};

/** The fields a PUT sets, as the forms call them; a channel's parts as `工作群 zhihui · 机器人地址`. */
const FIELD: Record<string, { zh: string; en: string }> = {
  name: { zh: '名称', en: 'name' },
  communityId: { zh: '所属社区', en: 'community' },
  timezone: { zh: '时区', en: 'time zone' },
  schedule: { zh: '报告周期', en: 'schedule' },
  grace: { zh: '宽限', en: 'grace' },
  contacts: { zh: '联系人', en: 'contacts' },
  escalation: { zh: '督办流程', en: 'escalation policy' },
  shifts: { zh: '排班', en: 'shift roster' },
  channels: { zh: '工作群', en: 'group chats' },
  closures: { zh: '闭卡时段', en: 'closures' },
  active: { zh: '暂停/恢复', en: 'paused / resumed' },
  pausedReason: { zh: '暂停原因', en: 'pause reason' },
};
const CHANNEL_PART: Record<string, { zh: string; en: string }> = {
  kind: { zh: '类型', en: 'kind' },
  name: { zh: '名称', en: 'name' },
  url: { zh: '机器人地址', en: 'robot URL' },
  secret: { zh: '签名密钥', en: 'signing secret' },
  levels: { zh: '接收级别', en: 'levels' },
  summaries: { zh: '接收日报', en: 'daily summary' },
};

export const fieldInWords = (field: string, lang: 'zh' | 'en'): string => {
  const channel = /^channels\.([^.]+)(?:\.(\w+))?$/.exec(field);
  if (channel) {
    const part = channel[2] ? CHANNEL_PART[channel[2]]?.[lang] ?? channel[2] : undefined;
    return `${FIELD.channels![lang]} ${channel[1]}${part ? ` · ${part}` : ''}`;
  }
  return FIELD[field]?.[lang] ?? field;
};

/** An entry as the page shows it: the entry, its record's names and the zone its time is told in. */
export interface ShownEntry {
  entry: AuditEntry;
  zone: string;
  communityName?: string;
  checkpointName?: string;
}

export interface AuditPageInput {
  /** The filter's fields as sent (or empty). */
  values: Values;
  issues: readonly Issue[];
  /** The communities the pass may filter by, in id order. */
  communities: readonly { communityId: string; name: string }[];
  entries: readonly ShownEntry[];
  /** The link to the next (older) page, with the filter kept; absent on the last. */
  older?: string;
  /** On a later page, the link back to the newest entries, with the filter kept; absent on the first. */
  newest?: string;
  /** Whether the county's own entries (operator keys, imports across communities) can be among them: the admin without a community. */
  county: boolean;
}

const whoOf = (words: Words, entry: AuditEntry): string => {
  const { actor } = entry;
  if (actor.kind === 'admin') return escape(words.countyAdmin);
  if (actor.kind === 'operator') return `${escape(actor.name)} <span class="muted mono">${escape(actor.keyId)}</span>`;
  return `${escape(actor.name)} <span class="muted">(${escape(words.viaLink)}${entry.via ? ` · ${escape(entry.via)}` : ''})</span>`;
};

const aboutOf = (words: Words, lang: 'zh' | 'en', shown: ShownEntry): string => {
  const { entry } = shown;
  const parts: string[] = [];
  if (entry.checkpointId) parts.push(`<a href="/admin/checkpoints/${encodeURIComponent(entry.checkpointId)}">${escape(shown.checkpointName ?? entry.checkpointId)}</a>`);
  if (entry.communityId) parts.push(`<a href="/admin/communities/${encodeURIComponent(entry.communityId)}">${escape(shown.communityName ?? entry.communityId)}</a>`);
  if (entry.escalationId) parts.push(`<a href="/admin/escalations${entry.communityId ? `?communityId=${encodeURIComponent(entry.communityId)}` : ''}">${escape(words.escalation)}</a>`);
  if (entry.operatorKey) parts.push(`${escape(entry.operatorKey.name)} <span class="muted mono">${escape(entry.operatorKey.keyId)}</span> (${listIn(entry.operatorKey.communityIds.map(escape), langOf(lang))})`);
  if (entry.counts) {
    const { rows, created, updated, unchanged } = entry.counts;
    parts.push(`${words.rows} ${rows} · ${words.created} ${created} · ${words.updated} ${updated} · ${words.unchanged} ${unchanged}`);
  }
  if (parts.length === 0) parts.push(escape(words.countyOwn));
  return parts.join(' · ');
};

/** To the second: an import writes many entries in one minute. Zones are offset by whole minutes, so the seconds are UTC's. */
const localTime = (iso: string, zone: string): string => {
  const at = new Date(iso);
  return `${formatLocal(at, zone)}:${String(at.getUTCSeconds()).padStart(2, '0')}`;
};

const row = (words: Words, lang: 'zh' | 'en', shown: ShownEntry): string => {
  const { entry } = shown;
  const changed = entry.changed?.length ? listIn(entry.changed.map((field) => `<span title="${escape(field)}">${escape(fieldInWords(field, lang))}</span>`), langOf(lang)) : '';
  return (
    `<tr data-action="${escape(entry.action)}"><td data-label="${words.when}"><time datetime="${escape(entry.at)}">${escape(localTime(entry.at, shown.zone))}</time></td>` +
    `<td data-label="${words.who}">${whoOf(words, entry)}</td>` +
    `<td data-label="${words.what}">${escape(ACTION[entry.action]?.[lang] ?? entry.action)}</td>` +
    `<td data-label="${words.about}">${aboutOf(words, lang, shown)}</td>` +
    `<td data-label="${words.changedFields}">${changed}</td></tr>`
  );
};

export const auditPage = (view: ConsoleView, page: AuditPageInput): string => {
  const words = WORDS[view.lang];
  const form = pageForm(view.lang, page);
  const choices = [['', page.county ? `${words.allCommunities}（${words.county}）` : words.allCommunities] as const, ...page.communities.map((c) => [c.communityId, `${c.name} (${c.communityId})`] as const)];
  const filter =
    `<form method="get" action="/admin/audit" class="card" id="audit-filter" novalidate><h2 id="filter-h">${words.auditFilter}</h2>` +
    `<div class="actions">` +
    select(form, { name: 'communityId', label: words.communities, choices }) +
    input(form, { name: 'fromDate', label: `${words.auditFrom} · ${words.date}`, type: 'date', hint: words.auditTimeHint }) +
    input(form, { name: 'fromTime', label: `${words.auditFrom} · ${words.time}`, type: 'time' }) +
    input(form, { name: 'toDate', label: `${words.auditTo} · ${words.date}`, type: 'date' }) +
    input(form, { name: 'toTime', label: `${words.auditTo} · ${words.time}`, type: 'time' }) +
    `</div><div class="actions"><button type="submit">${words.auditFilter}</button></div></form>`;
  const table =
    page.entries.length === 0
      ? `<p>${words.noEntries}</p>`
      : `<div class="scroll"><table class="list" id="audit-entries"><caption class="vh">${words.audit}</caption><thead><tr>` +
        [words.when, words.who, words.what, words.about, words.changedFields].map((head) => `<th scope="col">${head}</th>`).join('') +
        `</tr></thead><tbody>${page.entries.map((shown) => row(words, view.lang, shown)).join('')}</tbody></table></div>`;
  const paging = [page.newest && `<a href="${escape(page.newest)}">${words.newestEntries}</a>`, page.older && `<a href="${escape(page.older)}" rel="next">${words.olderEntries}</a>`].filter(Boolean);
  const body =
    `<h1>${words.audit}</h1><p class="hint">${words.auditHint}</p>` +
    form.errors.summary() +
    filter +
    table +
    (paging.length > 0 ? `<p class="actions">${paging.join(' · ')}</p>` : '');
  return consolePage(view, { title: words.audit, section: 'audit', body });
};
