/**
 * The communities the pass may see (the county's, or an operator key's), and a community's page: its
 * checkpoints with their states, its gate sheets and export, and its own form (name, zone, contacts,
 * policy, group chats).
 */
import { escapeHtml as escape } from '../../domain/html';
import { ZONE_NAMES } from '../../domain/people-words';
import type { EscalationPolicySpec } from '../../domain/model';
import type { CheckpointView } from '../../domain/registry';
import { input, pageForm, sectionErrors, select, type Form, type Issue, type Values } from './fields';
import { consolePage, csrfField, flash, type ConsoleView } from './frame';
import { nextDeadlineOf, scheduleInWords, statusChip, whenLocal } from './checkpoint';
import { channelsSection, contactsSection, feverSection, policySection, type ShownChannel } from './sections';
import { WORDS, type Words } from './text';

export interface CommunityRow {
  communityId: string;
  name: string;
  timezone: string;
  checkpoints: CheckpointView[];
}

const STATUSES = ['missed', 'late', 'paused', 'new', 'up'] as const;

/** A community's checkpoints counted by state, in words and colour (most urgent first). */
const statesOf = (words: Words, checkpoints: readonly CheckpointView[]): string =>
  STATUSES.map((status) => [status, checkpoints.filter((c) => c.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${statusChip(words, status)} ${count}`)
    .join(' ') || words.none;

export const communitiesPage = (view: ConsoleView, communities: readonly CommunityRow[]): string => {
  const words = WORDS[view.lang];
  const rows = communities.map(
    (community) =>
      `<tr><td data-label="${words.name}"><a href="/admin/communities/${encodeURIComponent(community.communityId)}">${escape(community.name)}</a></td>` +
      `<td data-label="${words.id}" class="mono">${escape(community.communityId)}</td><td data-label="${words.checkpointCount}">${community.checkpoints.length}</td>` +
      `<td data-label="${words.states}">${statesOf(words, community.checkpoints)}</td>` +
      `<td data-label="${words.gateSheet}"><a href="/admin/communities/${encodeURIComponent(community.communityId)}/sheet">${words.gateSheets}</a></td></tr>`,
  );
  const body =
    `<h1>${words.communities}</h1>` +
    (communities.length === 0
      ? `<p>${words.noCommunities}</p>`
      : `<div class="scroll"><table class="list"><caption class="vh">${words.communities}</caption><thead><tr><th scope="col">${words.name}</th><th scope="col">${words.id}</th><th scope="col">${words.checkpointCount}</th><th scope="col">${words.states}</th><th scope="col">${words.gateSheet}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`) +
    `<p class="actions">${view.actor.kind === 'admin' ? `<a href="/admin/new-community">${words.newCommunity}</a> · ` : ''}<a href="/admin/import">${words.import}</a> · <a href="/admin/escalations">${words.escalations}</a> · <a href="/admin/audit">${words.audit}</a> · <a href="/board">${words.board}</a></p>`;
  return consolePage(view, { title: words.communities, section: 'communities', body });
};

export interface CommunityPageInput {
  community: CommunityRow;
  values: Values;
  issues: readonly Issue[];
  inForce: EscalationPolicySpec;
  channels: readonly ShownChannel[];
  saved?: 'saved' | 'created';
}

/** The community's form fields, as its own page and the new community's page show them. */
export const communityFormFields = (form: Form, page: Pick<CommunityPageInput, 'inForce' | 'channels'>): string => {
  const { words } = form;
  return (
    input(form, { name: 'name', label: words.name, required: true, maxlength: 100 }) +
    input(form, { name: 'timezone', label: words.timezone, hint: words.timezoneHint, list: 'zone-names' }) +
    `<datalist id="zone-names">${ZONE_NAMES.map(([name, zone]) => `<option value="${escape(name)}">${escape(zone)}</option>`).join('')}</datalist>` +
    select(form, { name: 'language', label: words.language, hint: words.languageHint, choices: [['zh-CN', '中文'], ['en', 'English']] }) +
    contactsSection(form, { withRole: true }) +
    policySection(form, { inherit: words.policyInheritDefault, custom: words.policyCustomCommunity, inForce: page.inForce }) +
    feverSection(form) +
    channelsSection(form, page.channels) +
    sectionErrors(form, '', 's-form', words.communityForm)
  );
};

export const communityPage = (view: ConsoleView, page: CommunityPageInput): string => {
  const words = WORDS[view.lang];
  const { community } = page;
  const id = encodeURIComponent(community.communityId);
  const form = pageForm(view.lang, page);
  const fields = communityFormFields(form, page);
  const checkpoints = community.checkpoints.map(
    (checkpoint) =>
      `<tr><td data-label="${words.name}"><a href="/admin/checkpoints/${encodeURIComponent(checkpoint.checkpointId)}">${escape(checkpoint.name)}</a></td>` +
      `<td data-label="${words.id}" class="mono">${escape(checkpoint.checkpointId)}</td><td data-label="${words.status}">${statusChip(words, checkpoint.status)}${checkpoint.pausedReason ? ` <span class="muted">${escape(checkpoint.pausedReason)}</span>` : ''}</td>` +
      `<td data-label="${words.schedule}">${escape(scheduleInWords(checkpoint.schedule, words, view.lang))}</td>` +
      `<td data-label="${words.nextDeadline}">${escape(nextDeadlineOf(checkpoint, words))}</td>` +
      `<td data-label="${words.gateSheet}"><a href="/admin/communities/${id}/sheet?checkpointId=${encodeURIComponent(checkpoint.checkpointId)}">${words.gateSheet}</a></td></tr>`,
  );
  const body =
    `<p class="muted"><a href="/admin">${words.communities}</a> › ${escape(community.name)}</p>` +
    `<h1>${escape(community.name)} <span class="muted mono">${escape(community.communityId)}</span></h1>` +
    (page.saved ? flash(page.saved === 'created' ? words.createdNew : words.saved) : '') +
    form.errors.summary() +
    `<h2>${words.checkpoints} (${community.checkpoints.length})</h2>` +
    (community.checkpoints.length === 0
      ? `<p>${words.noCheckpoints}</p>`
      : `<div class="scroll"><table class="list"><caption class="vh">${words.checkpoints}</caption><thead><tr><th scope="col">${words.name}</th><th scope="col">${words.id}</th><th scope="col">${words.status}</th><th scope="col">${words.schedule}</th><th scope="col">${words.nextDeadline}</th><th scope="col">${words.gateSheet}</th></tr></thead><tbody>${checkpoints.join('')}</tbody></table></div>`) +
    `<p class="actions"><a href="/admin/communities/${id}/new-checkpoint">${words.newCheckpoint}</a> · <a href="/admin/communities/${id}/sheet">${words.gateSheets}</a> · ${words.export}: <a href="/admin/export?format=xlsx&amp;communityId=${id}">xlsx</a> · <a href="/admin/export?format=csv&amp;communityId=${id}">CSV</a> · <a href="/admin/escalations?communityId=${id}">${words.escalations}</a> · <a href="/admin/audit?communityId=${id}">${words.audit}</a></p>` +
    `<h2>${words.communityForm}</h2>` +
    `<form method="post" action="/admin/communities/${id}" id="s-form" novalidate>${csrfField(view)}${fields}<div class="actions"><button type="submit">${words.save}</button></div></form>`;
  return consolePage(view, { title: community.name, section: 'communities', body });
};
