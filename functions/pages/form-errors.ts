/**
 * The pages the error contract shows people (functions/runtime/http/errors.ts picks one by the route's
 * `page` and `formErrorPage`). Kept apart from the form page so that the error contract, which every
 * function has, does not pull the form page's script into every function.
 */
import { escapeHtml as escape } from '../domain/html';
import { htmlPage } from './page';

interface ShownError {
  code?: string;
  message: string;
  issues?: { path: string; message: string }[];
  requestId?: string;
}

const issueList = (error: ShownError): string =>
  error.issues?.length ? `<ul>${error.issues.map((i) => `<li><b>${escape(i.path)}</b>: ${escape(i.message)}</li>`).join('')}</ul>` : '';

/** A form posted without JavaScript that the server refused: the same messages, as a page. */
export const formErrorPage = (error: ShownError): string =>
  htmlPage(
    '未被接受 / Not accepted',
    `<h1>未被接受 / Not accepted</h1><p>${escape(error.message)}</p>` +
      issueList(error) +
      `<p>请返回修改后重新提交。<span lang="en">Go back, correct and send again.</span></p>`,
  );

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
 * Any refusal or fault of a route that answers pages (RouteDef.page): a page in Chinese and English
 * with the same status (and Retry-After on a 503), never the JSON error a program would get.
 */
export const errorPage = (error: ShownError): string => {
  const meaning = MEANING[error.code ?? ''] ?? { zh: '未被接受', en: 'Not accepted', next: { zh: '请返回后重试。', en: 'Go back and try again.' } };
  return htmlPage(
    `${meaning.zh} / ${meaning.en}`,
    `<h1>${meaning.zh}</h1><p>${meaning.next.zh}</p>` +
      `<div class="en" lang="en"><h2>${meaning.en}</h2><p>${meaning.next.en}</p><p>${escape(error.message)}</p>${issueList(error)}</div>` +
      (error.requestId ? `<p><small>请求编号 / Request id: ${escape(error.requestId)}</small></p>` : ''),
  );
};
