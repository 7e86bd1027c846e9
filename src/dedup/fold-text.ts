// Letters NFKD does not decompose into a base letter plus a mark.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const SPECIAL = /[ßæœøłđðþı]/g;

// Tags that format inside a word ("K<sub>Ca</sub>3.1", "<sup>99m</sup>Tc") go without a trace, so
// the word stays one word; any other tag separates words.
const INLINE_TAG = /<\/?(?:i|b|u|em|strong|sub|sup|inf|it|italic|bold|sc|span|smallcaps)\b[^>]*>/gi;

/**
 * Lower case words separated by single spaces: markup tags, diacritics, apostrophes and
 * punctuation gone ("<i>Évaluation</i> d’impact: Part-2" → "evaluation dimpact part 2").
 * Every comparison key in dedup starts here, so all of them agree on what a word is.
 */
export function foldText(text: string): string {
  let out = text.includes('<') ? text.replace(INLINE_TAG, '').replace(/<[^>]*>/g, ' ') : text;
  // Most titles are ASCII: decomposing them is the slowest step and changes nothing.
  if (/[^\x00-\x7f]/.test(out)) out = out.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(SPECIAL, (c) => LETTERS[c] ?? c);
  else out = out.toLowerCase();
  // Letters of every script are kept: a Cyrillic or Greek title must not fold to nothing and then
  // equal every other such title.
  return out
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
