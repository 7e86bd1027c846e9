/**
 * A report that could not be obtained is not an exclusion: PRISMA counts it as "not retrieved",
 * which is what the "Not retrieved" button on the full-text page records. An exclusion reason
 * saying the same thing was a second, wrong route (the report landed under "Reports excluded"), so
 * reasons that name it are refused; migration 0013 moved the old default's uses to not retrieved.
 */

const RETRIEVAL_NAMES = [
  /^(?:(?:full ?text|report|article|paper|pdf) )?(?:not|un) ?(?:retrievable|retrieved|obtainable|obtained)$/,
  /^(?:full ?text|report|article|paper|pdf) (?:not available|unavailable)$/,
  /^no (?:full ?text|pdf)(?: available)?$/,
  /^(?:could not|couldn t|cannot|can t|unable to) (?:be )?(?:retrieve|retrieved|obtain|obtained|find|found)(?: (?:full ?text|report|article|paper|pdf))?$/,
];

/** Why `text` cannot be an exclusion reason, or null when it can. */
export function retrievalReasonProblem(text: string): string | null {
  const words = text.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  if (!RETRIEVAL_NAMES.some((name) => name.test(words))) return null;
  return 'A report that could not be obtained is not excluded: mark it with the “Not retrieved” button on its full-text page, which PRISMA counts as not retrieved.';
}
