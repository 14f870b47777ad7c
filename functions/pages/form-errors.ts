/**
 * The pages the error contract shows people (functions/runtime/http/errors.ts picks one by the route's
 * `page` and `formErrorPage`). Kept apart from the form page so that the error contract, which every
 * function has, does not pull the form page's script into every function.
 */
import { escapeHtml as escape } from '../domain/html';
import { READING_RULES } from '../domain/reading-rules';
import type { Lang } from '../domain/words';
import { htmlPage } from './page';

interface ShownError {
  code?: string;
  message: string;
  issues?: { path: string; message: string }[];
  requestId?: string;
}

/** The form's fields as its page names them, for a refusal's list. */
const FIELD: Record<string, string> = {
  submissionId: '上报编号', formToken: '上报口令', officer: '上报人', screened: '检测人数', entries: '进入人数', exits: '外出人数', feverCount: '发热人数', maxTempC: '最高体温',
  staffOnDuty: '在岗人数', notes: '备注', feverCases: '发热人员', tempC: '体温', direction: '方向', note: '说明',
};

/** Each issue where it is: in English the server's own words; in Chinese the field by its label (the schema speaks English). */
const issueList = (error: ShownError, lang: Lang): string => {
  if (!error.issues?.length) return '';
  // A reading rule is refused in its Chinese words (contract/schemas.ts): its English ones here.
  const english = (message: string) => READING_RULES.find((rule) => rule.message.zh === message)?.message.en ?? message;
  if (lang === 'en') return `<ul>${error.issues.map((i) => `<li><b>${escape(i.path)}</b>: ${escape(english(i.message))}</li>`).join('')}</ul>`;
  const named = (path: string) => path.split('.').map((part) => (/^\d+$/.test(part) ? `第${Number(part) + 1}项` : FIELD[part] ?? part)).join(' · ');
  // A message the rules give in Chinese (the reading rules) is shown; the schema's English is not.
  const said = (message: string) => (/[\u4e00-\u9fff]/.test(message) ? `：${escape(message)}` : '');
  return `<p>请检查：</p><ul>${error.issues.map((i) => `<li><b>${escape(named(i.path))}</b>${said(i.message)}</li>`).join('')}</ul>`;
};

/** What to do when the form itself was refused rather than its figures: the gate code is the usual cause. */
const FORM_NEXT: Record<string, { zh: string; en: string }> = {
  unauthorized: { zh: '上报码无效或已更换，请重新扫描卡点上的二维码打开上报页面。', en: 'The gate code is not valid or was changed: scan the QR code at the gate again.' },
  forbidden: { zh: '上报码无效或已更换，请重新扫描卡点上的二维码打开上报页面。', en: 'The gate code is not valid or was changed: scan the QR code at the gate again.' },
};

/** A form posted without JavaScript that the server refused: the same messages, as a page. */
export const formErrorPage = (error: ShownError, lang: Lang): string => {
  const next = FORM_NEXT[error.code ?? ''];
  return lang === 'en'
    ? htmlPage('Not accepted', `<h1>Not accepted</h1><p>${escape(error.message)}</p>${issueList(error, lang)}<p>${next?.en ?? 'Go back, correct and send again.'}</p>`, { lang })
    : htmlPage('未被接受', `<h1>未被接受</h1>${issueList(error, lang)}<p>${next?.zh ?? '请返回修改后重新提交。'}</p>`, { lang });
};

/** What each error code means to a person, in Chinese and in English. */
const MEANING: Record<string, { zh: string; en: string; next: { zh: string; en: string } }> = {
  unavailable: {
    zh: '暂时无法使用',
    en: 'Briefly unavailable',
    // Not "nothing was changed": an acknowledgement whose answer timed out may have been recorded.
    next: { zh: '服务暂时无法使用，刚才的操作可能已经完成。请过几秒钟刷新本页查看。', en: 'The service is briefly unavailable; what you just did may have gone through. Reload this page in a few seconds to see.' },
  },
  invalid_request: { zh: '请求无效', en: 'Not valid', next: { zh: '请使用邮件或页面中的完整链接。', en: 'Use the full link from the mail or the page.' } },
  unauthorized: { zh: '需要有效的密钥', en: 'A valid key is needed', next: { zh: '请使用有效的密钥或链接。', en: 'Use a valid key or link.' } },
  forbidden: { zh: '无权访问', en: 'Not allowed', next: { zh: '请使用有效的密钥或链接。', en: 'Use a valid key or link.' } },
  not_found: { zh: '未找到', en: 'Not found', next: { zh: '所找的内容不存在或已删除。', en: 'What you asked for does not exist (any more).' } },
  conflict: { zh: '无法完成', en: 'Could not be done', next: { zh: '页面已过时，请刷新后再试。', en: 'The page is out of date: reload it and try again.' } },
  too_many_requests: { zh: '请求过多', en: 'Too many requests', next: { zh: '请稍后再试。', en: 'Try again a little later.' } },
  internal: { zh: '出错了', en: 'Something went wrong on our side', next: { zh: '请稍后再试；如仍出错，请将请求编号告知县里信息技术人员。', en: 'Try again later; if it keeps happening, give county IT the request id.' } },
};
MEANING.busy = MEANING.unavailable!;

/**
 * Any refusal or fault of a route that answers pages (RouteDef.page): a page in the reader's language
 * with the same status (and Retry-After on a 503), never the JSON error a program would get.
 */
export const errorPage = (error: ShownError, lang: Lang): string => {
  const meaning = MEANING[error.code ?? ''] ?? { zh: '未被接受', en: 'Not accepted', next: { zh: '请返回后重试。', en: 'Go back and try again.' } };
  return lang === 'en'
    ? htmlPage(
        meaning.en,
        `<h1>${meaning.en}</h1><p>${meaning.next.en}</p><p>${escape(error.message)}</p>${issueList(error, lang)}` +
          (error.requestId ? `<p><small>Request id: ${escape(error.requestId)}</small></p>` : ''),
        { lang },
      )
    : htmlPage(meaning.zh, `<h1>${meaning.zh}</h1><p>${meaning.next.zh}</p>` + (error.requestId ? `<p><small>请求编号：${escape(error.requestId)}</small></p>` : ''), { lang });
};
