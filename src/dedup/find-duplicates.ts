/**
 * Duplicate detection: which records are the same work. Pure: no database, no I/O.
 *
 * ```ts
 * const records = rows.map((row) => dedupRecordOf(row.id, row.reference)); // or built from stored rows
 * const pairs = findDuplicates(records, { newIds: batchIds }); // on import: pairs touching the batch
 * const all = findDuplicates(records);                        // on demand: every pair
 * pairs[0]; // { a: 12, b: 40, kind: 'certain', score: 0.97,
 *           //   reasons: ['titles match after normalisation', 'same DOI', 'years differ by 1'],
 *           //   differingFields: ['year', 'pages'] }
 * const groups = groupDuplicates(pairs.filter((p) => p.kind === 'certain'), records);
 * groups[0]; // { primary: 40, members: [12, 40, 77] }   (choosePrimary: richest, then earliest)
 * ```
 *
 * - `kind`: `certain` pairs (a shared DOI or PMID with titles that agree, or the same normalised
 *   title, year, first author, type and pages, title of 3+ words) may be linked without asking;
 *   `probable` ones go to a person, highest `score` first; `version` marks two versions of one work
 *   (a preprint or a deposit and the article, two DOIs of one work) and `related` a conference
 *   abstract and its article, for a person to group as reports of one study (never merged).
 * - Between two groups of duplicates a relation is one pair, not one per record.
 * - Vetoes (vetoes.ts) remove a pair (except one that shares an identifier and a title): different
 *   DOIs or PMIDs (except versions and reports of one work), a book and its chapter, different parts
 *   of a series or numbers in the titles, different editions, a notice (erratum, retraction,
 *   comment, reply) and the original, different years with no author in common.
 * - A group that certain links would make of records one of which vetoes another (A=B by DOI, B=C
 *   by title, A≠C) is not linked automatically: its certain pairs come back as `probable`.
 * - Only records that share a block are compared (blocking.ts), so the cost is near linear: about
 *   1.6 s for 50,000 records on a 2-core machine (test/bench/README.md, case `dedup`).
 * - Pairs come sorted: certain, then version, then probable, each by descending score, then ids; `a < b` in every pair; each pair at most once.
 * - Ids must be distinct. `newIds` that are not among the records are ignored.
 */
import { candidatePairs } from './blocking.js';
import { classifyPair, type DuplicatePair, type PairKind } from './classify-pair.js';
import type { DedupRecord } from './dedup-record.js';
import { groupDuplicates } from './group-duplicates.js';
import { KeyCache, prepareRecord, type PreparedRecord } from './prepared-record.js';
import { findVeto } from './vetoes.js';

export { choosePrimary } from './choose-primary.js';
export type { DuplicatePair, PairKind } from './classify-pair.js';
export { dedupRecordOf, type DedupRecord } from './dedup-record.js';
export type { CompareField } from './differing-fields.js';
export { groupDuplicates, type DuplicateGroup } from './group-duplicates.js';

export interface FindOptions {
  /** Only pairs with at least one of these records (a new import against the review); all pairs when absent. */
  newIds?: Iterable<number>;
}

export function findDuplicates(records: readonly DedupRecord[], options: FindOptions = {}): DuplicatePair[] {
  const cache = new KeyCache();
  const prepared = records.map((record, index) => prepareRecord(record, index, cache));
  const fresh = options.newIds === undefined ? undefined : new Set(options.newIds);
  const isNew = fresh && ((index: number) => fresh.has(records[index]!.id));
  const pairs: DuplicatePair[] = [];
  for (const [i, j] of candidatePairs(prepared, isNew)) {
    const pair = classifyPair(prepared[i]!, prepared[j]!);
    if (pair !== null) pairs.push(pair);
  }
  demoteConflictingGroups(pairs, prepared);
  return onePairPerRelation(pairs.sort(byQueueOrder), records);
}

/**
 * Between two groups of duplicates (two copies of a preprint, three of its article), one pair for a
 * person, not one per record: the first in queue order stands for the relation.
 */
function onePairPerRelation(sorted: DuplicatePair[], records: readonly DedupRecord[]): DuplicatePair[] {
  const groupOf = new Map<number, number>();
  for (const group of groupDuplicates(sorted.filter((p) => p.kind === 'certain'), records)) {
    for (const id of group.members) groupOf.set(id, group.members[0]!);
  }
  const seen = new Set<string>();
  return sorted.filter((pair) => {
    if (pair.kind === 'certain') return true;
    const ga = groupOf.get(pair.a) ?? pair.a;
    const gb = groupOf.get(pair.b) ?? pair.b;
    if (ga === gb) return true;
    const key = ga < gb ? `${ga}:${gb}` : `${gb}:${ga}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Certain links must not chain records that a veto keeps apart: such groups go to a person instead. */
function demoteConflictingGroups(pairs: DuplicatePair[], prepared: readonly PreparedRecord[]): void {
  const certain = pairs.filter((p) => p.kind === 'certain');
  const byId = new Map(prepared.map((p) => [p.record.id, p]));
  for (const group of groupDuplicates(certain, prepared.map((p) => p.record))) {
    if (group.members.length < 3) continue;
    const conflict = firstVetoWithin(group.members.map((id) => byId.get(id)!));
    if (conflict === null) continue;
    const members = new Set(group.members);
    for (const pair of certain) {
      if (!members.has(pair.a)) continue;
      pair.kind = 'probable';
      pair.reasons.push(`in a group with records that cannot be the same work (${conflict})`);
    }
  }
}

function firstVetoWithin(members: readonly PreparedRecord[]): string | null {
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      const [a, b] = [members[x]!, members[y]!];
      // Within a group as between two records: what one side leaves out cannot split a shared identifier.
      const shared = (a.doi !== null && a.doi === b.doi) || (a.pmid !== null && a.pmid === b.pmid);
      const veto = findVeto(a, b, { identifierAndTitleAgree: shared });
      if (veto !== null) return veto;
    }
  }
  return null;
}

const KIND_ORDER: Record<PairKind, number> = { certain: 0, version: 1, related: 2, probable: 3 };

function byQueueOrder(x: DuplicatePair, y: DuplicatePair): number {
  return KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || y.score - x.score || x.a - y.a || x.b - y.b;
}
