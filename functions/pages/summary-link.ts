import { htmlPage } from './page';

/** A summary's file link that opens nothing: expired (7 days), or not whole. */
export const summaryLinkRefusedPage = (reason: 'expired' | 'invalid'): string =>
  htmlPage(
    '链接无效 / Link not valid',
    reason === 'expired'
      ? `<h1>链接已过期</h1><p>汇总下载链接 7 天内有效，请使用最近一份每日汇总中的链接。</p><p class="en">This link has expired (summary links last 7 days). Use the link in a recent daily summary.</p>`
      : `<h1>链接无效</h1><p>请使用每日汇总中的完整链接。</p><p class="en">This link is not valid. Use the full link from the daily summary.</p>`,
  );
