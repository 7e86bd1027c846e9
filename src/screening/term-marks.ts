import { tokenize, tokenSpans } from '../records/fts-query.js';

export type TermPolarity = 'include' | 'exclude';

/** A run of text, marked when it is one of the review's include or exclude terms. */
export interface MarkedSegment {
  text: string;
  mark: TermPolarity | null;
}

export type TermLists = Record<TermPolarity, readonly string[]>;

/**
 * Splits `text` into plain and marked runs: a term matches whole words only, folding case and
 * diacritics the way search does ("reintegration" marks "Réintegration", not "reintegrations").
 * A phrase term matches its words in a row; a word ending in `*` matches any word it begins
 * ("desist*": desistance, desisting). Where two terms overlap, the longer wins, then an include
 * term. The result is plain text in segments, never markup.
 */
export function markTerms(text: string, terms: TermLists): MarkedSegment[] {
  const spans = tokenSpans(text);
  const phrases = (['include', 'exclude'] as const)
    .flatMap((mark) => terms[mark].map((term) => ({ mark, words: termWords(term) })))
    .filter((p) => p.words.length > 0)
    .sort((a, b) => b.words.length - a.words.length || (a.mark === 'include' ? -1 : 1));
  const marks: Array<{ start: number; end: number; mark: TermPolarity }> = [];
  for (let i = 0; i < spans.length; ) {
    const hit = phrases.find((p) => p.words.every((word, k) => matches(word, spans[i + k]?.token)));
    if (!hit) {
      i++;
      continue;
    }
    marks.push({ start: spans[i]!.start, end: spans[i + hit.words.length - 1]!.end, mark: hit.mark });
    i += hit.words.length;
  }
  const segments: MarkedSegment[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.start > at) segments.push({ text: text.slice(at, m.start), mark: null });
    segments.push({ text: text.slice(m.start, m.end), mark: m.mark });
    at = m.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), mark: null });
  return segments;
}

interface TermWord {
  token: string;
  prefix: boolean;
}

function termWords(term: string): TermWord[] {
  return term.split(/\s+/).flatMap((word) => {
    const tokens = tokenize(word);
    return tokens.map((token, k) => ({ token, prefix: k === tokens.length - 1 && word.endsWith('*') }));
  });
}

function matches(word: TermWord, token: string | undefined): boolean {
  if (token === undefined) return false;
  return word.prefix ? token.startsWith(word.token) : token === word.token;
}
