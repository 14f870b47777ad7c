/** Kept apart from the form page so the route table does not pull the page's script into every function. */
import { escapeHtml as escape } from '../domain/html';
import { htmlPage } from './page';

/** A form posted without JavaScript that the server refused: the same messages, as a page. */
export const formErrorPage = (error: { message: string; issues?: { path: string; message: string }[] }): string =>
  htmlPage(
    '未被接受 / Not accepted',
    `<h1>未被接受 / Not accepted</h1><p>${escape(error.message)}</p>` +
      (error.issues?.length ? `<ul>${error.issues.map((i) => `<li><b>${escape(i.path)}</b>: ${escape(i.message)}</li>`).join('')}</ul>` : '') +
      `<p>请返回修改后重新提交。<span lang="en">Go back, correct and send again.</span></p>`,
  );
