/**
 * The CSL item as a style needs it, just before citeproc formats it: what the bundled styles expect
 * of the data and the records do not say that way.
 *
 * - Capitals (reference-case.ts): titles of works in sentence case (APA 7 and Cite Them Right both
 *   ask for it; APA also capitalises after a colon), the book title a chapter is in likewise, and a
 *   journal's or publisher's name given in capitals in title case.
 * - Preprints (CSL type `article`, Coreview's "preprint"): APA's style prints "[Preprint]" from
 *   `genre` and the server from `publisher` when there is no `container-title` ("Title [Preprint].
 *   SocArXiv. https://doi.org/…", as the APA Style examples name the archive); Cite Them Right's
 *   Harvard prints "SocArXiv [Preprint]" from `container-title`. Imports put the server in either
 *   (RIS T2/JO, PubMed's journal, a CSL publisher), so it is moved to where the style reads it.
 */
import type { BibliographyStyleId } from './bibliography-styles.js';
import { capitalsToTitleCase, sentenceCase } from './reference-case.js';

/** Articles in a journal, magazine or newspaper. */
const PERIODICAL_ARTICLE_TYPES = new Set(['article-journal', 'article-magazine', 'article-newspaper', 'review', 'review-book']);
/** Types whose container is a periodical, a proceedings series or a preprint server: a name in title case. */
const SERIAL_TYPES = new Set([...PERIODICAL_ARTICLE_TYPES, 'paper-conference', 'periodical', 'article']);
/** Types whose container is a book, written in sentence case like any book title. */
const BOOK_PART_TYPES = new Set(['chapter', 'entry', 'entry-encyclopedia', 'entry-dictionary']);

/** English, or no language given: the rules for English capitalisation apply. */
export function isEnglish(language: unknown): boolean {
  const value = typeof language === 'string' ? language.trim().toLowerCase() : '';
  return value === '' || /^en(?:g|glish)?\b/.test(value) || value.includes('english');
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function styledItem(item: Readonly<Record<string, unknown>>, style: BibliographyStyleId): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  const type = String(item['type']);
  const casing = { english: isEnglish(item['language']), capitalAfterColon: style === 'apa' };
  const title = text(item['title']);
  if (title !== null) out['title'] = sentenceCase(title, casing);
  const container = text(item['container-title']);
  if (container !== null && SERIAL_TYPES.has(type)) out['container-title'] = capitalsToTitleCase(container);
  if (container !== null && BOOK_PART_TYPES.has(type)) out['container-title'] = sentenceCase(container, casing);
  // Web of Science gives publishers in capitals too ("PALGRAVE MACMILLAN").
  const publisher = text(item['publisher']);
  if (publisher !== null) out['publisher'] = capitalsToTitleCase(publisher);
  // A journal's editors are no part of an article's reference (Harvard would print "Edited by").
  if (PERIODICAL_ARTICLE_TYPES.has(type)) delete out['editor'];
  if (type === 'article') placePreprintServer(out, style);
  return out;
}

function placePreprintServer(item: Record<string, unknown>, style: BibliographyStyleId): void {
  const server = text(item['container-title']) ?? text(item['publisher']);
  if (style === 'apa') {
    if (server !== null) {
      item['publisher'] = server;
      delete item['container-title'];
    }
    item['genre'] = text(item['genre']) ?? 'Preprint';
  } else if (server !== null) {
    item['container-title'] = server;
    if (item['publisher'] === server) delete item['publisher'];
  }
}
