/** Text clean-up shared by every format: entities, control characters, whitespace. */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ',
  ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  laquo: '«', raquo: '»', deg: '°', plusmn: '±', times: '×', middot: '·', micro: 'µ',
  le: '≤', ge: '≥', ne: '≠', copy: '©', reg: '®', trade: '™', shy: '',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', kappa: 'κ', lambda: 'λ', mu: 'μ',
  pi: 'π', sigma: 'σ', tau: 'τ', chi: 'χ', omega: 'ω', Delta: 'Δ', Omega: 'Ω',
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/** Decodes HTML/XML character references once; unknown named entities are left as they are. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? match;
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '';
  });
}

// C0/C1 controls except tab and newline, BOMs, replacement characters and zero-width junk never belong in a field.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF\uFFFD\u200B]/g;

export function withoutInvisible(value: string): string {
  return value.replace(INVISIBLE, '');
}

// Whitespace that needs rewriting: anything but a lone plain space. Testing first skips the
// replace for most values, which matters at 50,000 abstracts.
const MESSY_SPACE = /[^\S ]| {2}/;
const MESSY_LINE_SPACE = /[^\S\n ]| {2}/;

/** One-line field: invisible characters removed, any whitespace run becomes one space. */
export function cleanText(value: string): string {
  const text = withoutInvisible(value);
  return (MESSY_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

/** Multi-line field (abstracts, notes): line breaks and paragraphs kept, spaces inside lines collapsed. */
export function cleanMultiline(value: string): string {
  let text = withoutInvisible(value);
  if (MESSY_LINE_SPACE.test(text)) text = text.replace(/[^\S\n]+/g, ' ');
  if (text.includes('\n')) text = text.replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n');
  return text.trim();
}

/** Strips any of `chars` from both ends; a loop, because `[...]+$` regexes backtrack badly on long runs. */
export function trimChars(value: string, chars: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && chars.includes(value.charAt(start))) start++;
  while (end > start && chars.includes(value.charAt(end - 1))) end--;
  return value.slice(start, end);
}
