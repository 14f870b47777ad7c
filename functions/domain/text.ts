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
