import { tokenSpans } from './fts-query.js';

/** A run of text, marked when it is a word the search matched. Views turn marks into <mark>. */
export interface TextSegment {
  text: string;
  hit: boolean;
}

/** About two lines of a results list. */
export const SNIPPET_WORDS = 36;

/**
 * The passage of `text` (an abstract) with the most searched words in a window of `words` words,
 * split into plain and matched segments, with "…" where text was cut. With no searched words it is
 * simply the beginning. Whitespace (line breaks included) is collapsed to single spaces.
 *
 * Matching folds case and diacritics exactly as the search index does, so what is highlighted is
 * what was found. The result is plain text in segments: no markup is ever built from the record.
 */
export function snippetSegments(text: string, searched: ReadonlySet<string>, words = SNIPPET_WORDS): TextSegment[] {
  const spans = tokenSpans(text);
  if (spans.length === 0) return text.trim() === '' ? [] : [{ text: collapse(text.slice(0, 300)), hit: false }];

  // Slide a window of `words` tokens and keep the one holding the most hits (the earliest on ties).
  const isHit = spans.map((span) => searched.has(span.token));
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let end = 0; end < spans.length; end++) {
    if (isHit[end]) hits++;
    const start = end - words + 1;
    if (start > 0 && isHit[start - 1]) hits--;
    if (start >= 0 || end === spans.length - 1) {
      if (hits > bestHits) {
        bestHits = hits;
        best = Math.max(0, start);
      }
    }
  }
  // Start a few words before the first hit so it reads in context.
  const firstHit = isHit.indexOf(true, best);
  if (firstHit > best + 4) best = Math.min(firstHit - 4, Math.max(0, spans.length - words));
  const last = Math.min(spans.length, best + words) - 1;

  const from = best === 0 ? 0 : spans[best]!.start;
  const to = last === spans.length - 1 ? text.length : spans[last]!.end;
  const segments: TextSegment[] = [];
  const push = (piece: string, hit: boolean) => {
    if (piece === '') return;
    const previous = segments[segments.length - 1];
    if (previous && previous.hit === hit) previous.text += piece;
    else segments.push({ text: piece, hit });
  };
  if (from > 0) push('… ', false);
  let cursor = from;
  for (let i = best; i <= last; i++) {
    const span = spans[i]!;
    if (!isHit[i]) continue;
    push(collapse(text.slice(cursor, span.start)), false);
    push(text.slice(span.start, span.end), true);
    cursor = span.end;
  }
  push(collapse(text.slice(cursor, to)), false);
  if (to < text.length) push(' …', false);
  if (segments[0] && !segments[0].hit) segments[0].text = segments[0].text.trimStart();
  const tail = segments[segments.length - 1];
  if (tail && !tail.hit) tail.text = tail.text.trimEnd();
  return segments;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}
