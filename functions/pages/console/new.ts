/**
 * The new community's and the new checkpoint's pages: the registration forms of an existing one (the
 * same fields, mapped onto the same PUT body, checked with the same schema), with an id field first —
 * an id checked as the API's path checks it, and refused at that field when it is taken.
 */
import { escapeHtml as escape } from '../../domain/html';
import type { EscalationPolicySpec } from '../../domain/model';
import { checkpointFormFields } from './checkpoint';
import { communityFormFields } from './communities';
import { input, pageForm, type Form, type Issue, type Values } from './fields';
import { consolePage, csrfField, type ConsoleView } from './frame';
import { WORDS } from './text';

export interface NewRegistrationInput {
  values: Values;
  issues: readonly Issue[];
  /** The policy a new one follows until it has its own: the community's, else the default. */
  inForce: EscalationPolicySpec;
}

const idField = (form: Form, name: 'communityId' | 'checkpointId', hint: string) =>
  input(form, { name, label: form.words.id, required: true, maxlength: 64, hint, autocomplete: 'off' });

export const newCommunityPage = (view: ConsoleView, page: NewRegistrationInput): string => {
  const words = WORDS[view.lang];
  const form = pageForm(view.lang, page);
  const fields = idField(form, 'communityId', words.communityIdHint) + communityFormFields(form, { inForce: page.inForce, channels: [] });
  const body =
    `<p class="muted"><a href="/admin">${words.communities}</a> › ${words.newCommunity}</p>` +
    `<h1>${words.newCommunity}</h1>` +
    form.errors.summary() +
    `<form method="post" action="/admin/communities" id="s-form" novalidate>${csrfField(view)}${fields}<div class="actions"><button type="submit">${words.create}</button></div></form>`;
  return consolePage(view, { title: words.newCommunity, section: 'communities', body });
};

export const newCheckpointPage = (view: ConsoleView, page: NewRegistrationInput & { community: { communityId: string; name: string }; communityHasPolicy: boolean }): string => {
  const words = WORDS[view.lang];
  const form = pageForm(view.lang, page);
  const id = encodeURIComponent(page.community.communityId);
  const fields = idField(form, 'checkpointId', words.checkpointIdHint) + checkpointFormFields(form, { communityHasPolicy: page.communityHasPolicy, inForce: page.inForce, channels: [] });
  const body =
    `<p class="muted"><a href="/admin">${words.communities}</a> › <a href="/admin/communities/${id}">${escape(page.community.name)}</a> › ${words.newCheckpoint}</p>` +
    `<h1>${words.newCheckpoint} <span class="muted">${escape(page.community.name)}</span></h1>` +
    form.errors.summary() +
    `<form method="post" action="/admin/communities/${id}/checkpoints" id="s-form" novalidate>${csrfField(view)}${fields}<div class="actions"><button type="submit">${words.create}</button></div></form>`;
  return consolePage(view, { title: `${words.newCheckpoint} · ${page.community.name}`, section: 'communities', body });
};
