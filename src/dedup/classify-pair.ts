import { differingFields, type CompareField } from './differing-fields.js';
import type { PreparedRecord } from './prepared-record.js';
import { scorePair } from './score-pair.js';
import { wordOverlap } from './similarity.js';
import { findVeto } from './vetoes.js';

/**
 * certain: linked without asking (same DOI, same PMID, or same normalised title, year and authors);
 * probable: a person decides, highest scores first; version: a preprint and its published version,
 * kept as two reports of one study if a person confirms.
 */
export type PairKind = 'certain' | 'probable' | 'version';

export interface DuplicatePair {
  /** Record ids, a < b. */
  a: number;
  b: number;
  kind: PairKind;
  /** 0..1, see score-pair.ts. */
  score: number;
  /** Why, in words a reviewer reads: "same DOI", "years differ by 1"... */
  reasons: string[];
  differingFields: CompareField[];
}

/** Below these a pair is not worth a person's time. */
export const PROBABLE_TITLE = 0.8;
export const PROBABLE_SCORE = 0.7;
/** A preprint's title changes more on the way to print than a duplicate's; publication can take years. */
const VERSION_TITLE = 0.85;
const VERSION_YEARS = 3;
/** Titles shorter than this ("Editorial", "Book reviews") are too common to link on alone. */
const INFORMATIVE_WORDS = 3;

/** Titles sharing fewer words than this (Dice) cannot reach PROBABLE_TITLE: most candidate pairs stop here. */
const QUICK_REJECT_WORDS = 0.3;

/** Whether, and how, two records are the same work; null when they are not (or a veto forbids it). */
export function classifyPair(a: PreparedRecord, b: PreparedRecord): DuplicatePair | null {
  const sameIdentifier = (a.doi !== null && a.doi === b.doi) || (a.pmid !== null && a.pmid === b.pmid);
  if (!sameIdentifier && wordOverlap(a.words, b.words) < QUICK_REJECT_WORDS) return null;
  const versions = a.preprint !== b.preprint;
  if (findVeto(a, b, versions) !== null) return null;
  const { score, title, reasons } = scorePair(a, b);
  const kind = sameIdentifier ? 'certain' : kindOf(a, b, title, score, versions, reasons);
  if (kind === null) return null;
  const [first, second] = a.record.id < b.record.id ? [a, b] : [b, a];
  return { a: first.record.id, b: second.record.id, kind, score: round(score), reasons, differingFields: differingFields(first, second) };
}

function kindOf(a: PreparedRecord, b: PreparedRecord, title: number, score: number, versions: boolean, reasons: string[]): PairKind | null {
  if (versions) {
    const ya = a.record.year;
    const yb = b.record.year;
    const close = ya === null || yb === null || Math.abs(ya - yb) <= VERSION_YEARS;
    const sameAuthor = a.surname === null || b.surname === null || a.surname === b.surname;
    if (title < VERSION_TITLE || !close || !sameAuthor) return null;
    reasons.push('one is a preprint, the other published');
    return 'version';
  }
  if (title < PROBABLE_TITLE || score < PROBABLE_SCORE) return null;
  const blocker = certainByTitleBlocker(a, b);
  if (blocker === null) return 'certain';
  if (blocker !== '') reasons.push(blocker);
  return 'probable';
}

/**
 * Null when the normalised title, year and authors agree so fully that the pair is linked without
 * asking; otherwise why not: '' when they plainly differ, or the one thing that stops it.
 */
function certainByTitleBlocker(a: PreparedRecord, b: PreparedRecord): string | null {
  if (a.titleKey !== b.titleKey || a.record.year === null || a.record.year !== b.record.year) return '';
  if (a.surname === null || a.surname !== b.surname) return '';
  if (a.words.length < INFORMATIVE_WORDS) return 'title too short to link without a check';
  if (a.protocol !== b.protocol) return 'one is a protocol';
  if (a.record.type !== b.record.type && a.record.type !== 'other' && b.record.type !== 'other') return 'types differ';
  if (a.firstPage !== null && b.firstPage !== null && a.firstPage !== b.firstPage) return 'pages differ';
  if (a.volume !== null && b.volume !== null && a.volume !== b.volume) return 'volumes differ';
  return null;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
