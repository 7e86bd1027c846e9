import type { PreparedRecord } from './prepared-record.js';

/** A rule that proves two records are distinct works, whatever else they share; returns why, or null. */
export interface Veto {
  name: string;
  /** Identifier vetoes are skipped between versions or reports of one work, which never share a DOI. */
  identifier?: boolean;
  /**
   * Whether the veto holds only because one record is silent where the other speaks (a database
   * cut "Part 1" off a title): a shared identifier with agreeing titles overrules that, never a
   * contradiction (Part 1 against Part 2 under one report series' DOI).
   */
  oneSideSilent?(a: PreparedRecord, b: PreparedRecord): boolean;
  check(a: PreparedRecord, b: PreparedRecord): string | null;
}

const differ = (x: string | null, y: string | null) => x !== null && y !== null && x !== y;

export const VETOES: readonly Veto[] = [
  {
    name: 'different DOIs',
    identifier: true,
    check: (a, b) => (differ(a.doi, b.doi) ? `different DOIs (${a.doi} / ${b.doi})` : null),
  },
  {
    name: 'different PMIDs',
    identifier: true,
    check: (a, b) => (differ(a.pmid, b.pmid) ? `different PMIDs (${a.pmid} / ${b.pmid})` : null),
  },
  {
    name: 'book and chapter',
    check: (a, b) => {
      const types = new Set([a.record.type, b.record.type]);
      return types.has('book') && types.has('chapter') ? 'a book and a chapter' : null;
    },
  },
  {
    name: 'series parts',
    oneSideSilent: (a, b) => a.series !== b.series && (a.series === '' || b.series === ''),
    check: (a, b) =>
      a.series !== b.series
        ? `different parts of a series (${a.series || 'no part'} / ${b.series || 'no part'})`
        : differ(a.seriesNumber, b.seriesNumber)
          ? `different numbers in a series (${a.seriesNumber} / ${b.seriesNumber})`
          : null,
  },
  {
    name: 'numbers in titles',
    // Both must have numbers: a subtitle one source dropped may carry the only number.
    check: (a, b) =>
      a.numbers !== '' && b.numbers !== '' && a.numbers !== b.numbers
        ? `different numbers in the titles (${a.numbers} / ${b.numbers})`
        : null,
  },
  {
    name: 'editions',
    check: (a, b) => (differ(a.edition, b.edition) ? `different editions (${a.edition} / ${b.edition})` : null),
  },
  {
    name: 'notice and original',
    check: (a, b) =>
      a.notice !== b.notice ? `${a.notice ?? 'original work'} / ${b.notice ?? 'original work'}` : null,
  },
  {
    name: 'years and authors',
    check: (a, b) => {
      const ya = a.record.year;
      const yb = b.record.year;
      if (ya === null || yb === null || ya === yb || a.surnames.length === 0 || b.surnames.length === 0) return null;
      const shared = a.surnames.some((s) => b.surnames.includes(s));
      return shared ? null : `different years (${ya} / ${yb}) and no author in common`;
    },
  },
];

export interface VetoOptions {
  /** Versions or reports of one work: their different identifiers prove nothing. */
  skipIdentifiers?: boolean;
  /** The records share an identifier and their titles agree: only contradictions keep them apart. */
  identifierAndTitleAgree?: boolean;
}

/** The first veto that holds between the two records, or null. */
export function findVeto(a: PreparedRecord, b: PreparedRecord, options: VetoOptions = {}): string | null {
  for (const veto of VETOES) {
    if (options.skipIdentifiers && veto.identifier) continue;
    const reason = veto.check(a, b);
    if (reason === null) continue;
    if (options.identifierAndTitleAgree && veto.oneSideSilent?.(a, b)) continue;
    return reason;
  }
  return null;
}
