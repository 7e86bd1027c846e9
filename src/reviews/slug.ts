/** Short names appear in URLs and on the command line, so they are kept plain and predictable. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

// Names that would read as a route rather than a review.
const RESERVED = new Set(['new', 'edit', 'settings', 'admin', 'api', 'assets']);

export function slugProblem(slug: string): string | null {
  if (!SLUG_PATTERN.test(slug)) {
    return 'Use 1–40 lowercase letters, digits and hyphens, starting and ending with a letter or digit.';
  }
  if (RESERVED.has(slug)) return `"${slug}" is reserved; choose another short name.`;
  return null;
}

const plain = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * A starting suggestion from a title: "Desistance & Co-ops (UK)" -> "desistance-co-ops-uk". A long
 * title keeps the whole words that fit in 40 characters ("…-desistance-and", not "…-and-co-p").
 */
export function suggestSlug(title: string): string {
  const whole = plain(title);
  if (whole.length <= 40) return whole;
  let kept = '';
  for (const word of title.split(/\s+/).map(plain).filter(Boolean)) {
    const longer = kept === '' ? word : `${kept}-${word}`;
    if (longer.length > 40) break;
    kept = longer;
  }
  return kept || whole.slice(0, 40).replace(/-+$/, '');
}

/** Numbered variants of a short name, kept within 40 characters: "coops-2", "coops-3", … up to 999. */
export function* numberedSlugs(base: string): Generator<string> {
  for (let n = 2; n < 1000; n++) yield `${base.slice(0, 40 - String(n).length - 1).replace(/-+$/, '')}-${n}`;
}
