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

/** A starting suggestion from a title: "Desistance & Co-ops (UK)" -> "desistance-co-ops-uk". */
export function suggestSlug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
