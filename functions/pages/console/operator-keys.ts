/**
 * The operator keys (the county admin's page): every key with its holder, communities, when and by whom
 * it was issued, and a button to revoke it; the form to issue one (holder, community checkboxes),
 * checked with POST /operator-keys' own schema. A new key is shown once, on the page that answers the
 * form — never in a URL or a redirect — and that page is not stored (Cache-Control: no-store).
 */
import type { AuditActor } from '../../domain/audit';
import { escapeHtml as escape } from '../../domain/html';
import { DEFAULT_TIMEZONE, formatLocal } from '../../domain/time';
import { langOf, listIn } from '../../domain/words';
import { checkboxes, input, pageForm, sectionErrors, type Issue, type Values } from './fields';
import { consolePage, csrfField, flash, type ConsoleView } from './frame';
import { WORDS, type Words } from './text';

export interface ShownKey {
  keyId: string;
  name: string;
  communityIds: readonly string[];
  createdAt: string;
  createdBy?: AuditActor;
}

export interface KeysPageInput {
  keys: readonly ShownKey[];
  /** Every community, for the checkboxes and the names, in id order. */
  communities: readonly { communityId: string; name: string }[];
  values: Values;
  issues: readonly Issue[];
  /** The key just issued: shown this once. */
  issued?: { name: string; key: string };
  revoked?: boolean;
  /** The id of the key the form issues, so that sending it twice (a reload of its answer) issues one. */
  formKeyId: string;
  /** The form had been sent already: the id of the key it issued then. */
  alreadyIssued?: string;
}

const byWhom = (words: Words, actor: AuditActor | undefined): string => {
  if (!actor) return words.unknown;
  return actor.kind === 'admin' ? words.countyAdmin : actor.name;
};

export const operatorKeysPage = (view: ConsoleView, page: KeysPageInput): string => {
  const words = WORDS[view.lang];
  const names = new Map(page.communities.map((c) => [c.communityId, c.name]));
  const form = pageForm(view.lang, page);
  const rows = page.keys.map(
    (key) =>
      `<tr data-key-id="${escape(key.keyId)}"><td data-label="${words.keyHolder}">${escape(key.name)} <span class="muted mono">${escape(key.keyId)}</span></td>` +
      `<td data-label="${words.keyCommunities}">${listIn(key.communityIds.map((id) => `<a href="/admin/communities/${encodeURIComponent(id)}">${escape(names.get(id) ?? id)}</a>`), langOf(view.lang))}</td>` +
      `<td data-label="${words.keyCreatedAt}"><time datetime="${escape(key.createdAt)}">${escape(formatLocal(new Date(key.createdAt), DEFAULT_TIMEZONE))}</time></td>` +
      `<td data-label="${words.keyCreatedBy}">${escape(byWhom(words, key.createdBy))}</td>` +
      `<td data-label="${words.revoke}"><form method="post" action="/admin/operator-keys/${encodeURIComponent(key.keyId)}/revoke">${csrfField(view)}` +
      `<button type="submit" class="danger" aria-label="${escape(`${words.revoke}: ${key.name} (${key.keyId})`)}" aria-describedby="revoke-hint">${words.revoke}</button></form></td></tr>`,
  );
  const list =
    page.keys.length === 0
      ? `<p>${words.noKeys}</p>`
      : `<div class="scroll"><table class="list" id="operator-keys"><caption class="vh">${words.operatorKeys}</caption><thead><tr>` +
        [words.keyHolder, words.keyCommunities, words.keyCreatedAt, words.keyCreatedBy, words.revoke].map((head) => `<th scope="col">${head}</th>`).join('') +
        `</tr></thead><tbody>${rows.join('')}</tbody></table></div><p class="hint" id="revoke-hint">${words.revokeHint}</p>`;
  const issued = page.issued
    ? `<section class="card" aria-labelledby="new-key-h" id="new-key"><h2 id="new-key-h">${words.newKey}</h2>` +
      flash(escape(words.issuedFor.replace('{name}', page.issued.name))) +
      `<p><label for="new-key-value">${words.newKey}</label></p><p><output id="new-key-value" class="mono key">${escape(page.issued.key)}</output></p>` +
      `<p class="flash warn">${words.newKeyHint}</p></section>`
    : '';
  const fields =
    input(form, { name: 'name', label: words.keyHolder, required: true, maxlength: 100, hint: words.keyHolderHint }) +
    `<fieldset id="s-communityIds"><legend>${words.keyCommunities}</legend>` +
    checkboxes(form, { name: 'communityIds', legend: words.keyCommunities, choices: page.communities.map((c) => [c.communityId, `${c.name} (${c.communityId})`] as const) }) +
    sectionErrors(form, 'communityIds', 's-communityIds', words.keyCommunities) +
    `</fieldset>` +
    sectionErrors(form, '', 's-issue', words.issueKey);
  const body =
    `<h1>${words.operatorKeys}</h1><p class="hint">${words.keysHint}</p>` +
    (page.revoked ? flash(words.revoked) : '') +
    (page.alreadyIssued ? `<p class="flash warn" role="status">${escape(words.keyAlreadyIssued.replace('{keyId}', page.alreadyIssued))}</p>` : '') +
    form.errors.summary() +
    issued +
    list +
    `<h2>${words.issueKey}</h2>` +
    `<form method="post" action="/admin/operator-keys" id="s-issue" novalidate>${csrfField(view)}<input type="hidden" name="keyId" value="${escape(page.formKeyId)}">${fields}<div class="actions"><button type="submit">${words.issue}</button></div></form>`;
  return consolePage(view, { title: words.operatorKeys, section: 'operatorKeys', body });
};
