/**
 * What free text (names, the officer, notes, reasons) may not carry: characters that show nothing, or
 * make what is shown differ from what is stored, so that two names that look alike are different
 * records, a subject line breaks, or a page reads otherwise than the table.
 *
 * - C0 and C1 controls: CR/LF would start a new mail header, NUL truncates in some readers.
 * - Every format character (Unicode's Cf) and every default-ignorable code point, which a renderer
 *   draws as nothing: direction marks, embeddings, overrides and isolates (U+061C, U+200E/F,
 *   U+202A–U+202E, U+2066–U+2069), zero-width space, joiners and word joiner (U+200B–U+200D, U+2060–
 *   U+2064), the soft hyphen U+00AD, the BOM U+FEFF, the Mongolian vowel separator and free variation
 *   selectors U+180B–U+180F, variation selectors U+FE00–U+FE0F and U+E0100–U+E01EF, tag characters
 *   U+E0000–U+E007F (and the rest of that plane's first block, unassigned), the Hangul fillers U+115F,
 *   U+1160, U+3164, U+FFA0, the Khmer inherent vowels U+17B4/5, the combining grapheme joiner U+034F,
 *   the interlinear annotation marks U+FFF9–U+FFFB (and U+FFF0–U+FFF8, reserved), the Arabic, Syriac
 *   and Kaithi number signs, the Egyptian hieroglyph, shorthand and musical format controls.
 * - The line and paragraph separators U+2028/9 (a line break that is not CR or LF), and U+2800, the
 *   braille blank, which draws as a space nothing trims.
 * - What nobody types: U+FFFD (what a lossy decoder leaves of invalid UTF-8), noncharacters (U+FDD0–
 *   U+FDEF and the last two of each plane), and a surrogate without its pair.
 *
 * Chinese needs none of them; neither do Latin names, numbers, or the ideographic space U+3000, which
 * stays (Mongolian script would want its variation selectors: a county writing it would need a rule
 * of its own). Notes and reasons alone keep the three an emoji typed on a phone is made of — U+200D
 * between two emoji (👨‍👩‍👧), U+FE0F or U+FE0E right after one (❤️) or in a keycap (1️⃣) — and only
 * there: a note is read, not matched, and a gate report refused for a heart would be lost. A name
 * keeps none, so two names that look alike are alike.
 *
 * The contract refuses them at the edge (both rules are in the OpenAPI document as patterns, Unicode
 * mode); whatever writes a mail header strips the controls again (headerText).
 */
const PLANE_ENDS = Array.from({ length: 16 }, (_, plane) => `\\u{${(plane + 1).toString(16)}FFFE}\\u{${(plane + 1).toString(16)}FFFF}`).join('');

/** The refused code points, as the body of a character class (Unicode mode). */
const REFUSED = [
  '\\u0000-\\u001F\\u007F-\\u009F', // C0, DEL, C1
  '\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u3164\\uFFA0', // soft hyphen, CGJ, ALM, fillers, Khmer, Mongolian
  '\\u0600-\\u0605\\u06DD\\u070F\\u0890\\u0891\\u08E2', // Arabic and Syriac number signs (Cf)
  '\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u206F\\u2800', // zero-widths, marks, separators, embeddings, word joiner, isolates; braille blank
  '\\uD800-\\uDFFF', // a surrogate without its pair (a pair is one code point in Unicode mode)
  '\\uFDD0-\\uFDEF\\uFE00-\\uFE0F\\uFEFF\\uFFF0-\\uFFFB\\uFFFD\\uFFFE\\uFFFF', // noncharacters, variation selectors, BOM, annotation, U+FFFD
  '\\u{110BD}\\u{110CD}\\u{13430}-\\u{1343F}\\u{1BCA0}-\\u{1BCA3}\\u{1D173}-\\u{1D17A}', // Kaithi, hieroglyph, shorthand, musical format
  '\\u{E0000}-\\u{E0FFF}', // tags, variation selectors supplement, and the reserved rest of the block
  PLANE_ENDS, // U+1FFFE … U+10FFFF
].join('');

/** Names, the officer, who acknowledges: none of the refused characters. */
export const FREE_TEXT = new RegExp(`^[^${REFUSED}]*$`, 'u');

/** The three an emoji is made of, each where an emoji puts it (see above). */
const IN_EMOJI = String.raw`(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?)[\uFE0E\uFE0F]|(?<=[0-9#*])\uFE0F(?=\u20E3)|(?<=\p{Extended_Pictographic}[\uFE0F\p{Emoji_Modifier}]?)\u200D(?=\p{Extended_Pictographic})`;

/** Notes and reasons: none of the refused characters, but for a joiner or a variation selector inside an emoji. */
export const NOTE_TEXT = new RegExp(`^(?:[^${REFUSED}]|${IN_EMOJI})*$`, 'u');

const REFUSED_ONE = new RegExp(`[${REFUSED}]`, 'u');

/** The first refused character of a text, as people look it up (`U+200B`); undefined when there is none. */
export const refusedCharacter = (text: string, rule: RegExp = FREE_TEXT): string | undefined => {
  if (rule.test(text)) return undefined;
  const kept = rule === NOTE_TEXT ? text.replace(new RegExp(IN_EMOJI, 'gu'), '') : text;
  const found = REFUSED_ONE.exec(kept)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** The controls a header line may not carry (a mail subject, an address); the wider rule is the contract's. */
const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';

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
