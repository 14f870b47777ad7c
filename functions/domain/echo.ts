import { IMPORT_LIMITS } from './limits';

/**
 * What an answer repeats of a text that was sent (an unknown header, an id): its first characters,
 * `…` when there were more — so that an answer is never as big as what was sent (issue 21: a 66 KB
 * upload answered with 105 MB, a header echoed twice per error).
 */
export const echoed = (text: string): string => {
  const chars = [...text.slice(0, IMPORT_LIMITS.echoChars * 2)];
  return chars.length > IMPORT_LIMITS.echoChars ? `${chars.slice(0, IMPORT_LIMITS.echoChars).join('')}…` : text;
};
