import { RecordError } from './errors.js';
import type { Reference } from './reference.js';

/**
 * Longest value a field may have, far beyond any real reference (the corpus peaks at a few hundred
 * characters outside abstracts). A longer one means a damaged or hostile file: the record fails
 * with a message rather than put a 400 KB "author" on every page that lists it.
 */
export const SANE_LENGTH = { title: 10_000, abstract: 200_000, other: 2_000 } as const;

const n = (value: number) => value.toLocaleString('en-GB');

/** Throws RecordError naming the first field that is too long. */
export function assertSaneSizes(ref: Reference): void {
  const check = (label: string, value: string | null, limit: number) => {
    if (value !== null && value.length > limit) {
      throw new RecordError(`${label} is ${n(value.length)} characters long, more than any real one (at most ${n(limit)}), so the record looks damaged.`);
    }
  };
  check('The title', ref.title, SANE_LENGTH.title);
  check('The abstract', ref.abstract, SANE_LENGTH.abstract);
  ref.authors.forEach((author, index) => check(`Author ${index + 1}`, author, SANE_LENGTH.other));
  ref.keywords.forEach((keyword, index) => check(`Keyword ${index + 1}`, keyword, SANE_LENGTH.other));
  const others = { journal: 'The journal', volume: 'The volume', issue: 'The issue', pages: 'The pages field', language: 'The language', issn: 'The ISSN', publisher: 'The publisher', url: 'The web address' } as const;
  for (const [field, label] of Object.entries(others)) check(label, ref[field as keyof typeof others], SANE_LENGTH.other);
}
