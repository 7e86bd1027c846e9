/**
 * Generated titles and abstracts whose vocabulary behaves like real ones, for the ranking benches: the
 * cost of features and of training grows with the number of distinct words and word pairs, which a
 * 15-word vocabulary (screening-seed.ts's default text) does not have.
 *
 * Sentences come from the abstracts of the labelled screening sets in the corpus (read in place, never
 * copied into the project): an abstract is 150–250 words of sentences drawn by a seeded generator, a
 * relevant record's mostly from the included records' sentences, an irrelevant one's mostly from the
 * excluded ones', so a model has something to learn and ~10% of records are relevant, as in real
 * reviews. Recombining sentences alone would stop finding new words once the ~2,400 source abstracts
 * are used up, whereas real collections keep meeting new ones (Heaps' law: a 50,000-record search has
 * several times the vocabulary of a 2,000-record one); so each word is, with a small probability,
 * replaced by one drawn from an unbounded Zipf vocabulary (probability ∝ 1/rank), which keeps both
 * words and word pairs growing with the number of records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { corpusFolder } from '../corpus/corpus-folder.js';
import { seededRandom } from './search-corpus.js';

/** The labelled sets read, each with a title, an abstract and label_included. */
const SOURCES = ['srd__Bannach-Brown_2019.csv', 'srd__NSAIDS.csv'];

/** Share of records that are relevant, as in real title/abstract screening. */
const RELEVANT_SHARE = 0.1;
/** Share of a relevant abstract's sentences taken from included records (the rest from excluded ones), and the reverse. */
const ON_TOPIC_SENTENCES = 0.7;
const OFF_TOPIC_SENTENCES = 0.9;
/**
 * Chances that a word is replaced by a rare one, or by a word of the sources drawn by its frequency (which makes
 * new word pairs without new words). Calibrated so that generated records grow their words and word pairs as the
 * sources do over their first 2,000 records (see the bench README).
 */
const RARE_WORD_RATE = 0.02;
const SWAPPED_WORD_RATE = 0.12;
const ZIPF_RANKS = 2 ** 24;

export interface SourceSentences {
  relevant: { sentences: string[]; titles: string[] };
  irrelevant: { sentences: string[]; titles: string[] };
}

/** The sources' sentences by label, from the corpus folder (COREVIEW_CORPUS, or ../shared/corpus). */
export function readSourceSentences(corpusDir = corpusFolder()): SourceSentences {
  const out: SourceSentences = { relevant: { sentences: [], titles: [] }, irrelevant: { sentences: [], titles: [] } };
  for (const file of SOURCES) {
    const rows = parse(readFileSync(join(corpusDir, file)), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, string>>;
    for (const row of rows) {
      const title = (row.title ?? '').trim();
      const abstract = (row.abstract ?? '').trim();
      if (title === '' || abstract === '') continue;
      const pool = row.label_included === '1' ? out.relevant : out.irrelevant;
      pool.titles.push(title);
      for (const sentence of abstract.split(/(?<=[.?!])\s+(?=[A-Z(0-9])/)) if (sentence.split(' ').length >= 4) pool.sentences.push(sentence);
    }
  }
  if (out.relevant.sentences.length === 0 || out.irrelevant.sentences.length === 0) throw new Error(`no labelled abstracts found in ${corpusDir}`);
  return out;
}

export interface GeneratedRecord {
  title: string;
  abstract: string;
  relevant: boolean;
}

/** A seeded stream of records: the same seed and sources give the same records. */
export function abstractGenerator(sources: SourceSentences, seed: number): () => GeneratedRecord {
  const random = seededRandom(seed);
  const pick = (items: readonly string[]) => items[Math.floor(random() * items.length)]!;
  // Zipf with exponent 1 over ZIPF_RANKS ranks: the rank is log-uniform.
  const rareWord = () => `w${Math.floor(Math.exp(random() * Math.log(ZIPF_RANKS))).toString(36)}`;
  const sourceWords = [...sources.relevant.sentences, ...sources.irrelevant.sentences].join(' ').split(' ');
  const mutate = (text: string) =>
    text
      .split(' ')
      .map((word) => {
        const roll = random();
        return roll < RARE_WORD_RATE ? rareWord() : roll < RARE_WORD_RATE + SWAPPED_WORD_RATE ? pick(sourceWords) : word;
      })
      .join(' ');
  return () => {
    const relevant = random() < RELEVANT_SHARE;
    const [own, other] = relevant ? [sources.relevant, sources.irrelevant] : [sources.irrelevant, sources.relevant];
    const ownShare = relevant ? ON_TOPIC_SENTENCES : OFF_TOPIC_SENTENCES;
    const targetWords = 150 + Math.floor(random() * 101);
    const sentences: string[] = [];
    for (let words = 0; words < targetWords; ) {
      const sentence = mutate(pick(random() < ownShare ? own.sentences : other.sentences));
      sentences.push(sentence);
      words += sentence.split(' ').length;
    }
    return { title: mutate(pick(own.titles)), abstract: sentences.join(' '), relevant };
  };
}

/** `count` records from a fresh generator. */
export function generateRecords(sources: SourceSentences, count: number, seed: number): GeneratedRecord[] {
  const next = abstractGenerator(sources, seed);
  return Array.from({ length: count }, next);
}
