/**
 * Turns what a person types into the search box into a safe FTS5 MATCH expression.
 *
 * Nothing the user types reaches MATCH as syntax: the text is cut into index tokens the way the
 * `unicode61 remove_diacritics 2` tokenizer cuts it, and every token is emitted inside double quotes.
 * The only operators are the ones built here, from a small grammar people already know from
 * search engines:
 *
 * - words are all required: `desistance employment`
 * - `"quoted words"` (and hyphenated words such as `co-operative`) must appear together, in order
 * - `OR` between two words accepts either: `prison OR jail`
 * - `-word` or `NOT word` leaves out records with it
 *
 * Anything else (`*`, `(`, `NEAR(`, `:`, `^`, stray quotes) is treated as a separator.
 */

/** Longest search text read; the rest is ignored (and the person told). */
export const MAX_SEARCH_CHARS = 500;
/** Most words or phrases used from one search. */
export const MAX_SEARCH_PHRASES = 16;
/** Longest token kept: longer "words" are pasted junk and cannot be in the index anyway. */
export const MAX_TOKEN_CHARS = 64;

/** Index tokens of one word or quoted phrase, lower-cased with diacritics removed. */
export type Phrase = readonly string[];

export interface ParsedSearch {
  /** Every clause must match; a clause matches when any of its phrases does (`OR`). */
  clauses: Phrase[][];
  /** Records matching any of these are left out. */
  excluded: Phrase[];
  /** Part of the text was ignored: too long, too many words, or over-long tokens. */
  truncated: boolean;
}

// unicode61 keeps letters, numbers and private-use characters in tokens; everything else separates.
// Combining marks are kept here so that folding below removes them the way the tokenizer does.
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MARKS = /\p{M}+/gu;

/** Lower-cases and removes diacritics, as the index does: "Évaluation" -> "evaluation". */
export function foldToken(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(MARKS, '');
}

/** The index tokens of a piece of text, folded. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = foldToken(match[0]);
    if (token !== '') tokens.push(token);
  }
  return tokens;
}

/** Index tokens with where they stand in `text`, for highlighting the original text. */
export function tokenSpans(text: string): Array<{ token: string; start: number; end: number }> {
  const spans: Array<{ token: string; start: number; end: number }> = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = foldToken(match[0]);
    if (token !== '') spans.push({ token, start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

// A quoted phrase (the closing quote may be missing), or a run of anything but spaces and quotes.
const CHUNK = /(-?)"([^"]*)"?|[^\s"]+/g;

export function parseSearch(input: string): ParsedSearch {
  let truncated = input.length > MAX_SEARCH_CHARS;
  const text = input.slice(0, MAX_SEARCH_CHARS);
  const clauses: Phrase[][] = [];
  const excluded: Phrase[] = [];
  let count = 0;
  let pendingOr = false;
  let pendingNot = false;

  const add = (phrase: string[], negated: boolean) => {
    const kept = phrase.filter((token) => token.length <= MAX_TOKEN_CHARS).slice(0, MAX_SEARCH_PHRASES);
    if (kept.length !== phrase.length) truncated = true;
    if (kept.length === 0) return;
    if (count === MAX_SEARCH_PHRASES) {
      truncated = true;
      return;
    }
    count++;
    if (negated) excluded.push(kept);
    else if (pendingOr && clauses.length > 0) clauses[clauses.length - 1]!.push(kept);
    else clauses.push([kept]);
  };

  for (const match of text.matchAll(CHUNK)) {
    const [chunk, minus, quoted] = match;
    if (quoted !== undefined) {
      add(tokenize(quoted), minus === '-' || pendingNot);
    } else if (chunk === 'OR') {
      pendingOr = true;
      continue;
    } else if (chunk === 'NOT') {
      pendingNot = true;
      continue;
    } else if (chunk === 'AND') {
      continue;
    } else {
      const negated = chunk.length > 1 && chunk.startsWith('-');
      add(tokenize(negated ? chunk.slice(1) : chunk), negated || pendingNot);
    }
    pendingOr = false;
    pendingNot = false;
  }
  return { clauses, excluded, truncated };
}

function quote(phrase: Phrase): string {
  // Tokens never hold a double quote; doubling any anyway keeps the string closed whatever happens.
  return `"${phrase.join(' ').replaceAll('"', '""')}"`;
}

function anyOf(phrases: readonly Phrase[]): string {
  return phrases.length === 1 ? quote(phrases[0]!) : `(${phrases.map(quote).join(' OR ')})`;
}

/**
 * The FTS5 MATCH expression for a parsed search, or null when there is nothing to look for
 * (no words, or only words to leave out).
 *
 * @example toMatchExpression(parseSearch('co-operative prison OR jail -juvenile'))
 * // '("co operative" AND ("prison" OR "jail")) NOT "juvenile"'
 */
export function toMatchExpression(search: ParsedSearch): string | null {
  if (search.clauses.length === 0) return null;
  const required = search.clauses.map(anyOf).join(' AND ');
  return search.excluded.length === 0 ? required : `(${required}) NOT ${anyOf(search.excluded)}`;
}

function show(phrase: Phrase): string {
  return phrase.length === 1 ? phrase[0]! : `"${phrase.join(' ')}"`;
}

/** The search written back as search-box text, e.g. after correcting a word. */
export function formatSearch(search: ParsedSearch): string {
  const parts = search.clauses.map((clause) => clause.map(show).join(' OR '));
  for (const phrase of search.excluded) parts.push(`-${show(phrase)}`);
  return parts.join(' ');
}

/** A search for one index term, as typed alone. */
export function termSearch(term: string): ParsedSearch {
  return { clauses: [[[term]]], excluded: [], truncated: false };
}

/** Every token a record may match on (not the left-out ones), for highlighting. */
export function searchedTokens(search: ParsedSearch): Set<string> {
  return new Set(search.clauses.flat(2));
}

/** The same search with some tokens replaced (typo corrections). */
export function replaceTokens(search: ParsedSearch, replacements: ReadonlyMap<string, string>): ParsedSearch {
  const swap = (phrase: Phrase) => phrase.map((token) => replacements.get(token) ?? token);
  return {
    clauses: search.clauses.map((clause) => clause.map(swap)),
    excluded: search.excluded.map(swap),
    truncated: search.truncated,
  };
}
