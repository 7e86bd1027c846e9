import { differingFields, type CompareField } from './differing-fields.js';
import type { PreparedRecord } from './prepared-record.js';
import { scorePair } from './score-pair.js';
import { wordOverlap } from './similarity.js';
import { findVeto } from './vetoes.js';

/**
 * certain: linked without asking (two independent agreements: a shared DOI or PMID and titles that
 * agree, or the same normalised title, year and authors); probable: a person decides, highest
 * scores first; version: two versions of one work (a preprint or a deposit and the published work,
 * two DOIs of one work), kept as two reports of one study if a person confirms; related: a
 * conference abstract and the article that grew from it, kept apart unless a person groups them.
 */
export type PairKind = 'certain' | 'probable' | 'version' | 'related';

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
/**
 * A shared DOI or PMID links a pair only with titles at least this alike, and first authors or years
 * that do not both disagree: journals print hundreds of conference abstracts under their
 * supplement's DOI, and report series ("Employment outcomes…", "Housing outcomes…") share one too.
 * A subtitle one database dropped scores exactly this (score-pair.ts). Among true duplicates that
 * share a DOI, only a title with its translation appended fell below it in the labelled sets: such
 * a pair, one title containing the other, is queued.
 */
export const IDENTIFIER_TITLE = 0.9;
/** A preprint's title changes more on the way to print than a duplicate's; publication can take years. */
const VERSION_TITLE = 0.85;
const VERSION_YEARS = 3;
/** Titles shorter than this ("Editorial", "Book reviews") are too common to link on alone. */
const INFORMATIVE_WORDS = 3;

/** Titles sharing fewer words than this (Dice) cannot reach PROBABLE_TITLE: most candidate pairs stop here. */
const QUICK_REJECT_WORDS = 0.3;

/** Whether, and how, two records are the same work; null when they are not (or a veto forbids it). */
export function classifyPair(a: PreparedRecord, b: PreparedRecord): DuplicatePair | null {
  const sharedIdentifier = (a.doi !== null && a.doi === b.doi) || (a.pmid !== null && a.pmid === b.pmid);
  const oneWorkTwoDois = !sharedIdentifier && a.doi !== null && b.doi !== null && (a.doiFamily === b.doiFamily || a.jstor !== b.jstor);
  if (!sharedIdentifier && (a.titleKey === '' || b.titleKey === '')) return null;
  if (!sharedIdentifier && !oneWorkTwoDois && wordOverlap(a.words, b.words) < QUICK_REJECT_WORDS) return null;
  // Two versions or reports of one work carry different identifiers by nature. Vetoes are checked
  // before scoring, which is the costly part, when no shared identifier can overrule them.
  const twoReports = a.preprint !== b.preprint || a.conference !== b.conference || oneWorkTwoDois;
  if (!sharedIdentifier && findVeto(a, b, { skipIdentifiers: twoReports }) !== null) return null;
  const { score, title, reasons } = scorePair(a, b);
  const kind = sharedIdentifier ? kindWithIdentifier(a, b, title, reasons) : kindWithout(a, b, title, score, oneWorkTwoDois, reasons);
  if (kind === null) return null;
  const [first, second] = a.record.id < b.record.id ? [a, b] : [b, a];
  return { a: first.record.id, b: second.record.id, kind, score: round(score), reasons: [...new Set(reasons)], differingFields: differingFields(first, second) };
}

/**
 * A shared DOI or PMID: certain when the titles agree too, and then only a contradiction keeps the
 * pair apart (Part 1 and Part 2 of a report series, a book and its chapter, an erratum and its
 * article), never what one database left out (a title cut before "Part 1"); queued when the titles
 * only resemble each other; nothing when they do not (the DOI names a supplement or a series).
 */
function kindWithIdentifier(a: PreparedRecord, b: PreparedRecord, title: number, reasons: string[]): PairKind | null {
  const identifier = a.doi !== null && a.doi === b.doi ? 'DOI' : 'PMID';
  if (a.titleKey === '' || b.titleKey === '') {
    reasons.push(`same ${identifier}, but a record has no title to compare`);
    return 'probable';
  }
  const authorsDiffer = a.surname !== null && b.surname !== null && a.surname !== b.surname;
  const yearsDiffer = a.record.year !== null && b.record.year !== null && a.record.year !== b.record.year;
  if (title >= IDENTIFIER_TITLE && !(authorsDiffer && yearsDiffer)) {
    return findVeto(a, b, { skipIdentifiers: true, identifierAndTitleAgree: true }) === null ? 'certain' : null;
  }
  if ((title < PROBABLE_TITLE && !oneTitleContainsTheOther(a, b)) || findVeto(a, b, { skipIdentifiers: true }) !== null) return null;
  reasons.push(`same ${identifier}, but the titles differ (a journal supplement or a report series?)`);
  return 'probable';
}

/** Every word of the shorter title (of three words or more) is in the longer: a translation or a subtitle added. */
function oneTitleContainsTheOther(a: PreparedRecord, b: PreparedRecord): boolean {
  const [short, long] = a.words.length <= b.words.length ? [a.words, b.words] : [b.words, a.words];
  if (short.length < INFORMATIVE_WORDS) return false;
  let j = 0;
  for (const word of short) {
    while (j < long.length && long[j]! < word) j++;
    if (long[j] !== word) return false;
  }
  return true;
}

/** No shared identifier (and no veto): versions, related reports, or the same work by its title. */
function kindWithout(a: PreparedRecord, b: PreparedRecord, title: number, score: number, oneWorkTwoDois: boolean, reasons: string[]): PairKind | null {
  if (oneWorkTwoDois) return versionsOfOneWork(a, b, title, reasons);
  if (a.preprint !== b.preprint) return preprintAndWork(a, b, title, reasons);
  if (a.conference !== b.conference) {
    if (title < PROBABLE_TITLE || !authorsAgree(a, b)) return null;
    reasons.push('a conference abstract and an article: two reports');
    return 'related';
  }
  if (title < PROBABLE_TITLE || score < PROBABLE_SCORE) return sameTeamSameYear(a, b, title, reasons);
  const blocker = certainByTitleBlocker(a, b);
  if (blocker === null) return 'certain';
  if (blocker !== '') reasons.push(blocker);
  return 'probable';
}

/** Two DOIs of one family (a deposit's `.v1`, a Cochrane review's `.pub3`) or a JSTOR DOI beside the publisher's. */
function versionsOfOneWork(a: PreparedRecord, b: PreparedRecord, title: number, reasons: string[]): PairKind | null {
  if (title < PROBABLE_TITLE || !authorsAgree(a, b)) return null;
  reasons.push(a.jstor !== b.jstor ? "a JSTOR DOI and the publisher's DOI" : 'DOIs of one work (a version or an update)');
  return 'version';
}

function preprintAndWork(a: PreparedRecord, b: PreparedRecord, title: number, reasons: string[]): PairKind | null {
  const ya = a.record.year;
  const yb = b.record.year;
  const close = ya === null || yb === null || Math.abs(ya - yb) <= VERSION_YEARS;
  if (title < VERSION_TITLE || !close || !authorsAgree(a, b)) return null;
  reasons.push('one is a preprint or a deposit, the other published');
  return 'version';
}

/** Titles at least this alike are worth a look when the whole author list and the year agree. */
const REWRITTEN_TITLE = 0.5;
const TEAM = 3;

/**
 * The same authors, in the same order, in the same year, with titles that differ more than a typo:
 * a title a database rewrote (Web of Science writes "13CO" as "(CO)-C-13"), worth a person's look.
 */
function sameTeamSameYear(a: PreparedRecord, b: PreparedRecord, title: number, reasons: string[]): PairKind | null {
  const team = a.surnames.length >= TEAM && b.surnames.length >= TEAM && a.surnames.slice(0, TEAM).every((s, i) => s === b.surnames[i]);
  if (title < REWRITTEN_TITLE || !team || a.record.year === null || a.record.year !== b.record.year) return null;
  reasons.push('the same authors in the same year, but the titles differ (a title a database rewrote?)');
  return 'probable';
}

/** The first authors agree, or one of them is unknown. */
const authorsAgree = (a: PreparedRecord, b: PreparedRecord) => a.surname === null || b.surname === null || a.surname === b.surname;

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
