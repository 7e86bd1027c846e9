import { ENGLISH_STOP_WORDS } from './english-stop-words.js';

/*
 * ASReview v2's default model ELAS u4 (asreview/models/models.py, AI_MODEL_CONFIGURATIONS) builds its features
 * with Tfidf(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_df=0.95) over title + ' ' + abstract; every
 * other setting is TfidfVectorizer's default (lowercase, token_pattern (?u)\b\w\w+\b, strip_accents None, smooth
 * idf, l2 norm). ELAS u4 itself passes no stop_words (scikit-learn's default is None; only ELAS u3 passes
 * 'english'). Issue 14 specifies the English list (its description of ELAS u4 includes it), so we remove it.
 */
/** Terms in more than this share of the records are dropped (ELAS u4's max_df); the other settings are the code below. */
export const MAX_DF = 0.95;

/** ASReview's TextMerger: the title and the abstract (missing ones as '') joined by one space. */
export function documentText(title: string | null, abstract: string | null): string {
  return `${title ?? ''} ${abstract ?? ''}`;
}

/*
 * token_pattern (?u)\b\w\w+\b finds maximal runs of two or more word characters. Python's Unicode \w is
 * str.isalnum() or '_': letters (L*), numbers (N*) and '_', but not combining marks. This class equals Python
 * 3.11's \w for every character Unicode 14 assigns (checked over all code points); JS's \b is ASCII-only, so the
 * run is matched directly instead.
 */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** scikit-learn's word analyzer with ELAS u4's settings: lowercase, tokens, stop words out, then word pairs. */
export function analyze(text: string): string[] {
  const tokens = text.toLowerCase().match(TOKEN) ?? [];
  const words = tokens.filter((token) => !ENGLISH_STOP_WORDS.has(token));
  const terms = words.slice();
  // Pairs are formed after stop-word removal, as CountVectorizer._word_ngrams does.
  for (let i = 0; i + 1 < words.length; i++) terms.push(`${words[i]} ${words[i + 1]}`);
  return terms;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/** scikit-learn's murmurhash3_32(term, seed=0, positive=False) over the UTF-8 bytes: a signed 32-bit int. */
export function termHash(term: string): number {
  if (scratch.length < term.length * 3) scratch = new Uint8Array(term.length * 3);
  const { written } = encoder.encodeInto(term, scratch);
  return murmur3(scratch, written);
}

function murmur3(bytes: Uint8Array, length: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blocks]!;
    if (tail > 1) k |= bytes[blocks + 1]! << 8;
    if (tail > 2) k |= bytes[blocks + 2]! << 16;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** One document's distinct terms by hash, ascending, with their counts (capped at 65535). */
export interface TermCounts {
  hashes: Int32Array;
  counts: Uint16Array;
}

const MAX_COUNT = 0xffff;

export function termCounts(text: string): TermCounts {
  const terms = analyze(text);
  const all = new Int32Array(terms.length);
  for (let i = 0; i < terms.length; i++) all[i] = termHash(terms[i]!);
  all.sort();
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
  const hashes = new Int32Array(distinct);
  const counts = new Uint16Array(distinct);
  let at = -1;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[i - 1]) hashes[++at] = all[i]!;
    if (counts[at]! < MAX_COUNT) counts[at]!++;
  }
  return { hashes, counts };
}

/*
 * Stored as a SQLite BLOB, little endian: uint32 n, then n int32 hashes, then n uint16 counts (4 + 6n bytes).
 */
export function encodeTermCounts(t: TermCounts): Uint8Array {
  const n = t.hashes.length;
  if (t.counts.length !== n) throw new Error('term counts: hashes and counts differ in length');
  const bytes = new Uint8Array(4 + 6 * n);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, n, true);
  for (let i = 0; i < n; i++) view.setInt32(4 + 4 * i, t.hashes[i]!, true);
  const countsAt = 4 + 4 * n;
  for (let i = 0; i < n; i++) view.setUint16(countsAt + 2 * i, t.counts[i]!, true);
  return bytes;
}

export function decodeTermCounts(bytes: Uint8Array): TermCounts {
  if (bytes.length < 4) throw new Error(`term counts: ${bytes.length} bytes is too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  if (bytes.length !== 4 + 6 * n) {
    throw new Error(`term counts: ${bytes.length} bytes cannot hold ${n} terms (${4 + 6 * n} expected)`);
  }
  const hashes = new Int32Array(n);
  const counts = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    hashes[i] = view.getInt32(4 + 4 * i, true);
    if (i > 0 && hashes[i]! <= hashes[i - 1]!) throw new Error('term counts: hashes are not strictly ascending');
  }
  const countsAt = 4 + 4 * n;
  for (let i = 0; i < n; i++) counts[i] = view.getUint16(countsAt + 2 * i, true);
  return { hashes, counts };
}
