/**
 * The officials' board: every checkpoint by community, its state in colour and in words, open
 * escalations, and today's completeness. Server-rendered and refreshing itself, so it works on any
 * phone; no personal data of fever cases.
 */
import type { Board } from '../domain/board';
import type { CheckpointView } from '../domain/registry';
import { formatLocal, humanSpan } from '../domain/time';
import { htmlPage } from './page';
import { escapeHtml as escape } from '../domain/html';

const STATUS: Record<CheckpointView['status'], { zh: string; en: string; colour: string; text: string }> = {
  up: { zh: '正常', en: 'up', colour: '#dcfce7', text: '#14532d' },
  new: { zh: '待首报', en: 'new', colour: '#e0e7ff', text: '#1e3a8a' },
  late: { zh: '宽限中', en: 'late', colour: '#fef9c3', text: '#713f12' },
  missed: { zh: '漏报', en: 'missed', colour: '#fee2e2', text: '#7f1d1d' },
  paused: { zh: '暂停', en: 'paused', colour: '#e5e7eb', text: '#1f2937' },
};

const CSS =
  'body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#111;background:#f6f7f9}main{max-width:64rem;margin:0 auto;padding:.75rem}' +
  'h1{font-size:1.3rem;margin:.25rem 0}h2{font-size:1.1rem;margin:1rem 0 .25rem}table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e7eb;font-size:.95rem}' +
  '.chip{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-weight:600}.bar{display:inline-block;width:8rem;height:.7rem;background:#e5e7eb;vertical-align:middle;border-radius:.35rem;overflow:hidden}' +
  '.bar span{display:block;height:100%;background:#15803d}.muted{color:#4b5563}.counts{margin:.25rem 0}.esc{background:#fff;border-left:4px solid #b91c1c;padding:.4rem .6rem;margin:.3rem 0}';

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);

/** `operator`: the name of the operator key signed in; the board then holds its communities only. */
export const boardPage = (input: Board & { now: Date; refreshSeconds: number; operator?: string }): string => {
  const counts = (views: CheckpointView[]) =>
    (Object.keys(STATUS) as CheckpointView['status'][])
      .map((status) => [status, views.filter((v) => v.status === status).length] as const)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${STATUS[status].zh} ${n}`)
      .join(' · ');
  const sections = input.communities
    .map((community) => {
      const rows = community.checkpoints
        .map((cp) => {
          const s = STATUS[cp.status];
          return (
            `<tr><td>${escape(cp.name)}<br><span class="muted">${escape(cp.checkpointId)}</span></td>` +
            `<td><span class="chip" style="background:${s.colour};color:${s.text}">${s.zh} <span lang="en">${s.en}</span></span></td>` +
            `<td>${cp.lastReadingAt ? escape(formatLocal(new Date(cp.lastReadingAt), community.timezone)) : '—'}</td>` +
            `<td>${cp.nextDeadline ? escape(formatLocal(new Date(cp.nextDeadline), community.timezone)) : '—'}</td></tr>`
          );
        })
        .join('');
      const { completeness } = community;
      return (
        `<section aria-labelledby="c-${escape(community.communityId)}"><h2 id="c-${escape(community.communityId)}">${escape(community.name)}</h2>` +
        `<p class="counts">今日完整率 <span lang="en">Today's completeness</span>: <span class="bar" role="img" aria-label="${percent(completeness)}"><span style="width:${Math.round((completeness ?? 0) * 100)}%"></span></span> <b>${percent(completeness)}</b>` +
        ` · ${escape(counts(community.checkpoints))}</p>` +
        `<table><thead><tr><th scope="col">卡点 Checkpoint</th><th scope="col">状态 Status</th><th scope="col">上次上报 Last report</th><th scope="col">下次截止 Next deadline</th></tr></thead><tbody>${rows}</tbody></table></section>`
      );
    })
    .join('');
  const escalations = input.escalations
    .map(
      (e) =>
        `<div class="esc"><b>${escape(e.checkpointName)}</b> — 第${e.level}级 <span lang="en">level ${e.level}</span>, ${humanSpan(input.now.getTime() - Date.parse(e.missedDeadline))}` +
        `<br>已通知 <span lang="en">told</span>: ${escape(e.notified.join(', ') || '—')}` +
        (e.acknowledgedBy ? `<br>已确认 <span lang="en">acknowledged by</span>: ${escape(e.acknowledgedBy)}` : '') +
        `</div>`,
    )
    .join('');
  return htmlPage(
    '卡点看板 / Checkpoint board',
    `<main><h1>卡点看板 <span lang="en">Checkpoint board</span></h1><p class="muted">${escape(input.now.toISOString().slice(0, 16).replace('T', ' '))} UTC · 每 ${input.refreshSeconds} 秒刷新 <span lang="en">refreshes every ${input.refreshSeconds} s</span> ` +
      `<button type="button" id="pause" aria-pressed="false">暂停刷新 / Pause</button></p>` +
      (input.operator ? `<p class="muted">社区密钥 <span lang="en">Operator key</span>: ${escape(input.operator)} · 仅显示其社区 <span lang="en">its communities only</span></p>` : '') +
      `<h2>未结束的督办 <span lang="en">Open escalations</span> (${input.escalations.length})</h2>${escalations || '<p>无 <span lang="en">none</span></p>'}` +
      sections +
      `</main>` +
      // A refresh the reader can stop (WCAG 2.2.1), rather than <meta refresh>.
      `<script>(function(){var on=true,b=document.getElementById('pause');var t=setTimeout(function(){location.reload()},${input.refreshSeconds * 1000});` +
      `b.addEventListener('click',function(){on=!on;b.setAttribute('aria-pressed',String(!on));b.textContent=on?'暂停刷新 / Pause':'继续刷新 / Resume';` +
      `clearTimeout(t);if(on)t=setTimeout(function(){location.reload()},${input.refreshSeconds * 1000});});})();</script>`,
    { css: `${CSS}#pause{font-size:.9rem;min-height:36px;background:#fff;color:#111;border:1px solid #555;border-radius:.4rem;padding:.2rem .6rem}` },
  );
};

export const signInPage = (error?: string): string =>
  htmlPage(
    '登录看板 / Sign in',
    `<main style="max-width:24rem;margin:0 auto;padding:1rem"><h1>卡点看板 <span lang="en">Checkpoint board</span></h1>` +
      (error ? `<p role="alert" style="color:#7f1d1d">${escape(error)}</p>` : '') +
      `<form method="post" action="/board/sign-in"><label for="key" style="display:block;font-weight:600">管理密钥或社区密钥 <span lang="en">Admin or operator key</span></label>` +
      `<input id="key" name="key" type="password" autocomplete="current-password" required style="width:100%;min-height:48px;font-size:1.1rem;box-sizing:border-box">` +
      `<button type="submit" style="margin-top:.75rem;width:100%;background:#1d4ed8">登录 / Sign in</button></form></main>`,
  );
