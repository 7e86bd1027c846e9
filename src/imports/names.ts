import { cleanText, trimChars } from './text.js';

/** Author names: one display form ("Family, Given") and a CSL name object for each. */

export interface CslName {
  family?: string;
  given?: string;
  'non-dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

const INITIALS = /^(?:\p{Lu}\.?-?){1,3}$/u;
const VANCOUVER_INITIALS = /^\p{Lu}{1,3}$/u;

/**
 * Reads a name written by an exporter: "Family, Given" (most formats), "Family,Given" (some RIS),
 * "R. L. Whistler" (initials first, EndNote-style lists). Anything else, such as an organisation,
 * is kept whole as a literal name rather than guessed at.
 */
export function nameFromText(text: string): CslName | null {
  const name = trimChars(text.replace(/\s*,\s*/g, ', '), ',; ');
  if (name === '') return null;
  const comma = name.indexOf(', ');
  if (comma > 0) {
    const given = name.slice(comma + 2);
    return given ? { family: name.slice(0, comma), given } : { family: name.slice(0, comma) };
  }
  const words = name.split(' ');
  if (words.length === 1) return { family: name };
  const last = words.length - 1;
  if (words.slice(0, last).every((w) => INITIALS.test(w))) {
    return { family: words.slice(last).join(' '), given: words.slice(0, last).join(' ') };
  }
  // Vancouver style, as PubMed's AU: "Neilen AD".
  if (words.slice(1).every((w) => VANCOUVER_INITIALS.test(w))) {
    return { family: words[0], given: words.slice(1).join(' ') };
  }
  return { literal: name };
}

/**
 * Editors from a tagged format's lines (RIS ED/A2, EndNote %E, Web of Science BE): one name a line,
 * or several joined by ";". Undefined when there are none, so the CSL item gets no empty `editor`.
 */
export function editorNames(lines: readonly string[]): CslName[] | undefined {
  const names = lines.flatMap((line) => line.split(';')).map((name) => nameFromText(cleanText(name))).filter((n): n is CslName => n !== null);
  return names.length > 0 ? names : undefined;
}

export function displayName(name: CslName): string {
  if (name.literal) return name.literal;
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ');
  return [family, name.given, name.suffix].filter(Boolean).join(', ');
}

/**
 * Splits one cell or line that holds several names: a Python/JSON list ("['A, B', 'C, D']",
 * as ASReview writes), "A, B; C, D", or "R. L. Whistler, W. C. Lake and J. Doe".
 */
export function splitNameList(text: string): string[] {
  const value = text.trim();
  if (value.startsWith('[') && value.endsWith(']')) {
    const items = [...value.slice(1, -1).matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? m[2] ?? '');
    if (items.length > 0) return items;
  }
  if (value.includes(';')) return value.split(';');
  return value.split(/\s+and\s+/i).flatMap(splitFullNames);
}

/** "W. Zhang, J. Li" is two names, "Zhang, Wei" is one: split on commas only when every piece is a full name. */
function splitFullNames(chunk: string): string[] {
  const pieces = chunk.split(',').map((p) => p.trim());
  return pieces.length > 1 && pieces.every((p) => p.includes(' ')) ? pieces : [chunk];
}
