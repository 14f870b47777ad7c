/**
 * The free-text rule (functions/domain/text.ts) against a model written from the statement alone, with
 * Unicode's own properties rather than the rule's ranges: refused are controls (Cc), format characters
 * (Cf), default-ignorable code points, the line and paragraph separators (Zl, Zp), noncharacters, lone
 * surrogates (Cs), U+FFFD and the braille blank; everything else passes. Every code point is tried.
 */
import { describe, expect, it } from 'vitest';
import { FREE_TEXT, NOTE_TEXT, refusedCharacter } from '../../functions/domain/text';

const MODEL = /^(?:\p{Cc}|\p{Cf}|\p{Default_Ignorable_Code_Point}|\p{Zl}|\p{Zp}|\p{Noncharacter_Code_Point}|\p{Cs}|\uFFFD|\u2800)$/u;
const refusedByModel = (character: string) => MODEL.test(character);
/** Each code point as a string; a surrogate on its own, as a JSON `\ud800` arrives. */
const character = (code: number) => (code >= 0xd800 && code <= 0xdfff ? String.fromCharCode(code) : String.fromCodePoint(code));
const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** The joiner and the variation selectors an emoji is made of: a note keeps them inside an emoji only. */
const EMOJI_PARTS = new Set([0x200d, 0xfe0e, 0xfe0f]);

describe('free text: what a name, the officer or a note may carry', () => {
  it('refuses exactly the code points the model refuses, each of the 1,114,112, between letters', () => {
    const disagree: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      const text = `张${character(code)}三`;
      if (FREE_TEXT.test(text) === refusedByModel(character(code))) disagree.push(hex(code));
    }
    expect(disagree).toEqual([]);
  });

  it('refuses in a note what it refuses in a name, but for an emoji\'s joiner and variation selectors', () => {
    const disagree: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      const refused = refusedByModel(character(code));
      // Between letters, even an emoji's part is refused; between two emoji, only the others.
      if (NOTE_TEXT.test(`注${character(code)}意`) === refused) disagree.push(`${hex(code)} between letters`);
      if (NOTE_TEXT.test(`👍${character(code)}👍`) === (refused && !EMOJI_PARTS.has(code))) disagree.push(`${hex(code)} between emoji`);
    }
    expect(disagree).toEqual([]);
  });

  it('refuses the six the probe found, in names and in notes, naming each', () => {
    for (const [code, text] of [
      ['U+200B', '张\u200B三'],
      ['U+FEFF', '\uFEFF张三'],
      ['U+00AD', '东\u00ADhttps门'],
      ['U+180E', '张\u180E三'],
      ['U+2028', '第一行\u2028第二行'],
      ['U+E0041', '张三\u{E0041}\u{E0042}'],
    ] as const) {
      expect(FREE_TEXT.test(text), code).toBe(false);
      expect(NOTE_TEXT.test(text), code).toBe(false);
      expect(refusedCharacter(text), code).toBe(code);
      expect(refusedCharacter(text, NOTE_TEXT), code).toBe(code);
    }
  });

  it('takes Chinese (the ideographic space too), Latin, Arabic, numbers and emoji without joiners, in names', () => {
    for (const text of ['鱼岳社区东门卡点', '张三　李四', '𠀋𠮷野家', 'Zoë O\'Brien-李', 'عربي', '37.3℃ 体温正常', '👍 好', '']) {
      expect(FREE_TEXT.test(text), text).toBe(true);
    }
  });

  it('takes in a note the emoji a phone types: ZWJ sequences, presentation selectors, skin tones, keycaps', () => {
    for (const text of ['❤️ 辛苦了', '👨‍👩‍👧 一家三口返回', '👩🏽‍⚕️ 医生到场', '🏳️‍🌈', '❤️‍🔥', '1️⃣ 号门', '☎︎ 联系', '👁️‍🗨️']) {
      expect(NOTE_TEXT.test(text), text).toBe(true);
      expect(FREE_TEXT.test(text), text).toBe(false);
    }
  });

  it('refuses in a note a joiner or selector outside an emoji, and tag sequences', () => {
    for (const text of ['张\u200D三', '👍\u200D', '\u200D👍', '张\uFE0F', '❤\uFE0F\uFE0F', '1\uFE0F', '👍\u200D\u200D👍', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}']) {
      expect(NOTE_TEXT.test(text), JSON.stringify(text)).toBe(false);
    }
  });
});
