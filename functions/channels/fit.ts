/**
 * Cutting a notice to a service's size limit. What is kept, in order of need: the acknowledge link
 * (the first action) and the mentions, the title, the other actions (a grouped notice's further ack
 * links), the lines from the top. Lines are
 * dropped from the end (the rendering says how many), the last one kept may be cut short, and every cut
 * falls between two graphemes, so the text stays valid UTF-8 and no emoji or combining mark is split.
 */
import type { ChatNotice } from './notice';

/** Renders a notice (with `omitted` lines left out) into what the limit is measured on, in UTF-8 bytes. */
export type Measure = (notice: ChatNotice, omitted: number) => number;

/**
 * Made when a notice is first cut, not at import: every function imports this module through the
 * notifier, and the first Intl object of a process starts ICU (about 9 ms of a cold start).
 */
let segmenter: Intl.Segmenter | undefined;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter('zh', { granularity: 'grapheme' }));
const ELLIPSIS = '…';

/** The first `count` graphemes of `text`, with an ellipsis when something was cut. */
const head = (text: string, count: number): string => {
  const parts = Array.from(graphemes().segment(text), (segment) => segment.segment);
  return count >= parts.length ? text : parts.slice(0, count).join('') + ELLIPSIS;
};
const graphemeCount = (text: string): number => Array.from(graphemes().segment(text)).length;

/** The largest n in [0, max] for which fits(n) holds, given that fits is monotone (true up to some n). */
const largest = (max: number, fits: (n: number) => boolean): number => {
  let [low, high] = [0, max];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
};

/** The notice itself when it fits in `maxBytes` as `measure` counts; else the most of it that does. */
export const fitNotice = (notice: ChatNotice, maxBytes: number, measure: Measure): { notice: ChatNotice; omitted: number } => {
  if (measure(notice, 0) <= maxBytes) return { notice, omitted: 0 };
  const total = notice.lines.length;
  const fitsWith = (candidate: ChatNotice, omitted: number) => measure(candidate, omitted) <= maxBytes;
  // Links beyond the first go only when the lines alone cannot make room; the first always stays.
  let base: ChatNotice = notice;
  if (!fitsWith({ ...notice, lines: [] }, total) && notice.actions.length > 1) {
    const links = largest(notice.actions.length - 1, (n) => fitsWith({ ...notice, lines: [], actions: notice.actions.slice(0, n + 1) }, total));
    base = { ...notice, actions: notice.actions.slice(0, links + 1) };
  }

  if (!fitsWith({ ...base, lines: [] }, total)) {
    // Not even the title fits beside the link: cut the title, keep no line.
    const kept = largest(graphemeCount(base.title), (n) => fitsWith({ ...base, title: head(base.title, n), lines: [] }, total));
    return { notice: { ...base, title: head(base.title, kept), lines: [] }, omitted: total };
  }
  const whole = largest(total, (n) => fitsWith({ ...base, lines: base.lines.slice(0, n) }, total - n));
  if (whole === total) return { notice: { ...base, lines: base.lines.slice() }, omitted: 0 };

  // Part of the next line, when a useful part of it fits (a cut line still tells more than a count).
  const next = base.lines[whole]!;
  const withNext = (n: number) => ({ ...base, lines: [...base.lines.slice(0, whole), head(next, n)] });
  const part = largest(graphemeCount(next) - 1, (n) => n === 0 || fitsWith(withNext(n), total - whole - 1));
  if (part >= 8) return { notice: withNext(part), omitted: total - whole - 1 };
  return { notice: { ...base, lines: base.lines.slice(0, whole) }, omitted: total - whole };
};
