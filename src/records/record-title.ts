/**
 * A record imported without a title keeps '' as its title: the database returned it, so PRISMA
 * counts it, and its abstract can still be screened. People see it as "[No title]" (never stored),
 * and the records list finds such records with its "No title" filter.
 */
export const NO_TITLE = '[No title]';

/** The stored title, or "[No title]" for a record that has none: for plain-text places (CSV cells, page titles). */
export function titleOrPlaceholder(title: string): string {
  return title === '' ? NO_TITLE : title;
}
