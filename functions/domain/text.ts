/**
 * Characters free text may not carry: C0 and C1 controls (CR/LF would start a new mail header, NUL
 * truncates in some readers), and the invisible direction marks and overrides that make text read
 * otherwise than it is stored (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C). The contract refuses
 * them at the edge; whatever writes a header strips them again.
 */
const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';

/** No control character at all; nor U+FFFD, which is what a lossy decoder leaves of invalid UTF-8 and nobody types. */
export const FREE_TEXT = new RegExp(`^[^${CONTROLS}\\uFFFD]*$`);

const CONTROL_RUNS = new RegExp(`[${CONTROLS}]+`, 'g');

/** Text for a header line (a mail subject): each run of controls becomes one space. */
export const headerText = (text: string): string => text.replace(CONTROL_RUNS, ' ').trim();

export const hasControls = (text: string): boolean => new RegExp(`[${CONTROLS}]`).test(text);

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Ids in the order people number their gates: `yuyue-2` before `yuyue-10` — a run of digits counts as
 * one number, compared by value (then by its zeros), any other character by its code — and a total
 * order, so a list sorts the same way each time. No collator: ids are ASCII, and a process's first Intl
 * object starts ICU.
 */
export const compareIds = (a: string, b: string): number => {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [x, y] = [a.charCodeAt(i), b.charCodeAt(j)];
    if (isDigit(x) && isDigit(y)) {
      const [from, to] = [i, j];
      while (i < a.length && isDigit(a.charCodeAt(i))) i += 1;
      while (j < b.length && isDigit(b.charCodeAt(j))) j += 1;
      const [p, q] = [a.slice(from, i).replace(/^0+(?=\d)/, ''), b.slice(to, j).replace(/^0+(?=\d)/, '')];
      if (p.length !== q.length) return p.length - q.length;
      if (p !== q) return p < q ? -1 : 1;
    } else {
      if (x !== y) return x - y;
      i += 1;
      j += 1;
    }
  }
  if (i < a.length || j < b.length) return i < a.length ? 1 : -1;
  return a === b ? 0 : a < b ? -1 : 1;
};
